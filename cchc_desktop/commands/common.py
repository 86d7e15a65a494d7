"""Helpers shared by the command modules: reading drafts, printing errors.

Writing files lives in ``cchc_desktop/files`` (``describe_write_error`` and ``new_file_mode`` are
re-exported here for older callers)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..draft import Draft, DraftFormatError
from ..errors import CchcError
from ..files import Overwrite, describe_write_error, new_file_mode, write_file


class CommandInputError(CchcError):
    """Input that cannot be read: the command prints the message and exits 2."""


def err(message: str) -> None:
    print(f"Lỗi: {message}", file=sys.stderr)


def read_draft(path: str | Path) -> Draft:
    """A JSON draft read within ``files.read.DRAFT_LIMIT``; ``CommandInputError`` in Vietnamese."""
    from ..files.read import DRAFT_LIMIT, ReadRefusedError, read_text

    path = Path(path)
    try:
        text = read_text(path, limit=DRAFT_LIMIT, what="tệp dự thảo")
    except ReadRefusedError as exc:
        raise CommandInputError(str(exc)) from None
    try:
        return Draft.from_json(text)
    except DraftFormatError as exc:
        raise CommandInputError(f"«{path.name}»: {exc}") from None


def write_atomic(path: str | Path, data: bytes) -> None:
    """Kept for callers not yet moved: ``files.write_file`` with ``Overwrite.ALWAYS``."""
    write_file(path, data, overwrite=Overwrite.ALWAYS)


__all__ = ["CommandInputError", "describe_write_error", "err", "new_file_mode", "read_draft", "write_atomic"]
