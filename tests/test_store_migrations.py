"""Migrations: the committed v1 file is upgraded, copied aside first, and its drafts survive."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cchc_desktop.store import SCHEMA_VERSION, Store, StoreError, migrations

FIXTURE = Path(__file__).parent / "fixtures" / "store-v1.sqlite"
IDS = ("a1" * 16, "b2" * 16, "c3" * 16)


@pytest.fixture
def old_db(tmp_path) -> Path:
    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURE, path)
    return path


def test_fixture_is_really_version_1():
    con = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        cols = {r[1] for r in con.execute("PRAGMA table_info(drafts)")}
        assert "search_key" not in cols and "state" not in cols
    finally:
        con.close()
    assert SCHEMA_VERSION >= 2, "the fixture must exercise at least one upgrade"


def test_v1_file_is_upgraded_and_drafts_survive(old_db):
    original = old_db.read_bytes()
    with Store(old_db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert {d.id for d in s.list_drafts()} == set(IDS[:2])
        assert [d.id for d in s.list_drafts(deleted_only=True)] == [IDS[2]]
        d = s.load_draft(IDS[0])
        assert d.meta.summary == "Công tác cải cách hành chính 6 tháng đầu năm 2024"
        assert d.annex_cell(1, "1")["value"] == "12" and d.signer.name == "Nguyễn Văn Bình"
        assert d.outline[0].children[0].title == "Kế hoạch cải cách hành chính"
        # the v2 columns were filled in for old rows
        assert s.draft_summary(IDS[0]).state == "drafting"
        assert [x.id for x in s.list_drafts("quang khai 6 thang")] == [IDS[0]]
        # revisions and the profile came along
        assert [r.reason for r in s.revisions(IDS[0])] == ["Tự động", "Tạo mới"]
        assert s.load_revision(s.revisions(IDS[0])[-1].id).outline[0].text == "Bản đầu tiên."
        assert s.load_profile().upper_level_name == "Sở Nội vụ tỉnh Hải Dương"
        # the old lock of a crashed app on another PC is stale (heartbeat from 2024)
        assert s.lock_holder(IDS[1]) is None
        s.acquire_lock(IDS[1], "w")
        # and the upgraded store works as usual
        s.save_field(IDS[0], ("meta", "place"), "Xã Quang Khải")
        assert s.load_draft(IDS[0]).meta.place == "Xã Quang Khải"
    backup = old_db.with_name(f"cchc.sqlite3.before-v{SCHEMA_VERSION}.bak")
    assert backup.exists(), "a copy must be taken before migrating"
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM drafts").fetchone()[0] == 3
    finally:
        con.close()
    assert original != old_db.read_bytes()


def test_reopening_takes_no_second_copy(old_db):
    Store(old_db).close()
    Store(old_db).close()
    assert len(list(old_db.parent.glob("*.bak"))) == 1


def test_a_failing_step_leaves_the_previous_version(old_db, monkeypatch):
    """Each step is one transaction: a crash half-way keeps the file at the old version."""

    def broken(con):
        con.execute("ALTER TABLE drafts ADD COLUMN state TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    with pytest.raises(StoreError) as info:
        Store(old_db)
    assert "ổ đĩa" in str(info.value)
    con = sqlite3.connect(old_db)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "state" not in {r[1] for r in con.execute("PRAGMA table_info(drafts)")}
        assert con.execute("SELECT count(*) FROM drafts").fetchone()[0] == 3
    finally:
        con.close()
    monkeypatch.undo()
    with Store(old_db) as s:  # the real migration still works afterwards
        assert s.schema_version == SCHEMA_VERSION


def test_every_step_from_empty(tmp_path):
    """Each version reachable step by step gives the same schema as a fresh store."""
    a = sqlite3.connect(tmp_path / "steps.sqlite3", isolation_level=None)
    for v in range(1, SCHEMA_VERSION + 1):
        assert migrations.migrate(a, target=v) == v
    with Store(tmp_path / "fresh.sqlite3"):
        pass
    b = sqlite3.connect(tmp_path / "fresh.sqlite3")
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert a.execute(schema).fetchall() == b.execute(schema).fetchall()
    a.close()
    b.close()
