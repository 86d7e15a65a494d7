"""``Store``: the one object the rest of the app uses to keep drafts, the profile and settings.

A front over plain objects, one per job, sharing one ``Database`` connection:
``store.drafts`` (``Drafts``), ``store.revisions`` (``Revisions``), ``store.locks`` (``Locks``),
``store.settings`` (``Settings``: the profile and settings), ``store.backups`` (``Backups``: daily
copies, the list, the check, a restore). The front's methods are those objects' methods
(``store.load_draft`` is ``store.drafts.load_draft``), so callers keep one object; tests hand in a
path under ``tmp_path``.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .. import resources
from .connection import Database
from .drafts import Drafts
from .locks import Locks
from .profile import Settings
from .revisions import Revisions

if TYPE_CHECKING:
    from .backups import Backups

DB_NAME = "cchc.sqlite3"


class Store:
    """The local SQLite store. Opening it migrates an older file (after copying it aside);
    a newer or damaged file raises ``StoreNewerError`` / ``StoreDamagedError`` untouched."""

    def __init__(self, path: Path | None = None, *, snapshot_minutes: float = 5,
                 max_revisions: int = 200, lock_stale_seconds: float = 120, read_only: bool = False):
        self.path = Path(path) if path is not None else resources.data_dir() / DB_NAME
        self.db = Database(self.path, read_only=read_only)
        # True on a CD, a write-protected card, read-only files (or when asked): every write
        # raises StoreReadOnlyError; the GUI shows the list and opens reports to read and export
        self.read_only = self.db.read_only
        from . import openers

        # restore refuses while another process has it (nothing can replace a read-only store)
        self._open_marker = None if self.read_only else openers.register(self.path)
        self.revisions_store = revisions = Revisions(self.db, snapshot_minutes=snapshot_minutes,
                                                     max_revisions=max_revisions)
        self.locks = locks = Locks(self.db, stale_seconds=lock_stale_seconds)
        self.drafts = drafts = Drafts(self.db, revisions, locks)
        self.settings = settings = Settings(self.db)
        self.closed = False
        # the front: one object for callers, each method belongs to one of the objects above
        self.create_draft = drafts.create_draft
        self.load_draft = drafts.load_draft
        self.load_draft_versioned = drafts.load_draft_versioned
        self.exists = drafts.exists
        self.save_field = drafts.save_field
        self.write_draft = drafts.write_draft
        self.save_draft = drafts.save_draft
        self.mark_exported = drafts.mark_exported
        self.mark_drafting = drafts.mark_drafting
        self.list_drafts = drafts.list_drafts
        self.draft_summary = drafts.draft_summary
        self.delete_draft = drafts.delete_draft
        self.restore_draft = drafts.restore_draft
        self.purge_draft = drafts.purge_draft
        self.empty_trash = drafts.empty_trash
        self.duplicate_as_next_period = drafts.duplicate_as_next_period
        self.restore_revision = drafts.restore_revision
        self.snapshot = revisions.snapshot
        self.revisions = revisions.revisions
        self.load_revision = revisions.load_revision
        self.acquire_lock = locks.acquire_lock
        self.refresh_lock = locks.refresh_lock
        self.release_lock = locks.release_lock
        self.release_all_locks = locks.release_all_locks
        self.lock_holder = locks.lock_holder
        self.has_profile = settings.has_profile
        self.load_profile = settings.load_profile
        self.save_profile = settings.save_profile
        self.get_setting = settings.get_setting
        self.set_setting = settings.set_setting
        self.delete_setting = settings.delete_setting

    @cached_property
    def backups(self) -> Backups:
        """The daily copies (``store.backups``), made at first use: the module is not needed to
        show the home window (~1.5 ms of start-up)."""
        from .backups import Backups

        return Backups(self.path, self)

    @property
    def snapshot_minutes(self) -> float:
        return self.revisions_store.snapshot_minutes

    @property
    def max_revisions(self) -> int:
        return self.revisions_store.max_revisions

    @property
    def lock_stale_seconds(self) -> float:
        return self.locks.lock_stale_seconds

    def close(self) -> None:
        from . import openers

        self.drafts.forget_cached()
        self.db.close()
        openers.unregister(self._open_marker)
        self._open_marker = None
        self.closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
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
            return int(con.execute("PRAGMA user_version").fetchone()[0])
