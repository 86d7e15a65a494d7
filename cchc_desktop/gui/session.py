"""One open draft: the in-memory copy, debounced per-field saves, the edit lock.

Every edit goes through :meth:`DraftSession.edit`: it is applied to the in-memory draft at
once and written to the store ``SAVE_DELAY_MS`` after the last keystroke in that field (one
timer per field, so typing in one box never delays another's save). :meth:`flush` writes
everything pending now (step change, close, export). A crash loses at most the last delay.
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:  # the home list imports local_datetime at start-up: keep ..draft off that path
    from ..draft import Draft

SAVE_DELAY_MS = 400
OUTLINE = ("outline",)
LOCK_REFRESH_MS = 30_000


def _local(iso: str | None, fmt: str) -> str:
    """A stored ISO time (UTC or naive) shown in local time with ``fmt``."""
    if not iso:
        return ""
    try:
        t = _dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if t.tzinfo is not None:
        t = t.astimezone()
    return t.strftime(fmt)


def local_time(iso: str | None) -> str:
    """'14:32:05' in local time."""
    return _local(iso, "%H:%M:%S")


def local_datetime(iso: str | None) -> str:
    """'14:32 ngày 03/06/2024' in local time."""
    return _local(iso, "%H:%M ngày %d/%m/%Y")


def lock_owner() -> str:
    """Who holds a lock: this machine, this process, this window."""
    import socket
    import uuid

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DraftSession(QObject):
    saved = Signal(str)  # updated_at of the last write
    saveFailed = Signal(str)  # Vietnamese message
    changed = Signal()  # any edit reached the in-memory draft

    def __init__(self, store, draft_id: str, read_only: bool = False, owner: str | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.draft_id = draft_id
        self.read_only = read_only
        self.owner = owner or lock_owner()
        self.draft: Draft = store.load_draft(draft_id)
        self.last_saved: str = ""  # updated_at of the last write (the stored one at first)
        try:
            self.last_saved = store.draft_summary(draft_id).updated_at or ""
        except Exception:  # noqa: BLE001 - only the title shows it
            pass
        self._pending: dict[tuple, object] = {}
        self._timers: dict[tuple, QTimer] = {}
        self._lock_timer: QTimer | None = None
        self._outline_pending = False

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
        try:
            self.store.refresh_lock(self.draft_id, self.owner)
        except Exception as exc:  # noqa: BLE001 - shown, never fatal
            self.saveFailed.emit(str(exc))

    def close(self) -> None:
        """Write what is pending and let go of the lock."""
        self.flush()
        if self._lock_timer is not None:
            self._lock_timer.stop()
            self._lock_timer = None
            try:
                self.store.release_lock(self.draft_id, self.owner)
            except Exception:  # noqa: BLE001 - the lock expires on its own
                pass

    # ----- edits ------------------------------------------------------------------------
    def edit(self, path: tuple, value) -> None:
        """Apply one field edit now, save it after the debounce delay."""
        if self.read_only:
            return
        path = tuple(path)
        if path != OUTLINE:  # the outline is saved from the live objects, see outline_changed
            try:
                self.draft.set_field(path, value)
            except (KeyError, ValueError) as exc:
                self.saveFailed.emit(str(exc))
                return
        self._pending[path] = value
        timer = self._timers.get(path)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(SAVE_DELAY_MS)
            timer.timeout.connect(lambda p=path: self._save(p))
            self._timers[path] = timer
        timer.start()
        self.changed.emit()

    def outline_changed(self) -> None:
        """The outline's structure changed (added, moved, removed sections): save it whole."""
        if self.read_only:
            return
        # Draft.set_field(("outline",)) would rebuild the Section objects the editors hold;
        # keep the live ones and serialise them when the timer fires.
        self.edit(OUTLINE, None)

    def _save(self, path: tuple) -> None:
        if path not in self._pending:
            return
        value = self._pending.pop(path)
        if path == OUTLINE:
            value = [s.to_dict() for s in self.draft.outline]
        try:
            self.last_saved = self.store.save_field(self.draft_id, path, value)
        except KeyError:
            return  # the field is gone (its section was removed); the outline save covers it
        except Exception as exc:  # noqa: BLE001 - keep it pending, tell the user
            self._pending.setdefault(path, value)
            self.saveFailed.emit(str(exc))
            return
        self.saved.emit(self.last_saved)

    def flush(self) -> None:
        for path in list(self._pending):
            timer = self._timers.get(path)
            if timer is not None:
                timer.stop()
            self._save(path)

    def store_state(self) -> str:
        """"drafting" or "exported", as the draft list shows it."""
        try:
            return self.store.draft_summary(self.draft_id).state
        except Exception:  # noqa: BLE001 - only a label
            return "drafting"

    def has_pending(self) -> bool:
        return bool(self._pending)

    def reload(self) -> None:
        """Read the draft again from the store (after restoring a revision)."""
        self.flush()
        self.draft = self.store.load_draft(self.draft_id)
        self.changed.emit()
