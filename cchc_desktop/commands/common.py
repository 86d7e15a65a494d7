"""Helpers shared by the command modules: reading drafts, writing files, printing errors."""
from __future__ import annotations

import os
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
        raise CommandInputError(f"Tệp «{path}» không phải văn bản UTF-8 (có thể không phải tệp dự thảo JSON).") from None
    try:
        return Draft.from_json(text)
    except DraftFormatError as exc:
        raise CommandInputError(f"«{path.name}»: {exc}") from None


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temp file beside ``path`` then replace it: never a half file.

    Raises OSError subclasses; ``describe_write_error`` turns them into Vietnamese.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".~" + path.stem[:40], suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def describe_write_error(path: str | Path, exc: OSError) -> str:
    path = Path(path)
    if isinstance(exc, PermissionError):
        return (f"Không ghi được «{path.name}»: tệp đang mở trong chương trình khác (Word, Excel) "
                f"hoặc thư mục «{path.parent}» chỉ cho phép đọc. Hãy đóng tệp hoặc chọn thư mục khác.")
    if isinstance(exc, FileNotFoundError):
        return f"Không ghi được «{path.name}»: thư mục «{path.parent}» không tồn tại."
    if getattr(exc, "errno", None) == 28:
        return f"Không ghi được «{path.name}»: ổ đĩa đã đầy."
    return f"Không ghi được «{path.name}»: {exc.strerror or exc}."
