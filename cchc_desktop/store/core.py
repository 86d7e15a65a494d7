"""``Store``: the one object the rest of the app uses to keep drafts, the profile and settings.

It is assembled from one mixin per job (drafts, revisions, locks, profile) over a shared
``Database`` connection; tests hand in a path under ``tmp_path``.
"""
from __future__ import annotations

from pathlib import Path

from .. import resources
from .connection import Database
from .drafts import DraftsMixin
from .locks import LocksMixin
from .profile import ProfileMixin
from .revisions import RevisionsMixin

DB_NAME = "cchc.sqlite3"


class Store(DraftsMixin, RevisionsMixin, LocksMixin, ProfileMixin):
    """The local SQLite store. Opening it migrates an older file (after copying it aside);
    a newer or damaged file raises ``StoreNewerError`` / ``StoreDamagedError`` untouched."""

    def __init__(self, path: Path | None = None, *, snapshot_minutes: float = 5,
                 max_revisions: int = 200, lock_stale_seconds: float = 120):
        self.path = Path(path) if path is not None else resources.data_dir() / DB_NAME
        self.snapshot_minutes = snapshot_minutes
        self.max_revisions = max_revisions
        self.lock_stale_seconds = lock_stale_seconds
        self._cache: dict = {}
        self.db = Database(self.path)

    def close(self) -> None:
        self._cache.clear()
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def backup_to(self, target: Path) -> Path:
        """A consistent copy of the whole store (SQLite backup API), safe while others write."""
        return self.db.backup_to(Path(target))

    def check_integrity(self) -> None:
        """Full ``quick_check``; ``StoreDamagedError`` if SQLite finds a problem."""
        with self.db._lock:
            self.db.quick_check()

    @property
    def schema_version(self) -> int:
        with self.db.read() as con:
            return con.execute("PRAGMA user_version").fetchone()[0]
