"""Attack 1 and 7: with another process holding SQLite's write lock, the GUI thread's small writes
(text size, the edit lock, "exported", the window's place, closing) froze the window for the 5 s
busy wait each, and «Tạo kỳ tiếp theo» copied the report without the edit still waiting to be
saved. Now they wait at most ``later.WAIT_S`` and are written when the lock is free
(``gui/later.py``); the next period refuses with a sentence while an edit is unsaved.
A real second process holds the lock (``tests/stress/hold_write_lock.py``)."""
from __future__ import annotations

import time

import pytest

from cchc_desktop.editing import SectionField
from cchc_desktop.gui import later
from cchc_desktop.outlines import new_draft

from .test_busy_save import LockHolder, Ticker

pytestmark = pytest.mark.gui

FROZEN = 1.0  # seconds without a 20 ms tick: the 5 s busy wait is far above, a short wait far below


def test_zoom_lock_refresh_and_position_do_not_freeze_and_land_later(qtbot, report_window, profiled_store):
    from cchc_desktop.gui.text_zoom import ZOOM_KEY

    session = report_window.session
    failures: list[str] = []
    session.saveFailed.connect(failures.append)
    ticker = Ticker()
    holder = LockHolder(profiled_store.path)
    try:
        start = time.monotonic()
        report_window.zoom.change(1.0)
        session._refresh_lock()
        report_window._save_position()
        qtbot.wait(300)
        assert ticker.longest_gap(start) < FROZEN, "a small write froze the window"
        assert failures == [], "a lock refresh that met a busy store is not a failed save"
        assert later.writes().pending(), "the writes wait for the lock"
    finally:
        holder.release()
    qtbot.waitUntil(lambda: not later.writes().pending(), timeout=5000)
    assert profiled_store.get_setting(ZOOM_KEY) == 1.0


def test_export_mark_waits_for_a_busy_store(qtbot, report_window, profiled_store, answers, export_dir):
    holder = LockHolder(profiled_store.path)
    try:
        report_window.exporter.export()
        qtbot.waitUntil(lambda: not report_window.exporter.is_busy() and any(export_dir.glob("*.docx")),
                        timeout=60000)
        assert profiled_store.draft_summary(report_window.session.draft_id).state == "drafting"
        assert not [s for s in answers.shown if s[0] == "error"], answers.shown
    finally:
        holder.release()
    qtbot.waitUntil(lambda: profiled_store.draft_summary(report_window.session.draft_id).state == "exported",
                    timeout=5000)


def test_closing_over_a_busy_store_is_quick_and_the_lock_goes_later(qtbot, report_window, profiled_store):
    draft_id = report_window.session.draft_id
    holder = LockHolder(profiled_store.path)
    try:
        start = time.monotonic()
        report_window.close()
        took = time.monotonic() - start
        assert took < FROZEN, f"closing took {took:.1f} s"
    finally:
        holder.release()
    qtbot.waitUntil(lambda: not later.writes().pending(), timeout=5000)
    profiled_store.acquire_lock(draft_id, "another window")  # released: no DraftLockedError


def test_next_period_refuses_while_an_edit_waits_for_the_store(qtbot, home, profiled_store, answers):
    draft = new_draft("periodic", profile=profiled_store.load_profile())
    profiled_store.create_draft(draft)
    home.refresh()
    home.select(draft.id)
    window = home.open_draft(draft.id)
    window.session.close_patience = 0.3
    section = next(s for _p, s in window.session.draft.iter_sections())
    holder = LockHolder(profiled_store.path)
    try:
        window.session.editor.set(SectionField(section.id, "text"), "Kết quả quan trọng vừa gõ.", initiator="test")
        qtbot.wait(100)
        before = {d.id for d in profiled_store.list_drafts()}
        home.select(draft.id)
        home.next_period()
        assert {d.id for d in profiled_store.list_drafts()} == before, "no copy without the edit"
        assert any(kind == "error" and "chưa lưu được" in text for kind, text in answers.shown), answers.shown
    finally:
        holder.release()
    qtbot.waitUntil(lambda: not window.session.has_pending(), timeout=5000)
    answers.shown.clear()
    home.select(draft.id)
    home.next_period()
    new = [d for d in profiled_store.list_drafts() if d.id != draft.id]
    assert len(new) == 1
    copied = next(s for _p, s in profiled_store.load_draft(new[0].id).iter_sections())
    assert copied.text == "Kết quả quan trọng vừa gõ."
