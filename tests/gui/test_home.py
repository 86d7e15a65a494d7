"""The home window driven like a user: first-start profile, search, trash, next period,
import, a draft open elsewhere (read-only), and the keyboard."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit

from cchc_desktop.draft import Period
from cchc_desktop.outlines import new_draft

from .conftest import ROOT
from .driving import click_button, on_modal, type_text

pytestmark = pytest.mark.gui


def add_draft(store, ptype="6m", year=2024):
    draft = new_draft("periodic", Period(type=ptype, year=year), None, store.load_profile())
    store.create_draft(draft)
    return draft


def test_first_start_asks_for_the_profile(qtbot, store, answers):
    from cchc_desktop.gui.home_window import HomeWindow

    home = HomeWindow(store)
    qtbot.addWidget(home)
    home.show()
    assert not store.has_profile()

    def fill(dialog):
        ok = dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "&Bắt đầu"
        click_button(qtbot, ok)  # nothing typed yet: refused, with a message
        assert "tên cơ quan ban hành" in dialog.findChild(QLabel, "errorLabel").text()
        type_text(qtbot, dialog.findChild(QLineEdit, "issuingBodyEdit"), "ỦY BAN NHÂN DÂN PHƯỜNG 1")
        type_text(qtbot, dialog.findChild(QLineEdit, "issuingBodyShortEdit"), "UBND Phường 1")
        type_text(qtbot, dialog.findChild(QLineEdit, "placeEdit"), "Phường 1")
        type_text(qtbot, dialog.findChild(QPlainTextEdit, "listItemsEdit"), "Sở Nội vụ tỉnh (B/c)")
        click_button(qtbot, ok)

    on_modal(fill)
    assert home.edit_profile(first_start=True)
    profile = store.load_profile()
    assert store.has_profile()
    assert profile.issuing_body == "ỦY BAN NHÂN DÂN PHƯỜNG 1" and profile.place == "Phường 1"
    assert profile.parent_agency == ""  # optional since there is no district level
    assert profile.recipient_lists[0].items == ["Sở Nội vụ tỉnh (B/c)"]


def test_search_trash_and_restore(qtbot, home, profiled_store):
    a = add_draft(profiled_store, "6m", 2024)
    b = add_draft(profiled_store, "year", 2023)
    home.refresh()
    assert home.model.rowCount() == 2
    type_text(qtbot, home.search, "nam 2023")  # accents are optional in the search
    assert [s.id for s in home.model.rows] == [b.id]
    home.search.clear()
    home.select(a.id)
    home.table.setFocus()
    qtbot.keyClick(home.table, Qt.Key.Key_Delete)  # "Xóa (Del)"; the question is answered "Có"
    assert [s.id for s in home.model.rows] == [b.id]
    home.trash.setChecked(True)
    assert [s.id for s in home.model.rows] == [a.id]
    assert "thùng rác" in home.model.data(home.model.index(0, 5))
    click_button(qtbot, home.button_restore)
    assert not home.trash.isChecked()
    assert {s.id for s in home.model.rows} == {a.id, b.id}


def test_next_period_opens_the_new_draft(qtbot, home, profiled_store):
    a = add_draft(profiled_store, "6m", 2024)
    home.refresh()
    home.select(a.id)
    click_button(qtbot, home.button_next)
    assert len(home.windows) == 1
    window = next(iter(home.windows.values()))
    assert window.session.draft.period.type == "q3" and window.session.draft_id != a.id
    assert home.model.rowCount() == 2


def test_import_json_then_docx(qtbot, home, profiled_store, tmp_path):
    example = f"{ROOT}/examples/quang-khai-6t-2023.json"
    home.import_file(example)
    qtbot.waitUntil(lambda: home.model.rowCount() == 1, timeout=5000)
    draft_id = json.load(open(example, encoding="utf-8"))["id"]
    assert profiled_store.load_draft(draft_id).meta.number == "45"
    from cchc_desktop.render import render_docx

    out = tmp_path / "bc.docx"
    render_docx(profiled_store.load_draft(draft_id), out)
    home.import_file(str(out))  # same id: "Nhập thành bản sao mới" (answer 0)
    qtbot.waitUntil(lambda: home.model.rowCount() == 2, timeout=10000)
    assert len({s.summary for s in home.model.rows}) == 1


def test_import_refuses_a_foreign_file(qtbot, home, tmp_path, answers):
    bad = tmp_path / "khac.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    home.import_file(str(bad))
    qtbot.waitUntil(lambda: any(kind == "error" for kind, _ in answers.shown), timeout=5000)
    assert home.model.rowCount() == 0


def test_locked_draft_opens_read_only(qtbot, home, profiled_store, answers):
    a = add_draft(profiled_store)
    profiled_store.acquire_lock(a.id, "cua-so-khac")
    home.refresh()
    home.select(a.id)
    answers.choice = 0  # "Mở để xem (chỉ đọc)"
    home.open_selected()
    assert answers.shown and "đang được mở để sửa ở nơi khác" in answers.shown[-1][1]
    window = home.windows[a.id]
    assert window.session.read_only and "Chỉ xem" in window.windowTitle()
    assert window.step("general").number.isReadOnly()
    window.close()
    answers.choice = -1  # "Hủy"
    assert home.open_draft(a.id) is None


def test_keyboard_steps(qtbot, home, profiled_store):
    a = add_draft(profiled_store)
    window = home.open_draft(a.id)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # the new window has the focus
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step_id() == "part-2"  # the third step
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step_id() == "part-3"
    qtbot.keyClick(window.step("part-3").outline.text_edit, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_step_id() == "part-4"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step_id() == "part-3"
    go_menu = [a for a in window.menuBar().actions() if a.text() == "Đi tớ&i"][0].menu()
    texts = [(a.text(), a.shortcut().toString()) for a in go_menu.actions() if a.text()]
    assert ("Bước &trước", "Alt+Left") in texts and ("1. Thông tin chung", "Ctrl+1") in texts
