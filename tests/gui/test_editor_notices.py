"""The wizard on the DraftEditor: one editor call, one store save and one notice for a typed
value; widgets refresh from notices and skip the initiator; findings select their place by ref."""
from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import Qt

from cchc_desktop.editing import AnnexCell, MetaField, SectionField

from .driving import type_cell, type_text
from .test_wizard_flow import create_through_dialog as _create


def create_through_dialog(qtbot, home):
    from PySide6.QtWidgets import QApplication

    window = _create(qtbot, home)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


PACKAGE = Path(__file__).resolve().parents[2] / "cchc_desktop"


def package_files_on_stack() -> list[str]:
    """The package's files on the current call stack, outermost first (consecutive frames of one
    file once): the hops a call took to get here."""
    out: list[str] = []
    for frame in traceback.extract_stack()[:-2]:
        path = Path(frame.filename).resolve()
        if PACKAGE in path.parents:
            name = str(path.relative_to(PACKAGE.parent))
            if not out or out[-1] != name:
                out.append(name)
    return out


def test_typed_annex_value_hops(qtbot, home, profiled_store, monkeypatch):
    """The figure in docs/architecture.md: a value typed in the grid reaches the draft through
    delegate -> model -> editor -> apply (one editor call, cleaned once, one notice) and SQLite
    through session -> editor -> store (one save)."""
    import cchc_desktop.editing.apply as apply_module

    window = create_through_dialog(qtbot, home)
    editor = window.session.editor
    window.session.flush()
    notices, calls, cleans, paths = [], [], [], {}
    editor.subscribe(lambda change, initiator: notices.append((change, initiator)))
    real_set_many, real_apply_edits, real_clean = editor.set_many, apply_module.apply_edits, apply_module.clean
    real_write = profiled_store.write_draft

    def counting(items, **kw):
        items = list(items)
        calls.append(items)
        return real_set_many(items, **kw)

    def apply_edits(*args, **kw):
        paths.setdefault("apply", package_files_on_stack())
        return real_apply_edits(*args, **kw)

    def clean(ref, value):
        cleans.append((ref, value))
        return real_clean(ref, value)

    def write_draft(*args, **kw):
        paths.setdefault("save", package_files_on_stack())
        return real_write(*args, **kw)

    editor.set_many = counting
    monkeypatch.setattr(apply_module, "apply_edits", apply_edits)
    monkeypatch.setattr(apply_module, "clean", clean)
    profiled_store.write_draft = write_draft
    saves = editor.saves
    window.go_to_step("annex-3")
    grid = window.step("annex-3").grid
    type_cell(qtbot, grid, "1.4", "137")
    assert len(calls) == 1 and calls[0] == [(AnnexCell("3", "1.4", "value"), "137")]
    assert cleans == [(AnnexCell("3", "1.4", "value"), "137")]  # cleaned once, by the one apply
    assert len(notices) == 1 and notices[0][0].fields == {AnnexCell("3", "1.4", "value")}
    assert notices[0][1] is grid.model  # the grid's model started it
    qtbot.waitUntil(lambda: editor.saves == saves + 1, timeout=2000)  # saved within the max wait
    assert paths["apply"] == ["cchc_desktop/gui/widgets/annex_delegate.py", "cchc_desktop/gui/widgets/annex_model.py",
                              "cchc_desktop/editing/editor.py"]
    assert paths["save"] == ["cchc_desktop/gui/session.py", "cchc_desktop/editing/editor.py"]
    assert profiled_store.load_draft(editor.draft_id).annex["3"]["1.4"]["value"] == "137"
    assert grid.model.text("1.4", "value") == "137"  # read from the editor's draft, no copy
    assert editor.draft.annex["3"] is grid.model._cells


def test_widgets_follow_notices_and_skip_the_initiator(qtbot, home, profiled_store):
    window = create_through_dialog(qtbot, home)
    general = window.step("general")
    summary = general.fields["summary"]
    # a change made elsewhere (find and replace, an import) shows in the field
    window.session.editor.set(MetaField("summary"), "Báo cáo mới", initiator="elsewhere")
    assert summary.text() == "Báo cáo mới"
    # typing into the field: the field is the initiator, its cursor is never reset
    summary.setFocus()
    summary.setCursorPosition(3)
    type_text(qtbot, summary, "X")
    assert summary.text() == "BáoX cáo mới" and summary.cursorPosition() == 4
    assert window.session.draft.meta.summary == "BáoX cáo mới"
    # a section text changed elsewhere reaches the open text editor
    part = window.step("part-1")
    section = part.part.children[0]
    part.outline.select_section(section.id)
    window.session.editor.set(SectionField(section.id, "text"), "Đoạn thay thế", initiator="elsewhere")
    assert part.outline.text_edit.toPlainText() == "Đoạn thay thế"


def test_header_edits_do_not_rerun_the_annex_rules(qtbot, home, profiled_store):
    window = create_through_dialog(qtbot, home)
    runs = dict(window.checks.runs)
    type_text(qtbot, window.step("general").fields["place"], "Quang")
    qtbot.wait(20)
    assert window.checks.runs["annex"] == runs["annex"]
    assert window.checks.runs["wizard"] > runs["wizard"]
    window.go_to_step("annex-1")
    type_cell(qtbot, window.step("annex-1").grid, "1", "12")
    qtbot.wait(20)
    assert window.checks.runs["annex"] == runs["annex"] + 1


def test_finding_of_an_untitled_section_selects_its_title(qtbot, home, profiled_store):
    window = create_through_dialog(qtbot, home)
    part = window.step("part-2")
    section = part.part.children[0]
    window.session.editor.set(SectionField(section.id, "title"), "", initiator="test")
    qtbot.wait(20)
    finding = next(f for f in window.findings if f.ref == SectionField(section.id, "title"))
    window.go_to_step("review")
    window.goto_finding(finding)
    assert window.current_step_id() == "part-2"
    assert part.outline.current_section_id() == section.id
    assert part.outline.title_edit.hasFocus()
    type_text(qtbot, part.outline.title_edit, "Tên mới")
    qtbot.keyClick(part.outline.title_edit, Qt.Key.Key_Tab)
    assert window.session.draft.find_section(section.id).title == "Tên mới"
