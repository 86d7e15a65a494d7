"""The consolidated workbook: "Tình hình nộp", one sheet per form ("Biểu 1".."Biểu 7") with a
column per commune and the total, and "Kiểm tra" (each commune's findings and the values far
from the others). Styled like the commune's annex workbook (:mod:`cchc_desktop.xlsx_export`).

Every text that came from a commune (names, typed values, notes, file names) is written as a
text cell: a name such as "=HYPERLINK(...)" stays text, never a formula.
"""
from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable
from copy import copy
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..files import Overwrite, write_file
from ..forms import RowKind
from ..numbers import format_vn
from ..vnformat import short_date
from ..xlsx_export import BORDER, FONT, NUMBER_FORMATS, _print_setup, sheet_name
from .collect import Collection
from .roster import LATE, MISSING, Status
from .tables import Consolidation, FormTable

FORMAT_NAME = "cchc-consolidated-xlsx"
STATUS_SHEET = "Tình hình nộp"
CHECK_SHEET = "Kiểm tra"
META_SHEET = "_cchc"
ERROR_FILL = PatternFill("solid", fgColor="F4C7C3")
OUTLIER_FILL = PatternFill("solid", fgColor="FCE8B2")
MISSING_FILL = PatternFill("solid", fgColor="E8EAED")
TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")


@lru_cache(maxsize=32)
def _font(size: int = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def put_text(ws: Worksheet, row: int, col: int, text: Any) -> Cell:
    """A text cell whatever the text looks like ('=...', '+...', '@...' stay text)."""
    cell = ws.cell(row, col)
    cell.value = "" if text is None else str(text)
    cell.data_type = "s"
    return cell


def put_number(ws: Worksheet, row: int, col: int, value: Decimal, fmt: str) -> Cell:
    cell = ws.cell(row, col, int(value) if value == value.to_integral_value() else value)
    cell.number_format = fmt
    cell.alignment = RIGHT
    return cell


def _title(ws: Worksheet, row: int, text: str, last_col: int, font: Font) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    c = put_text(ws, row, 1, text)
    c.font, c.alignment = font, CENTRE
    ws.row_dimensions[row].height = 20


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, 1):
        c = put_text(ws, row, col, label)
        c.font, c.alignment, c.border = _font(12, bold=True), CENTRE, BORDER


def _subtitle(cons: Consolidation) -> str:
    return (f"Tổng hợp {len(cons.communes)} báo cáo của các xã, phường · {cons.target.title} · "
            f"mẫu biểu {cons.variant.id}")


# ----- Tình hình nộp ---------------------------------------------------------------------------
def _status_sheet(ws: Worksheet, cons: Consolidation, collection: Collection, statuses: list[Status],
                  deadline: _dt.date | None) -> None:
    labels = ["STT", "Xã, phường", "Tình trạng", "Ngày báo cáo", "Số báo cáo", "Tệp được tính",
              "Số tệp nhận", "Lỗi", "Cảnh báo"]
    widths = [6, 30, 16, 14, 16, 44, 10, 8, 10]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _title(ws, 1, "TÌNH HÌNH NỘP BÁO CÁO CẢI CÁCH HÀNH CHÍNH CỦA CÁC XÃ, PHƯỜNG", len(labels), _font(13, bold=True))
    _title(ws, 2, _subtitle(cons), len(labels), _font(12, italic=True))
    counts = {s: sum(1 for x in statuses if x.state == s) for s in ("sent", "late", "missing", "extra")}
    summary = (f"Đã nộp đúng hạn: {counts['sent']} · Nộp muộn: {counts['late']} · Chưa nộp: {counts['missing']}"
               + (f" · Ngoài danh sách: {counts['extra']}" if counts["extra"] else "")
               + (f" · Hạn nộp: {short_date(deadline)}" if deadline else " · Chưa đặt hạn nộp"))
    _title(ws, 3, summary, len(labels), _font(12))
    _header(ws, 5, labels)
    r = 6
    for i, st in enumerate(statuses, 1):
        s = st.submission
        findings = cons.findings.get(s.key, []) if s else []
        when = ""
        if st.when:
            when = short_date(st.when) + (" (ngày tệp)" if st.when_is_file_date else "")
        values = [str(i), st.name, st.label, when, s.number if s else "", s.name if s else "",
                  str(st.copies) if s else "", str(sum(f.severity == "error" for f in findings)) if s else "",
                  str(sum(f.severity == "warning" for f in findings)) if s else ""]
        for col, v in enumerate(values, 1):
            c = put_text(ws, r, col, v)
            c.font, c.border = _font(12), BORDER
            c.alignment = LEFT if col in (2, 6) else CENTRE
            if st.state == MISSING:
                c.fill = MISSING_FILL
            elif st.state == LATE and col == 3:
                c.fill = OUTLIER_FILL
            elif col == 8 and v not in ("", "0"):
                c.fill = ERROR_FILL
        r += 1
    if collection.skipped:
        r += 1
        _title(ws, r, f"TỆP KHÔNG ĐƯỢC TÍNH ({len(collection.skipped)})", len(labels), _font(12, bold=True))
        r += 1
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=len(labels))
        _header(ws, r, ["STT", "Tệp", "Lý do"])
        r += 1
        for i, sk in enumerate(collection.skipped, 1):
            ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=len(labels))
            for col, v in enumerate([str(i), sk.name or "—", sk.reason], 1):
                c = put_text(ws, r, col, v)
                c.font, c.border, c.alignment = _font(11), BORDER, LEFT if col > 1 else CENTRE
            ws.row_dimensions[r].height = 16.5 * max(1, -(-len(sk.reason) // 110)) + 2
            r += 1
    ws.freeze_panes = "C6"
    ws.print_title_rows = "5:5"
    _print_setup(ws, landscape=True)


# ----- one sheet per form ----------------------------------------------------------------------
class StyleCache:
    """Style a cell once per distinct key, then copy its style array (per workbook)."""

    def __init__(self) -> None:
        self._styles: dict[Any, Any] = {}

    def apply(self, cell: Cell, key: Any, make: Callable[[Cell, Any], None]) -> None:
        style = self._styles.get(key)
        if style is None:
            make(cell, key)
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def _commune_style(c: Cell, key: Any) -> None:
    number, fmt, choice, fill = key
    c.number_format = fmt if number else "General"
    c.alignment = RIGHT if number and not choice else CENTRE
    c.font, c.border = _font(12), BORDER
    if fill:
        c.fill = ERROR_FILL if fill == "error" else OUTLIER_FILL


def _form_sheet(ws: Worksheet, cons: Consolidation, table: FormTable, styles: StyleCache) -> None:
    form = table.form
    h = cons.variant.headers
    n = len(cons.communes)
    last = 4 + n
    for col, width in {1: 7, 2: 52, 3: 14, 4: 24}.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for i in range(n):
        ws.column_dimensions[get_column_letter(5 + i)].width = 14
    _title(ws, 1, f"Biểu mẫu {form.number}", min(last, 8), _font(13, bold=True))
    _title(ws, 2, form.title.upper(), min(last, 8), _font(13, bold=True))
    _title(ws, 3, _subtitle(cons), min(last, 8), _font(12, italic=True))
    _header(ws, 5, [h.get("stt", "STT"), h.get("indicator", "Chỉ tiêu thống kê"), h.get("unit", "Đơn vị tính"),
                    "Tổng hợp"] + [s.commune for s in cons.communes])
    ws.row_dimensions[5].height = 48
    for c in range(4, last + 1):
        ws.cell(5, c).fill = TOTAL_FILL if c == 4 else PatternFill()
    r = 6
    for row in table.rows:
        ind = row.indicator
        bold = ind.kind is RowKind.GROUP or ind.level == 0
        stt = put_text(ws, r, 1, ind.code)
        label = put_text(ws, r, 2, ind.label)
        unit = put_text(ws, r, 3, ind.unit)
        stt.alignment, unit.alignment = CENTRE, CENTRE
        label.alignment = Alignment(wrap_text=True, vertical="center", indent=min(ind.level, 4))
        for c in (stt, label):
            c.font = _font(12, bold=bold)
        unit.font = _font(11)
        fmt = NUMBER_FORMATS.get(ind.kind, "General")
        # total
        if row.total is not None:
            total = put_number(ws, r, 4, row.total, fmt)
        else:
            total = put_text(ws, r, 4, row.total_text)
            total.alignment = CENTRE if row.total_text == "-" else LEFT
        total.font, total.fill = _font(12 if row.total is not None else 10, bold=row.total is not None), TOTAL_FILL
        for col in range(1, 5):
            ws.cell(r, col).border = BORDER
        # communes: thousands of cells share a handful of styles; openpyxl hashes every style object
        # assigned, so each distinct style is made once and copied (5x faster for 150 communes)
        for i, cell in enumerate(row.cells):
            number = cell.number is not None and not cell.error
            c = ws.cell(r, 5 + i, (int(cell.number) if cell.number == cell.number.to_integral_value()
                                   else cell.number) if number and cell.number is not None else cell.text)
            if not number:
                c.data_type = "s"
            fill = "error" if cell.error else "outlier" if cell.outlier else ""
            styles.apply(c, (number, fmt, ind.kind is RowKind.CHOICE, fill), _commune_style)

        lines = max(1, -(-len(ind.label) // 50), -(-len(ind.unit) // 13), -(-len(row.total_text) // 30))
        ws.row_dimensions[r].height = 16.5 * lines + 2
        r += 1
    r += 1
    legend = ("Tổng hợp: số lượng là tổng của các xã; tỷ lệ (%) tính lại từ tổng các dòng thành phần; tỷ lệ "
              "nhập tay ghi thấp nhất, trung vị, cao nhất; dòng lựa chọn đếm số xã theo từng mã. Ô đỏ: số liệu "
              "không đọc được (không tính vào tổng); ô vàng: khác xa các xã khác, nên xem lại.")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=min(last, 8))
    c = put_text(ws, r, 1, legend)
    c.font, c.alignment = _font(11, italic=True), Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[r].height = 48
    ws.freeze_panes = "E6"
    _print_setup(ws, landscape=True)
    # a column per commune does not fit one page across: print at a readable scale over as many
    # pages as needed, each repeating the indicator columns and the header row
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 70
    ws.print_title_rows = "5:5"
    ws.print_title_cols = "A:D"


# ----- Kiểm tra --------------------------------------------------------------------------------
def check_rows(cons: Consolidation, collection: Collection) -> list[tuple[str, str, str, str, str]]:
    """(commune, level, form, row, message) for every finding, outlier and reading note."""
    from .stats import fences

    out = []
    for s in cons.communes:
        for f in cons.findings.get(s.key, []):
            level = "Lỗi" if f.severity == "error" else "Cảnh báo"
            out.append((s.commune, level, str(f.form or ""), f.code or "", f.message))
        for note in s.notes:
            out.append((s.commune, "Cảnh báo", "", "", f"Đọc tệp «{s.name}»: {note}"))
    for table in cons.forms:
        for row in table.rows:
            bounds = fences([c.number for c in row.cells if c.number is not None])
            for s, cell in zip(cons.communes, row.cells):
                if cell.outlier and bounds:
                    message = (f"Biểu mẫu {table.form.number}, dòng {row.indicator.code}: {cell.text} khác xa các xã "
                               f"khác (ngoài khoảng {format_vn(bounds[0], 2)} đến {format_vn(bounds[1], 2)}).")
                    out.append((s.commune, "Cần xem", str(table.form.number), row.indicator.code, message))
    for key, items in collection.duplicates().items():
        counted = next(s for s in collection.counted() if s.key == key)
        others = ", ".join(f"«{s.name}»" for s in items if s.path != counted.path)
        message = f"Nhận {len(items)} báo cáo; tính tệp «{counted.name}», không tính {others}."
        out.append((counted.commune, "Cảnh báo", "", "", message))
    rank = {"Lỗi": 0, "Cần xem": 1, "Cảnh báo": 2}
    return sorted(out, key=lambda row: rank[row[1]])  # errors first: what must be fixed before summing


def _check_sheet(ws: Worksheet, cons: Consolidation, collection: Collection) -> None:
    labels = ["STT", "Xã, phường", "Mức độ", "Biểu mẫu", "Dòng", "Nội dung"]
    for i, w in enumerate([6, 26, 11, 9, 8, 100], 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _title(ws, 1, "KIỂM TRA SỐ LIỆU BÁO CÁO CỦA CÁC XÃ, PHƯỜNG", len(labels), _font(13, bold=True))
    _title(ws, 2, _subtitle(cons), len(labels), _font(12, italic=True))
    _header(ws, 4, labels)
    rows = check_rows(cons, collection)
    for i, values in enumerate(rows, 1):
        r = 4 + i
        for col, v in enumerate((str(i),) + values, 1):
            c = put_text(ws, r, col, v)
            c.font, c.border = _font(11), BORDER
            c.alignment = LEFT if col in (2, 6) else CENTRE
            if col == 3:
                c.fill = ERROR_FILL if v == "Lỗi" else OUTLIER_FILL
        ws.row_dimensions[r].height = 15 * max(1, -(-len(values[4]) // 105)) + 2
    if not rows:
        put_text(ws, 5, 2, "Không có lỗi hay cảnh báo nào.").font = _font(12, italic=True)
    ws.freeze_panes = "C5"
    ws.print_title_rows = "4:4"
    _print_setup(ws, landscape=True)


def build_workbook(cons: Consolidation, collection: Collection, statuses: list[Status],
                   deadline: _dt.date | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = STATUS_SHEET
    _status_sheet(ws, cons, collection, statuses, deadline)
    styles = StyleCache()
    for table in cons.forms:
        _form_sheet(wb.create_sheet(sheet_name(table.form.number)), cons, table, styles)
    _check_sheet(wb.create_sheet(CHECK_SHEET), cons, collection)
    meta = wb.create_sheet(META_SHEET)
    t = cons.target
    for i, (k, v) in enumerate({"format": FORMAT_NAME, "version": "1", "kind": t.kind, "variant": t.variant,
                                "period_type": t.period_type, "period_year": str(t.year),
                                "communes": str(len(cons.communes))}.items(), 1):
        put_text(meta, i, 1, k)
        put_text(meta, i, 2, v)
    meta.sheet_state = "hidden"
    return wb


def workbook_bytes(cons: Consolidation, collection: Collection, statuses: list[Status],
                   deadline: _dt.date | None = None) -> bytes:
    buf = io.BytesIO()
    build_workbook(cons, collection, statuses, deadline).save(buf)
    return buf.getvalue()


def write_workbook(path: str | Path, cons: Consolidation, collection: Collection, statuses: list[Status],
                   deadline: _dt.date | None = None, overwrite: Overwrite = Overwrite.OURS) -> Path:
    """Through ``files.write_file``: never over one of the reports read, never over a file the
    app did not write unless ``overwrite`` says so. OSError / CchcError propagate."""
    inputs = [s.path for s in collection.submissions] + [s.path for s in collection.skipped if s.path]
    return write_file(path, workbook_bytes(cons, collection, statuses, deadline), inputs=inputs,
                      overwrite=overwrite)
