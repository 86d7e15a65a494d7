"""Reading a draft from a file the user picks: the use case ``usecases.imports`` (Qt-free);
kept here under the names the GUI used."""
from __future__ import annotations

from ..draft import Draft
from ..usecases.imports import NOT_OURS, UNKNOWN_TYPE, ImportFileError, import_report, read_draft_file

__all__ = ["NOT_OURS", "UNKNOWN_TYPE", "ImportFileError", "read_draft_file", "read_import"]


def read_import(path: str) -> tuple[Draft, str | None]:
    """The draft of a picked file and a warning to show with it."""
    imported = import_report(path)
    return imported.draft, imported.warning
