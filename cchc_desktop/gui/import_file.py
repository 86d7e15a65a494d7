"""Reading a draft from a file the user picks: a DOCX written by the app (it carries the draft
inside) or a JSON draft. Runs in a worker thread; no Qt here."""
from __future__ import annotations

from pathlib import Path

from ..draft import Draft, DraftFormatError
from ..errors import CchcError

NOT_OURS = ("Tệp «{name}» không phải báo cáo do CCHC Desktop tạo ra (không có dữ liệu dự thảo "
            "bên trong), nên không nhập được. Chỉ nhập được tệp Word do phần mềm này xuất hoặc tệp dự thảo JSON.")
UNKNOWN_TYPE = "Chỉ nhập được tệp Word (.docx) do phần mềm xuất ra hoặc tệp dự thảo (.json)."
UNREADABLE = "Không đọc được tệp «{name}»: {reason}"


class ImportFileError(CchcError):
    """``str()`` is a Vietnamese sentence for the user."""


def read_draft_file(path: str) -> Draft:
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".json":
            return Draft.from_json(p.read_text(encoding="utf-8-sig"))
        if suffix == ".docx":
            from ..render.embed import NotOurDocumentError, read_embedded_draft

            try:
                return read_embedded_draft(str(p))
            except NotOurDocumentError as exc:
                raise ImportFileError(NOT_OURS.format(name=p.name)) from exc
    except DraftFormatError as exc:
        raise ImportFileError(str(exc)) from exc
    except OSError as exc:
        raise ImportFileError(UNREADABLE.format(name=p.name, reason=exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise ImportFileError(UNREADABLE.format(name=p.name, reason="không phải văn bản UTF-8")) from exc
    raise ImportFileError(UNKNOWN_TYPE)


def read_import(path: str) -> tuple[Draft, str | None]:
    """The draft of a picked file and a warning to show with it (a report edited in Word after
    export: the draft inside is the one exported, without those edits)."""
    draft = read_draft_file(path)
    if Path(path).suffix.lower() != ".docx":
        return draft, None
    from ..render.embed import EDITED_AFTER_EXPORT, NotOurDocumentError, edited_after_export

    try:
        edited = edited_after_export(path)
    except (NotOurDocumentError, DraftFormatError, OSError):
        edited = None
    return draft, (EDITED_AFTER_EXPORT if edited else None)
