"""Automatic daily copies of the store, and putting one back: ``store.backups`` (:class:`Backups`),
one of the plain objects behind the ``Store`` front, and the functions it is made of.

    store.backups.ensure_daily()            # today's copy, once a day
    store.backups.copies()                  # newest first
    store.close(); store.backups.restore(path)   # the store closed first
    Backups(store_path).copies()            # without an open store (start-up recovery)

- ``ensure_daily_backup(store, keep=14)``: at most one consistent copy a day (SQLite backup
  API, safe while the app writes) into ``<data dir>/backups/cchc-YYYY-MM-DD.sqlite3``; daily
  copies beyond the newest ``keep`` are deleted. Call it once the home window is up (it holds
  the store's lock for the copy: ~10 ms per MB).
- ``list_backups()``: the copies, newest first (daily ones and the safety copies below).
- ``restore_backup(backup, store_path)``: checks the copy, keeps a byte-for-byte safety copy
  of the current file (``cchc-truoc-khoi-phuc-YYYY-MM-DD-HHMMSS.sqlite3``, with its WAL beside
  it when the file is damaged), then puts the copy in place atomically. The caller closes its
  ``Store`` first and opens a new one after.

Every error is a ``BackupError`` (a ``StoreError``) with a Vietnamese message; the current
file is never touched when a check fails.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import resources
from . import migrations
from .connection import check_header
from .errors import StoreDamagedError, StoreError
from .locks import HOST, pid_alive

if TYPE_CHECKING:
    from .core import Store

BACKUP_DIR = "backups"
DAILY_PREFIX = "cchc-"
SAFETY_PREFIX = "cchc-truoc-khoi-phuc-"
SUFFIX = ".sqlite3"
_DAILY = re.compile(r"^cchc-(\d{4})-(\d{2})-(\d{2})\.sqlite3$")
_SAFETY = re.compile(r"^cchc-truoc-khoi-phuc-(\d{4})-(\d{2})-(\d{2})-(\d{6})(?:-\d+)?\.sqlite3$")
KEEP_SAFETY = 5  # safety copies taken before a restore that are kept


class BackupError(StoreError):
    """A copy could not be made, read or put back. ``str()`` is Vietnamese."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    date: _dt.date
    size: int
    kind: str = "daily"  # "daily" | "before-restore"

    @property
    def label(self) -> str:
        """'Bản sao ngày 14/06/2024 (1,2 MB)' for a list in the GUI."""
        what = "Bản sao ngày" if self.kind == "daily" else "Bản lưu trước khi khôi phục, ngày"
        mb = f"{self.size / 1024 / 1024:.1f}".replace(".", ",")
        return f"{what} {self.date:%d/%m/%Y} ({mb} MB)"


def backups_dir(store_path: Path | None = None) -> Path:
    """``backups/`` beside the store file (the data dir for the app's own store)."""
    base = Path(store_path).parent if store_path is not None else resources.data_dir()
    return base / BACKUP_DIR


def daily_path(folder: Path, day: _dt.date) -> Path:
    return folder / f"{DAILY_PREFIX}{day.isoformat()}{SUFFIX}"


def ensure_daily_backup(store: Store, keep: int = 14, today: _dt.date | None = None) -> Path | None:
    """Today's copy of ``store`` unless it exists; returns its path, or None if there was one.
    Daily copies beyond the newest ``keep`` are deleted. ``BackupError`` if it cannot be written
    (the store itself is not affected)."""
    today = today or _dt.date.today()
    folder = backups_dir(store.path)
    target = daily_path(folder, today)
    made = None
    if not target.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            store.backup_to(target)
        except (OSError, StoreError) as exc:
            raise BackupError(f"Không tạo được bản sao lưu tự động trong «{folder}»: {exc}. "
                              "Dữ liệu hiện tại không bị ảnh hưởng.") from exc
        made = target
    prune(folder, keep)
    return made


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete the daily copies older than the newest ``keep`` (and safety copies beyond
    ``KEEP_SAFETY``); returns what was deleted. Files of other names are never touched."""
    removed = []
    for kind, limit in (("daily", max(1, keep)), ("before-restore", KEEP_SAFETY)):
        infos = [b for b in list_backups(folder) if b.kind == kind]
        for info in infos[limit:]:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError:
                pass
    return removed


def _info(path: Path) -> BackupInfo | None:
    m = _DAILY.match(path.name)
    kind = "daily"
    if m is None:
        m = _SAFETY.match(path.name)
        kind = "before-restore"
    if m is None:
        return None
    try:
        day = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, day, size, kind)


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """The copies in ``folder`` (default: the data dir's ``backups/``), newest first."""
    folder = Path(folder) if folder is not None else backups_dir()
    if not folder.is_dir():
        return []
    infos = [i for i in (_info(p) for p in folder.iterdir() if p.is_file()) if i is not None]
    return sorted(infos, key=lambda i: (i.date, i.path.name), reverse=True)


def check_backup(path: Path) -> int:
    """Raise ``BackupError`` unless ``path`` is a sound CCHC store this version can open;
    returns its schema version. Opens the file read-only (the copy is never changed)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy bản sao lưu «{path}».")
    try:
        check_header(path)
    except StoreDamagedError as exc:
        raise BackupError(f"Bản sao lưu «{path.name}» bị hỏng, không dùng để khôi phục được ({exc.detail}).") from None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"Không mở được bản sao lưu «{path.name}»: {exc}.") from None
    try:
        version: int = con.execute("PRAGMA user_version").fetchone()[0]
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if app_id != migrations.APPLICATION_ID:
            raise BackupError(f"«{path.name}» không phải bản sao lưu dữ liệu của CCHC Desktop.")
        if version > migrations.LATEST:
            raise BackupError(f"Bản sao lưu «{path.name}» do phiên bản mới hơn của phần mềm tạo ra; "
                              "hãy cập nhật CCHC Desktop rồi khôi phục.")
        rows = con.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise BackupError(f"Bản sao lưu «{path.name}» bị hỏng ({rows[0][0]}), không dùng để khôi phục được.")
        return version
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Bản sao lưu «{path.name}» bị hỏng, không dùng để khôi phục được ({exc}).") from None
    finally:
        con.close()


def _live_other_holders(store_path: Path) -> list[tuple[int, str]]:
    """Edit locks of other live processes on this machine (another window of the app is open)."""
    try:
        con = sqlite3.connect(f"{store_path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return []
    try:
        rows = con.execute("SELECT pid, host FROM locks").fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()
    return [r for r in rows if r[1] == HOST and r[0] != os.getpid() and pid_alive(r[0])]


def _safety_copy(store_path: Path, folder: Path, now: _dt.datetime) -> Path | None:
    """Copy the current store aside, byte for byte, before it is replaced. A sound file has its
    WAL moved into it first (one self-contained file); a damaged one is copied as it is, with
    its WAL beside the copy (``<copy>-wal``), so nothing that was on disk is lost."""
    if not store_path.exists() or store_path.stat().st_size == 0:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{SAFETY_PREFIX}{now:%Y-%m-%d-%H%M%S}{SUFFIX}"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{SAFETY_PREFIX}{now:%Y-%m-%d-%H%M%S}-{n}{SUFFIX}"
    wal = store_path.with_name(store_path.name + "-wal")
    try:
        check_header(store_path)
        src = sqlite3.connect(str(store_path), timeout=5)
        try:
            if src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check")
            busy = src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            src.close()
        sound = not busy
    except (sqlite3.Error, StoreDamagedError):
        sound = False
    part = dest.with_name(dest.name + ".part")
    shutil.copyfile(store_path, part)
    with open(part, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(part, dest)
    if not sound and wal.exists() and wal.stat().st_size > 0:
        shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
    return dest


def in_use_elsewhere(store_path: Path) -> str:
    """Why the store file cannot be replaced now ('' if it can): another live process of the app
    has it open; it would go on saving into the replaced file, and every save would be lost."""
    store_path = Path(store_path)
    if not store_path.exists():
        return ""
    from .openers import other_openers

    others = other_openers(store_path)
    if others:
        return ("Dữ liệu này đang được mở ở một cửa sổ khác của CCHC Desktop (" + "; ".join(o.label for o in others)
                + "). Hãy đóng cửa sổ phần mềm đó (Tệp → Thoát) rồi khôi phục.")
    if _live_other_holders(store_path):
        return ("Dữ liệu này đang được mở ở một cửa sổ khác của CCHC Desktop trên máy này. Hãy đóng cửa sổ đó "
                "(Tệp → Thoát) rồi khôi phục.")
    return ""


def restore_backup(backup_path: Path, store_path: Path | None = None) -> Path | None:
    """Put ``backup_path`` in place of the store file (default: the app's store). Returns the
    safety copy of what was there (None if there was no store). The caller's ``Store`` must be
    closed; refused while another window of the app holds a draft open."""
    from .core import DB_NAME

    backup_path = Path(backup_path)
    store_path = Path(store_path) if store_path is not None else resources.data_dir() / DB_NAME
    check_backup(backup_path)
    if store_path.exists() and backup_path.resolve() == store_path.resolve():
        raise BackupError("Không thể khôi phục một tệp dữ liệu từ chính nó.")
    busy = in_use_elsewhere(store_path)
    if busy:
        raise BackupError(busy)
    folder = backups_dir(store_path)
    try:
        safety = _safety_copy(store_path, folder, _dt.datetime.now())
    except OSError as exc:
        raise BackupError(f"Không lưu được bản sao của dữ liệu hiện tại trước khi khôi phục ({exc}); "
                          "chưa khôi phục gì.") from exc
    part = store_path.with_name(store_path.name + ".restore.part")
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup_path, part)
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        # the old WAL must not be replayed onto the restored file (it was emptied or copied above)
        for suffix in ("-wal", "-shm"):
            store_path.with_name(store_path.name + suffix).unlink(missing_ok=True)
        os.replace(part, store_path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BackupError(f"Không khôi phục được từ «{backup_path.name}»: {exc}. "
                          + (f"Dữ liệu trước đó được giữ ở «{safety}»." if safety else "")) from exc
    prune(folder, keep=10**6)  # only trims old safety copies
    return safety


class Backups:
    """The copies of one store file: daily copies beside it, the list, the check, a restore.

    ``Backups(store_path, store=None)``: with the open ``Store`` (``store.backups``), the daily copy
    is taken through its connection and a restore is refused until it is closed; without one
    (the store could not be opened), everything but the daily copy works on the path.
    """

    def __init__(self, store_path: Path, store: Store | None = None):
        self.store_path = Path(store_path)
        self.folder = backups_dir(self.store_path)
        self._store = store

    def ensure_daily(self, keep: int = 14, today: _dt.date | None = None) -> Path | None:
        """Today's copy unless it exists (see :func:`ensure_daily_backup`)."""
        if self._store is None:
            raise BackupError("Chưa mở dữ liệu nên không tạo được bản sao lưu tự động.")
        return ensure_daily_backup(self._store, keep=keep, today=today)

    def copies(self) -> list[BackupInfo]:
        """The copies beside the store, newest first."""
        return list_backups(self.folder)

    def check(self, path: Path) -> int:
        """``BackupError`` unless ``path`` is a sound copy this version can open; its schema version."""
        return check_backup(path)

    def intact(self) -> list[BackupInfo]:
        """Every copy that passes :meth:`check`, newest first."""
        out = []
        for info in self.copies():
            try:
                check_backup(info.path)
            except BackupError:
                continue
            out.append(info)
        return out

    def prune(self, keep: int) -> list[Path]:
        return prune(self.folder, keep)

    def in_use_elsewhere(self) -> str:
        """'' or why a restore is refused now (see :func:`in_use_elsewhere`): ask it before the user
        picks a copy, not after."""
        return in_use_elsewhere(self.store_path)

    def restore(self, backup_path: Path) -> Path | None:
        """Put ``backup_path`` in place of the store file (see :func:`restore_backup`); the
        store must be closed first. Returns the safety copy of what was there."""
        if self._store is not None and not self._store.closed:
            raise BackupError("Dữ liệu đang mở; hãy đóng dữ liệu trước khi khôi phục từ bản sao.")
        return restore_backup(backup_path, self.store_path)


__all__ = ["BackupError", "BackupInfo", "Backups", "backups_dir", "check_backup", "ensure_daily_backup",
           "in_use_elsewhere", "list_backups", "prune", "restore_backup"]
