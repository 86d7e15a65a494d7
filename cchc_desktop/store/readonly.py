"""Opening a sound store that sits where nothing may be written: a CD, a write-protected card,
a folder copied back with read-only files. The user can still see the list, open reports to
read and export them elsewhere; every write of the store raises ``StoreReadOnlyError``.

SQLite needs a ``-shm`` file beside a WAL-mode database to read it with ``mode=ro``; in a
folder that cannot be written it cannot make one. So, in order:

1. ``mode=ro``: works when the ``-shm`` (and ``-wal``) are already there, or the folder allows
   creating them (only the file is read-only);
2. a ``-wal`` holding saves but no way to read it in place (a copy made while the app ran,
   without its ``-shm``): the file and its ``-wal`` are copied to a private temporary folder and
   read there, so the newest saves are shown; the folder is removed when the store is closed;
3. otherwise ``immutable=1``: SQLite reads the file as it is, without locks or ``-shm`` (the file
   cannot change while nothing can write there).
"""
from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from pathlib import Path

from .errors import translate

log = logging.getLogger(__name__)


def _connect(path: Path, query: str) -> sqlite3.Connection:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None,
                          check_same_thread=False, timeout=5)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        con.close()
        raise
    return con


def _wal_frames(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 32
    except OSError:
        return False


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """A read-only connection to ``path`` and the private folder to remove at close (or None)."""
    path = Path(path)
    try:
        return _connect(path, "mode=ro"), None
    except sqlite3.Error as exc:
        log.info("read-only open of %s with mode=ro failed (%s); trying without the -shm", path, exc)
    if _wal_frames(path):
        private = Path(tempfile.mkdtemp(prefix="cchc-chi-doc-"))
        try:
            copy = private / path.name
            shutil.copyfile(path, copy)
            shutil.copyfile(path.with_name(path.name + "-wal"), copy.with_name(copy.name + "-wal"))
            return _connect(copy, "mode=ro"), private
        except (OSError, sqlite3.Error) as exc:
            shutil.rmtree(private, ignore_errors=True)
            log.warning("reading %s with its WAL from a private copy failed: %s", path, exc)
    try:
        return _connect(path, "immutable=1"), None
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
