"""One open draft in the GUI: the Qt face of a :class:`editing.DraftEditor` (timers, signals, the edit lock).

Widgets change the draft only through ``session.editor.set(ref, value, initiator=widget)``;
the editor applies it and sends a change notice, re-emitted here as ``notice(change, initiator)``
on the UI thread. Saving: the unsaved fields are written together ``PAUSE_MS`` after the last
edit, and never later than ``MAX_WAIT_MS`` after the first unsaved one, however fast the user
types (issue 13 item 3: a kill loses at most that half second). :meth:`flush` writes now
(step change, export, close) and says whether it could.

A busy store (another process holds SQLite's write lock) never freezes the window: a save waits
at most ``BUSY_WAIT_S`` for the lock, then keeps the edit unsaved, says so (``saveWaiting``:
"Đang chờ lưu…") and tries again on a timer (``RETRY_MS``, doubling up to ``RETRY_MAX_MS``)
until it lands ("Đã lưu lúc …"). Closing keeps trying for ``close_patience`` seconds while the
window repaints and its timers run, then hands over to ``unsaved_close``.
"""
from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from ..editing import DraftEditor
from ..store.errors import StoreBusyError
from .timefmt import local_datetime  # noqa: F401 - read from here too (history, locks)
from .timefmt import local_format as _local

if TYPE_CHECKING:  # only the type: a session builds no draft itself
    from ..draft import Draft

log = logging.getLogger(__name__)

PAUSE_MS = 250
MAX_WAIT_MS = 500
SAVE_DELAY_MS = MAX_WAIT_MS  # the longest an edit waits for its save (tests and docs read it)
LOCK_REFRESH_MS = 30_000
BUSY_WAIT_S = 0.05  # a save waits this long for another writer's lock (the UI thread is blocked meanwhile)
RETRY_MS = 500  # then it tries again after this, doubling up to RETRY_MAX_MS
RETRY_MAX_MS = 2000
CLOSE_PATIENCE_S = 5.0  # closing (and quitting) keeps trying this long, the window repainting meanwhile


def local_time(iso: str | None) -> str:
    """'14:32:05' in local time."""
    return _local(iso, "%H:%M:%S")


def lock_owner() -> str:
    """Who holds a lock: this machine, this process, this window."""
    import socket
    import uuid

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DraftSession(QObject):
    saved = Signal(str)  # updated_at of the last write
    saveFailed = Signal(str)  # Vietnamese message
    saveWaiting = Signal(str)  # the store is busy: the edit is kept and saved when it frees (message)
    notice = Signal(object, object)  # (editing.Change, initiator) after every change
    changed = Signal()  # any change reached the draft (for listeners that need no detail)

    def __init__(self, store, draft_id: str, read_only: bool = False, owner: str | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.draft_id = draft_id
        self.read_only = read_only
        self.owner = owner or lock_owner()
        self.editor = DraftEditor.open(store, draft_id, read_only=read_only)
        self.editor.subscribe(self._on_change)
        self.editor.on_saved(self.saved.emit)
        self.last_error = ""
        self.saved_elsewhere = ""  # a draft file written when closing could not save (unsaved_close)
        self.discarded = False  # the user chose to drop unsaved edits when closing
        self.waiting = False  # the last save met a busy store; a retry is scheduled
        self.close_patience = CLOSE_PATIENCE_S
        self._lock_timer: QTimer | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self._autosave)
        self._retry_ms = RETRY_MS
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._autosave)

    @property
    def draft(self) -> Draft:
        """The editor's draft, to read (the only copy in the window)."""
        return self.editor.draft

    @property
    def last_saved(self) -> str:
        return self.editor.last_saved

    # ----- lock -------------------------------------------------------------------------
    def acquire_lock(self) -> None:
        """Take the edit lock (raises the store's DraftLockedError) and keep it fresh."""
        if self.read_only:
            return
        self.store.acquire_lock(self.draft_id, self.owner)
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(LOCK_REFRESH_MS)
        self._lock_timer.timeout.connect(self._refresh_lock)
        self._lock_timer.start()

    def _refresh_lock(self) -> None:
        from ..store.errors import StoreBusyError
        from .later import WAIT_S

        try:
            with self.store.db.patience(WAIT_S):  # never a frozen window for a lock refresh
                self.store.refresh_lock(self.draft_id, self.owner)
        except StoreBusyError:  # the lock lasts several refreshes: the next one will do
            log.debug("edit lock of %s not refreshed: the store is busy", self.draft_id)
        except Exception as exc:  # noqa: BLE001 - shown, never fatal (logged)
            from ..errors import report_unexpected

            self.saveFailed.emit(report_unexpected(exc, "refreshing an edit lock"))

    def release_lock(self) -> None:
        if self._lock_timer is not None:
            self._lock_timer.stop()
            self._lock_timer = None
            from .later import write_soon

            store, draft_id, owner = self.store, self.draft_id, self.owner
            # a busy store: released a moment later, never a frozen window (it also expires on its own)
            write_soon(store, f"lock:{draft_id}:{owner}", lambda: store.release_lock(draft_id, owner),
                       "releasing an edit lock")

    def close(self) -> bool:
        """Write what is unsaved and let go of the lock. False (lock kept) when the write failed."""
        if not self.flush(self.close_patience):
            return False
        self.release_lock()
        return True

    # ----- edits (widgets call session.editor.set / set_many; nothing here changes a field) -----
    def _on_change(self, change, initiator) -> None:
        if self.editor.has_pending() and not self._retry_timer.isActive():  # while waiting, the retry saves
            waited = int(self.editor.unsaved_for() * 1000)
            self._save_timer.start(max(0, min(PAUSE_MS, MAX_WAIT_MS - waited)))
        self.notice.emit(change, initiator)
        self.changed.emit()

    def _autosave(self) -> None:
        self._save_once()

    def _save_once(self) -> bool | None:
        """One try: True saved (or nothing to save), None the store is busy (retry scheduled,
        ``saveWaiting``), False it refused for another reason (``saveFailed``). The fields stay
        unsaved unless True."""
        self._save_timer.stop()
        self._retry_timer.stop()
        try:
            written = self.editor.save(wait=BUSY_WAIT_S)
        except StoreBusyError as exc:
            self.last_error = str(exc)
            if not self.waiting:
                self.waiting = True
                log.info("store busy: the save of %s waits", self.draft_id)
                self.saveWaiting.emit(self.last_error)
            self._retry_timer.start(self._retry_ms)
            self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)
            return None
        except Exception as exc:  # noqa: BLE001 - kept unsaved, told to the user (logged)
            from ..errors import report_unexpected

            self.last_error = report_unexpected(exc, "saving a draft")
            self.saveFailed.emit(self.last_error)
            return False
        if self.waiting and written is None and self.editor.last_saved:  # nothing left to write (reloaded)
            self.saved.emit(self.editor.last_saved)
        self.waiting = False
        self._retry_ms = RETRY_MS
        self.last_error = ""
        return True

    def flush(self, patience: float = 0.0) -> bool:
        """Write every unsaved field now. False when the store refused: the fields stay unsaved
        (``has_pending()``), ``last_error`` says why, and a busy store is tried again on the retry
        timer. ``patience``: seconds to keep trying a busy store, running the event loop between
        tries (timers and painting; no user input, so nothing re-enters an action)."""
        deadline = time.monotonic() + patience
        while True:
            result = self._save_once()
            if result is not None:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            loop = QEventLoop()
            QTimer.singleShot(max(1, int(min(remaining, 0.2) * 1000)), loop.quit)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def store_state(self) -> str:
        """"drafting" or "exported", as the draft list shows it."""
        try:
            return self.store.draft_summary(self.draft_id).state
        except Exception:  # noqa: BLE001 - best-effort: only a label
            return "drafting"

    def has_pending(self) -> bool:
        return self.editor.has_pending()

    def reload(self) -> None:
        """Read the draft again from the store (after restoring a revision)."""
        self.flush(self.close_patience)
        self.editor.reload()
