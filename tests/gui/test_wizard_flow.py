"""A whole 6-month report written like a user: create, type header and text, fill all seven
forms, fix what the checker shows, export the DOCX, close, reopen, find everything."""
from __future__ import annotations

import docx
import pytest

from .driving import click_button, click_item, new_report_through_dialog, type_cell, type_text

pytestmark = pytest.mark.gui

SECTION_TEXT = "Ban hành Kế hoạch số 02/KH-UBND về CCHC năm 2024 & tuyên truyền"


def docx_text(path) -> str:
    """Every paragraph of the document body and of its tables (header, signature block)."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


def create_through_dialog(qtbot, home, year=2024, variant="A-2024"):
    return new_report_through_dialog(qtbot, home, period="6m", year=year, variant=variant)


def test_create_type_fill_export_reopen(qtbot, home, profiled_store, export_dir):
    store = profiled_store
    window = create_through_dialog(qtbot, home)
    draft_id = window.session.draft_id
    assert window.session.draft.meta.issuing_body == "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"  # from the profile
    assert window.session.draft.period.type == "6m" and window.session.draft.period.year == 2024

    # step 1: the number, by keystrokes
    general = window.step("general")
    type_text(qtbot, general.number, "45")
    # step 2 (part I) by a click in the step list, text typed into the first section
    click_item(qtbot, window.step_list, window.index_of("part-1"))
    assert window.current_step_id() == "part-1"
    part = window.step("part-1")
    first_child = part.part.children[0]
    part.outline.select_section(first_child.id)
    type_text(qtbot, part.outline.text_edit, SECTION_TEXT)
    qtbot.wait(700)  # the debounce
    saved = store.load_draft(draft_id)
    assert saved.meta.number == "45"
    assert saved.find_section(first_child.id).text == SECTION_TEXT
    assert window.windowTitle().endswith(window.saved_label.text())
    assert "Đã lưu lúc" in window.windowTitle()

    # every annex form: a few numbers typed into the grid
    annex_steps = [s.step_id for s in window.steps if s.step_id.startswith("annex-")]
    assert annex_steps == [f"annex-{n}" for n in range(1, 8)]
    for step_id in annex_steps:
        window.go_to_step(step_id)
        step = window.step(step_id)
        inputs = [r for r in step.form.rows if r.is_input][:2]
        for row in inputs:
            type_cell(qtbot, step.grid, row.code, "1" if row.kind.value == "choice" else "12")
    qtbot.wait(700)
    saved = store.load_draft(draft_id)
    assert sorted(saved.annex) == [str(n) for n in range(1, 8)]
    assert saved.annex["1"]["1"]["value"] == "12" and saved.annex["4"]["1"]["value"] == "1"

    # the signer and recipients step: choose the saved list, type the signer's name
    signing = window.step("signing")
    window.go_to_step("signing")
    signing.lists.setCurrentIndex(0)
    click_button(qtbot, signing.use_button)
    signing.name.clear()
    type_text(qtbot, signing.name, "Nguyễn Văn Chiến")

    # the review step lists findings, errors first; a click jumps to the place to fix
    window.go_to_step("review")
    window.recheck()
    review = window.review
    severities = [f.severity for f in review.findings]
    assert severities == sorted(severities, key=lambda s: s != "error")
    empty_section = next(i for i, f in enumerate(review.findings) if (f.field or "").startswith("section."))
    click_item(qtbot, review.list, empty_section)
    assert window.current_step_id().startswith("part-")
    assert window.step(window.current_step_id()).outline.text_edit.hasFocus()

    # export: the DOCX with the standard name into the profile's folder
    window.go_to_step("review")
    export_button = review.buttons.itemAt(0).widget()
    assert export_button.text() == "Ghi tệp Word (DOCX) (Ctrl+E)"
    click_button(qtbot, export_button)
    target = export_dir / "BC-CCHC-6T-2024-Quang-Khai.docx"
    qtbot.waitUntil(lambda: target.exists() and not window.exporter.is_busy(), timeout=30000)
    text = docx_text(target)
    assert SECTION_TEXT in text
    assert "Nguyễn Văn Chiến" in text
    assert store.draft_summary(draft_id).state == "exported"

    # close, reopen: everything is there
    window.close()
    qtbot.waitUntil(lambda: not home.windows)
    reopened = home.open_draft(draft_id)
    assert reopened.step("general").number.text() == "45"
    assert reopened.session.draft.find_section(first_child.id).text == SECTION_TEXT
    assert reopened.session.draft.signer.name == "Nguyễn Văn Chiến"
    reopened.close()
