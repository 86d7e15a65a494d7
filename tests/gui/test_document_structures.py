"""Issue 10 in the GUI, driven like a user: a report without annex and a custom period from the
new-report dialog; the annex turned off and on again in the general step (values kept); the
opening's lead word and paragraphs; numbering per level and per section with the labels
following at once; a run-in heading."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from cchc_desktop.editing import AnnexCell, SectionField
from cchc_desktop.view import build_view

from .driving import click_button, click_item, new_report_through_dialog, type_text

pytestmark = pytest.mark.gui


def create(qtbot, home, *, period="6m", variant="none", custom=None):
    return new_report_through_dialog(qtbot, home, period=period, variant=variant, custom=custom)


def test_report_without_annex_then_annex_on_and_off_again(qtbot, home, profiled_store):
    window = create(qtbot, home, variant="none")
    draft = window.session.draft
    assert not draft.annex_included
    assert not [s for s in window.steps if s.step_id.startswith("annex-")]
    general = window.step("general")
    assert general.no_annex.isChecked()
    general.no_annex.click()  # annex on: its seven pages come
    qtbot.waitUntil(lambda: len([s for s in window.steps if s.step_id.startswith("annex-")]) == 7, timeout=5000)
    window.session.editor.set(AnnexCell("3", "3.1.1", "value"), "12", initiator="test")
    general = window.step("general")
    general.no_annex.click()  # off: pages go, the value stays hidden
    qtbot.waitUntil(lambda: not [s for s in window.steps if s.step_id.startswith("annex-")], timeout=5000)
    draft = window.session.draft
    assert draft.variant is None and draft.annex["3"]["3.1.1"]["value"] == "12"
    assert not build_view(draft).has_annex
    assert window.session.flush()
    assert profiled_store.load_draft(draft.id).annex_off_variant == "A-2024"


def test_custom_period_and_opening_options(qtbot, home):
    window = create(qtbot, home, period="custom", custom=((2024, 1, 1), (2024, 8, 15),
                                                          "từ ngày 01/01/2024 đến ngày 15/8/2024"))
    draft = window.session.draft
    assert draft.period.type == "custom" and draft.period.end.isoformat() == "2024-08-15"
    assert build_view(draft).summary.endswith("từ ngày 01/01/2024 đến ngày 15/8/2024")
    general = window.step("general")
    general.lead.setCurrentIndex(general.lead.findData("Căn cứ"))
    general.separate_bases.click()
    general.separate_preamble.click()
    m = window.session.draft.meta
    assert (m.basis_lead, m.bases_joined, m.preamble_separate) == ("Căn cứ", False, True)
    opening = build_view(window.session.draft).opening
    assert len(opening) == len(m.legal_bases) + 1 and all(x.startswith("Căn cứ ") for x in opening[:-1])


def test_numbering_per_level_and_per_section_labels_follow(qtbot, home):
    window = create(qtbot, home)
    click_item(qtbot, window.step_list, window.index_of("part-1"))
    part = window.step("part-1")
    outline = part.outline
    first = part.part.children[0]
    outline.select_section(first.id)
    pane = outline.pane
    assert outline.tree.currentItem().text(0).startswith("1. ")
    pane.level_style.setCurrentIndex(pane.level_style.findData("alpha"))
    pane.level_style.activated.emit(pane.level_style.currentIndex())
    assert outline.tree.currentItem().text(0).startswith("a) ")  # at once, in the tree
    assert pane.number_label.text() == "a)"
    # per section: part I's children numbered "-" while the level keeps "a)" elsewhere
    outline.select_section(part.part.id)
    pane.child_style.setCurrentIndex(pane.child_style.findData("dash"))
    pane.child_style.activated.emit(pane.child_style.currentIndex())
    assert outline._items[first.id].text(0).startswith("- ")
    labels = {b.section_id: b.label for b in build_view(window.session.draft).body if b.label}
    assert labels[first.id] == "-"
    assert labels[window.session.draft.outline[1].children[0].id] == "a)"
    # a run-in heading
    outline.select_section(first.id)
    pane.form_choice.setCurrentIndex(pane.form_choice.findData("runin"))
    pane.form_choice.activated.emit(pane.form_choice.currentIndex())
    type_text(qtbot, outline.text_edit, "Quyết định số 12/QĐ-UBND.")
    qtbot.wait(50)
    runin = [b for b in build_view(window.session.draft).body if b.kind == "runin"]
    assert runin and runin[0].text.startswith("- Về kế hoạch cải cách hành chính: Quyết định số 12")


def test_next_period_says_which_period_words_changed(qtbot, home, profiled_store, answers):
    from cchc_desktop.draft import Period
    from cchc_desktop.outlines import new_draft

    d = new_draft("periodic", Period(type="6m", year=2025), None, profiled_store.load_profile())
    profiled_store.create_draft(d)
    home.refresh()
    home.select(d.id)
    click_button(qtbot, home.button_next)
    shown = " ".join(text for kind, text in answers.shown if kind == "info")
    assert "«6 tháng đầu năm 2025» thành «Quý III năm 2025»" in shown
    window = next(iter(home.windows.values()))
    printed = [b.text for b in build_view(window.session.draft).body]
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2025" in printed


@pytest.mark.parametrize("choice", [0, 1], ids=["keep-headings", "omit-empty"])
def test_export_lists_empty_sections_and_lets_the_user_leave_them_out(qtbot, home, export_dir, answers, choice):
    import docx

    window = create(qtbot, home, variant="none")
    part = window.session.draft.outline[0]
    window.session.editor.set(SectionField(part.children[2].id, "text"), "Đã kiểm tra 2 đợt.", initiator="test")
    answers.choice = choice
    window.go_to_step("review")
    window.exporter.export()
    asked = [text for kind, text in answers.shown if kind == "choice"]
    assert asked and "mục chưa có nội dung" in asked[-1] and "1. Về kế hoạch cải cách hành chính" in asked[-1]
    qtbot.waitUntil(lambda: bool(window.exporter.last_path) and not window.exporter.is_busy(), timeout=30000)
    text = [p.text for p in docx.Document(window.exporter.last_path).paragraphs]
    assert ("1. Về công tác kiểm tra cải cách hành chính" in text) == (choice == 1)  # renumbered when omitted
    assert ("3. Về công tác kiểm tra cải cách hành chính" in text) == (choice == 0)


def test_custom_period_dates_and_title_editable_in_general_step(qtbot, home):
    window = create(qtbot, home, period="custom", custom=((2024, 1, 1), (2024, 8, 15), ""))
    general = window.step("general")
    window.go_to_step("general")
    assert general.period_from.isVisible() and general.period_title.isVisible()
    general.period_to.setDate(QDate(2024, 9, 30))  # the end date moves: the untitled period's words follow
    draft = window.session.draft
    assert draft.period.end.isoformat() == "2024-09-30"
    assert build_view(draft).summary.endswith("từ ngày 01/01/2024 đến ngày 30/9/2024")
    type_text(qtbot, general.period_title, "đợt kiểm tra đột xuất năm 2024")
    draft = window.session.draft
    assert draft.period.title == "đợt kiểm tra đột xuất năm 2024"
    view = build_view(draft)
    assert view.period_title == "đợt kiểm tra đột xuất năm 2024"
    assert view.summary == "Công tác cải cách hành chính đợt kiểm tra đột xuất năm 2024"
    general.period_from.setDate(QDate(2024, 3, 1))
    assert window.session.draft.period.start.isoformat() == "2024-03-01"
    window.go_to_step("review")
    window.review.refresh_preview()
    assert "Công tác cải cách hành chính đợt kiểm tra đột xuất năm 2024" in window.review.preview.toPlainText()


def test_switching_to_a_custom_period_in_general_step(qtbot, home):
    window = create(qtbot, home, period="6m")
    general = window.step("general")
    window.go_to_step("general")
    assert not general.period_from.isVisible()
    general.period.setCurrentIndex(general.period.findData("custom"))
    period = window.session.draft.period
    assert period.type == "custom" and general.period_to.isVisible()
    assert build_view(window.session.draft).summary.endswith(
        f"từ ngày 01/01/{period.year} đến ngày 31/12/{period.year}")
