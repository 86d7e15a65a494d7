"""Issue 10 item 6 in the outline editor: the user sees the FILLED words of the period placeholders
("6 tháng cuối năm 2025", not "{kỳ tới}"), with a note naming them; what the user keeps is stored as
the placeholder (so «Tạo kỳ tiếp theo» still moves it on and says so), what the user changes is
stored as typed. Real wizard window, real store, keys and clicks."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cchc_desktop.draft import Period
from cchc_desktop.editing import SectionField
from cchc_desktop.outlines import new_draft
from cchc_desktop.periods import outlook_title
from cchc_desktop.view import build_view

from .driving import click_button, click_item, open_stored, type_text

pytestmark = pytest.mark.gui
SIX = Period(type="6m", year=2025)


def outlook_part(window):
    """The wizard step of the part titled "Phương hướng, nhiệm vụ {kỳ tới}", shown."""
    step_id = next(s.step_id for s in window.steps if s.step_id.startswith("part-") and "{kỳ tới}" in s.part.title)
    click_item(window.qtbot, window.step_list, window.index_of(step_id))
    return window.step(step_id)


@pytest.fixture
def made(qtbot, home, profiled_store):
    d = new_draft("periodic", SIX, None, profiled_store.load_profile())
    window = open_stored(qtbot, home, profiled_store, d)
    window.qtbot = qtbot
    return d, window


def test_title_shows_filled_words_and_unchanged_save_keeps_placeholder(qtbot, home, profiled_store, made, answers):
    d, window = made
    step = outlook_part(window)
    outline, pane = step.outline, step.outline.pane
    node = step.part
    assert node.title == "Phương hướng, nhiệm vụ {kỳ tới}"
    assert pane.title_edit.text() == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2025"
    assert "{" not in outline.tree.currentItem().text(0)
    assert pane.phrase_note.isVisible() and "«6 tháng cuối năm 2025»" in pane.phrase_note.text()
    # the user adds words before the phrase: the phrase is kept, the placeholder stays
    pane.title_edit.setFocus()
    pane.title_edit.setCursorPosition(len("Phương hướng, nhiệm vụ"))
    type_text(qtbot, pane.title_edit, " trọng tâm")
    assert pane.title_edit.text() == "Phương hướng, nhiệm vụ trọng tâm 6 tháng cuối năm 2025"
    assert part_of(window, step).title == "Phương hướng, nhiệm vụ trọng tâm {kỳ tới}"
    # a text with a placeholder (from an older draft or a file): shown filled, tinted, kept
    window.session.editor.set(SectionField(node.id, "text"), "- Hoàn thành kế hoạch {kỳ tới}.", initiator="test")
    assert outline.text_edit.toPlainText() == "- Hoàn thành kế hoạch 6 tháng cuối năm 2025."
    tinted = [s.cursor.selectedText() for s in outline.text_edit.extraSelections()]
    assert tinted == ["6 tháng cuối năm 2025"]
    outline.text_edit.setFocus()
    outline.text_edit.moveCursor(outline.text_edit.textCursor().MoveOperation.End)
    type_text(qtbot, outline.text_edit, "\n- Rà soát thủ tục.")
    assert window.session.flush()
    saved = profiled_store.load_draft(d.id)
    part = next(s for s in saved.outline if s.id == node.id)
    assert part.title == "Phương hướng, nhiệm vụ trọng tâm {kỳ tới}"
    assert part.text == "- Hoàn thành kế hoạch {kỳ tới}.\n- Rà soát thủ tục."
    window.close()
    qtbot.waitUntil(lambda: d.id not in home.windows, timeout=5000)

    # «Tạo kỳ tiếp theo»: the phrases follow and the app says what it changed
    home.select(d.id)
    click_button(qtbot, home.button_next)
    said = " ".join(text for kind, text in answers.shown if kind == "info")
    assert "Tên kỳ trong" in said and "tự đổi theo kỳ mới" in said
    qtbot.waitUntil(lambda: len(home.windows) == 1, timeout=5000)
    nxt = next(iter(home.windows.values()))
    nxt.qtbot = qtbot
    words = outlook_title(nxt.session.draft.period)
    assert words and words != "6 tháng cuối năm 2025"
    step = outlook_part(nxt)
    assert step.outline.pane.title_edit.text() == f"Phương hướng, nhiệm vụ trọng tâm {words}"
    step.outline.select_section(step.part.id)
    assert step.outline.text_edit.toPlainText().startswith(f"- Hoàn thành kế hoạch {words}.")
    printed = [b.text for b in build_view(nxt.session.draft).body]
    assert f"PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM {words.upper()}" in " ".join(printed)


def test_a_user_edit_of_the_phrase_stores_the_literal_words(qtbot, profiled_store, made):
    d, window = made
    step = outlook_part(window)
    pane = step.outline.pane
    shown = pane.title_edit.text()
    at = shown.index("2025")
    pane.title_edit.setFocus()
    pane.title_edit.setSelection(at, 4)
    type_text(qtbot, pane.title_edit, "2026")
    assert pane.title_edit.text() == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2026"
    assert not pane.phrase_note.isVisible()  # no phrase filled by the app any more
    assert window.session.flush()
    part = next(s for s in profiled_store.load_draft(d.id).outline if s.id == step.part.id)
    assert part.title == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2026"  # no placeholder slipped back
    # typing the words back (or undo) restores the phrase the app fills
    pane.title_edit.setSelection(at, 4)
    type_text(qtbot, pane.title_edit, "2025")
    assert part_of(window, step).title == "Phương hướng, nhiệm vụ {kỳ tới}"
    assert pane.phrase_note.isVisible()


def test_tree_rename_and_period_change_show_the_words(qtbot, made):
    d, window = made
    step = outlook_part(window)
    outline = step.outline
    outline.select_section(step.part.id)
    outline.tree.setFocus()
    qtbot.keyClick(outline.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: outline.tree.state() == outline.tree.State.EditingState, timeout=3000)
    from PySide6.QtWidgets import QApplication

    line = QApplication.focusWidget()
    assert line.text() == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2025"
    line.end(False)
    type_text(qtbot, line, " (tiếp)")
    assert line.text() == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2025 (tiếp)"
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "(tiếp)" in part_of(window, step).title, timeout=3000)  # committed on the next turn
    assert part_of(window, step).title == "Phương hướng, nhiệm vụ {kỳ tới} (tiếp)"
    # the period changes in the general step: the title field shows the new words at once
    general = window.step("general")
    general.year.setValue(2026)
    assert window.session.draft.period.year == 2026
    assert outline.pane.title_edit.text() == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2026 (tiếp)"
    assert "{" not in outline.tree.currentItem().text(0) and "2026" in outline.tree.currentItem().text(0)


def part_of(window, step):
    return next(s for s in window.session.draft.outline if s.id == step.part_id)


def test_general_step_fields_and_legal_bases_show_the_words(qtbot, home, profiled_store):
    """The header fields the report fills placeholders in (summary, opening, closing, legal bases):
    shown filled, kept placeholders on edit, literal words when the phrase is changed."""
    d = new_draft("periodic", SIX, None, profiled_store.load_profile())
    d.meta.summary = "Công tác cải cách hành chính {kỳ báo cáo}"
    d.meta.legal_bases = ["Kế hoạch số 12/KH-UBND ngày 05/01/2025 về nhiệm vụ {kỳ báo cáo}"]
    d.meta.closing = "Trên đây là báo cáo {kỳ báo cáo}; nhiệm vụ {kỳ tới} sẽ báo cáo sau./."
    window = open_stored(qtbot, home, profiled_store, d)
    click_item(qtbot, window.step_list, window.index_of("general"))
    general = window.step("general")
    assert general.summary.text() == "Công tác cải cách hành chính 6 tháng đầu năm 2025"
    assert general.bases.list.item(0).text() == \
        "Kế hoạch số 12/KH-UBND ngày 05/01/2025 về nhiệm vụ 6 tháng đầu năm 2025"
    assert general.closing.plain_text().startswith("Trên đây là báo cáo 6 tháng đầu năm 2025; nhiệm vụ 6 tháng cuối")
    assert general.phrase_note.isVisible() and "«6 tháng cuối năm 2025»" in general.phrase_note.text()
    # words added around the phrase: the placeholder stays
    general.summary.setFocus()
    general.summary.end(False)
    type_text(qtbot, general.summary, " (bổ sung)")
    assert window.session.draft.meta.summary == "Công tác cải cách hành chính {kỳ báo cáo} (bổ sung)"
    # a basis edited in the list (F2, End, typing): its phrase kept
    general.bases.list.setCurrentRow(0)
    general.bases.list.setFocus()
    qtbot.keyClick(general.bases.list, Qt.Key.Key_F2)
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(lambda: general.bases.list.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    line = QApplication.focusWidget()
    assert line.text().endswith("6 tháng đầu năm 2025")  # the editor shows the words too
    line.end(False)
    type_text(qtbot, line, " (đợt 1)")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.draft.meta.legal_bases[0].endswith("(đợt 1)"), timeout=3000)
    assert window.session.draft.meta.legal_bases == [
        "Kế hoạch số 12/KH-UBND ngày 05/01/2025 về nhiệm vụ {kỳ báo cáo} (đợt 1)"]
    # the closing's outlook phrase changed by the user: stored as typed, the other phrase kept
    closing = general.closing
    at = closing.plain_text().index("cuối năm 2025") + len("cuối năm ")
    cursor = closing.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + 4, cursor.MoveMode.KeepAnchor)
    closing.setTextCursor(cursor)
    type_text(qtbot, closing, "2026")
    assert window.session.draft.meta.closing == \
        "Trên đây là báo cáo {kỳ báo cáo}; nhiệm vụ 6 tháng cuối năm 2026 sẽ báo cáo sau./."
    # the period moves: every field shows the new words at once
    general.year.setValue(2026)
    assert general.summary.text() == "Công tác cải cách hành chính 6 tháng đầu năm 2026 (bổ sung)"
    assert general.bases.list.item(0).text().endswith("về nhiệm vụ 6 tháng đầu năm 2026 (đợt 1)")
    assert general.closing.plain_text() == \
        "Trên đây là báo cáo 6 tháng đầu năm 2026; nhiệm vụ 6 tháng cuối năm 2026 sẽ báo cáo sau./."
    assert window.session.flush()
    m = profiled_store.load_draft(d.id).meta
    assert m.summary == "Công tác cải cách hành chính {kỳ báo cáo} (bổ sung)"
    assert m.legal_bases == ["Kế hoạch số 12/KH-UBND ngày 05/01/2025 về nhiệm vụ {kỳ báo cáo} (đợt 1)"]


def test_find_selects_the_words_shown(qtbot, made):
    """Ctrl+F finds a filled phrase where the user sees it: in the title field and in the text."""
    d, window = made
    step = outlook_part(window)
    window.session.editor.set(SectionField(step.part.id, "text"), "Rà soát {kỳ báo cáo}; nhiệm vụ {kỳ tới} là chính.",
                              initiator="test")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.find_dialog
    type_text(qtbot, dialog.find_edit, "cuối năm 2025")
    click_button(qtbot, dialog.next_button)
    assert step.outline.pane.title_edit.selectedText() == "cuối năm 2025"
    click_button(qtbot, dialog.next_button)
    cursor = step.outline.text_edit.textCursor()
    assert cursor.selectedText() == "cuối năm 2025"
    assert cursor.selectionStart() == len("Rà soát 6 tháng đầu năm 2025; nhiệm vụ 6 tháng ")
    dialog.close()
