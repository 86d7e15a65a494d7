"""One base for every error the user may see, and the words for the ones that are not ours.

Qt-free. Every error class of the app derives from :class:`CchcError` (directly or beside a
builtin it already was, e.g. ``class DraftFormatError(CchcError, ValueError)``), so one
``except CchcError`` at an entry point catches what can be shown as is.

- ``str(exc)`` and ``exc.user_message``: one Vietnamese sentence for the user.
- ``exc.detail``: technical detail for the log and the "Chép chi tiết" button (may be empty).

Raise one like any exception::

    raise CchcError("Không đọc được tệp «a.docx»: tệp quá lớn.", detail="size 2147483648 > cap")

At an entry point (CLI main, a GUI action, a worker), turn *any* exception into words with
:func:`user_message` and log the unexpected ones with :func:`report_unexpected`; never show a
traceback or an English ``strerror``.
"""
from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

UNEXPECTED = ("Đã xảy ra lỗi không mong đợi trong phần mềm. Dữ liệu đã lưu không bị ảnh hưởng; "
              "chi tiết đã được ghi vào nhật ký{where}.")
OUT_OF_MEMORY = "Không đủ bộ nhớ để làm việc này (tệp hoặc mẫu quá lớn)."
TOO_DEEP = "Dữ liệu lồng nhau quá sâu (quá nhiều cấp), phần mềm không xử lý được."
NUL_IN_NAME = "Tên tệp hoặc đường dẫn chứa ký tự không hợp lệ (ký tự NUL); hãy gõ lại tên tệp."


class CchcError(Exception):
    """Base of the app's errors: ``user_message`` (Vietnamese) and ``detail`` (technical).

    ``CchcError(message, detail="")``. Subclasses with their own ``__init__`` call
    ``super().__init__(message)`` as before and may set ``self.detail``.
    """

    detail: str = ""

    def __init__(self, *args: Any, detail: str = "") -> None:
        super().__init__(*args)
        if detail:
            self.detail = detail

    @property
    def user_message(self) -> str:
        first = self.args[0] if self.args else ""
        return str(first) if first else "Đã xảy ra lỗi."

    def __str__(self) -> str:  # KeyError-based subclasses would otherwise show a repr
        return self.user_message


def user_message(exc: BaseException) -> str:
    """The Vietnamese sentence for any exception: ours as is, known system errors worded, the
    rest as :data:`UNEXPECTED` (log those with :func:`report_unexpected`)."""
    if isinstance(exc, CchcError):
        return exc.user_message
    if isinstance(exc, MemoryError):
        return OUT_OF_MEMORY
    if isinstance(exc, RecursionError):
        return TOO_DEEP
    if isinstance(exc, OSError):
        from .files.messages import describe_os_error

        return describe_os_error(exc)
    if _is_nul_in_name(exc):
        return NUL_IN_NAME
    return UNEXPECTED.format(where=_log_where())


def _is_nul_in_name(exc: BaseException) -> bool:
    """``os`` functions refuse a path with a NUL character by raising ``ValueError``."""
    text = str(exc).lower()
    return isinstance(exc, ValueError) and "null" in text and ("byte" in text or "character" in text)


def is_expected(exc: BaseException) -> bool:
    """True for what the app words itself (no log entry with a traceback needed)."""
    return isinstance(exc, (CchcError, OSError, MemoryError, RecursionError)) or _is_nul_in_name(exc)


def report_unexpected(exc: BaseException, context: str = "") -> str:
    """Log ``exc`` with its traceback and return the message to show. Use at entry points."""
    if is_expected(exc):
        log.warning("%s: %s: %s", context or "error", type(exc).__name__, _detail(exc))
    else:
        log.error("%s: unexpected %s", context or "error", type(exc).__name__,
                  exc_info=(type(exc), exc, exc.__traceback__))
    return user_message(exc)


def technical_detail(exc: BaseException) -> str:
    """Type, message, detail and traceback as text (the "Chép chi tiết" button)."""
    import traceback

    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    extra = getattr(exc, "detail", "")
    return "".join(lines) + (f"\nChi tiết: {extra}\n" if extra else "")


def _detail(exc: BaseException) -> str:
    extra = getattr(exc, "detail", "")
    text = str(exc)
    return f"{text} ({extra})" if extra else text


def _log_where() -> str:
    from .logsetup import current_log_path

    path = current_log_path()
    return f" «{path}»" if path else ""
