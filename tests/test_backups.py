"""Rolling daily copies of the store and restoring one (``store/backups.py``)."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest

from cchc_desktop.draft import Draft
from cchc_desktop.store import SCHEMA_VERSION, Store
from cchc_desktop.store.backups import BackupError, backups_dir, ensure_daily_backup, list_backups, restore_backup


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "cchc.sqlite3") as s:
        yield s


def _draft(summary: str) -> Draft:
    d = Draft()
    d.meta.summary = summary
    return d


def test_one_copy_a_day_and_only_the_newest_kept(store, tmp_path):
    draft_id = store.create_draft(_draft("Báo cáo quý I"))
    day0 = dt.date(2024, 6, 1)
    first = ensure_daily_backup(store, keep=3, today=day0)
    assert first == tmp_path / "backups" / "cchc-2024-06-01.sqlite3" and first.exists()
    store.save_field(draft_id, ("meta", "summary"), "Đã sửa")
    assert ensure_daily_backup(store, keep=3, today=day0) is None  # at most one a day
    with Store(first) as copy:
        assert copy.load_draft(draft_id).meta.summary == "Báo cáo quý I"
    for n in range(1, 6):
        ensure_daily_backup(store, keep=3, today=day0 + dt.timedelta(days=n))
    (tmp_path / "backups" / "ghi-chu.txt").write_text("không phải bản sao")
    infos = list_backups(tmp_path / "backups")
    assert [i.date.day for i in infos] == [6, 5, 4]
    assert all(i.kind == "daily" and i.size > 0 for i in infos)
    assert infos[0].label.startswith("Bản sao ngày 06/06/2024")
    assert (tmp_path / "backups" / "ghi-chu.txt").exists()  # other files are never pruned
    with Store(infos[0].path) as copy:
        assert copy.load_draft(draft_id).meta.summary == "Đã sửa"
        assert copy.schema_version == SCHEMA_VERSION


def test_default_folder_is_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    assert backups_dir() == tmp_path / "data" / "backups"
    assert list_backups() == []
    with Store() as s:
        path = ensure_daily_backup(s)
    assert path.parent == tmp_path / "data" / "backups"
    assert [b.path for b in list_backups()] == [path]


def test_restore_keeps_a_safety_copy_and_replaces_the_file(store, tmp_path):
    draft_id = store.create_draft(_draft("Bản cũ"))
    copy = ensure_daily_backup(store, today=dt.date(2024, 6, 1))
    store.save_field(draft_id, ("meta", "summary"), "Bản mới chưa sao lưu")
    other = store.create_draft(_draft("Tạo sau bản sao"))
    store.close()
    safety = restore_backup(copy, store.path)
    assert safety is not None and safety.parent == tmp_path / "backups"
    assert not store.path.with_name("cchc.sqlite3-wal").exists()
    with Store(store.path) as s:
        assert s.load_draft(draft_id).meta.summary == "Bản cũ"
        assert not s.exists(other)
        s.check_integrity()
    with Store(safety) as s:  # nothing of the user's data is lost by restoring
        assert s.load_draft(draft_id).meta.summary == "Bản mới chưa sao lưu" and s.exists(other)
    assert [b.kind for b in list_backups(tmp_path / "backups")] == ["before-restore", "daily"]


def test_restore_over_a_damaged_file_copies_it_byte_for_byte(store, tmp_path):
    draft_id = store.create_draft(_draft("Còn tốt"))
    copy = ensure_daily_backup(store, today=dt.date(2024, 6, 1))
    store.close()
    garbage = b"SQLite format 3\x00" + os.urandom(5000)
    store.path.write_bytes(garbage)
    safety = restore_backup(copy, store.path)
    assert safety.read_bytes() == garbage
    with Store(store.path) as s:
        assert s.load_draft(draft_id).meta.summary == "Còn tốt"


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50), "hỏng"),
    (lambda p: p.write_bytes(b"PK\x03\x04 a zip, not a database" * 10), "hỏng"),
    (lambda p: sqlite3.connect(str(p)).execute("CREATE TABLE x (a)").connection.commit(), "không phải bản sao lưu"),
    (lambda p: None, "Không tìm thấy"),
])
def test_bad_copies_are_refused_and_the_store_untouched(store, tmp_path, make, words):
    store.create_draft(_draft("Giữ nguyên"))
    store.close()
    before = store.path.read_bytes()
    bad = tmp_path / "backups" / "cchc-2024-06-01.sqlite3"
    bad.parent.mkdir(exist_ok=True)
    make(bad)
    with pytest.raises(BackupError) as info:
        restore_backup(bad, store.path)
    assert words in str(info.value)
    assert store.path.read_bytes() == before
    assert not [b for b in list_backups(bad.parent) if b.kind == "before-restore"]


def test_newer_copy_is_refused(store, tmp_path):
    store.close()
    newer = tmp_path / "newer.sqlite3"
    with Store(newer):
        pass
    con = sqlite3.connect(str(newer))
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(BackupError, match="phiên bản mới hơn"):
        restore_backup(newer, store.path)


def test_restore_refused_while_another_process_holds_a_draft(store, tmp_path):
    draft_id = store.create_draft(_draft("Đang mở"))
    copy = ensure_daily_backup(store, today=dt.date(2024, 6, 1))
    with store.db.write() as con:  # a lock row of a live process other than this one
        con.execute("INSERT INTO locks (draft_id, owner, pid, host, heartbeat, acquired_at) "
                    "VALUES (?, 'w', ?, ?, '2099-01-01', '2099-01-01')",
                    (draft_id, os.getppid(), __import__("socket").gethostname()))
    store.close()
    with pytest.raises(BackupError, match="cửa sổ khác"):
        restore_backup(copy, store.path)


def test_failed_backup_is_reported_in_vietnamese(store, tmp_path):
    (tmp_path / "backups").write_text("a file where the folder should be")
    with pytest.raises(BackupError, match="Không tạo được bản sao lưu"):
        ensure_daily_backup(store, today=dt.date(2024, 6, 1))


def test_backups_is_a_plain_object_behind_the_store_front(tmp_path):
    """``store.backups`` (issue 12 item 6): the same copies, check and restore as the functions;
    a restore through it is refused while its store is open."""
    from cchc_desktop.store.backups import Backups

    path = tmp_path / "cchc.sqlite3"
    store = Store(path)
    draft_id = store.create_draft(_draft("Trước"))
    copy = store.backups.ensure_daily(today=dt.date(2024, 6, 1))
    assert copy is not None and store.backups.ensure_daily(today=dt.date(2024, 6, 1)) is None
    assert store.backups.folder == backups_dir(path)
    assert store.backups.copies() == list_backups(backups_dir(path))
    (backups_dir(path) / "cchc-2024-05-31.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert [i.path for i in store.backups.intact()] == [copy]  # the damaged older one is left out
    assert store.backups.check(copy) == SCHEMA_VERSION
    store.save_field(draft_id, ("meta", "summary"), "Sau")
    with pytest.raises(BackupError, match="đóng dữ liệu"):
        store.backups.restore(copy)
    store.close()
    safety = store.backups.restore(copy)
    assert safety is not None and safety.exists()
    with Store(path) as again:
        assert again.load_draft(draft_id).meta.summary == "Trước"
    assert any(i.path == safety for i in Backups(path).copies())
    with pytest.raises(BackupError):
        Backups(path).ensure_daily()  # no open store: nothing to copy from
