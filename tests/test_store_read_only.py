"""Issue 11 item 20: a sound store on a read-only medium (a CD, a write-protected card, a
folder copy with read-only files) is opened read-only: the list and the reports can be read,
every write is refused with a Vietnamese sentence saying what to do, and no byte of the folder
changes. The medium is made really read-only (tests/readonly_medium.py), also when run as root."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from cchc_desktop.draft import Draft
from cchc_desktop.store import Profile, Store, StoreReadOnlyError
from tests.readonly_medium import read_only_medium

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "phuong-1-6t-2024.json"


def example() -> Draft:
    return Draft.from_json(EXAMPLE.read_text(encoding="utf-8"))


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def make_store(folder: Path) -> None:
    with Store(folder / "cchc.sqlite3") as s:
        draft_id = s.create_draft(example())
        s.save_field(draft_id, ("meta", "summary"), "Báo cáo trên đĩa CD")
        s.save_profile(Profile(issuing_body="ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"))
    shutil.rmtree(folder / ".open", ignore_errors=True)


@pytest.mark.parametrize("method", ["mount", "chattr", "chmod"])
def test_sound_store_on_read_only_medium_is_opened_for_reading(tmp_path, method):
    folder = tmp_path / "cd"
    with read_only_medium(folder, make_store, method):
        before = fingerprint(folder)
        with Store(folder / "cchc.sqlite3") as store:
            assert store.read_only
            rows = store.list_drafts()
            assert [r.summary for r in rows] == ["Báo cáo trên đĩa CD"]
            draft = store.load_draft(rows[0].id)
            assert draft.meta.summary == "Báo cáo trên đĩa CD" and draft.annex
            assert store.load_profile().issuing_body == "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
            writes = [
                lambda: store.save_field(rows[0].id, ("meta", "summary"), "sửa"),
                lambda: store.create_draft(example()),
                lambda: store.delete_draft(rows[0].id),
                lambda: store.save_profile(Profile()),
                lambda: store.set_setting("zoom", 2),
                lambda: store.acquire_lock(rows[0].id, "w1"),
                lambda: store.mark_exported(rows[0].id, "/x.docx"),
            ]
            for write in writes:
                with pytest.raises(StoreReadOnlyError) as caught:
                    write()
                text = str(caught.value)
                assert text.startswith("Dữ liệu đang mở ở chế độ chỉ đọc"), text
                assert "chép cả thư mục dữ liệu sang ổ đĩa có quyền ghi" in text
            backup = store.backup_to(tmp_path / "ban-sao.sqlite3")  # reading it to elsewhere works
        assert fingerprint(folder) == before
    with sqlite3.connect(backup) as con:
        assert con.execute("SELECT summary FROM drafts").fetchall() == [("Báo cáo trên đĩa CD",)]


def make_store_copied_while_running(folder: Path) -> None:
    """The folder copied while the app ran: the file and its -wal (with the newest saves), no -shm."""
    live = folder.parent / "live"
    live.mkdir()
    store = Store(live / "cchc.sqlite3")
    try:
        store.db._checkpointer.stop.set()  # keep the newest saves in the WAL, as between checkpoints
        draft_id = store.create_draft(example())
        store.save_field(draft_id, ("meta", "summary"), "Lưu cuối cùng, còn trong WAL")
        for suffix in ("", "-wal"):
            shutil.copyfile(live / f"cchc.sqlite3{suffix}", folder / f"cchc.sqlite3{suffix}")
    finally:
        store.close()
    assert (folder / "cchc.sqlite3-wal").stat().st_size > 32


@pytest.mark.parametrize("method", ["mount", "chattr"])
def test_copy_with_wal_and_no_shm_shows_the_newest_saves(tmp_path, method):
    folder = tmp_path / "cd"
    with read_only_medium(folder, make_store_copied_while_running, method):
        before = fingerprint(folder)
        with Store(folder / "cchc.sqlite3") as store:
            assert store.read_only
            assert [r.summary for r in store.list_drafts()] == ["Lưu cuối cùng, còn trong WAL"]
            private = store.db._private_copy
            assert private is not None and private.is_dir()
        assert not private.exists()  # removed at close
        assert fingerprint(folder) == before


def test_read_only_mode_asked_for_on_a_writable_folder(tmp_path):
    """The mode itself, without a read-only medium: nothing is written, the file is unchanged."""
    folder = tmp_path / "data"
    folder.mkdir()
    make_store(folder)
    before = (folder / "cchc.sqlite3").read_bytes()
    with Store(folder / "cchc.sqlite3", read_only=True) as store:
        assert store.read_only and len(store.list_drafts()) == 1
        with pytest.raises(StoreReadOnlyError):
            store.save_profile(Profile())
    assert (folder / "cchc.sqlite3").read_bytes() == before
    with Store(folder / "cchc.sqlite3") as again:  # and it opens for writing as before
        assert not again.read_only


def test_older_store_on_read_only_medium_says_it_needs_upgrading(tmp_path):
    folder = tmp_path / "cd"

    def fill(f: Path) -> None:
        shutil.copyfile(ROOT / "tests" / "fixtures" / "store-v1.sqlite", f / "cchc.sqlite3")

    with read_only_medium(folder, fill, "chattr"):
        with pytest.raises(StoreReadOnlyError) as caught:
            Store(folder / "cchc.sqlite3")
        assert "phiên bản cũ hơn" in str(caught.value) and "chép cả thư mục dữ liệu" in str(caught.value)
