"""Edit locks: a draft open in one window (of this or another process) is reported as open.

A lock row records the owner (a window id chosen by the caller), pid, host name, when it was
taken and a heartbeat the window refreshes (``refresh_lock``, e.g. every 30 s). A lock is
stale, and silently taken over, when its pid is dead on this host or its heartbeat is older
than ``lock_stale_seconds`` (2 minutes): a crashed app never locks a draft forever.
"""
from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import sys
from typing import Any

from .connection import Database, now_iso
from .errors import DraftLockedError, DraftNotFoundError


def _host_name() -> str:
    """This machine's name as ``socket.gethostname()`` gives it. On POSIX ``os.uname()`` returns
    the same (both read uname) without importing ``socket`` (~4 ms at start-up)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # pragma: no cover - Windows

    return socket.gethostname()


HOST = _host_name()


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = ctypes.c_void_p
        kernel32.GetExitCodeProcess.argtypes = (ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong))
        kernel32.CloseHandle.argtypes = (ctypes.c_void_p,)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class Locks:
    """Edit locks: which live window (host, process) has a draft open for editing."""

    def __init__(self, db: Database, *, stale_seconds: float = 120):
        self.db = db
        self.lock_stale_seconds = stale_seconds

    def _holder_dict(self, row: tuple[Any, ...]) -> dict[str, Any]:
        owner, pid, host, heartbeat, acquired = row
        return {"owner": owner, "pid": pid, "host": host, "heartbeat": heartbeat,
                "since": acquired or heartbeat}

    def _is_stale(self, holder: dict[str, Any]) -> bool:
        if holder["host"] == HOST and not pid_alive(int(holder["pid"])):
            return True
        try:
            beat = _dt.datetime.fromisoformat(holder["heartbeat"])
        except (TypeError, ValueError):
            return True
        age = (_dt.datetime.now(_dt.timezone.utc) - beat).total_seconds()
        return age > self.lock_stale_seconds

    def _live_holder(self, con: sqlite3.Connection, draft_id: str) -> dict[str, Any] | None:
        row = con.execute("SELECT owner, pid, host, heartbeat, acquired_at FROM locks WHERE draft_id = ?",
                          (draft_id,)).fetchone()
        if row is None:
            return None
        holder = self._holder_dict(row)
        return None if self._is_stale(holder) else holder

    @staticmethod
    def _is_self(holder: dict[str, Any], owner: str | None) -> bool:
        return (owner is not None and holder["owner"] == owner and holder["pid"] == os.getpid()
                and holder["host"] == HOST)

    def check_not_held_by_other(self, con: sqlite3.Connection, draft_id: str,
                                owner: str | None) -> dict[str, Any] | None:
        """Inside a write transaction: the draft exists and no live window other than ``owner``
        holds it (``DraftNotFoundError`` / ``DraftLockedError``). Returns the holder, if any."""
        if con.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone() is None:
            raise DraftNotFoundError(draft_id)
        holder = self._live_holder(con, draft_id)
        if holder is not None and not self._is_self(holder, owner):
            raise DraftLockedError(draft_id, holder)
        return holder

    def acquire_lock(self, draft_id: str, owner: str) -> None:
        """Take the edit lock for ``owner`` (a window id). ``DraftLockedError`` if another live
        owner holds it; re-acquiring one's own lock just refreshes it."""
        now = now_iso()
        with self.db.write() as con:
            holder = self.check_not_held_by_other(con, draft_id, owner)
            since = holder["since"] if holder is not None else now
            con.execute(
                "INSERT OR REPLACE INTO locks (draft_id, owner, pid, host, heartbeat, acquired_at)"
                " VALUES (?, ?, ?, ?, ?, ?)", (draft_id, owner, os.getpid(), HOST, now, since))

    def refresh_lock(self, draft_id: str, owner: str) -> None:
        """Heartbeat. If the lock was lost (taken over after looking stale), it is re-acquired,
        or ``DraftLockedError`` says who has it now."""
        with self.db.write() as con:
            n = con.execute("UPDATE locks SET heartbeat = ? WHERE draft_id = ? AND owner = ? AND pid = ?"
                            " AND host = ?", (now_iso(), draft_id, owner, os.getpid(), HOST)).rowcount
        if n == 0:
            self.acquire_lock(draft_id, owner)

    def release_lock(self, draft_id: str, owner: str) -> None:
        """Give the lock up (window closed). Releasing a lock one does not hold does nothing."""
        with self.db.write() as con:
            con.execute("DELETE FROM locks WHERE draft_id = ? AND owner = ? AND pid = ? AND host = ?",
                        (draft_id, owner, os.getpid(), HOST))

    def release_all_locks(self) -> None:
        """Drop every lock of this process (on app exit)."""
        with self.db.write() as con:
            con.execute("DELETE FROM locks WHERE pid = ? AND host = ?", (os.getpid(), HOST))

    def lock_holder(self, draft_id: str) -> dict[str, Any] | None:
        """``{"owner", "pid", "host", "since", "heartbeat"}`` of a live lock, else None."""
        with self.db.read() as con:
            return self._live_holder(con, draft_id)
