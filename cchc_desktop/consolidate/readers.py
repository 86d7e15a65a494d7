"""Read one file a commune sent: our DOCX (draft embedded), our annex workbook, our JSON draft.

``read_file(path)`` never raises for a bad file: it returns a :class:`Skipped` with the
Vietnamese reason. Every read is bounded (file size, zip entries, parts) and nothing is ever
written: the file is opened read-only and no temp file is made beside it.
"""
from __future__ import annotations

import datetime as _dt
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..draft import Draft, DraftFormatError
from .model import Skipped, Submission, commune_label

if TYPE_CHECKING:
    from .xlsxread import Sheet, Workbook

log = logging.getLogger(__name__)

_COMMUNE_BODY = re.compile(r"(?i)(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(xã|phường|thị trấn|đặc khu)")
EXTENSIONS = (".docx", ".xlsx", ".json")


def read_file(path: str | Path) -> Submission | Skipped:
    from ..files.read import ReadRefusedError, check_regular

    path = Path(path)
    try:
        st = check_regular(path)
    except ReadRefusedError as exc:
        return Skipped(str(path), _reason(str(exc)))
    if path.name.startswith("~$"):
        return Skipped(str(path), "tệp tạm của Word/Excel (tệp đang mở), không phải báo cáo")
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        return Skipped(str(path), "không phải tệp báo cáo (chỉ đọc tệp .docx, .xlsx, .json do CCHC Desktop tạo ra)")
    try:
        if ext == ".json":
            sub = _read_json(path)
        elif ext == ".docx":
            sub = _read_docx(path)
        else:
            sub = _read_xlsx(path)
    except _RefusedError as exc:
        return Skipped(str(path), str(exc))
    except ReadRefusedError as exc:  # a bound of files.read: too big, too many parts, not a zip...
        return Skipped(str(path), _reason(str(exc)))
    except PermissionError:
        return Skipped(str(path), "không có quyền đọc tệp (hoặc tệp đang mở trong chương trình khác)")
    except Exception as exc:
        log.warning("reading %s failed", path, exc_info=True)
        return Skipped(str(path), f"tệp bị hỏng, không đọc được ({type(exc).__name__})")
    sub.file_time, sub.size = st.st_mtime, st.st_size
    _evaluate(sub)
    return sub


def _evaluate(sub: Submission) -> None:
    """The commune's own findings and its evaluated cells, computed here (in the worker
    process, in parallel) rather than in the process that makes the tables."""
    from ..forms import UnknownVariantError, get_variant
    from ..rules import check_annex
    from .model import compact_cells

    if not sub.variant:
        return
    try:
        variant = get_variant(sub.variant)
    except UnknownVariantError:
        return
    sub.findings = check_annex(variant, sub.annex)
    sub.cells = compact_cells(variant, sub.annex)


class _RefusedError(Exception):
    pass


def _utc(stamp: str) -> str:
    """An ISO time in UTC, so revisions written in different time zones compare as text."""
    try:
        t = _dt.datetime.fromisoformat(stamp.strip())
    except (ValueError, AttributeError):
        return ""
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return t.astimezone(_dt.timezone.utc).isoformat()


def _from_draft(path: Path, source: str, draft: Draft) -> Submission:
    from ..vnformat import reference_number

    body = draft.meta.issuing_body or draft.meta.issuing_body_short
    if not isinstance(draft.variant, (str, type(None))) or not isinstance(draft.period.type, str):
        raise _RefusedError("mẫu biểu hoặc kỳ báo cáo ghi sai kiểu (tệp bị sửa ngoài phần mềm)")
    return Submission(
        path=str(path), source=source, commune=_commune(draft), issuing_body=body, kind=draft.kind,
        period_type=draft.period.type, year=draft.period.year, variant=draft.variant, date=draft.meta.date,
        number=reference_number(draft.meta.number, draft.meta.code), revision=_utc(draft.updated), draft_id=draft.id,
        annex=draft.annex)


def _commune(draft: Draft) -> str:
    from ..vnformat import commune_name

    body = draft.meta.issuing_body or draft.meta.issuing_body_short
    label = commune_label(body) if body else ""
    return label or commune_name(draft) or ""


def _draft_or_refuse(text: str) -> Draft:
    from ..files.read import loads_json

    try:
        data = loads_json(text, what="dữ liệu dự thảo")
    except ValueError:
        raise _RefusedError("dữ liệu dự thảo bị hỏng (không phải JSON hợp lệ)") from None
    return _draft_from_dict(data)


def _draft_from_dict(data: object) -> Draft:
    """The draft without its outline: the province needs the identity and the annex, and the
    text (cleaned section by section, a third of the reading time) is read again only when the
    official opens that report (:func:`full_draft`)."""
    if isinstance(data, dict) and isinstance(data.get("outline"), list):
        data = {**data, "outline": []}
    try:
        return Draft.from_dict(data)
    except DraftFormatError as exc:
        raise _RefusedError(str(exc).rstrip(".")) from None


def _read_json(path: Path) -> Submission:
    from ..files.read import DRAFT_LIMIT, loads_json, read_bytes

    raw = read_bytes(path, limit=DRAFT_LIMIT, what="tệp dự thảo")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _RefusedError("không phải tệp dự thảo JSON của CCHC Desktop (không phải văn bản UTF-8)") from None
    if "cchc-draft" not in text:
        raise _RefusedError("không phải tệp dự thảo của CCHC Desktop")
    try:
        data = loads_json(text, what="tệp dự thảo")
    except ValueError:
        raise _RefusedError("tệp dự thảo bị hỏng (không phải JSON hợp lệ)") from None
    return _from_draft(path, "json", _draft_from_dict(data))


def _read_docx(path: Path) -> Submission:
    """Only the customXml part is read from the zip: no python-docx, no docxtpl."""
    from ..files.read import DOCX_LIMIT, open_zip
    from ..render.embed import NotOurDocumentError, read_embedded_json

    with open_zip(path, what="tệp Word", limit=DOCX_LIMIT):  # size, parts, ratios within bounds
        pass
    try:
        with path.open("rb") as fh:
            payload = read_embedded_json(fh, path.name)
    except NotOurDocumentError as exc:
        raise _RefusedError(_reason(str(exc))) from None
    return _from_draft(path, "docx", _draft_or_refuse(payload))


def _reason(message: str) -> str:
    """embed's sentence names the file; the skipped list already does."""
    subject = re.match(r"^(Tệp Word|Tệp Excel|Tệp|tệp|Phần) «[^»]*» (khi |có )?", message)
    if subject is not None and subject.group(2):  # "Tệp Word «x» khi giải nén quá lớn": keep the subject
        message = subject.group(1)[:1].lower() + subject.group(1)[1:] + " " + message[subject.end(1):].split("» ", 1)[1]
    elif subject is not None:
        message = message[len(subject.group(0)):]
    message = re.sub(r"^«[^»]*» ", "", message)  # "«f.docx» không phải một tệp thông thường"
    message = message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message
    message = message.split(", nên không thể mở lại")[0]
    return message.rstrip(".")


# ----- the annex workbook ----------------------------------------------------------------------
def _read_xlsx(path: Path) -> Submission:
    from ..files.read import XLSX_LIMIT, open_zip
    from .xlsxread import XlsxReadError, open_workbook

    with open_zip(path, what="tệp Excel", limit=XLSX_LIMIT) as zf:
        try:
            wb = open_workbook(zf)
            return _submission_from_workbook(path, wb)
        except XlsxReadError as exc:
            raise _RefusedError(str(exc)) from None


def _submission_from_workbook(path: Path, wb: Workbook) -> Submission:
    from ..forms import UnknownVariantError, get_variant
    from ..xlsx_export import COVER_SHEET, META_SHEET
    from ..xlsx_import import (
        XlsxImportError,
        _find_sheet,
        cell_to_text,
        read_form_sheet,
        read_identity,
    )

    if META_SHEET not in wb:
        raise _RefusedError("bảng tính không do CCHC Desktop xuất ra (thiếu phần nhận dạng)")
    fmt = next((str(v) for k, v in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True)
                if k == "format"), "")
    if fmt == "cchc-consolidated-xlsx":
        raise _RefusedError("đây là bảng tổng hợp của tỉnh, không phải báo cáo của một xã")
    try:
        ident = read_identity(wb)
    except XlsxImportError as exc:
        raise _RefusedError(str(exc).rstrip(".")) from None
    kind = ident.get("kind", "")
    try:
        year = int(ident.get("period_year", ""))
    except ValueError:
        raise _RefusedError("phần nhận dạng của bảng tính bị hỏng (năm báo cáo)") from None
    variant_id = ident.get("variant") or None
    annex: dict[str, dict[str, dict[str, str]]] = {}
    notes: list[str] = []
    if variant_id:
        try:
            variant = get_variant(variant_id)
        except UnknownVariantError:
            raise _RefusedError(f"mẫu biểu «{variant_id}» chưa có trong phần mềm này") from None
        for form in variant.forms:
            ws = _find_sheet(wb, form.number)
            if ws is None:
                notes.append(f"thiếu trang «Biểu {form.number}»")
                continue
            rows, _dups = read_form_sheet(ws, variant, ws.formulas)
            for ind in form.rows:
                sr = rows.get(ind.code)
                if sr is None:
                    continue
                cell: dict[str, str] = {}
                note = "" if sr.note is None else str(sr.note).strip()
                if ind.is_input:
                    text, problem = cell_to_text(sr.value, ind.kind, sr.number_format, "", ind.choices)
                    if problem:
                        notes.append(f"Biểu mẫu {form.number}, dòng {ind.code}: {problem}")
                    if text:
                        cell["value"] = text
                if note:
                    cell["note"] = note
                if cell:
                    annex.setdefault(str(form.number), {})[ind.code] = {"value": cell.get("value", ""),
                                                                         "note": cell.get("note", "")}
    cover = _cover_items(wb[COVER_SHEET]) if COVER_SHEET in wb else {}
    unit = cover.get("Đơn vị") or ident.get("commune", "")
    body = _cover_body(wb[COVER_SHEET]) if COVER_SHEET in wb else ""
    commune = commune_label(body) if body else commune_label(unit)
    return Submission(
        path=str(path), source="xlsx", commune=commune, issuing_body=body or unit, kind=kind,
        period_type=ident.get("period_type", ""), year=year, variant=variant_id,
        date=_cover_date(cover.get("Ngày báo cáo", "")), number=cover.get("Số báo cáo", ""),
        revision=_utc(ident.get("exported", "")), draft_id=ident.get("draft_id", ""), annex=annex, notes=notes)


def _cover_items(ws: Sheet) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in range(1, min(ws.max_row, 60) + 1):
        label, value = ws.cell(r, 1).value, ws.cell(r, 2).value
        if isinstance(label, str) and value is not None and label.strip() not in out:
            out[label.strip()] = str(value).strip()
    return out


def _cover_body(ws: Sheet) -> str:
    """The issuing body: the first bold-less header line naming a UBND of a commune."""
    for r in range(1, 4):
        value = ws.cell(r, 1).value
        if isinstance(value, str) and _COMMUNE_BODY.search(value):
            return value.strip()
    return ""


def _cover_date(text: str) -> _dt.date | None:
    m = re.match(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$", text or "")
    if not m:
        return None
    try:
        return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def list_files(inputs: Sequence[str | Path], max_files: int = 20000,
               max_depth: int = 4) -> tuple[list[Path], list[Skipped]]:
    """The files named, and those in the folders named (sub-folders too, to ``max_depth``), in
    name order. What is not a file or folder is returned as skipped."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen and len(files) < max_files:
            seen.add(key)
            files.append(p)

    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                depth = len(Path(root).relative_to(p).parts)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if depth < max_depth else []
                for name in sorted(names):
                    if Path(name).suffix.lower() in EXTENSIONS and not name.startswith("."):
                        add(Path(root) / name)
        elif p.is_file():
            add(p)
        elif os.path.lexists(p):  # a FIFO, a device, a socket, a symlink loop: not "missing"
            from ..files.read import ReadRefusedError, check_regular

            try:
                check_regular(p)
                reason = "không đọc được tệp này"
            except ReadRefusedError as exc:
                reason = _reason(str(exc))
            skipped.append(Skipped(str(p), reason))
        else:
            skipped.append(Skipped(str(p), "không tìm thấy tệp hoặc thư mục này"))
    if len(files) >= max_files:
        skipped.append(Skipped("", f"chỉ đọc {max_files} tệp đầu tiên; hãy chia thư mục nhỏ hơn"))
    return files, skipped


def full_draft(sub: Submission) -> Draft:
    """The whole report behind a submission, to show it read-only: the draft itself for a DOCX
    or JSON (read again, within the same bounds), or a draft holding the workbook's identity and
    annex values for an XLSX (a workbook carries no text)."""
    from ..draft import Meta, Period

    path = Path(sub.path)
    if sub.source == "json":
        from ..files.read import DRAFT_LIMIT, loads_json, read_bytes

        return Draft.from_dict(loads_json(read_bytes(path, limit=DRAFT_LIMIT, what="tệp dự thảo")
                                          .decode("utf-8-sig"), what="tệp dự thảo"))
    if sub.source == "docx":
        from ..render.embed import read_embedded_json

        with path.open("rb") as fh:
            return Draft.from_json(read_embedded_json(fh, path.name))
    meta = Meta(issuing_body=sub.issuing_body, number="", date=sub.date)
    return Draft(id=sub.draft_id or path.stem, kind=sub.kind, period=Period(type=sub.period_type, year=sub.year),
                 variant=sub.variant, meta=meta, outline=[], annex=sub.annex)
