"""Issue 13: the things that got in the way of a commune official, each driven through the real
widgets (keys, clicks, menus) against a real store."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cchc_desktop.draft import Period
from cchc_desktop.gui.drafts_model import COL_PERIOD, COL_STATE, COL_SUMMARY, EDITED_AFTER_EXPORT, HEADERS
from cchc_desktop.outlines import new_draft

from .driving import click_button, type_text

pytestmark = pytest.mark.gui


def add_draft(store, ptype="6m", year=2025, summary="Báo cáo CCHC 6 tháng đầu năm 2025"):
    draft = new_draft("periodic", Period(type=ptype, year=year), None, store.load_profile())
    draft.meta.summary = summary
    store.create_draft(draft)
    return draft


def menu_action(window, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == menu_title)
    return next(a for a in menu.actions() if a.text() == text)


def active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_next_period_twice_offers_the_existing_one(qtbot, home, profiled_store, answers):
    """Item 1."""
    a = add_draft(profiled_store, "q1", 2025, "Quý I")
    home.refresh()
    home.select(a.id)
    answers.choice = -1
    click_button(qtbot, home.button_next)  # the first time: a new "Quý II" draft, opened
    assert len(profiled_store.list_drafts()) == 2
    for w in list(home.windows.values()):
        w.close()
    home.select(a.id)
    answers.shown.clear()
    answers.choice = 0  # "Mở báo cáo đã có"
    click_button(qtbot, home.button_next)
    assert len(profiled_store.list_drafts()) == 2  # no second identical draft
    assert any(kind == "choice" and "Đã có báo cáo" in text for kind, text in answers.shown)
    (opened,) = home.windows.values()
    assert opened.session.draft.period.type != "q1"


def test_export_keeps_a_named_revision_and_the_list_says_edited_after(qtbot, home, profiled_store, export_dir):
    """Items 5 and 6."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ctrl+E from step 1
    qtbot.waitUntil(lambda: profiled_store.draft_summary(a.id).state == "exported", timeout=30000)
    reasons = [r.reason for r in profiled_store.revisions(a.id)]
    assert any(r.startswith("Bản đã xuất ") and dt.datetime.now().strftime("%d/%m/%Y") in r for r in reasons)
    home.refresh()
    row = next(i for i, s in enumerate(home.model.rows) if s.id == a.id)
    assert home.model.data(home.model.index(row, COL_STATE)) == "đã xuất"
    qtbot.wait(1100)  # the next save is in a later second than the export
    type_text(qtbot, window.step("general").fields["place"], "x")
    window.session.flush()
    home.refresh()
    assert home.model.data(home.model.index(row, COL_STATE)) == EDITED_AFTER_EXPORT


def test_home_list_title_and_period_first(qtbot, home, profiled_store):
    """Item 16."""
    add_draft(profiled_store, "6m", 2025, "Báo cáo A")
    add_draft(profiled_store, "q3", 2025, "Báo cáo B")
    home.refresh()
    assert HEADERS[:2] == ["Trích yếu", "Kỳ báo cáo"] and "Cơ quan ban hành" not in HEADERS
    titles = {home.model.data(home.model.index(r, COL_SUMMARY)) for r in range(home.model.rowCount())}
    assert titles == {"Báo cáo A", "Báo cáo B"}
    periods = {home.model.data(home.model.index(r, COL_PERIOD)) for r in range(home.model.rowCount())}
    assert len(periods) == 2


def test_quit_closes_every_window_after_saving(qtbot, home, profiled_store):
    """Item 7: Ctrl+Q on the home window quits the report windows too; the report window has
    'Về trang chủ'."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    home.hide()
    back = menu_action(window, "&Tệp", "&Về trang chủ")
    back.trigger()
    assert home.isVisible()
    type_text(qtbot, window.step("general").fields["place"], "Quang Khải")
    quit_action = menu_action(home, "&Tệp", "&Thoát")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    assert not home.windows and not home.isVisible()
    assert profiled_store.load_draft(a.id).meta.place.endswith("Quang Khải")


def test_reopen_resumes_where_the_user_left(qtbot, home, profiled_store):
    """Item 14 (and 15: the size is remembered)."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    window.go_to_step("part-2")
    outline = window.step("part-2").outline
    section = window.step("part-2").part.children[1]
    outline.select_section(section.id)
    type_text(qtbot, outline.text_edit, "Đoạn một")
    cursor = outline.text_edit.textCursor()
    cursor.setPosition(3)
    outline.text_edit.setTextCursor(cursor)
    window.resize(700, 450)
    window.close()
    again = home.open_draft(a.id)
    assert again.current_step_id() == "part-2"
    assert again.step("part-2").outline.current_section_id() == section.id
    assert again.step("part-2").outline.text_edit.textCursor().position() == 3
    assert again.height() == 450  # (the offscreen screen is 800 wide: the width is clamped to it)
    assert "Đã lưu lúc" in again.saved_label.text()


def test_saved_time_has_the_date_when_not_today():
    from cchc_desktop.gui.session import saved_time

    iso = "2026-11-27T21:52:09"
    assert saved_time(iso, today=dt.date(2026, 11, 27)) == "21:52:09"
    assert saved_time(iso, today=dt.date(2026, 11, 28)) == "21:52:09 ngày 27/11/2026"


def test_small_things(qtbot, home, profiled_store):
    """Item 20: the last step is never 'chưa nhập'; 'Cảnh báo' as the CLI says; a new signer
    row is a deputy once there is a Chairman."""
    from PySide6.QtWidgets import QPushButton

    from cchc_desktop.gui.profile_dialog import ProfileDialog
    from cchc_desktop.gui.wizard.base import STATE_TEXT

    a = add_draft(profiled_store)
    window = home.open_draft(a.id)
    assert window.step_states()[window.index_of("review")] != STATE_TEXT["empty"]
    window.go_to_step("review")
    texts = [window.review.list.item(i).text() for i in range(window.review.list.count())]
    assert any(t.startswith("Cảnh báo: ") for t in texts) and not any("Lưu ý" in t for t in texts)
    dialog = ProfileDialog(profiled_store.load_profile(), home)
    add = next(b for b in dialog.dialog.findChildren(QPushButton) if b.objectName() == "addSignerButton")
    before = dialog.signers.rowCount()
    click_button(qtbot, add)
    assert dialog.signers.item(before, 1).text() == "PHÓ CHỦ TỊCH"
    assert dialog.signers.cellWidget(before, 2).isChecked()
