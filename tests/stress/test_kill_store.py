"""Crash safety of field saves: a child saves field by field and is SIGKILLed at random moments,
many times over the same database. After every kill the file passes ``PRAGMA integrity_check``,
opens with ``Store`` and holds every save whose ``save_field`` had returned (the state is the
one after the last acknowledged save, or after the one that was running when the kill came).

``CCHC_KILL_ROUNDS=500 pytest tests/stress/test_kill_store.py`` for a long run (CI: 40).
"""
from __future__ import annotations

import random
import sqlite3
import struct
from pathlib import Path

import pytest
from killing import rounds, run_and_kill
from stress_child_save import EXAMPLE, FIELDS, field_for, read_field

from cchc_desktop.draft import Draft
from cchc_desktop.editing import edit, ref_from_path
from cchc_desktop.store import Store

CHILD = str(Path(__file__).with_name("stress_child_save.py"))


def expected_state(base: Draft, k: int) -> dict:
    """Field values after saves 0..k (k = -1: none), as the draft model normalises them."""
    d = base.copy()
    n = len(FIELDS)
    for f in range(n):
        last = k - ((k - f) % n) if k >= f else None
        if last is not None:
            path, value = field_for(last)
            edit(d, ref_from_path(path), value)
    return {p: read_field(d, p) for p in FIELDS}


def integrity(db: Path) -> str:
    con = sqlite3.connect(str(db))
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def make_db(tmp_path: Path) -> tuple[Path, Draft]:
    db = tmp_path / "cchc.sqlite3"
    base = Draft.from_json(EXAMPLE.read_text(encoding="utf-8"))
    with Store(db) as s:
        s.create_draft(base)
    return db, base


def check_after_kill(db: Path, base: Draft, acked: int, attempted_max: int, label: str) -> int:
    """Assert the state is after save ``acked`` or ``acked + 1``; returns which."""
    assert integrity(db) == "ok", f"{label}: integrity_check failed"
    with Store(db) as s:
        draft = s.load_draft(base.id)
    found = {p: read_field(draft, p) for p in FIELDS}
    for k in (acked, min(acked + 1, attempted_max)):
        if found == expected_state(base, k):
            return k
    want = expected_state(base, acked)
    diff = {p: (found[p][:40], want[p][:40]) for p in FIELDS if found[p] != want[p]}
    raise AssertionError(f"{label}: acknowledged save {acked} lost; (found, wanted): {diff}")


@pytest.mark.slow
def test_sigkill_during_field_saves_never_loses_an_acknowledged_save(tmp_path):
    db, base = make_db(tmp_path)
    rng = random.Random(20240614)
    n_rounds = rounds(40)
    next_i, total_acks, kills_before_ready = 0, 0, 0
    for r in range(n_rounds):
        early = rng.random() < 0.15  # some kills land while the store is opening
        snapshot = rng.choice(["5", "0"])  # "0": every save also writes a revision
        delay = rng.uniform(0.0, 0.35) if not early else rng.uniform(0.0, 0.4)
        lines = run_and_kill([CHILD, str(db), base.id, str(next_i), snapshot], delay, wait_ready=not early)
        acks = [int(x.split()[1]) for x in lines if x.startswith("ack ")]
        if "ready" not in lines:
            kills_before_ready += 1
        total_acks += len(acks)
        acked = acks[-1] if acks else next_i - 1
        state = check_after_kill(db, base, acked, acked + 1, f"round {r}")
        next_i = state + 1
    print(f"\n{n_rounds} kills, {total_acks} acknowledged saves checked, "
          f"{kills_before_ready} kills before the store was ready")
    assert total_acks > n_rounds, "the child made too few saves to prove anything"


def tear_wal(db: Path, rng: random.Random) -> bool:
    """Cut the WAL at a random byte after the frames already checkpointed (those were synced
    before the checkpoint copied them, so a power cut cannot take them). True if cut."""
    wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
    if not wal.exists() or wal.stat().st_size <= 32:
        return False
    page_size = struct.unpack(">I", wal.read_bytes()[8:12])[0]
    backfilled = 0
    if shm.exists() and shm.stat().st_size >= 100:
        backfilled = struct.unpack("=I", shm.read_bytes()[96:100])[0]  # WalCkptInfo.nBackfill
    keep = 32 + backfilled * (24 + page_size)
    size = wal.stat().st_size
    if keep >= size:
        return False
    with wal.open("r+b") as fh:
        fh.truncate(rng.randrange(keep, size))
    return True


@pytest.mark.slow
def test_power_cut_torn_wal_leaves_a_consistent_earlier_state(tmp_path):
    """A power cut loses what the OS had not written yet. Simulated: after a kill, the WAL is
    cut at a random byte (a torn tail). With ``synchronous=NORMAL`` recent commits may go, but
    the file must stay sound and show the draft exactly as after some earlier save."""
    db, base = make_db(tmp_path)
    rng = random.Random(7)
    next_i, lost = 0, 0
    for r in range(max(4, rounds(40) // 4)):
        lines = run_and_kill([CHILD, str(db), base.id, str(next_i)], rng.uniform(0.05, 0.3))
        acks = [int(x.split()[1]) for x in lines if x.startswith("ack ")]
        last = acks[-1] + 1 if acks else next_i
        cut = tear_wal(db, rng)
        assert integrity(db) == "ok", f"round {r}: integrity_check failed after a torn WAL"
        with Store(db) as s:
            draft = s.load_draft(base.id)
        found = {p: read_field(draft, p) for p in FIELDS}
        states = [k for k in range(last, -2, -1) if expected_state(base, k) == found]
        assert states, f"round {r}: the draft matches no state a sequence of saves can produce"
        lost += last - states[0] - 1 if cut else 0
        next_i = states[0] + 1  # the sequence goes on from what survived
    print(f"\npower cuts: {lost} unsynced saves lost in total (allowed with synchronous=NORMAL)")
