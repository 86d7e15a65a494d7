"""The annex as an Excel workbook: a cover sheet and one sheet per form, laid out like the print.

Every value stays a number so a colleague can compute with it. Number formats carry the
Vietnamese locale tag ``[$-42A]``: LibreOffice then shows "1.277" and "88,25" whatever the
machine's locale, and Excel (which takes separators from Windows) shows the same on the
Vietnamese-locale PCs of the communes; on an English-locale PC Excel shows 1,277 / 88.25, but
the value is the same number. Every printed string and every value comes from the computed
report (``view.build_view``: the cover's header and annex line, each form's title, header and rows
with their numbers), the same view the DOCX and the preview print. A rate is a formula over its
two rows (``ROUND(num/den*100, 2)``, "-" for 0/0, blank while a part is blank), so it follows a
colleague's changes in Excel or LibreOffice; the computed value is also stored in the file as the
formula's cached result (openpyxl writes formulas without one), so programs that do not compute
read the same number.
Import reads the parts, never the rate.

Identity (variant, period, kind, draft id, commune) is written twice: visibly on the cover and
in the hidden sheet ``_cchc`` that :mod:`cchc_desktop.xlsx_import` reads to refuse a workbook of
another variant or period.
"""
from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .draft import Draft
from .errors import CchcError
from .files import Overwrite
from .forms import FormVariant, RowKind, get_variant
from .numbers import round_rate
from .view.report import FormRow, FormView, ReportView

FORMAT_NAME = "cchc-annex-xlsx"
FORMAT_VERSION = 1
META_SHEET = "_cchc"
COVER_SHEET = "Bìa"
HEADER_ROWS = (5, 6)  # the two header rows of every form sheet (repeated on each printed page)
FIRST_DATA_ROW = 7
COLUMNS = {"stt": 1, "indicator": 2, "unit": 3, "value": 4, "note": 5}
WIDTHS = {1: 8, 2: 62, 3: 17, 4: 13, 5: 18}

VN = "[$-42A]"
NUMBER_FORMATS = {
    RowKind.COUNT: VN + "#,##0",
    RowKind.AMOUNT: VN + "#,##0.###",
    RowKind.PERCENT: VN + "#,##0.00",
    RowKind.RATE: VN + "#,##0.00",
    RowKind.CHOICE: "0",
}

FONT = "Times New Roman"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def sheet_name(number: int) -> str:
    return f"Biểu {number}"


class XlsxExportError(CchcError):
    """``str()`` is Vietnamese."""


def _font(size: int = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def identity(draft: Draft) -> dict[str, str]:
    from .periods import period_title
    from .vnformat import commune_name

    return {
        "format": FORMAT_NAME,
        "version": str(FORMAT_VERSION),
        "draft_id": draft.id,
        "kind": draft.kind,
        "variant": draft.variant or "",
        "period_type": draft.period.type,
        "period_year": str(draft.period.year),
        "period_title": period_title(draft.period),
        "commune": commune_name(draft),
        "exported": _dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
    }


def build_workbook(draft: Draft, variant: FormVariant | None = None) -> Workbook:
    if not draft.variant:
        raise XlsxExportError("Văn bản này không có phụ lục biểu mẫu nên không xuất được bảng tính.")
    from .view import build_view

    variant = variant or get_variant(draft.variant)
    view = build_view(draft, variant)
    wb = Workbook()
    wb._cchc_cached = {}  # (sheet index, "D12") -> cached result of a rate formula, see _with_cached
    cover = wb.active
    cover.title = COVER_SHEET
    _write_cover(cover, view, draft, variant)
    for form in view.forms:
        ws = wb.create_sheet(sheet_name(form.number))
        cached = _write_form(ws, view, form)
        index = len(wb.worksheets)  # openpyxl names the part xl/worksheets/sheet<index>.xml
        wb._cchc_cached.update({(index, coord): value for coord, value in cached.items()})
    meta = wb.create_sheet(META_SHEET)
    for i, (k, v) in enumerate(identity(draft).items(), 1):
        meta.cell(i, 1, k)
        meta.cell(i, 2, v).number_format = "@"
    meta.sheet_state = "hidden"
    wb.active = 1  # open on "Biểu 1"
    wb.calculation.fullCalcOnLoad = True  # Excel and LibreOffice compute the rate formulas on open
    text_only(wb)
    return wb


def _our_formula(cell: Any) -> None:
    """Mark ``cell`` as a formula the app wrote (the rate formulas); every other "=..." is text."""
    ws = cell.parent
    if not hasattr(ws, "_cchc_formulas"):
        ws._cchc_formulas = set()
    ws._cchc_formulas.add(cell.coordinate)


def text_only(wb: Workbook) -> None:
    """User text is always written as text: openpyxl makes any string starting with "=" a live
    formula (a note "=1+1", a DDE payload "=cmd|'/c calc'!A1" in the commune name on the cover);
    every such cell that is not one of the app's own rate formulas becomes a text cell, which
    Excel and LibreOffice show as typed and never evaluate ("+", "-", "@" are only dangerous in
    CSV: in a text cell of an XLSX they are plain characters)."""
    for ws in wb.worksheets:
        ours: set[str] = getattr(ws, "_cchc_formulas", set())
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and c.coordinate not in ours:
                    c.data_type = "s"


def workbook_bytes(draft: Draft, variant: FormVariant | None = None) -> bytes:
    buf = io.BytesIO()
    wb = build_workbook(draft, variant)
    wb.save(buf)
    return _with_cached(buf.getvalue(), wb._cchc_cached)


def _with_cached(data: bytes, cached: dict[tuple[int, str], Decimal | str]) -> bytes:
    """The workbook with each rate formula's result stored beside it (``<v>`` of the cell)."""
    import re
    import zipfile

    by_sheet: dict[int, dict[str, Decimal | str]] = {}
    for (index, coord), value in cached.items():
        by_sheet.setdefault(index, {})[coord] = value

    def fill(xml: str, values: dict[str, Decimal | str]) -> str:
        def one(m: re.Match[str]) -> str:
            coord, attrs, formula = m.group(1), m.group(2), m.group(3)
            value = values.get(coord)
            if value is None or value == "":
                return m.group(0)
            if isinstance(value, str):
                return f'<c r="{coord}"{attrs} t="str"><f>{formula}</f><v>{value}</v></c>'
            return f'<c r="{coord}"{attrs}><f>{formula}</f><v>{format(value, "f")}</v></c>'
        return re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>', one, xml)

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m and int(m.group(1)) in by_sheet:
                body = fill(body.decode("utf-8"), by_sheet[int(m.group(1))]).encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


def export_xlsx(draft: Draft, out_path: str | Path, variant: FormVariant | None = None, *,
                inputs: Iterable[str | Path | None] = (), overwrite: Overwrite | None = None) -> Path:
    """Write the workbook through ``files.write_file`` (atomic; ``overwrite`` defaults to
    ``Overwrite.ALWAYS`` for this primitive, the use cases pass the user's policy). OSError
    propagates (see ``describe_write_error``)."""
    from .files import check_target, write_file

    out_path = Path(out_path)
    policy = overwrite or Overwrite.ALWAYS
    check_target(out_path, inputs=inputs, overwrite=policy)  # before building the workbook
    write_file(out_path, workbook_bytes(draft, variant), inputs=inputs, overwrite=policy)
    return out_path


# ----- sheets -----------------------------------------------------------------------------------
def _print_setup(ws: Worksheet, landscape: bool = False) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT


def _one_line(text: str) -> str:
    """A header printed on several lines (``view.issuing_body``), in one cell."""
    return " ".join(x for x in text.split("\n") if x)


def _write_cover(ws: Worksheet, view: ReportView, draft: Draft, variant: FormVariant) -> None:
    """The cover: the view's header, annex title and line; identity rows (variant, draft id)."""
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 70
    row = 1
    if view.parent_agency:
        ws.cell(row, 1, _one_line(view.parent_agency)).font = _font(12)
        row += 1
    ws.cell(row, 1, _one_line(view.issuing_body)).font = _font(12, bold=True)
    row += 2
    for text, font in (("PHỤ LỤC", _font(14, bold=True)), (view.annex_title, _font(13, bold=True)),
                       (view.annex_reference, _font(12, italic=True))):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        c = ws.cell(row, 1, text)
        c.font, c.alignment = font, Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[row].height = 34 if len(text) > 80 else 20
        row += 1
    row += 1
    items = [
        ("Đơn vị", view.issuer),
        ("Kỳ báo cáo", view.period_title),
        ("Số báo cáo", view.reference or "(chưa ghi)"),
        ("Ngày báo cáo", view.date_short or "(chưa ghi)"),
        ("Mẫu biểu", f"{variant.id}: {variant.name}"),
        ("Mã dự thảo", draft.id),
    ]
    for label, value in items:
        a, b = ws.cell(row, 1, label), ws.cell(row, 2, value)
        a.font, b.font = _font(12, bold=True), _font(12)
        a.border = b.border = BORDER
        b.number_format = "@"
        row += 1
    row += 1
    notes = [
        "Hướng dẫn: mỗi biểu mẫu nằm ở một trang tính (Biểu 1 đến Biểu 7).",
        "Chỉ nhập vào cột «Số liệu» và «Ghi chú»; không đổi cột STT (phần mềm dựa vào STT để nhận dòng).",
        "Dòng tỷ lệ (%) do phần mềm tính từ hai dòng số lượng; số gõ vào dòng tỷ lệ sẽ không được nhập lại.",
        "Nhập xong, trong CCHC Desktop chọn «Nhập từ Excel» để xem trước các thay đổi rồi mới áp dụng.",
    ]
    for text in notes:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        c = ws.cell(row, 1, text)
        c.font, c.alignment = _font(11, italic=True), Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 30
        row += 1
    _print_setup(ws)


def _write_form(ws: Worksheet, view: ReportView, form: FormView) -> dict[str, Decimal | str]:
    """Write one form's sheet from the view's rows; returns the cached results of its rate
    formulas by cell."""
    h = form.headers
    last_col = get_column_letter(len(COLUMNS))
    for col, width in WIDTHS.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    titles = [(form.heading, _font(13, bold=True)), (form.title.upper(), _font(13, bold=True)),
              (view.annex_reference, _font(12, italic=True))]
    for r, (text, font) in enumerate(titles, 1):
        ws.merge_cells(f"A{r}:{last_col}{r}")
        c = ws.cell(r, 1, text)
        c.font, c.alignment = font, centre
        ws.row_dimensions[r].height = 33 if len(text) > 95 else 18
    top, bottom = HEADER_ROWS
    for key in ("stt", "indicator", "note"):
        col = COLUMNS[key]
        ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
        ws.cell(top, col, h.get(key, ""))
    ws.merge_cells(start_row=top, start_column=COLUMNS["unit"], end_row=top, end_column=COLUMNS["value"])
    ws.cell(top, COLUMNS["unit"], h.get("results", "Kết quả thống kê"))
    ws.cell(bottom, COLUMNS["unit"], h.get("unit", "Đơn vị tính"))
    ws.cell(bottom, COLUMNS["value"], h.get("value", "Số liệu"))
    for r in HEADER_ROWS:
        ws.row_dimensions[r].height = 24 if len(h.get("indicator", "")) < 60 else 32
        for col in COLUMNS.values():
            c = ws.cell(r, col)
            c.font, c.alignment, c.border = _font(12, bold=True), centre, BORDER

    r = FIRST_DATA_ROW
    row_of = {row.code: FIRST_DATA_ROW + i for i, row in enumerate(form.rows)}
    cached: dict[str, Decimal | str] = {}
    for fr in form.rows:
        kind = RowKind(fr.kind)
        bold = fr.group or fr.level == 0
        stt = ws.cell(r, COLUMNS["stt"], fr.stt)
        stt.number_format = "@"  # "1.1" stays text, never the number 1.1
        label = ws.cell(r, COLUMNS["indicator"], fr.label)
        unit = ws.cell(r, COLUMNS["unit"], fr.unit)
        value = ws.cell(r, COLUMNS["value"])
        note = ws.cell(r, COLUMNS["note"], fr.note or None)
        stt.alignment = Alignment(horizontal="center", vertical="center")
        label.alignment = Alignment(wrap_text=True, vertical="center", indent=min(fr.level, 4))
        unit.alignment = centre
        note.alignment = Alignment(wrap_text=True, vertical="center")
        _set_value(value, kind, fr)
        if fr.parts is not None and fr.parts[0] in row_of and fr.parts[1] in row_of:
            cached[value.coordinate] = _rate_formula(value, row_of[fr.parts[0]], row_of[fr.parts[1]], fr)
        for c in (stt, label, unit, value, note):
            c.border = BORDER
            c.font = _font(12, bold=bold and c in (stt, label))
        ws.row_dimensions[r].height = _row_height(fr.label, fr.unit)
        r += 1
    ws.print_title_rows = f"{top}:{bottom}"
    ws.print_area = f"A1:{last_col}{r - 1}"
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    _print_setup(ws)
    return cached


def _rate_formula(cell: Any, num_row: int, den_row: int, res: FormRow) -> Decimal | str:
    """Make ``cell`` the rate formula over its parts; returns the result to cache."""
    col = get_column_letter(COLUMNS["value"])
    num, den = f"{col}{num_row}", f"{col}{den_row}"
    cell.value = (f'=IF(OR(NOT(ISNUMBER({num})),NOT(ISNUMBER({den}))),"",'
                  f'IF({den}=0,"-",ROUND({num}/{den}*100,2)))')
    _our_formula(cell)
    cell.number_format = NUMBER_FORMATS[RowKind.RATE]
    cell.alignment = Alignment(horizontal="right", vertical="center")
    if res.number is not None:
        return round_rate(res.number)
    return "-" if res.undefined else ""


def _set_value(cell: Any, kind: RowKind, res: FormRow) -> None:  # an openpyxl cell
    right = Alignment(horizontal="right", vertical="center")
    if kind is RowKind.GROUP:
        if res.raw:
            cell.value = res.raw
        return
    if kind is RowKind.RATE:
        if res.number is not None:
            cell.value = _number(res.number)
            cell.number_format = NUMBER_FORMATS[kind]
            cell.alignment = right
        elif res.undefined:
            cell.value = "-"
            cell.alignment = Alignment(horizontal="center", vertical="center")
        return
    cell.number_format = NUMBER_FORMATS[kind]
    cell.alignment = Alignment(horizontal="center", vertical="center") if kind is RowKind.CHOICE else right
    if res.number is not None:
        cell.value = _number(res.number)
    elif res.raw:
        cell.value = res.raw  # not a number (to be fixed): kept exactly as typed
        cell.number_format = "@"


def _number(d: Decimal) -> int | Decimal:
    return int(d) if d == d.to_integral_value() else d


def _row_height(label: str, unit: str) -> float:
    lines = max(1, -(-len(label) // 58), -(-len(unit) // 15))
    return 16.5 * lines + 2
