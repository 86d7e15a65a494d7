"""Reading a draft from a file the user picks: the use case ``usecases.imports`` (Qt-free),
with the GUI's wording for a DOCX the app did not write (the GUI also takes JSON drafts)."""
from __future__ import annotations

from ..draft import Draft
from ..usecases import imports
from ..usecases.imports import NOT_OURS, UNKNOWN_TYPE, ImportFileError

__all__ = ["NOT_OURS", "UNKNOWN_TYPE", "ImportFileError", "read_draft_file", "read_import"]

_EMBED_NOT_OURS = "không do CCHC Desktop tạo ra"


def read_draft_file(path: str) -> Draft:
    try:
        return imports.read_draft_file(path)
    except ImportFileError as exc:
        if _EMBED_NOT_OURS in str(exc):
            from pathlib import Path

            raise ImportFileError(NOT_OURS.format(name=Path(path).name)) from exc
        raise


def read_import(path: str) -> tuple[Draft, str | None]:
    """The draft of a picked file and a warning to show with it (a report edited in Word after
    export: the draft inside is the one exported, without those edits)."""
    return read_draft_file(path), imports.edited_warning(path)
