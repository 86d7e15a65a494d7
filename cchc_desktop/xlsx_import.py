"""Read the annex values back from a workbook (ours, possibly edited by a colleague in Excel).

``plan_import(draft, path)`` never changes the draft: it returns an :class:`ImportPlan` with the
changes (form, row, old, new), the findings (what the import noticed plus the same annex rules
as everywhere else, run on the result) and the new draft (a copy with the changes applied). The
changes are edits of typed annex cells (``plan.edits``: ``(AnnexCell, text)``) that go through
the one edit pipeline (``editing.apply_edits``): on the copy here, and on the open draft as one
editor operation (``DraftEditor.set_many``: one notice, one save) once the user accepts them.

Rows are found by their STT code in column "STT", not by position: a deleted or moved row
does not shift values into the wrong row. Columns are found by their header text. A workbook
of another variant, period or kind is refused (:class:`XlsxImportError`) with the reason.
"""
from __future__ import annotations

import datetime as _dt
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .draft import Draft
from .editing import AnnexCell, apply_edits
from .errors import CchcError
from .forms import AnnexForm, Choice, FormVariant, RowKind, get_variant
from .numbers import NumberParseError, format_vn, parse_value
from .rules import Finding, check_annex
from .textnorm import clean_line
from .xlsx_export import COLUMNS, FORMAT_NAME, FORMAT_VERSION, META_SHEET, sheet_name

_CODE = re.compile(r"^\d+(\.\d+)*$")


MAX_FORM_ROWS = 1000  # rows read below a form's header (the largest form has ~60)
MAX_META_ROWS = 200  # rows of the identity sheet


class XlsxImportError(CchcError):
    """A workbook that cannot be imported; ``str()`` is the Vietnamese reason."""


@dataclass(frozen=True)
class Change:
    form: int
    code: str
    label: str
    field: str  # "value" | "note"
    old: str
    new: str

    @property
    def field_label(self) -> str:
        return "Số liệu" if self.field == "value" else "Ghi chú"

    @property
    def ref(self) -> AnnexCell:
        return AnnexCell(str(self.form), self.code, self.field)


@dataclass
class ImportPlan:
    source: Path
    identity: dict[str, str]
    changes: list[Change]
    findings: list[Finding]  # import notes first, then the annex rules on the result
    draft: Draft  # the draft with the changes applied (a copy)
    import_findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def edits(self) -> list[tuple[AnnexCell, str]]:
        """The changes as edits for ``editing.apply_edits`` / ``DraftEditor.set_many``."""
        return [(c.ref, c.new) for c in self.changes]


@dataclass
class SheetRow:
    row: int  # worksheet row number, for messages
    value: Any
    note: Any
    number_format: str
    formula: bool = False  # the cell holds a formula (our rate formulas are never imported)


# ----- reading ------------------------------------------------------------------------------
def _load(path: Path) -> tuple[Any, Any]:  # two openpyxl workbooks: values, formulas
    from openpyxl import load_workbook

    from .files.read import XLSX_LIMIT, ReadRefusedError, open_zip

    try:  # size, parts, compression ratio and DTDs checked before openpyxl reads anything
        open_zip(path, what="bảng tính Excel", limit=XLSX_LIMIT).close()
    except ReadRefusedError as exc:
        if "tệp nén Office" in str(exc):  # not a zip at all: the sentence that says what to do
            raise XlsxImportError(f"«{path.name}» không phải tệp Excel (.xlsx) đọc được. Nếu tệp ở dạng .xls cũ, "
                                  f"hãy mở bằng Excel và lưu lại dạng .xlsx.") from None
        raise XlsxImportError(str(exc), detail=exc.detail) from None
    try:
        return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on odd parts (AttributeError for a chart sheet without drawing)
        logging.getLogger(__name__).warning("workbook %s not readable: %r", path.name, exc)
        if isinstance(exc, PermissionError):
            raise XlsxImportError(f"Không mở được «{path.name}»: tệp đang mở trong Excel hoặc không có quyền đọc. "
                                  f"Hãy đóng tệp rồi thử lại.") from None
        raise XlsxImportError(f"«{path.name}» không phải tệp Excel (.xlsx) đọc được. Nếu tệp ở dạng .xls cũ, "
                              f"hãy mở bằng Excel và lưu lại dạng .xlsx.") from None


def read_identity(wb: Any) -> dict[str, str]:
    ws = _worksheet(wb, META_SHEET)  # a chart sheet named like it is not it
    if ws is None:
        raise XlsxImportError("Bảng tính này không do CCHC Desktop xuất ra (thiếu phần nhận dạng), nên không biết "
                              "nó thuộc báo cáo, kỳ và mẫu biểu nào. Hãy xuất bảng tính từ phần mềm rồi điền số "
                              "liệu vào đó.")
    ident = {}
    rows = ws.iter_rows(min_col=1, max_col=2, max_row=min(ws.max_row, MAX_META_ROWS), values_only=True)
    for key, value in rows:
        if key:
            ident[str(key)] = "" if value is None else str(value)
    if ident.get("format") != FORMAT_NAME:
        raise XlsxImportError("Phần nhận dạng của bảng tính bị hỏng; không nhập được.")
    try:
        if int(ident.get("version", "0")) > FORMAT_VERSION:
            raise XlsxImportError("Bảng tính do phiên bản mới hơn của CCHC Desktop xuất ra; hãy cập nhật phần mềm.")
    except ValueError:
        raise XlsxImportError("Phần nhận dạng của bảng tính bị hỏng; không nhập được.") from None
    return ident


def check_identity(ident: dict[str, str], draft: Draft) -> list[Finding]:
    """Raise for another variant, period or kind; warnings for another draft or commune."""
    from .periods import period_title
    from .vnformat import commune_name

    if ident.get("variant") != (draft.variant or ""):
        raise XlsxImportError(f"Bảng tính dùng mẫu biểu «{ident.get('variant')}», còn dự thảo dùng mẫu biểu "
                              f"«{draft.variant}». Các dòng của hai mẫu biểu khác nhau nên không nhập được; hãy xuất "
                              f"lại bảng tính từ dự thảo này.")
    if ident.get("kind") != draft.kind or ident.get("period_type") != draft.period.type or \
            ident.get("period_year") != str(draft.period.year):
        raise XlsxImportError(f"Bảng tính là số liệu {ident.get('period_title') or 'của kỳ khác'}, còn dự thảo là kỳ "
                              f"{period_title(draft.period)}. Không nhập số liệu của kỳ khác vào báo cáo này.")
    out = []
    if ident.get("draft_id") and ident.get("draft_id") != draft.id:
        out.append(Finding("warning", "Bảng tính được xuất từ một dự thảo khác (cùng kỳ và mẫu biểu); hãy chắc chắn "
                                      "đây đúng là số liệu của báo cáo này.", None, None))
    ours = commune_name(draft)
    if ident.get("commune") and ours and ident["commune"] != ours:
        out.append(Finding("warning", f"Bảng tính ghi đơn vị «{ident['commune']}», dự thảo là «{ours}».", None, None))
    return out


def _worksheet(wb: Any, name: str) -> Any:
    """The worksheet called ``name``, or None; an openpyxl chart sheet of that name is not one.
    (Also takes the consolidation's light workbook, which has worksheets only.)"""
    if name not in wb.sheetnames:
        return None
    ws = wb[name]
    return ws if hasattr(ws, "cell") else None


def _find_sheet(wb: Any, number: int) -> Any:
    name = sheet_name(number)
    found = _worksheet(wb, name)  # worksheets only: a chart sheet has no cells
    if found is not None:
        return found
    for ws in wb.worksheets:  # renamed sheet: recognise it by its title cell "Biểu mẫu N"
        if str(ws.cell(1, 1).value or "").strip().casefold() == f"biểu mẫu {number}":
            return ws
    return None


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def _columns(ws: Any, variant: FormVariant) -> tuple[int, int, int, int]:
    """(header row, stt column, value column, note column) found by header text."""
    h = variant.headers
    for r in range(1, min(ws.max_row, 20) + 1):
        cells = {c: _norm(ws.cell(r, c).value) for c in range(1, min(ws.max_column, 15) + 1)}
        stt = next((c for c, v in cells.items() if v == _norm(h.get("stt", "STT"))), None)
        if stt is None:
            continue
        value = note = None
        for rr in (r, r + 1):
            for c in range(1, min(ws.max_column, 15) + 1):
                v = _norm(ws.cell(rr, c).value)
                if v and v == _norm(h.get("value")):
                    value = value or c
                if v and v == _norm(h.get("note")):
                    note = note or c
        return r, stt, value or COLUMNS["value"], note or COLUMNS["note"]
    return 5, COLUMNS["stt"], COLUMNS["value"], COLUMNS["note"]


def _code(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        text = repr(value)
    else:
        text = str(value)
    text = text.strip().rstrip(".")
    return text if _CODE.match(text) else None


def read_form_sheet(ws: Any, variant: FormVariant,
                    formula_ws: Any = None) -> tuple[dict[str, SheetRow], list[tuple[int, str]]]:
    """{code: SheetRow} and the STT texts that repeat (row, code)."""
    header, stt_col, value_col, note_col = _columns(ws, variant)
    rows: dict[str, SheetRow] = {}
    duplicates = []
    # a form has tens of rows: a stray cell on row 1,048,576 must not make this walk a million
    for r in range(header + 1, min(ws.max_row, header + MAX_FORM_ROWS) + 1):
        code = _code(ws.cell(r, stt_col).value)
        if code is None:
            continue
        cell = ws.cell(r, value_col)
        value, is_formula = _cell_value(ws, formula_ws, r, value_col)
        note, _ = _cell_value(ws, formula_ws, r, note_col)
        if code in rows:
            duplicates.append((r, code))
            continue
        rows[code] = SheetRow(r, value, note, cell.number_format or "", is_formula)
    return rows, duplicates


def _cell_value(ws: Any, formula_ws: Any, r: int, col: int) -> tuple[Any, bool]:
    """The value Excel computed; ``_Formula`` when never computed, ``_FormulaError`` for an error
    value a formula left (``#VALUE!``: a DDE payload); and whether the cell holds a formula."""
    cell = ws.cell(r, col)
    value = cell.value
    fcell = formula_ws.cell(r, col) if formula_ws is not None else None
    f = fcell.value if fcell is not None else None
    # a text cell that starts with "=" (a note "=1+1" exported as text) is text, not a formula
    is_formula = fcell is not None and getattr(fcell, "data_type", "f") == "f" and isinstance(f, str) \
        and f.startswith("=")
    if value is None and is_formula:
        value = _Formula(f)
    elif getattr(cell, "data_type", "") == "e":
        value = _FormulaError(str(value))
    return value, is_formula


class _Formula(str):
    """A formula whose result was never calculated (saved by a program that does not compute)."""


class _FormulaError(str):
    """An error value (``#VALUE!``, ``#REF!``...) that a formula left in a number cell."""


# ----- converting one cell ------------------------------------------------------------------
def _decimal(v: int | float | Decimal) -> Decimal:
    if isinstance(v, float):
        try:
            return Decimal(repr(v))
        except InvalidOperation:
            return Decimal(0)
    return Decimal(v)


def cell_to_text(value: Any, kind: RowKind, number_format: str, old_text: str,
                 choices: tuple[Choice, ...] = ()) -> tuple[str, str | None]:
    """(text to store, a note for the findings or None). Equal numbers keep the old text ("01")."""
    if value is None:
        return "", None
    if isinstance(value, _Formula):
        return old_text, "ô có công thức chưa được tính (tệp được lưu bằng chương trình không tính công thức); " \
                         "giữ nguyên số liệu cũ. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại."
    if isinstance(value, _FormulaError):
        return old_text, f"ô có công thức báo lỗi ({value}); giữ nguyên số liệu cũ. Hãy sửa công thức trong Excel " \
                         "hoặc gõ con số vào ô, rồi nhập lại."
    if isinstance(value, bool):
        return ("1" if value else "0"), None
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        if isinstance(value, _dt.time):
            shown = value.strftime("%H:%M")
        else:
            shown = f"{value.day}/{value.month}" + (f"/{value.year}" if value.year != 1900 else "")
        return shown, f"Excel đã đổi giá trị thành ngày tháng ({shown}); hãy nhập lại con số."
    if isinstance(value, (int, float, Decimal)):
        number = _decimal(value)
        if "%" in number_format and kind in (RowKind.PERCENT, RowKind.RATE):
            number = number * 100  # typed "88,25%" in a percent-formatted cell: stored 0.8825
        if kind is RowKind.PERCENT or kind is RowKind.AMOUNT:
            if number != number.to_integral_value():
                number = number.quantize(Decimal("0.000001")).normalize()
        try:
            if old_text and parse_value(old_text, kind, choices=choices) == number:
                return old_text, None
        except NumberParseError:
            pass
        if kind is RowKind.CHOICE and number == number.to_integral_value():
            return str(int(number)), None
        return format_vn(number), None
    text = clean_line(str(value))
    if text == clean_line(old_text):
        return old_text, None
    try:
        if text and old_text and (parse_value(old_text, kind, choices=choices)
                                  == parse_value(text, kind, choices=choices)):
            return old_text, None
    except NumberParseError:
        pass
    return text, None


# ----- the plan -----------------------------------------------------------------------------
def plan_import(draft: Draft, path: str | Path) -> ImportPlan:
    path = Path(path)
    if not draft.variant:
        raise XlsxImportError("Dự thảo này không có phụ lục biểu mẫu để nhập số liệu.")
    wb, wb_formulas = _load(path)
    ident = read_identity(wb)
    notes = check_identity(ident, draft)
    variant = get_variant(draft.variant)
    new = draft.copy()
    changes: list[Change] = []
    for form in variant.forms:
        ws = _find_sheet(wb, form.number)
        if ws is None:
            notes.append(Finding("warning", f"Không thấy trang «{sheet_name(form.number)}» trong bảng tính; giữ nguyên "
                                            f"số liệu Biểu mẫu {form.number}.", form.number, None))
            continue
        fws = wb_formulas[ws.title] if ws.title in wb_formulas.sheetnames else None
        rows, duplicates = read_form_sheet(ws, variant, fws)
        for r, code in duplicates:
            notes.append(Finding("warning", f"Biểu mẫu {form.number}: STT «{code}» lặp lại ở dòng {r} của bảng tính; "
                                            f"chỉ lấy dòng đầu tiên.", form.number, code))
        _import_form(form, rows, draft, new, changes, notes)
    rule_findings = check_annex(variant, new.annex)
    return ImportPlan(source=path, identity=ident, changes=changes, findings=notes + rule_findings, draft=new,
                      import_findings=notes)


def _import_form(form: AnnexForm, rows: dict[str, SheetRow], old: Draft, new: Draft, changes: list[Change],
                 notes: list[Finding]) -> None:
    from .annex import evaluate_form

    n = form.number
    known = set(form.codes())
    first = len(changes)
    for code, sheet_row in rows.items():
        if code not in known:
            notes.append(Finding("warning", f"Biểu mẫu {n}: dòng {sheet_row.row} của bảng tính có STT «{code}» "
                                            f"không có trong mẫu biểu; bỏ qua dòng này.", n, code))
    for ind in form.rows:
        sr = rows.get(ind.code)
        old_cell = old.annex_cell(n, ind.code)
        if sr is None:
            if ind.is_input and (old_cell.get("value") or old_cell.get("note")):
                kept = old_cell.get("value") or "trống"
                notes.append(Finding("warning", f"Biểu mẫu {n}, dòng {ind.code}: không có trong bảng tính "
                                                f"(có thể đã bị xóa); giữ nguyên số liệu cũ ({kept}).", n, ind.code))
            continue
        if isinstance(sr.note, (_Formula, _FormulaError)):  # never a formula's text, never an error value
            why = f"báo lỗi ({sr.note})" if isinstance(sr.note, _FormulaError) else "chưa được tính"
            notes.append(Finding("warning", f"Biểu mẫu {n}, dòng {ind.code}: ô ghi chú có công thức {why}; giữ "
                                            "nguyên ghi chú cũ.", n, ind.code))
        else:
            note_text = clean_line("" if sr.note is None else str(sr.note))
            if note_text != old_cell.get("note", ""):
                changes.append(Change(n, ind.code, ind.label, "note", old_cell.get("note", ""), note_text))
        if not ind.is_input:
            continue
        old_text = old_cell.get("value", "")
        text, problem = cell_to_text(sr.value, ind.kind, sr.number_format, old_text, ind.choices)
        if problem:
            notes.append(Finding("error" if text != old_text else "warning",
                                 f"Biểu mẫu {n}, dòng {ind.code}: {problem}", n, ind.code))
        if text != old_text:
            changes.append(Change(n, ind.code, ind.label, "value", old_text, text))
    apply_edits(new, [(c.ref, c.new) for c in changes[first:]])  # the copy, through the one edit pipeline
    # a number typed into a computed rate row is not imported: say so when it disagrees
    results = evaluate_form(form, new.annex.get(str(n), {}))
    for ind in form.rows:
        sr = rows.get(ind.code)
        if ind.kind is not RowKind.RATE or sr is None or sr.value in (None, "", "-") or sr.formula:
            continue
        res = results[ind.code]
        typed, _ = cell_to_text(sr.value, RowKind.PERCENT, sr.number_format, "")
        try:
            number = parse_value(typed, RowKind.PERCENT)
        except NumberParseError:
            number = None
        if number is None or res.computed is None or abs(number - res.computed) >= Decimal("0.01"):
            shown = res.display or "chưa tính được"
            notes.append(Finding("warning", f"Biểu mẫu {n}, dòng {ind.code}: là tỷ lệ tính tự động từ dòng "
                                            f"{ind.numerator} và {ind.denominator} ({shown}); giá trị «{typed}» gõ vào "
                                            f"bảng tính không được nhập.", n, ind.code))
