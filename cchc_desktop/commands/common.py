"""Helpers shared by the command modules: reading drafts, writing files, printing errors."""
from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from ..draft import Draft, DraftFormatError


class CommandInputError(Exception):
    """Input that cannot be read: the command prints the message and exits 2."""


def err(message: str) -> None:
    print(f"Lỗi: {message}", file=sys.stderr)


def read_draft(path: str | Path) -> Draft:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CommandInputError(f"Không tìm thấy tệp «{path}».") from None
    except IsADirectoryError:
        raise CommandInputError(f"«{path}» là một thư mục, không phải tệp dự thảo.") from None
    except PermissionError:
        raise CommandInputError(f"Không có quyền đọc tệp «{path}».") from None
    except OSError as exc:
        raise CommandInputError(f"Không đọc được tệp «{path}»: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandInputError(
            f"Tệp «{path}» không phải văn bản UTF-8 (có thể không phải tệp dự thảo JSON).") from None
    try:
        return Draft.from_json(text)
    except DraftFormatError as exc:
        raise CommandInputError(f"«{path.name}»: {exc}") from None


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temp file beside ``path`` then replace it: never a half file.

    The new file gets the permissions an ordinary new file would get (``0o666`` less the umask),
    or those of the file it replaces, not ``mkstemp``'s private 0600: a report saved into a
    shared folder must stay readable by colleagues. Only a regular file is ever replaced (a
    folder or a device named as output is refused). Raises OSError subclasses;
    ``describe_write_error`` turns them into Vietnamese.
    """
    path = Path(path)
    if not str(path).strip() or path.name in ("", ".", ".."):
        raise IsADirectoryError(errno.EISDIR, "no file name", str(path))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if path.exists() and not path.is_file():
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    mode = new_file_mode(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".~" + path.stem[:40], suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, mode)
        except OSError:  # some network shares refuse chmod: the file is still written
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def new_file_mode(path: Path) -> int:
    """Permission bits for a file written at ``path``: those of the file it replaces, else the
    ordinary ``0o666`` less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
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


def describe_write_error(path: str | Path, exc: OSError) -> str:
    path = Path(path)
    name = path.name or str(path)
    code = getattr(exc, "errno", None)
    if not str(path).strip() or path.name in ("", ".", ".."):
        return "Chưa có tên tệp sẽ ghi; hãy ghi rõ tên tệp, ví dụ -o bao-cao.docx."
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return (f"Không ghi được «{name}»: đây là một thư mục; hãy ghi rõ tên tệp trong thư mục đó "
                f"(ví dụ «{path / 'bao-cao.docx'}»).")
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return (f"Không ghi được «{name}»: đường dẫn «{path.parent}» có một phần là tệp chứ không phải thư mục. "
                f"Hãy chọn thư mục khác.")
    if isinstance(exc, PermissionError):
        return (f"Không ghi được «{name}»: tệp đang mở trong chương trình khác (Word, Excel) "
                f"hoặc thư mục «{path.parent}» chỉ cho phép đọc. Hãy đóng tệp hoặc chọn thư mục khác.")
    if isinstance(exc, FileNotFoundError):
        return f"Không ghi được «{name}»: thư mục «{path.parent}» không tồn tại."
    if code == errno.ENOSPC:
        return f"Không ghi được «{name}»: ổ đĩa đã đầy."
    if code == errno.EROFS:
        return f"Không ghi được «{name}»: ổ đĩa hoặc thẻ nhớ chỉ cho phép đọc. Hãy chọn nơi lưu khác."
    if code == errno.ENAMETOOLONG:
        return f"Không ghi được «{name}»: tên tệp hoặc đường dẫn quá dài. Hãy đặt tên ngắn hơn."
    if code == errno.EINVAL:
        return (f"Không ghi được «{name}»: tên tệp không hợp lệ hoặc không phải một tệp thông thường "
                f"(tên tệp không được chứa các ký tự \\ / : * ? \" < > |).")
    if code == errno.EBUSY:
        return f"Không ghi được «{name}»: tệp hoặc thư mục đang được dùng. Hãy chọn tên khác."
    return f"Không ghi được «{name}» (mã lỗi hệ thống {code if code is not None else '?'}). Hãy chọn thư mục khác."
