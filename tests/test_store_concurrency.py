"""Several processes on one store file: nothing lost, nothing corrupted; edit locks across
processes and windows. Real processes (``spawn``, as on Windows), real files."""
from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import time

import pytest

from cchc_desktop.draft import Draft, Section
from cchc_desktop.store import DraftLockedError, Store

CTX = mp.get_context("spawn")
N_FIELDS = 150
N_DRAFTS = 25


def make_draft() -> Draft:
    d = Draft()
    d.meta.summary = "Công tác cải cách hành chính 6 tháng đầu năm 2024"
    d.outline = [Section(title="Chỉ đạo", text="x" * 5000)]
    return d


# ----- workers (module level: spawn imports them) ----------------------------------------------
def _writer(path: str, draft_id: str, tag: str, start, snapshot_minutes: float) -> None:
    store = Store(path, snapshot_minutes=snapshot_minutes)
    start.wait(30)
    for i in range(N_FIELDS):
        store.save_field(draft_id, ("annex", "1", f"{tag}.{i}", "value"), str(i))
        if i % 10 == 0:
            store.save_field(draft_id, ("meta", "place" if tag == "A" else "addressee"), f"{tag}{i}")
        if i % 6 == 0:
            store.create_draft(make_draft())
    store.save_field(draft_id, ("meta", "place" if tag == "A" else "addressee"), f"{tag}-done")
    store.close()


def _holder(path: str, draft_id: str, acquired, release, results, clean_exit: bool) -> None:
    store = Store(path)
    store.acquire_lock(draft_id, "window-A")
    acquired.set()
    release.wait(30)
    if not clean_exit:
        os._exit(0)  # a crash: the lock row stays behind
    try:
        store.refresh_lock(draft_id, "window-A")
        results.put("still mine")
    except DraftLockedError as exc:
        results.put(f"lost to {exc.holder['owner']}")
    store.close()


# ----- tests -----------------------------------------------------------------------------------
@pytest.mark.parametrize("snapshot_minutes", [5, 0])  # 0: a revision at every save as well
def test_two_processes_write_the_same_draft(tmp_path, snapshot_minutes):
    path = tmp_path / "cchc.sqlite3"
    with Store(path) as store:
        draft_id = store.create_draft(make_draft())
    start = CTX.Event()
    procs = [CTX.Process(target=_writer, args=(str(path), draft_id, tag, start, snapshot_minutes))
             for tag in "AB"]
    for p in procs:
        p.start()
    try:
        time.sleep(0.5)
        start.set()  # both begin together and interleave their write transactions
        for p in procs:
            p.join(180)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join()
    assert [p.exitcode for p in procs] == [0, 0]

    with Store(path) as store:
        d = store.load_draft(draft_id)
        for tag in "AB":
            for i in range(N_FIELDS):
                assert d.annex_cell(1, f"{tag}.{i}")["value"] == str(i), (tag, i)
        assert (d.meta.place, d.meta.addressee) == ("A-done", "B-done")
        per_proc = len(range(0, N_FIELDS, 6))
        assert len(store.list_drafts()) == 1 + 2 * per_proc
        for s in store.list_drafts():
            store.load_draft(s.id)
        if snapshot_minutes == 0:
            revs = store.revisions(draft_id)
            assert len(revs) > 100
            for r in revs[:5]:
                store.load_revision(r.id)
        store.check_integrity()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_draft_open_in_another_process_is_reported(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    with Store(path) as store:
        draft_id = store.create_draft(make_draft())
    acquired, release, results = CTX.Event(), CTX.Event(), CTX.Queue()
    p = CTX.Process(target=_holder, args=(str(path), draft_id, acquired, release, results, True))
    p.start()
    try:
        assert acquired.wait(60)
        with Store(path) as store:
            holder = store.lock_holder(draft_id)
            assert holder["pid"] == p.pid and holder["owner"] == "window-A" and holder["since"]
            with pytest.raises(DraftLockedError) as info:
                store.acquire_lock(draft_id, "window-B")
            err = info.value
            assert err.pid == p.pid and err.host == holder["host"] and err.since == holder["since"]
            assert "đang được mở" in str(err) and str(p.pid) in str(err)
            with pytest.raises(DraftLockedError):
                store.delete_draft(draft_id)
            # saving fields is not blocked by the store itself: the GUI asks for the lock first
            release.set()
            assert results.get(timeout=60) == "still mine"
            p.join(60)
            assert p.exitcode == 0
            store.acquire_lock(draft_id, "window-B")  # never released, but its process has ended
            assert store.lock_holder(draft_id)["owner"] == "window-B"
    finally:
        if p.is_alive():
            p.kill()
            p.join()


def test_lock_of_a_crashed_process_is_taken_over(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    with Store(path) as store:
        draft_id = store.create_draft(make_draft())
    acquired, release, results = CTX.Event(), CTX.Event(), CTX.Queue()
    p = CTX.Process(target=_holder, args=(str(path), draft_id, acquired, release, results, False))
    p.start()
    assert acquired.wait(60)
    release.set()
    p.join(60)
    with Store(path) as store:
        raw = sqlite3.connect(path).execute("SELECT pid FROM locks").fetchone()
        assert raw == (p.pid,)  # the row is still there ...
        assert store.lock_holder(draft_id) is None  # ... but its process is gone
        store.acquire_lock(draft_id, "window-B")
        assert store.lock_holder(draft_id)["pid"] == os.getpid()


def test_lock_without_heartbeat_is_taken_over_and_the_old_holder_is_told(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    with Store(path) as store:
        draft_id = store.create_draft(make_draft())
    acquired, release, results = CTX.Event(), CTX.Event(), CTX.Queue()
    p = CTX.Process(target=_holder, args=(str(path), draft_id, acquired, release, results, True))
    p.start()
    try:
        assert acquired.wait(60)
        with Store(path, lock_stale_seconds=0.5) as store:
            time.sleep(1.0)  # the holder is alive but has not refreshed (hung window)
            store.acquire_lock(draft_id, "window-B")
            release.set()
            assert results.get(timeout=60) == "lost to window-B"
        p.join(60)
    finally:
        if p.is_alive():
            p.kill()
            p.join()


def test_two_windows_of_one_process(tmp_path):
    with Store(tmp_path / "cchc.sqlite3") as store:
        draft_id = store.create_draft(make_draft())
        store.acquire_lock(draft_id, "window-1")
        store.acquire_lock(draft_id, "window-1")  # re-entrant for its owner
        with pytest.raises(DraftLockedError):
            store.acquire_lock(draft_id, "window-2")
        with pytest.raises(DraftLockedError):
            store.delete_draft(draft_id, owner="window-2")
        store.release_lock(draft_id, "window-2")  # not the holder: no effect
        assert store.lock_holder(draft_id)["owner"] == "window-1"
        store.release_lock(draft_id, "window-1")
        assert store.lock_holder(draft_id) is None
        store.acquire_lock(draft_id, "window-2")
        store.delete_draft(draft_id, owner="window-2")
        store.release_all_locks()
        assert store.lock_holder(draft_id) is None
