"""Opening the SQLite file safely, and the transaction helpers every part of the store uses.

Order of opening (nothing is written until the file is known to be ours and not newer):
1. a non-empty file must start with the SQLite header and not be shorter than its header says;
2. ``PRAGMA user_version`` and ``application_id`` are read; a newer or foreign file is refused;
3. an existing file that needs migrating is integrity-checked and copied aside
   (``<name>.before-v{N}.bak``) through the backup API before anything else is written;
4. only then WAL, foreign keys and the migrations.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

from . import migrations
from .errors import StoreDamagedError, StoreError, StoreNewerError, translate

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0
# Files smaller than this get a full quick_check at every open, not only before a migration.
QUICK_CHECK_LIMIT = 64 * 1024 * 1024


def now_iso() -> str:
    """UTC timestamp with microseconds; sorts correctly as text."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def check_store_path(path: Path) -> bool:
    """A ``StoreError`` in Vietnamese for a store path that is a folder, a device, a symlink loop
    or under a file (instead of a raw ``OSError`` or a "damaged" verdict); creates the folder of a
    new store. True when an existing store is on a place that does not allow writing (a CD, a
    write-protected card, a folder copy with read-only files): it is opened read-only."""
    import errno
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        from ..files.messages import describe_read_error

        raise StoreError(f"Không mở được tệp dữ liệu: {describe_read_error(path, exc, 'tệp dữ liệu')}",
                         detail=repr(exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise StoreError(f"«{path}» là một thư mục, không phải tệp dữ liệu của CCHC Desktop. Hãy chọn đúng tệp "
                         f"cchc.sqlite3 hoặc thư mục dữ liệu khác.")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise StoreError(f"«{path}» không phải một tệp thông thường nên không dùng làm tệp dữ liệu được.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ..files.messages import describe_write_error

        raise StoreError(f"Không tạo được thư mục dữ liệu: {describe_write_error(path, exc)}",
                         detail=repr(exc)) from None
    writable = st is None or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    if not writable and st is not None and st.st_size > 0:
        # a sound store on a CD, a write-protected card or a folder copy without write permission:
        # SQLite cannot open it for writing, and it is not damaged: open it for reading
        return True
    if not writable:  # an empty file there cannot become a store
        raise StoreError(f"Tệp dữ liệu «{path}» ở nơi chỉ cho phép đọc (ổ CD, thẻ nhớ khoá ghi hoặc thư mục "
                         f"không có quyền ghi). Tệp không bị hỏng và không bị thay đổi. Hãy chép thư mục dữ liệu "
                         f"sang ổ đĩa có quyền ghi rồi mở lại.", detail=f"errno {errno.EROFS}/{errno.EACCES}")
    return False


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite, or is shorter than its own header says (truncated)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return  # an empty file is a new database
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreDamagedError(path, "không có phần đầu của tệp SQLite")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    change, valid_for = header[24:28], header[92:96]
    if page_count and change == valid_for and size < page_size * page_count:
        if _wal_has_frames(path):
            # A process killed during a checkpoint leaves page 1 (with the new size) written and
            # later pages not yet: the WAL still holds them, and SQLite's own recovery at open
            # reads them from there. The quick_check at open judges the file, not this header.
            return
        raise StoreDamagedError(path, f"tệp bị cắt cụt: {size} byte, cần {page_size * page_count}")


def _wal_has_frames(path: Path) -> bool:
    """True if ``<path>-wal`` holds at least one frame (a 32-byte header and a frame)."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 32
    except OSError:
        return False


class _Checkpointer(threading.Thread):
    """Moves WAL pages into the database file off the caller's thread.

    SQLite's automatic checkpoint runs inside the COMMIT that crosses 1000 WAL pages, which
    made every ~40th keystroke save of a 100 KB draft 5-10 ms slower (the p99). The store's
    own connection therefore has ``wal_autocheckpoint = 0``; this thread, with its own
    connection, runs a PASSIVE checkpoint (never blocks writers or readers) shortly after
    writes. Other processes have their own. If this thread ever fails, the connection falls
    back to automatic checkpoints so the WAL cannot grow without bound.
    """

    INTERVAL_S = 0.5

    def __init__(self, path: Path, fallback: Database):
        super().__init__(name="cchc-store-checkpoint", daemon=True)
        self.path = path
        self.fallback = fallback
        self.dirty = threading.Event()
        self.stop = threading.Event()
        self.launched = False

    def note_write(self) -> None:
        """A write was committed: checkpoint shortly. The thread starts at the first write, not
        when the store opens (a store only read needs none, and opening does not wait for a
        thread to be scheduled: 0.5-7 ms of start-up on a busy machine). Called under the
        ``Database`` lock, so never twice at once."""
        self.dirty.set()
        if not self.launched:
            self.launched = True
            self.start()

    def run(self) -> None:
        try:
            con = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error:
            self.fallback.restore_autocheckpoint()
            return
        try:
            while not self.stop.wait(self.INTERVAL_S):
                if self.dirty.is_set():
                    self.dirty.clear()
                    con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            self.fallback.restore_autocheckpoint()
        finally:
            con.close()


class Database:
    """One connection to the store file, shared by the parts of ``Store``.

    The connection is in autocommit mode; writes go through :meth:`write` (``BEGIN IMMEDIATE``:
    the write lock is taken before reading, so read-modify-write never loses a concurrent
    change). A re-entrant lock makes the object usable from a worker thread as well.
    """

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._patience = threading.local()  # per-thread write wait set by ``patience()``
        self._checkpointer: _Checkpointer | None = None
        self._private_copy: Path | None = None
        self.read_only = check_store_path(self.path) or read_only
        check_header(self.path)
        existed = self.path.exists() and self.path.stat().st_size > 0
        if self.read_only:
            from .readonly import connect_read_only

            self.con, self._private_copy = connect_read_only(self.path)
            try:
                self._open_read_only()
            except BaseException:
                self.close()
                raise
            return
        try:
            self.con = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            self._open(existed)
        except BaseException:
            self.con.close()
            raise

    def _open_read_only(self) -> None:
        """The checks of ``_open`` without any write: no WAL switch, no migration, no copy aside."""
        from .errors import StoreReadOnlyError

        try:
            self.con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            version = self.con.execute("PRAGMA user_version").fetchone()[0]
            app_id = self.con.execute("PRAGMA application_id").fetchone()[0]
            n_objects = self.con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreDamagedError(self.path, "SQLite không đọc được tệp") from exc
        if app_id not in (0, migrations.APPLICATION_ID) or version == 0 or n_objects == 0:
            raise StoreDamagedError(self.path, "đây là cơ sở dữ liệu của một chương trình khác")
        if version > migrations.LATEST:
            raise StoreNewerError(self.path, version, migrations.LATEST)
        if version < migrations.LATEST:  # it would have to be upgraded, which is a write
            raise StoreReadOnlyError(self.path, older=True)
        if self.path.stat().st_size <= QUICK_CHECK_LIMIT:
            self.quick_check()
        self.con.execute("PRAGMA foreign_keys = ON")

    def _open(self, existed: bool) -> None:
        con = self.con
        try:
            con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            n_objects = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreDamagedError(self.path, "SQLite không đọc được tệp") from exc
        latest = migrations.LATEST
        if app_id not in (0, migrations.APPLICATION_ID) or (version == 0 and n_objects > 0):
            raise StoreDamagedError(self.path, "đây là cơ sở dữ liệu của một chương trình khác")
        if version > latest:
            raise StoreNewerError(self.path, version, latest)
        size = self.path.stat().st_size if existed else 0
        if existed and (version < latest or size <= QUICK_CHECK_LIMIT):
            self.quick_check()
        if existed and 0 < version < latest:
            self.copy_aside(latest)
        try:
            mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a network share without shared memory
                con.execute("PRAGMA journal_mode = DELETE")
            con.execute("PRAGMA synchronous = NORMAL")
            con.execute("PRAGMA foreign_keys = ON")
            migrations.migrate(con)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        if str(mode).lower() == "wal":
            self._checkpointer = _Checkpointer(self.path, self)  # started by the first write
            con.execute("PRAGMA wal_autocheckpoint = 0")

    def restore_autocheckpoint(self) -> None:
        with self._lock:
            try:
                self.con.execute("PRAGMA wal_autocheckpoint = 1000")
            except sqlite3.Error:
                pass

    def quick_check(self) -> None:
        try:
            rows = self.con.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreDamagedError(self.path, "kiểm tra toàn vẹn thất bại") from exc
        if [r[0] for r in rows] != ["ok"]:
            raise StoreDamagedError(self.path, f"kiểm tra toàn vẹn: {rows[0][0]}")

    def copy_aside(self, target_version: int) -> Path:
        """Copy the database to ``<name>.before-v{N}.bak`` (never over an earlier copy)."""
        dest = self.path.with_name(f"{self.path.name}.before-v{target_version}.bak")
        n = 1
        while dest.exists():
            n += 1
            dest = self.path.with_name(f"{self.path.name}.before-v{target_version}.{n}.bak")
        self.backup_to(dest)
        return dest

    def backup_to(self, target: Path) -> Path:
        """A consistent copy through the SQLite backup API, written to a temp name then renamed."""
        import os

        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.unlink(missing_ok=True)
        with self._lock:
            try:
                dest = sqlite3.connect(str(tmp))
                try:
                    self.con.backup(dest)
                    dest.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dest.close()
            except sqlite3.Error as exc:
                tmp.unlink(missing_ok=True)
                raise translate(exc, self.path) from exc
        os.replace(tmp, target)
        return target

    @contextlib.contextmanager
    def write(self, busy_timeout: float | None = None) -> Iterator[sqlite3.Connection]:
        """One short write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error).

        ``busy_timeout`` (seconds): wait at most that long for another writer's lock instead of
        the connection's ``BUSY_TIMEOUT_S``, then ``StoreBusyError`` (the GUI's autosave waits
        briefly and tries again later rather than freezing the window). A store opened read-only
        raises ``StoreReadOnlyError`` (Vietnamese, with what to do)."""
        if self.read_only:
            from .errors import StoreReadOnlyError

            raise StoreReadOnlyError(self.path)
        if busy_timeout is None:
            busy_timeout = getattr(self._patience, "seconds", None)
        with self._lock:
            con = self.con
            try:
                self._begin_immediate(con, busy_timeout)
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from exc
            try:
                yield con
                con.execute("COMMIT")
                if self._checkpointer is not None:
                    self._checkpointer.note_write()
            except BaseException as exc:
                if con.in_transaction:
                    try:
                        con.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if isinstance(exc, sqlite3.Error):
                    raise translate(exc, self.path) from exc
                raise

    @contextlib.contextmanager
    def patience(self, seconds: float) -> Iterator[None]:
        """Writes made on this thread inside the block wait at most ``seconds`` for another
        writer's lock (then ``StoreBusyError``) instead of ``BUSY_TIMEOUT_S``: the GUI thread's
        small writes (a setting, the edit lock, "exported") must not freeze the window for 5 s."""
        before = getattr(self._patience, "seconds", None)
        self._patience.seconds = seconds
        try:
            yield
        finally:
            self._patience.seconds = before

    @staticmethod
    def _begin_immediate(con: sqlite3.Connection, busy_timeout: float | None) -> None:
        if busy_timeout is None:
            con.execute("BEGIN IMMEDIATE")
            return
        before = con.execute("PRAGMA busy_timeout").fetchone()[0]
        con.execute(f"PRAGMA busy_timeout = {max(0, int(busy_timeout * 1000))}")
        try:
            con.execute("BEGIN IMMEDIATE")
        finally:
            con.execute(f"PRAGMA busy_timeout = {int(before)}")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Reads: a single statement is its own consistent snapshot; errors translated."""
        with self._lock:
            try:
                yield self.con
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from exc

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop.set()
            if self._checkpointer.launched:
                self._checkpointer.join(10)
            self._checkpointer = None
        with self._lock:
            try:
                self.con.close()
            except (sqlite3.Error, AttributeError):
                pass
        if self._private_copy is not None:
            import shutil

            shutil.rmtree(self._private_copy, ignore_errors=True)
            self._private_copy = None


__all__ = ["Database", "check_header", "now_iso", "StoreError"]
