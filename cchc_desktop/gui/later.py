"""Small writes of the GUI thread that can wait: a display setting, the window's place, the edit
lock, "this report was exported". Each is tried at once, waiting at most ``WAIT_S`` for the
store's write lock; when another window or program holds it longer, the write is kept and tried
again every ``RETRY_MS`` on a timer, so the window never freezes for SQLite's 5-second busy wait
(attack 7: Ctrl++ froze 5 s, closing a window 15 s). The newest write of a key replaces an
older one still waiting (a zoom pressed three times is one write). When the app quits, what is
still waiting is tried once more with the normal wait. Writes the store refuses for another
reason (read-only, disk full) are logged and dropped: they are comfort, never the user's text
(the text goes through the session's own save, which never drops an edit).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

log = logging.getLogger(__name__)

WAIT_S = 0.05
RETRY_MS = 1000
GIVE_UP_S = 600.0  # a lock held this long is a stuck program: the write is logged and dropped


class LaterWrites(QObject):
    """The app's queue of waiting small writes (one per application: :func:`writes`)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._waiting: dict[tuple[int, str], tuple[Any, Callable[[], object], str, float]] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self._retry)

    def run(self, store: Any, key: str, write: Callable[[], object], what: str) -> bool:
        """Do ``write()`` now if the store's lock is free within ``WAIT_S``, else later. True
        when written now. ``key`` names what is written (same key: the newest replaces)."""
        slot = (id(store), key)
        self._waiting.pop(slot, None)
        if self._try(store, write, what, WAIT_S):
            return True
        self._waiting[slot] = (store, write, what, time.monotonic())
        if not self._timer.isActive():
            self._timer.start()
        return False

    def pending(self) -> list[str]:
        """What is still waiting (their ``what``), oldest first."""
        return [entry[2] for entry in self._waiting.values()]

    def finish(self, wait: float | None = None) -> None:
        """At quit: try what is waiting once more, each with ``wait`` seconds (None: the store's own)."""
        self._timer.stop()
        waiting, self._waiting = self._waiting, {}
        for store, write, what, _since in waiting.values():
            if not self._try(store, write, what, wait):
                log.warning("%s: not written before quitting (the store stayed busy)", what)

    def _retry(self) -> None:
        now = time.monotonic()
        for slot, (store, write, what, since) in list(self._waiting.items()):
            if self._try(store, write, what, WAIT_S):
                self._waiting.pop(slot, None)
            elif now - since > GIVE_UP_S:
                log.warning("%s: dropped after %.0f s waiting for the store", what, now - since)
                self._waiting.pop(slot, None)
        if not self._waiting:
            self._timer.stop()

    @staticmethod
    def _try(store: Any, write: Callable[[], object], what: str, wait: float | None) -> bool:
        """True when written, or when it can never be (logged: read-only, closed, full...);
        False only for a busy store, to try again."""
        from ..store import StoreError
        from ..store.errors import StoreBusyError

        db = getattr(store, "db", None)
        try:
            if db is not None and wait is not None and hasattr(db, "patience"):
                with db.patience(wait):
                    write()
            else:
                write()
        except StoreBusyError:
            return False
        except StoreError as exc:
            log.info("%s: not written (%s)", what, exc)
        except Exception:
            log.warning("%s: failed", what, exc_info=True)
        return True


def writes() -> LaterWrites:
    """The application's queue (made on first use, a child of the application object)."""
    app = QCoreApplication.instance()
    queue = getattr(app, "_cchc_later_writes", None) if app is not None else None
    if queue is None:
        queue = LaterWrites(app)
        if app is not None:
            app._cchc_later_writes = queue  # type: ignore[attr-defined]
    return queue


def write_soon(store: Any, key: str, write: Callable[[], object], what: str) -> bool:
    """``writes().run(...)``: the usual way in."""
    return writes().run(store, key, write, what)
