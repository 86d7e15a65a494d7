"""Crash safety of migrations: SIGKILL while ``Store`` opens (checks, copies aside, migrates) a
version-1 file made from ``tests/fixtures/store-v1.sqlite`` grown to a few thousand drafts, so
the kill lands inside the copy or the migration.

After each kill: the file opens at the latest version with every draft, or (if it does not
open) the copy taken before migrating, ``<name>.before-v{N}.bak``, put back in its place,
opens with every draft. The restore path is written down in docs/reliability.md.
"""
from __future__ import annotations

import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from killing import rounds, run_and_kill

from cchc_desktop.store import SCHEMA_VERSION, Store, StoreError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store-v1.sqlite"
CHILD = str(Path(__file__).with_name("stress_child_migrate.py"))
N_EXTRA = 1500


def grow_v1(path: Path) -> int:
    """The v1 fixture with N_EXTRA more drafts (copies of its first document); returns the count."""
    shutil.copyfile(FIXTURE, path)
    con = sqlite3.connect(str(path))
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(drafts)")]
        row = con.execute(f"SELECT {', '.join(cols)} FROM drafts LIMIT 1").fetchone()
        with con:
            for i in range(N_EXTRA):
                values = list(row)
                values[cols.index("id")] = f"{i:032x}"
                values[cols.index("deleted_at")] = None
                con.execute(f"INSERT INTO drafts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values)
        return con.execute("SELECT count(*) FROM drafts").fetchone()[0]
    finally:
        con.close()


def open_time(path: Path) -> float:
    probe = path.with_name("probe.sqlite3")
    shutil.copyfile(path, probe)
    t = time.perf_counter()
    Store(probe).close()
    return time.perf_counter() - t


def count_and_version(path: Path) -> tuple[int, int]:
    with Store(path) as s:
        s.check_integrity()
        return len(s.list_drafts(include_deleted=True)), s.schema_version


def restore_from_bak(db: Path) -> Path:
    """What a user (or support) does when the file does not open after a crash mid-migration."""
    baks = sorted(db.parent.glob(db.name + ".before-v*.bak"), key=lambda p: p.stat().st_mtime)
    assert baks, "the file does not open and there is no copy taken before migrating"
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(baks[-1], db)
    return baks[-1]


@pytest.mark.slow
def test_sigkill_during_migration_is_recoverable(tmp_path):
    template = tmp_path / "v1.sqlite3"
    n_drafts = grow_v1(template)
    window = open_time(template)
    rng = random.Random(99)
    outcomes = {"killed before the copy": 0, "killed during the copy": 0, "killed after the copy (migrating)": 0,
                "migrated before the kill": 0, "needed the .bak": 0, ".bak restore checked": 0}
    for r in range(max(6, rounds(40) // 4)):
        case = tmp_path / f"r{r}"
        case.mkdir()
        db = case / "cchc.sqlite3"
        shutil.copyfile(template, db)
        lines = run_and_kill([CHILD, str(db)], rng.uniform(0, window * 1.1))
        finished = any(x.startswith("opened") for x in lines)
        baks = list(case.glob("cchc.sqlite3.before-v*.bak"))
        if finished:
            outcomes["migrated before the kill"] += 1
        elif baks:
            outcomes["killed after the copy (migrating)"] += 1
        elif list(case.glob("*.part")):
            outcomes["killed during the copy"] += 1
        else:
            outcomes["killed before the copy"] += 1
        if baks:  # the restore path works whatever state the file itself is in
            spare = case / "restore-check" / "cchc.sqlite3"
            spare.parent.mkdir()
            shutil.copyfile(db, spare)
            for bak in baks:
                shutil.copyfile(bak, spare.with_name(bak.name))
            restore_from_bak(spare)
            assert count_and_version(spare) == (n_drafts, SCHEMA_VERSION)
            outcomes[".bak restore checked"] += 1
        try:
            count, version = count_and_version(db)
        except StoreError as exc:
            assert not finished, f"round {r}: a store that opened fine does not open again: {exc}"
            restore_from_bak(db)
            count, version = count_and_version(db)
            outcomes["needed the .bak"] += 1
        assert version == SCHEMA_VERSION and count == n_drafts, f"round {r}: {count} drafts at v{version}"
        # every complete copy aside is a sound old-version file with all drafts
        for bak in case.glob("cchc.sqlite3.before-v*.bak"):
            con = sqlite3.connect(f"file:{bak}?mode=ro", uri=True)
            try:
                assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                # v1, or a later old version when a kill came between two migration steps
                assert 1 <= con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION
                assert con.execute("SELECT count(*) FROM drafts").fetchone()[0] == n_drafts
            finally:
                con.close()
        shutil.rmtree(case)
    print(f"\nopen+migrate window {window * 1000:.0f} ms; outcomes: {outcomes}")
