"""Issue 14 as a user walks it: a 6-month report copied to Q3 with «Tạo kỳ tiếp theo», three
table values typed, the text left alone: the review step lists the three stale sentences; one is
fixed with «Chèn số liệu» (Ctrl+Shift+S); the table changes again and the sentence follows; a
confusion typo is flagged with its suggestion and underlined in the editor. Real widgets, a real
store; screenshots go to ``$CCHC_SHOTS`` when set."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cchc_desktop import figrefs
from cchc_desktop.draft import Period
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.outlines import new_draft

from .driving import click_button, click_item, on_modal, type_cell, type_text

SHOTS = os.environ.get("CCHC_SHOTS")

TEXT_I = "Trong 6 tháng đầu năm: Số nhiệm vụ được giao 10 nhiệm vụ, số nhiệm vụ hoàn thành đúng hạn: 10 nhiệm vụ."
TEXT_II = ("Tổng số hồ sơ TTHC đã tiếp nhận là 299 hồ sơ, trong đó tiếp nhận trực tuyến 251 hồ sơ.\n"
           "UBND xã giải quyết đúng hạn 299 hồ sơ, đạt 100%.")


def shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def six_month_report(store) -> str:
    d = new_draft("periodic", Period("6m", 2024), variant="A-2024")
    d.meta.issuing_body, d.meta.summary = "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI", "Công tác CCHC 6 tháng đầu năm 2024"
    d.outline[0].children[0].text = TEXT_I
    d.outline[1].children[1].text = TEXT_II
    for form, code, value in ((1, "4.1", "10"), (1, "4.2", "10"), (7, "5.4.1", "299"), (7, "5.4.2", "251"),
                              (3, "3.1.1", "299"), (3, "3.1.2", "299")):
        apply_edits(d, [(AnnexCell(form, code, "value"), value)])
    return store.create_draft(d)


def stale(window):
    window.recheck()
    return [f for f in window.findings if getattr(f, "kind", "") == "stale-copy"]


def annex_step(window, form: int):
    return window.step(f"annex-{form}")


@pytest.fixture
def q3_window(qtbot, home, profiled_store, answers):
    source = six_month_report(profiled_store)
    home.refresh()
    home.select(source)
    click_button(qtbot, home.button_next)  # «Tạo kỳ tiếp theo»
    qtbot.waitUntil(lambda: len(home.windows) == 1, timeout=5000)
    window = next(iter(home.windows.values()))
    qtbot.waitExposed(window)
    window.resize(1280, 800)
    return window


def test_stale_sentences_chen_so_lieu_and_a_typo(qtbot, q3_window, profiled_store):
    window = q3_window
    draft = window.session.draft
    assert draft.period.type == "q3" and draft.origin and not stale(window)  # counts were cleared

    # three table values of the new period, typed in the annex grids
    for form, code, value in ((1, "4.1", "6"), (7, "5.4.1", "150"), (3, "3.1.2", "140")):
        step = annex_step(window, form)
        window.go_to(window.steps.index(step))
        type_cell(qtbot, step.grid, code, value)
    window.session.flush()
    window.go_to_step("review")
    review = window.steps[-1]

    def listed():
        return [review.list.item(i).text() for i in range(review.list.count())]
    qtbot.waitUntil(lambda: any("chưa cập nhật so với kỳ trước" in t for t in listed()), timeout=5000)
    items = listed()
    stale_items = [t for t in items if "chưa cập nhật so với kỳ trước" in t]
    assert len(stale_items) == 3, items
    assert review.stale_label.text().startswith("3 chỗ số liệu chưa cập nhật so với kỳ trước")
    assert review.stale_label.isVisible()
    assert any("10 nhiệm vụ" in t for t in stale_items) and any("299 hồ sơ" in t for t in stale_items)
    shot(window, "text-01-review-stale")

    # side by side with last period
    assert review.compare_button.isVisible()
    click_button(qtbot, review.compare_button)
    dialog = review.comparison
    qtbot.waitExposed(dialog)
    html = dialog.browser.toHtml()
    assert "fff3b0" in html and dialog.values.rowCount() >= 6
    shot(dialog, "text-02-compare")
    dialog.close()

    # the finding jumps to the sentence; Ctrl+Shift+S puts the table's value in its place
    row = next(i for i, t in enumerate(items) if "chưa cập nhật" in t and "đúng hạn 299" in t)
    click_item(qtbot, review.list, row)
    step = window.steps[window.current_index()]
    assert type(step).__name__ == "OutlineStep"
    edit = step.outline.text_edit
    assert edit.textCursor().selectedText() == "299 hồ sơ"

    def choose(dlg):
        assert dlg.tree.currentItem().text(0) == "3 · 3.1.2"  # the row the figure speaks of
        click_button(qtbot, dlg.ok_button)
    on_modal(choose)
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: figrefs.token(3, "3.1.2") in draft.outline[1].children[1].text, timeout=5000)
    window.session.flush()
    token = figrefs.token(3, "3.1.2")
    assert draft.outline[1].children[1].text.endswith(f"giải quyết đúng hạn {token} hồ sơ, đạt 100%.")
    assert len(stale(window)) == 2
    assert "giải quyết đúng hạn 140 hồ sơ" in figrefs.print_text(draft, draft.outline[1].children[1].text)
    shot(edit, "text-03-chip")

    # undo takes the reference out, redo puts it back (one step each)
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.session.flush()
    assert "đúng hạn 299 hồ sơ" in draft.outline[1].children[1].text
    qtbot.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    window.session.flush()
    assert figrefs.token(3, "3.1.2") in draft.outline[1].children[1].text

    # the table changes again: the sentence follows, in the editor and in the preview
    step3 = annex_step(window, 3)
    window.go_to(window.steps.index(step3))
    window.activateWindow()  # the «Chèn số liệu» dialog had the focus
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    type_cell(qtbot, step3.grid, "3.1.2", "145")
    window.session.flush()
    assert step.outline.pane.text_tools.value(3, "3.1.2") == "145"
    window.go_to_step("review")
    review.refresh_preview()
    assert "giải quyết đúng hạn 145 hồ sơ" in review.preview.toPlainText()

    # a typo from the confusions list: flagged with its suggestion, underlined, corrected from the menu
    window.go_to(window.steps.index(step))
    step.outline.select_section(draft.outline[1].children[1].id)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    type_text(qtbot, edit, "\nCông tác sử lý hồ sơ được duy trì.")
    window.session.flush()
    window.recheck()
    spelling = [f for f in window.findings if getattr(f, "kind", "") == "spelling"]
    assert [(f.suggestion, "«sử lý» viết sai, đúng là «xử lý»" in f.message) for f in spelling] == [("xử lý", True)]
    block = edit.document().lastBlock()
    highlighter = block.document()._spell
    qtbot.waitUntil(lambda: any(r.format.underlineStyle() != 0 for r in block.layout().formats()), timeout=5000)
    at = block.text().index("sử lý")
    assert any(r.start == at and r.length == len("sử lý") for r in block.layout().formats())
    assert highlighter.misspelling_at(block.text(), at + 1).suggestion == "xử lý"
    edit.viewport().update()
    shot(window, "text-04-typo")

    cursor = edit.textCursor()
    cursor.setPosition(block.position() + at + 1)
    rect = edit.cursorRect(cursor)
    edit._menu_pos = rect.center()
    menu = edit.build_context_menu()
    actions = [a.text() for a in menu.actions()]
    assert actions[0] == "xử lý" and "Chèn số liệu từ bảng…" in actions
    menu.actions()[0].trigger()
    menu.deleteLater()
    window.session.flush()
    assert "Công tác xử lý hồ sơ" in draft.outline[1].children[1].text


def test_unknown_word_added_to_the_dictionary_is_kept_in_the_profile(qtbot, home, profiled_store, answers):
    from .test_wizard_flow import create_through_dialog

    window = create_through_dialog(qtbot, home)
    window.go_to_step("part-1")
    step = window.steps[window.current_index()]
    edit = step.outline.text_edit
    step.outline.select_section(window.session.draft.outline[0].children[0].id)
    type_text(qtbot, edit, "Phần mềm biểu mẫy được dùng.")
    window.session.flush()
    block = edit.document().firstBlock()
    at = block.text().index("mẫy")
    cursor = edit.textCursor()
    cursor.setPosition(block.position() + at + 1)
    edit._menu_pos = edit.cursorRect(cursor).center()
    menu = edit.build_context_menu()
    add = next(a for a in menu.actions() if a.text() == "Thêm vào từ điển")
    add.trigger()
    menu.deleteLater()
    assert "mẫy" in profiled_store.load_profile().spelling_words
    window.recheck()
    assert not [f for f in window.findings if getattr(f, "kind", "") == "spelling" and "mẫy" in f.message]


def test_copy_paste_inside_the_editor_keeps_the_reference_and_outside_gets_the_value(qtbot, q3_window):
    window = q3_window
    draft = window.session.draft
    step = annex_step(window, 7)
    window.go_to(window.steps.index(step))
    type_cell(qtbot, step.grid, "5.4.1", "1277")
    window.session.flush()
    window.go_to_step("part-2")
    outline = window.steps[window.current_index()]
    section = draft.outline[1].children[1]
    outline.outline.select_section(section.id)
    edit = outline.outline.text_edit
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.setPosition(0)
    edit.setTextCursor(cursor)
    seen = []

    def choose(dlg):
        dlg.select((7, "5.4.1"))
        seen.append(dlg.tree.currentItem().text(0))
        click_button(qtbot, dlg.ok_button)
    on_modal(choose)
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == ["7 · 5.4.1"]
    window.session.flush()
    qtbot.waitUntil(lambda: section.text.startswith(figrefs.token(7, "5.4.1")), timeout=5000)
    cursor = edit.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(1, cursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    window.activateWindow()  # back from the dialog (the offscreen platform does not do it)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert section.text.startswith(figrefs.token(7, "5.4.1"))  # copying leaves the text alone
    assert QApplication.clipboard().text() == "1.277"  # another program gets the value
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    window.session.flush()
    assert section.text.endswith(figrefs.token(7, "5.4.1"))  # inside the app: still a reference
    assert section.text.count(figrefs.OPEN) == 2


def test_a_chip_is_one_character_for_backspace_and_undo(qtbot, q3_window):
    window = q3_window
    draft = window.session.draft
    section = draft.outline[1].children[1]
    window.go_to_step("part-2")
    outline = window.step("part-2").outline
    outline.select_section(section.id)
    edit = outline.text_edit
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.setPosition(0)
    edit.setTextCursor(cursor)
    on_modal(lambda dlg: (dlg.select((7, "5.4.1")), click_button(qtbot, dlg.ok_button)))
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: section.text.startswith(figrefs.token(7, "5.4.1")), timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    edit.setFocus()
    type_text(qtbot, edit, " hồ sơ;")  # typed after the chip: plain text
    window.session.flush()
    assert section.text.startswith(figrefs.token(7, "5.4.1") + " hồ sơ;")
    cursor = edit.textCursor()
    cursor.setPosition(1)
    edit.setTextCursor(cursor)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    window.session.flush()
    assert figrefs.OPEN not in section.text and section.text.startswith(" hồ sơ;")
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.session.flush()
    assert section.text.startswith(figrefs.token(7, "5.4.1") + " hồ sơ;")


def test_a_text_table_note_goes_to_the_sentence_or_to_the_row(qtbot, q3_window):
    window = q3_window
    step = annex_step(window, 1)
    window.go_to(window.steps.index(step))
    type_cell(qtbot, step.grid, "4.1", "6")
    window.session.flush()
    window.go_to_step("review")
    review = window.steps[-1]
    window.recheck()
    index = next(i for i, f in enumerate(review.findings) if getattr(f, "kind", "") == "stale-copy")
    menu = review.finding_menu(index)
    actions = menu.actions()
    assert [a.text() for a in actions] == ["Đến câu văn", "Đến bảng số liệu (Biểu mẫu 1, dòng 4.1)"]
    actions[1].trigger()
    assert window.current_step_id() == "annex-1"
    actions[0].trigger()
    assert window.current_step_id() == "part-1"
    assert window.step("part-1").outline.text_edit.textCursor().selectedText() == "10 nhiệm vụ"
    menu.deleteLater()


def test_the_profile_sets_the_tone_style(qtbot, profiled_store):
    from cchc_desktop.gui.profile_dialog import ProfileDialog

    dialog = ProfileDialog(profiled_store.load_profile())
    qtbot.addWidget(dialog.dialog)
    combo = dialog.spelling.style
    combo.setCurrentIndex(combo.findData("new"))
    dialog.spelling.words.setPlainText("zalo\nMẫy\n")
    profile = dialog.profile()
    assert profile.tone_style == "new" and profile.spelling_words == ["mẫy", "zalo"]
    from cchc_desktop.gui.text_tools import text_options

    assert text_options(profile).tone_style == "new"


def test_the_comparison_without_the_source_compares_the_values(qtbot, q3_window, profiled_store):
    window = q3_window
    step = annex_step(window, 1)
    window.go_to(window.steps.index(step))
    type_cell(qtbot, step.grid, "4.1", "6")
    window.session.flush()
    source = window.session.draft.origin["id"]
    profiled_store.delete_draft(source)
    profiled_store.purge_draft(source)  # gone from the store: only the recorded values remain
    from cchc_desktop.gui.stale_dialog import open_for

    dialog = open_for(window.session, window)
    qtbot.addWidget(dialog)
    html = dialog.browser.toPlainText()
    assert "không còn báo cáo kỳ trước" in html and "(mục mới)" not in html
    change = [dialog.values.item(r, 3).text() for r in range(dialog.values.rowCount())
              if dialog.values.item(r, 0).text() == "1 · 4.1"]
    assert change == ["6"]
    assert "fff3b0" in dialog.browser.toHtml()  # the stale sentence is still highlighted
