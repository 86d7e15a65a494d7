"""The one way the app writes a file the user sees (DOCX, XLSX, PDF, JSON drafts).

    write_file(path, data, inputs=[draft_path], overwrite=Overwrite.OURS)   # -> resolved Path
    with atomic_target(path, inputs=[...]) as tmp:   # fill ``tmp`` (e.g. copy a PDF into it)
        ...

Both refuse an output that *is* one of ``inputs`` (same resolved path or same inode: a hard
link or a symlink to the input is caught) with :class:`SameAsInputError`, whatever the policy.
An existing file is replaced only as ``overwrite`` allows:

- ``Overwrite.NEVER``: never (drafts: ``new -o``, ``import -o`` without ``--force``);
- ``Overwrite.OURS`` (default): only a file this app wrote and nobody changed since
  (``files.record``): a report edited in Word or a workbook a colleague filled in is kept;
- ``Overwrite.ALWAYS``: the user agreed (GUI: after :func:`check_target` raised
  :class:`OverwriteRefusedError` and the user said yes; CLI: ``--force``).

The data goes to a temp file beside the target (``.~<stem>*.tmp``), is fsynced, gets the mode
of the file it replaces or ``0o666`` less the umask, and is ``os.replace``d: a reader sees the
old file or the whole new one, never half. Folders, devices and FIFOs are refused as targets.
``OSError`` propagates; ``files.messages.describe_write_error`` words it.
"""
from __future__ import annotations

import enum
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import CchcError
from . import record


class Overwrite(enum.Enum):
    NEVER = "never"
    OURS = "ours"
    ALWAYS = "always"


class SameAsInputError(CchcError):
    """The output named is one of the files being read."""

    def __init__(self, path: Path, source: Path):
        self.path, self.source = Path(path), Path(source)
        super().__init__(f"Tệp sẽ ghi «{self.path.name}» chính là tệp đang đọc «{source}»; ghi vào đó sẽ "
                         "làm mất tệp gốc. Hãy chọn tên tệp khác.")


class OverwriteRefusedError(CchcError):
    """An existing file the app may not replace without the user's consent.

    ``reason``: ``"exists"`` (policy NEVER), ``"not_ours"`` (not written by the app), ``"changed"``
    (written by the app, changed since). ``question`` is the yes/no question for a dialog;
    ``cli_hint`` the CLI's ending.
    """

    cli_hint = "Chọn tên khác, hoặc thêm --force để ghi đè."

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = Path(path), reason
        why = {"exists": "đã có",
               "not_ours": "đã có và không phải do phần mềm ghi ra (có thể là tệp của bạn hoặc đồng nghiệp)",
               "changed": "đã được sửa sau lần phần mềm ghi ra (ví dụ sửa trong Word hoặc Excel)"}[reason]
        self.question = f"Tệp «{self.path.name}» {why}. Ghi đè lên tệp đó? Phần đã sửa trong tệp sẽ mất."
        super().__init__(f"Tệp «{self.path}» {why}; không ghi đè để tránh mất dữ liệu.",
                         detail=f"reason={reason}")


def same_file(a: Path, b: Path) -> bool:
    """Same resolved path, or (both existing) the same inode on the same device."""
    try:
        if os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve())):
            return True
    except (OSError, RuntimeError):
        pass
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_target(path: str | Path, *, inputs: Iterable[str | Path | None] = (),
                 overwrite: Overwrite = Overwrite.OURS) -> Path:
    """Raise unless ``path`` may be written now; return it as a ``Path``.

    Raises :class:`SameAsInputError`, :class:`OverwriteRefusedError`, or ``OSError`` (a folder, a
    device, a FIFO, no file name)."""
    path = Path(path)
    if not str(path).strip() or path.name in ("", ".", ".."):
        raise IsADirectoryError(errno.EISDIR, "no file name", str(path))
    for source in inputs:
        if source is not None and str(source) and same_file(path, Path(source)):
            raise SameAsInputError(path, Path(source))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return path
    except ValueError:  # NUL in the name
        raise OSError(errno.EINVAL, "invalid name", str(path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    if overwrite is Overwrite.ALWAYS:
        return path
    if overwrite is Overwrite.NEVER:
        raise OverwriteRefusedError(path, "exists")
    if not record.is_ours_unchanged(path):
        raise OverwriteRefusedError(path, "changed" if record.key(path) in record._load() else "not_ours")
    return path


@contextmanager
def atomic_target(path: str | Path, *, inputs: Iterable[str | Path | None] = (),
                  overwrite: Overwrite = Overwrite.OURS, remember: bool = True) -> Iterator[Path]:
    """Yield a temp path beside ``path``; when the block ends without error, put it in place."""
    path = check_target(path, inputs=inputs, overwrite=overwrite)
    mode = new_file_mode(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=".~" + path.stem[:40], suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _finish(tmp, path, mode)
    except BaseException:
        _unlink(tmp)
        raise
    if remember:
        record.remember(path)


def write_file(path: str | Path, data: bytes, *, inputs: Iterable[str | Path | None] = (),
               overwrite: Overwrite = Overwrite.OURS, remember: bool = True) -> Path:
    """Write ``data`` to ``path`` as described in the module docstring; returns the path."""
    path = check_target(path, inputs=inputs, overwrite=overwrite)
    mode = new_file_mode(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=".~" + path.stem[:40], suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        _finish(tmp, path, mode)
    except BaseException:
        _unlink(tmp)
        raise
    if remember:
        record.remember(path, hashlib.sha256(data).hexdigest())
    return path


def _finish(tmp: Path, path: Path, mode: int) -> None:
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    try:
        os.chmod(tmp, mode)
    except OSError:  # some network shares refuse chmod: the file is still written
        pass
    os.replace(tmp, path)


def _unlink(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def new_file_mode(path: Path) -> int:
    """Permission bits for a file written at ``path``: those of the file it replaces, else the
    ordinary ``0o666`` less the umask (not ``mkstemp``'s private 0600: a report saved into a
    shared folder must stay readable by colleagues)."""
    try:
        return stat.S_IMODE(Path(path).stat().st_mode)
    except (OSError, ValueError):
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux: /proc), since
    a render may run on a worker thread while another thread creates files."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
