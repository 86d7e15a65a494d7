"""The period phrases in the real outline editor and dialogs, as a user meets them: undo after a
new period, a phrase deleted then its words typed elsewhere, words typed in front of a phrase, the
capital a phrase prints with, the custom dates the dialogs accept. Real window, store, keys."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from cchc_desktop.draft import Period
from cchc_desktop.editing import MetaField, PeriodField, SectionField
from cchc_desktop.outlines import new_draft
from cchc_desktop.periods import YEAR_MAX, YEAR_MIN, fill_period_phrases

from .driving import click_item, open_stored, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def section_text(qtbot, home, profiled_store):
    """Open a draft whose first leaf section holds ``text`` and show that section's editor."""
    def make(text: str, period: Period):
        d = new_draft("periodic", period, None, profiled_store.load_profile())
        leaf = next(s for _p, s in d.iter_sections() if not s.children)
        leaf.text = text
        window = open_stored(qtbot, home, profiled_store, d)
        step = next(s for s in window.steps if getattr(s, "outline", None) is not None
                    and s.outline.section(leaf.id) is not None)
        click_item(qtbot, window.step_list, window.index_of(step.step_id))
        step.outline.select_section(leaf.id)
        edit = step.outline.pane.text_edit
        edit.setFocus()

        def stored() -> str:
            return next(s for _p, s in window.session.draft.iter_sections() if s.id == leaf.id).text
        return window, edit, stored
    return make


def put_cursor(edit, at: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(at)
    edit.setTextCursor(cursor)


def test_undo_after_a_new_period_never_stores_last_periods_words(qtbot, section_text):
    window, edit, stored = section_text("Trong {kỳ báo cáo}, xã đã hoàn thành kế hoạch.", Period(type="6m", year=2025))
    assert edit.toPlainText() == "Trong 6 tháng đầu năm 2025, xã đã hoàn thành kế hoạch."
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    type_text(qtbot, edit, " Tot.")
    assert stored() == "Trong {kỳ báo cáo}, xã đã hoàn thành kế hoạch. Tot."
    window.session.editor.set(PeriodField(), Period(type="year", year=2025).to_dict(), initiator="general-step")
    assert edit.toPlainText() == "Trong năm 2025, xã đã hoàn thành kế hoạch. Tot."
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "6 tháng đầu" not in edit.toPlainText()  # the refill is not an undo step
    assert stored() == "Trong {kỳ báo cáo}, xã đã hoàn thành kế hoạch. Tot."
    assert window.session.flush()


def test_a_deleted_phrase_typed_again_elsewhere_stays_the_users_words(qtbot, section_text):
    window, edit, stored = section_text("Kết quả {kỳ báo cáo}: tốt.", Period(type="year", year=2025))
    cursor = edit.textCursor()
    cursor.setPosition(len("Kết quả "))
    cursor.setPosition(len("Kết quả năm 2025"), cursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert stored() == "Kết quả : tốt."
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    type_text(qtbot, edit, " Kế hoạch CCHC năm 2025 của tỉnh.")
    assert stored() == "Kết quả : tốt. Kế hoạch CCHC năm 2025 của tỉnh."
    assert not edit.extraSelections()  # nothing tinted as the app's phrase
    # undo all the way back: the phrase the app fills comes back with the text that held it
    while edit.document().isUndoAvailable():
        edit.undo()
    assert stored() == "Kết quả {kỳ báo cáo}: tốt."


def test_words_typed_in_front_of_a_phrase(qtbot, section_text):
    window, edit, stored = section_text("{kỳ báo cáo} xã đạt 95%.", Period(type="year", year=2025))
    assert edit.toPlainText() == "Năm 2025 xã đạt 95%."
    put_cursor(edit, 0)
    type_text(qtbot, edit, "Trong ")  # glued to the phrase for a moment, standing again after the space
    assert stored() == "Trong {kỳ báo cáo} xã đạt 95%."
    # shown as it prints: no capital mid-sentence (the letter is changed once the keystroke is done)
    qtbot.waitUntil(lambda: edit.toPlainText() == "Trong năm 2025 xã đạt 95%.", timeout=3000)
    put_cursor(edit, len("Trong "))
    type_text(qtbot, edit, "6 tháng đầu ")  # the user rewrites the period: the words are the user's
    assert stored() == "Trong 6 tháng đầu năm 2025 xã đạt 95%."


def test_a_phrase_shows_the_capital_it_prints_with(qtbot, section_text):
    window, edit, stored = section_text("Kết quả {kỳ báo cáo} tốt", Period(type="year", year=2025))
    put_cursor(edit, len("Kết quả"))
    type_text(qtbot, edit, ".")
    assert stored() == "Kết quả. {kỳ báo cáo} tốt"
    qtbot.waitUntil(lambda: edit.toPlainText() == "Kết quả. Năm 2025 tốt", timeout=3000)
    assert edit.toPlainText() == fill_period_phrases(stored(), Period(type="year", year=2025))
    qtbot.wait(20)
    for _ in range(2):  # the capital, then the full stop
        qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(20)
    assert edit.toPlainText() == "Kết quả năm 2025 tốt" and stored() == "Kết quả {kỳ báo cáo} tốt"


def test_custom_dates_stay_inside_the_accepted_years(qtbot, home, profiled_store):
    from cchc_desktop.gui.new_draft_dialog import NewDraftDialog

    dialog = NewDraftDialog(profiled_store.load_profile(), home)
    for edit in (dialog.date_from, dialog.date_to):
        assert edit.minimumDate() == QDate(YEAR_MIN, 1, 1) and edit.maximumDate() == QDate(YEAR_MAX, 12, 31)
        edit.setDate(QDate(1, 1, 1))
        assert edit.date().year() == YEAR_MIN
    dialog.dialog.deleteLater()
    d = new_draft("periodic", Period.from_dict({"type": "custom", "year": 2024, "start": "2024-01-01",
                                                "end": "2024-06-30", "title": ""}), None, profiled_store.load_profile())
    window = open_stored(qtbot, home, profiled_store, d)
    general = window.step("general")
    assert general.period_to.maximumDate() == QDate(YEAR_MAX, 12, 31)
    general.period_to.setDate(QDate(9999, 12, 31))
    assert window.session.draft.period.end.year <= YEAR_MAX


def test_next_period_after_the_last_accepted_year_is_refused_with_a_reason(qtbot, home, profiled_store, answers):
    from .driving import click_button

    d = new_draft("periodic", Period.from_dict({"type": "custom", "year": 2100, "start": "2100-01-01",
                                                "end": "2100-12-31", "title": "đợt cuối"}), "none",
                  profiled_store.load_profile())
    profiled_store.create_draft(d)
    home.refresh()
    home.select(d.id)
    before = len(profiled_store.list_drafts())
    click_button(qtbot, home.button_next)
    errors = [text for kind, text in answers.shown if kind == "error"]
    assert errors and "2101" in errors[0] and "2100" in errors[0]
    assert len(profiled_store.list_drafts()) == before  # no stand-in report made


def test_title_and_general_step_fields_show_the_capital_a_phrase_prints_with(qtbot, section_text):
    year = Period(type="year", year=2025)
    window, edit, _stored = section_text("", year)
    pane = next(s for s in window.steps if getattr(s, "outline", None) is not None
                and s.outline.pane.text_edit is edit).outline.pane
    section_id = pane._section.id
    window.session.editor.set(SectionField(section_id, "title"), "Kết quả {kỳ báo cáo}", initiator="test")
    assert pane.title_edit.text() == "Kết quả năm 2025"
    pane.title_edit.setFocus()
    pane.title_edit.setCursorPosition(len("Kết quả"))
    type_text(qtbot, pane.title_edit, ":")
    assert pane.title_edit.text() == "Kết quả: Năm 2025"
    title = next(s for _p, s in window.session.draft.iter_sections() if s.id == section_id).title
    assert title == "Kết quả: {kỳ báo cáo}" and fill_period_phrases(title, year) == pane.title_edit.text()
    # the general step's closing (a multi-line field): the same rule
    click_item(qtbot, window.step_list, window.index_of("general"))
    general = window.step("general")
    window.session.editor.set(MetaField("closing"), "Trên đây là báo cáo {kỳ báo cáo} của UBND xã./.",
                              initiator="test")
    closing = general.closing
    assert closing.plain_text() == "Trên đây là báo cáo năm 2025 của UBND xã./."
    cursor = closing.textCursor()
    cursor.setPosition(len("Trên đây là báo cáo"))
    closing.setTextCursor(cursor)
    type_text(qtbot, closing, ".")
    assert closing.plain_text() == "Trên đây là báo cáo. Năm 2025 của UBND xã./."
    assert window.session.draft.meta.closing == "Trên đây là báo cáo. {kỳ báo cáo} của UBND xã./."
