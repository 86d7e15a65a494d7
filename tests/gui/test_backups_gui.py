"""Backups from the GUI: "Sao lưu ngay…", "Khôi phục từ bản sao…" (the dialog listing the daily
copies), refused while a draft is open, and a damaged database at start-up offering the newest
daily copy (the damaged file kept aside, never overwritten without a click)."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QListWidget, QMessageBox, QPushButton

from cchc_desktop.draft import Period
from cchc_desktop.outlines import new_draft
from cchc_desktop.store import Store
from cchc_desktop.store.backups import backups_dir, ensure_daily_backup, list_backups

from .conftest import sample_profile
from .driving import click_button, on_modal

pytestmark = pytest.mark.gui


def add_draft(store, ptype="6m", year=2024):
    draft = new_draft("periodic", Period(type=ptype, year=year), None, store.load_profile())
    store.create_draft(draft)
    return draft


def button(widget, text: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.text().replace("&", "") == text]
    assert found, [b.text() for b in widget.findChildren(QPushButton)]
    return found[0]


def test_backup_now_writes_a_copy_off_the_ui_thread(qtbot, home, profiled_store, answers, monkeypatch, tmp_path):
    from cchc_desktop.gui import messages

    draft = add_draft(profiled_store)
    target = tmp_path / "USB" / "sao-luu"
    asked = {}

    def save_file(parent, caption, path, name_filter, suffix=""):
        asked.update(caption=caption, path=path, filter=name_filter)
        return str(target)

    monkeypatch.setattr(messages, "save_file", save_file)
    action = next(a for a in home.file_menu.actions() if a.text() == "&Sao lưu ngay…")
    assert action.shortcut().toString() == "Ctrl+B"
    action.trigger()
    assert asked["path"].endswith(f"cchc-sao-luu-{dt.date.today().isoformat()}.sqlite3")
    assert asked["caption"] == "Sao lưu dữ liệu vào tệp"
    qtbot.waitUntil(lambda: getattr(home, "_backup_task", None) is None, timeout=10000)
    written = target.with_name("sao-luu.sqlite3")
    assert written.exists()
    assert answers.shown[-1][0] == "info" and str(written) in answers.shown[-1][1]
    with Store(written) as copy:
        assert copy.load_draft(draft.id).id == draft.id
        assert copy.load_profile().issuing_body == sample_profile().issuing_body


def test_restore_from_a_daily_copy(qtbot, home, profiled_store, answers):
    kept = add_draft(profiled_store, "6m", 2024)
    daily = ensure_daily_backup(profiled_store, today=dt.date(2024, 6, 1))
    later = add_draft(profiled_store, "year", 2024)
    home.refresh()
    assert {s.id for s in home.model.rows} == {kept.id, later.id}
    old_store = home.store
    seen = {}

    def pick(dialog):
        seen["title"] = dialog.windowTitle()
        rows = dialog.findChild(QListWidget)
        seen["rows"] = [rows.item(i).text() for i in range(rows.count())]
        click_button(qtbot, button(dialog, "Khôi phục"))

    on_modal(pick)
    action = next(a for a in home.file_menu.actions() if a.text() == "Khôi &phục từ bản sao…")
    assert action.shortcut().toString() == "Ctrl+Shift+B"
    action.trigger()
    qtbot.waitUntil(lambda: home.store is not old_store, timeout=5000)
    assert seen["title"] == "Khôi phục dữ liệu từ bản sao"
    assert len(seen["rows"]) == 1 and seen["rows"][0].startswith("Bản sao tự động ngày 01/06/2024")
    assert seen["rows"][0].endswith("KB")
    ask = [text for kind, text in answers.shown if kind == "ask"]
    assert ask == ["Thay toàn bộ dữ liệu hiện tại bằng bản sao ngày 01/06/2024?"]
    assert [s.id for s in home.model.rows] == [kept.id]  # the list shows the restored data
    assert home.store.path == old_store.path
    safety = [b for b in list_backups(backups_dir(home.store.path)) if b.kind == "before-restore"]
    assert len(safety) == 1 and daily.exists()
    with Store(safety[0].path) as before:  # what was there is kept
        assert {s.id for s in before.list_drafts()} == {kept.id, later.id}
    home.store.save_field(kept.id, ("meta", "summary"), "Sửa sau khi khôi phục")  # writable again
    home.store.close()


def test_restore_refused_while_a_draft_is_open(qtbot, home, profiled_store, answers):
    draft = add_draft(profiled_store)
    ensure_daily_backup(profiled_store)
    home.refresh()
    assert home.open_draft(draft.id) is not None
    assert home.restore_from_backup() is False
    assert "Hãy đóng các cửa sổ báo cáo đang mở" in answers.shown[-1][1]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def _run_main_with(qtbot, monkeypatch, data_dir, tmp_path, on_box):
    """Start the real app (``app.main``) on ``data_dir``; ``on_box(box)`` answers the first
    modal message box; returns (exit code, what the start-up script saw)."""
    from cchc_desktop.gui import app as app_mod

    monkeypatch.setattr(app_mod, "DAILY_BACKUP_DELAY_MS", 0)
    seen_file = tmp_path / "seen.txt"
    script = tmp_path / "up.py"
    script.write_text(
        "import time\n"
        "while getattr(home, '_daily_backup_task', None) is not None:\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        f"open({str(seen_file)!r}, 'w', encoding='utf-8').write("
        "'\\n'.join(s.id for s in home.model.rows))\n"
        "app.setQuitOnLastWindowClosed(False)\n"  # no deferred Quit event left for the next test
        "home.close()\n"
        "home.deleteLater()\n"
        "app.quit()\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_TEST_SCRIPT", str(script))
    on_modal(on_box)
    quit_on_close = QApplication.instance().quitOnLastWindowClosed()
    try:
        code = app_mod.main(["cchc-desktop"])
    finally:
        QApplication.instance().setQuitOnLastWindowClosed(quit_on_close)
    seen = seen_file.read_text(encoding="utf-8").split("\n") if seen_file.exists() else None
    return code, seen


def test_damaged_database_at_start_up_offers_the_newest_copy(qtbot, data_dir, answers, monkeypatch, tmp_path):
    path = data_dir / "cchc.sqlite3"
    with Store(path) as store:
        store.save_profile(sample_profile())
        draft = add_draft(store)
        ensure_daily_backup(store, today=dt.date(2024, 6, 1))
        ensure_daily_backup(store, today=dt.date(2024, 6, 2))
    garbage = b"day khong phai SQLite \x00\xff" * 400
    path.write_bytes(garbage)
    seen = {}

    def answer(box):
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["detail"] = box.informativeText()
        seen["buttons"] = [b.text() for b in box.buttons()]
        click_button(qtbot, button(box, "Khôi phục bản sao gần nhất"))

    code, rows = _run_main_with(qtbot, monkeypatch, data_dir, tmp_path, answer)
    assert code == 0
    assert "bị hỏng" in seen["text"] and "Tệp không bị ghi đè" in seen["text"]
    # every intact copy, newest first (issue 11 item 19)
    assert seen["buttons"][0] == "Khôi phục bản sao gần nhất"
    assert seen["buttons"][1].startswith("Khôi phục: Bản sao tự động ngày 01/06/2024")
    assert seen["buttons"][2:] == ["Mở thư mục dữ liệu", "Thoát"]
    assert "bản sao tự động ngày 02/06/2024" in seen["detail"]
    assert rows == [draft.id]  # the home window shows the restored list
    assert any(kind == "info" and "Đã khôi phục dữ liệu" in text for kind, text in answers.shown)
    safety = [b for b in list_backups(backups_dir(path)) if b.kind == "before-restore"]
    assert len(safety) == 1 and safety[0].path.read_bytes() == garbage  # the damaged file, kept aside
    dailies = [b.date for b in list_backups(backups_dir(path)) if b.kind == "daily"]
    assert dt.date.today() in dailies  # the daily copy ran after the window was shown
    with Store(path) as store:
        assert store.load_draft(draft.id).id == draft.id


def test_damaged_database_without_copies_quits_and_leaves_the_file(qtbot, data_dir, answers, monkeypatch, tmp_path):
    path = data_dir / "cchc.sqlite3"
    garbage = b"\x13" * 5000
    path.write_bytes(garbage)
    seen = {}

    def answer(box):
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["detail"] = box.informativeText()
        click_button(qtbot, button(box, "Thoát"))

    started = time.monotonic()
    code, rows = _run_main_with(qtbot, monkeypatch, data_dir, tmp_path, answer)
    assert code == 1 and rows is None and time.monotonic() - started < 30
    assert seen["buttons"] == ["Mở thư mục dữ liệu", "Thoát"]
    assert "Không có bản sao lưu tự động nào" in seen["detail"]
    assert path.read_bytes() == garbage


def test_restore_from_another_file_and_declining_changes_nothing(qtbot, home, profiled_store, answers,
                                                                 monkeypatch, tmp_path):
    from cchc_desktop.gui import messages

    first = add_draft(profiled_store, "6m", 2024)
    manual = profiled_store.backup_to(tmp_path / "USB" / "cchc-sao-luu-2024-06-03.sqlite3")
    second = add_draft(profiled_store, "year", 2024)
    home.refresh()
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(manual))

    def other(dialog):
        assert not button(dialog, "Khôi phục").isEnabled()  # no daily copy yet: nothing to pick
        click_button(qtbot, button(dialog, "Chọn tệp khác…"))

    answers.yes = False  # "Thay toàn bộ dữ liệu…?" answered Không
    on_modal(other)
    assert home.restore_from_backup() is False
    assert answers.shown[-1] == ("ask", "Thay toàn bộ dữ liệu hiện tại bằng tệp «cchc-sao-luu-2024-06-03.sqlite3»?")
    assert {s.id for s in home.model.rows} == {first.id, second.id}

    answers.yes = True
    on_modal(other)
    assert home.restore_from_backup() is True
    assert [s.id for s in home.model.rows] == [first.id]
    home.store.close()


def test_19_newest_copy_damaged_too_offers_the_older_intact_ones(qtbot, data_dir, answers, monkeypatch, tmp_path):
    """Issue 11 item 19: the store and the newest daily copy are both damaged; the intact older
    copy is offered and restores the work."""
    path = data_dir / "cchc.sqlite3"
    with Store(path) as store:
        store.save_profile(sample_profile())
        draft = add_draft(store)
        old = ensure_daily_backup(store, today=dt.date(2024, 6, 1))
        newest = ensure_daily_backup(store, today=dt.date(2024, 6, 2))
    assert old and newest
    newest.write_bytes(b"hong" * 1000)
    path.write_bytes(b"\x13" * 5000)
    seen = {}

    def answer(box):
        seen["buttons"] = [b.text() for b in box.buttons()]
        click_button(qtbot, button(box, "Khôi phục bản sao gần nhất"))

    code, rows = _run_main_with(qtbot, monkeypatch, data_dir, tmp_path, answer)
    assert code == 0 and rows == [draft.id]
    assert seen["buttons"] == ["Khôi phục bản sao gần nhất", "Mở thư mục dữ liệu", "Thoát"]


def test_19_zero_byte_store_with_copies_offers_them(qtbot, data_dir, answers, monkeypatch, tmp_path):
    path = data_dir / "cchc.sqlite3"
    with Store(path) as store:
        store.save_profile(sample_profile())
        draft = add_draft(store)
        ensure_daily_backup(store, today=dt.date(2024, 6, 1))
    path.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    seen = {}

    def answer(box):
        seen["text"] = box.text()
        click_button(qtbot, button(box, "Khôi phục bản sao gần nhất"))

    code, rows = _run_main_with(qtbot, monkeypatch, data_dir, tmp_path, answer)
    assert code == 0 and rows == [draft.id]
    assert "0 byte" in seen["text"]
