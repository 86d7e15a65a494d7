"""Import: a draft from a DOCX the app wrote or a JSON draft; annex values from a workbook.
One path for ``import`` (CLI) and "Nhập…" (GUI). Qt-free; every read is bounded
(``files.read``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..draft import Draft, DraftFormatError
from ..errors import CchcError

PathLike = str | Path

NOT_OURS = ("Tệp «{name}» không phải báo cáo do CCHC Desktop tạo ra (không có dữ liệu dự thảo "
            "bên trong), nên không nhập được. Chỉ nhập được tệp Word do phần mềm này xuất hoặc tệp dự thảo JSON.")
UNKNOWN_TYPE = "Chỉ nhập được tệp Word (.docx) do phần mềm xuất ra hoặc tệp dự thảo (.json)."


class ImportFileError(CchcError):
    """A picked file that gives no draft; ``str()`` is a Vietnamese sentence."""


@dataclass
class ImportedDraft:
    draft: Draft
    warning: str | None = None  # e.g. "edited in Word after export: those edits are not in the draft"


def read_json_draft(path: PathLike) -> Draft:
    """A JSON draft within ``files.read.DRAFT_LIMIT``; ``ReadRefusedError`` / ``DraftFormatError``."""
    from ..files.read import DRAFT_LIMIT, read_text

    return Draft.from_json(read_text(path, limit=DRAFT_LIMIT, what="tệp dự thảo"))


def read_draft_file(path: PathLike, *, any_as_docx: bool = False) -> Draft:
    """The draft of a picked file (``.docx`` written by the app, or ``.json``); ``ImportFileError``.
    ``any_as_docx``: a file of another extension is read as a DOCX (the CLI's ``import``)."""
    from ..files import ReadRefusedError

    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".json":
            return read_json_draft(p)
        if suffix == ".docx" or any_as_docx:
            from ..render.embed import NotOurDocumentError, read_embedded_draft

            try:
                return read_embedded_draft(str(p))
            except NotOurDocumentError as exc:  # not ours, damaged, not a DOCX: its own sentence
                raise ImportFileError(str(exc)) from exc
    except (DraftFormatError, ReadRefusedError) as exc:
        raise ImportFileError(str(exc)) from exc
    except OSError as exc:
        from ..files import describe_read_error

        raise ImportFileError(describe_read_error(p, exc)) from exc
    raise ImportFileError(UNKNOWN_TYPE)


def import_report(path: PathLike, *, any_as_docx: bool = False) -> ImportedDraft:
    """The draft of a picked file and the warning to show with it."""
    return ImportedDraft(read_draft_file(path, any_as_docx=any_as_docx), edited_warning(path))


def edited_warning(path: PathLike) -> str | None:
    """For a DOCX edited in Word after export, the warning that those edits are not in the
    embedded draft; None otherwise (or when the file does not say)."""
    if Path(path).suffix.lower() == ".json":
        return None
    from ..render.embed import EDITED_AFTER_EXPORT, edited_after_export

    try:
        edited = edited_after_export(path)
    except (CchcError, OSError):
        edited = None
    return EDITED_AFTER_EXPORT if edited else None


def plan_xlsx_import(draft: Draft, path: PathLike) -> Any:
    """What a workbook would change in ``draft`` (``xlsx_import.ImportPlan``); nothing applied."""
    from ..xlsx_import import plan_import

    return plan_import(draft, path)
