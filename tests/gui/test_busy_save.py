"""Issue 12 item 3: a save that meets a busy store never freezes the window.

Another process really holds SQLite's write lock on the store file (``BEGIN IMMEDIATE`` in
``tests/stress/hold_write_lock.py``). While it does, the report window keeps running its event
loop (a 20 ms QTimer keeps ticking), says "Đang chờ lưu…", keeps the edit unsaved (the close
guard sees it) and tries again; once the lock is released the edit lands and the window says
"Đã lưu lúc …".
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from cchc_desktop.gui import session as session_mod

from .driving import type_text

pytestmark = pytest.mark.gui

HOLDER = Path(__file__).resolve().parents[1] / "stress" / "hold_write_lock.py"


class LockHolder:
    """A second process holding the store's write lock until ``release()``."""

    def __init__(self, db: Path):
        self.proc = subprocess.Popen([sys.executable, str(HOLDER), str(db)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "released"
            self.proc.wait(10)


class Ticker:
    """A 20 ms QTimer recording when it fired: gaps show how long the event loop was blocked."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))
        self.timer.start()

    def longest_gap(self, since: float, until: float | None = None) -> float:
        """The longest time without a tick between ``since`` and ``until`` (the last tick)."""
        t = [since] + [x for x in self.times if x > since and (until is None or x <= until)]
        return max((b - a for a, b in zip(t, t[1:])), default=float("inf"))


def spy_writes(store) -> list:
    """Every ``write_draft`` the editor makes (the ``wait`` it asked for)."""
    calls: list = []
    original = store.write_draft

    def write_draft(*args, **kw):
        calls.append(kw.get("wait"))
        return original(*args, **kw)

    store.write_draft = write_draft
    return calls


def test_typing_while_another_process_holds_the_lock(qtbot, report_window, profiled_store):
    window = report_window
    session = window.session
    writes = spy_writes(profiled_store)
    before = profiled_store.load_draft(session.draft_id).meta.summary
    holder = LockHolder(profiled_store.path)
    try:
        ticker = Ticker()
        field = window.step("general").fields["summary"]
        field.clear()
        type_text(qtbot, field, "Bao cao cho luu")
        qtbot.waitUntil(lambda: session.waiting, timeout=3000)
        assert window.saved_label.text().startswith("Đang chờ lưu")
        start = time.monotonic()
        qtbot.wait(2500)  # the lock stays held: the autosave tries again on its timer
        assert len(writes) >= 3 and set(writes) == {session_mod.BUSY_WAIT_S}
        # the UI thread was never blocked for long: a try waits BUSY_WAIT_S, not the 5 s busy timeout
        assert ticker.longest_gap(start) < 0.5, ticker.longest_gap(start)
        assert len([t for t in ticker.times if t >= start]) >= 2.5 / 0.02 * 0.5
        assert session.has_pending() and session.waiting  # the close guard sees it unsaved
        assert profiled_store.load_draft(session.draft_id).meta.summary == before  # readers are not blocked
    finally:
        holder.release()
    qtbot.waitUntil(lambda: not session.has_pending(), timeout=5000)
    assert profiled_store.load_draft(session.draft_id).meta.summary == "Bao cao cho luu"
    assert window.saved_label.text().startswith("Đã lưu lúc") and not session.waiting


def test_closing_waits_for_the_lock_without_freezing(qtbot, report_window, profiled_store):
    window = report_window
    session = window.session
    draft_id = session.draft_id
    holder = LockHolder(profiled_store.path)
    try:
        field = window.step("general").fields["summary"]
        field.clear()
        type_text(qtbot, field, "Dong khi ban")
        ticker = Ticker()
        QTimer.singleShot(800, holder.release)  # the other program lets go while the window waits
        session.close_patience = 5.0
        start = time.monotonic()
        window.close()  # no question asked: the save lands within the patience
        end = time.monotonic()
    finally:
        holder.release()
    assert 0.7 < end - start < 5.0, end - start
    assert ticker.longest_gap(start, end) < 0.5, ticker.longest_gap(start, end)
    assert profiled_store.load_draft(draft_id).meta.summary == "Dong khi ban"
    assert not session.has_pending()
