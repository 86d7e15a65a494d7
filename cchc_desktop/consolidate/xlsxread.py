"""A small, bounded reader of the cells of an XLSX file, straight from its XML parts.

openpyxl builds a full object model of every sheet (about 40 ms for our annex workbook, twice
when formulas are wanted too); the province reads thousands of workbooks, so this reads only
what :mod:`cchc_desktop.xlsx_import` looks at: cell values (numbers as ``Decimal``, never
float), their number formats and formulas. The sheet objects answer ``cell(row, col)``,
``max_row``, ``max_column`` and ``title`` like openpyxl's, so the import's own row finder
(``read_form_sheet``) is used unchanged.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from lxml import etree

MAX_PART_BYTES = 32 * 1024 * 1024  # one sheet or the shared strings, uncompressed
MAX_PARTS = 2000  # entries in the zip
MAX_ROWS = 5000  # rows read per sheet (our forms have < 60)
MAX_COLS = 60

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# Excel's built-in number formats that matter here (percent and dates)
_BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
                    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
                    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss",
                    46: "[h]:mm:ss", 47: "mmss.0", 49: "@"}


class XlsxReadError(Exception):
    """Not an XLSX we can read; ``str()`` is a Vietnamese reason."""


class Cell:
    __slots__ = ("number_format", "value")

    def __init__(self, value: Any = None, number_format: str = "General"):
        self.value = value
        self.number_format = number_format


_EMPTY = Cell()


class Sheet:
    """The cells of one worksheet: ``cell(r, c)`` (1-based), ``max_row``, ``max_column``."""

    def __init__(self, title: str, cells: dict[tuple[int, int], Cell], formulas: dict[tuple[int, int], str]):
        self.title = title
        self._cells = cells
        self.formulas = FormulaSheet(title, formulas)
        self.max_row = max((r for r, _ in cells), default=0)
        self.max_column = max((c for _, c in cells), default=0)

    def cell(self, row: int, column: int) -> Cell:
        return self._cells.get((row, column), _EMPTY)

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, min_col: int = 1,
                  max_col: int | None = None, values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        """Row tuples of values (openpyxl's ``values_only=True`` form)."""
        for r in range(min_row, (max_row or self.max_row) + 1):
            yield tuple(self.cell(r, c).value for c in range(min_col, (max_col or self.max_column) + 1))


class FormulaSheet:
    """The formulas of a sheet (``"=SUM(D7:D9)"``), as openpyxl's ``data_only=False`` shows them."""

    def __init__(self, title: str, formulas: dict[tuple[int, int], str]):
        self.title = title
        self._formulas = formulas

    def cell(self, row: int, column: int) -> Cell:
        f = self._formulas.get((row, column))
        return Cell("=" + f) if f is not None else _EMPTY


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _read(zf: zipfile.ZipFile, name: str, cap: int = MAX_PART_BYTES) -> bytes | None:
    """A part's bytes, never more than ``cap`` however the zip describes itself (files.read)."""
    from ..files.read import read_member

    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    return read_member(zf, info, limit=cap)


# as files.read.xml_parser (no entities, no DTD, no network), made once: thousands of parts
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_pis=True)


def _xml(data: bytes) -> Any:
    return etree.fromstring(data, _PARSER)


def _text(si: Any) -> str:
    """The text of a shared string / inline string: its <t> elements, phonetic runs left out."""
    first = si[0] if len(si) == 1 else None
    if first is not None and first.tag == _NS + "t":  # the usual one-run string
        return first.text or ""
    return "".join(t.text or "" for t in si.iter(_NS + "t") if t.getparent().tag != _NS + "rPh")


@lru_cache(maxsize=4096)
def _position(ref: str) -> tuple[int, int] | None:
    """'D7' -> (7, 4); None outside the bounds read or not a cell reference."""
    m = _REF.match(ref)
    if not m:
        return None
    row, col = int(m.group(2)), _col_index(m.group(1))
    return None if row > MAX_ROWS or col > MAX_COLS else (row, col)


@lru_cache(maxsize=256)
def _is_date_format(fmt: str) -> bool:
    from openpyxl.styles.numbers import is_date_format

    return bool(is_date_format(fmt))


def _number(text: str) -> Decimal | int | None:
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    return int(d) if d == d.to_integral_value() and "E" not in text.upper() and "." not in text else d


class Workbook:
    """The sheets of an XLSX file, by name; each sheet parsed on first use."""

    def __init__(self, zf: zipfile.ZipFile):
        self._zf = zf
        if len(zf.infolist()) > MAX_PARTS:
            raise XlsxReadError("tệp có quá nhiều thành phần")
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise XlsxReadError("không phải tệp Excel .xlsx")
        wb = _xml(_read(zf, "xl/workbook.xml") or b"")
        rels = _xml(_read(zf, "xl/_rels/workbook.xml.rels") or b"<r/>")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_PKG_REL + "Relationship")}
        self._paths: dict[str, str] = {}
        for s in wb.iter(_NS + "sheet"):
            target = targets.get(s.get(_REL_NS + "id"), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self._paths[s.get("name", "")] = path
        self.sheetnames = list(self._paths)
        self._strings: list[str] | None = None
        self._formats: list[str] | None = None
        self._sheets: dict[str, Sheet] = {}

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            data = _read(self._zf, "xl/sharedStrings.xml")
            self._strings = [_text(si) for si in _xml(data).iter(_NS + "si")] if data else []
        return self._strings

    def _number_formats(self) -> list[str]:
        if self._formats is None:
            data = _read(self._zf, "xl/styles.xml")
            formats: list[str] = []
            if data:
                root = _xml(data)
                custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "General")
                          for f in root.iter(_NS + "numFmt")}
                xfs = root.find(_NS + "cellXfs")
                for xf in (xfs if xfs is not None else ()):
                    fid = int(xf.get("numFmtId", "0") or 0)
                    formats.append(custom.get(fid) or _BUILTIN_FORMATS.get(fid, "General"))
            self._formats = formats
        return self._formats

    def __contains__(self, name: str) -> bool:
        return name in self._paths

    def __getitem__(self, name: str) -> Sheet:
        if name not in self._sheets:
            self._sheets[name] = self._parse_sheet(name)
        return self._sheets[name]

    @property
    def worksheets(self) -> list[Sheet]:
        return [self[n] for n in self.sheetnames]

    def _parse_sheet(self, name: str) -> Sheet:
        from openpyxl.utils.datetime import from_excel

        data = _read(self._zf, self._paths[name])
        cells: dict[tuple[int, int], Cell] = {}
        formulas: dict[tuple[int, int], str] = {}
        if not data:
            return Sheet(name, cells, formulas)
        formats = self._number_formats()
        v_tag, f_tag, is_tag = _NS + "v", _NS + "f", _NS + "is"
        for c in _xml(data).iter(_NS + "c"):
            where = _position(c.get("r", ""))
            if where is None:
                continue
            t = c.get("t", "n")
            raw = f = is_ = None
            for child in c:  # one pass over <v>, <f>, <is>
                tag = child.tag
                if tag == v_tag:
                    raw = child.text
                elif tag == f_tag:
                    f = child.text
                elif tag == is_tag:
                    is_ = child
            style = c.get("s")
            fmt = formats[int(style)] if style and style.isdigit() and int(style) < len(formats) else "General"
            value: Any = None
            if t == "s" and raw is not None:
                strings = self._shared_strings()
                idx = int(raw) if raw.isdigit() else -1
                value = strings[idx] if 0 <= idx < len(strings) else None
            elif t == "inlineStr":
                value = _text(is_) if is_ is not None else None
            elif t in ("str", "e"):
                value = raw
            elif t == "b":
                value = raw == "1" if raw is not None else None
            elif raw is not None:
                value = _number(raw)
                if value is not None and fmt != "General" and _is_date_format(fmt):
                    try:
                        value = from_excel(float(value))
                    except (ValueError, OverflowError):
                        pass
            if f:
                formulas[where] = f
            if value is not None or fmt != "General":
                cells[where] = Cell(value, fmt)
        return Sheet(name, cells, formulas)


def open_workbook(zf: zipfile.ZipFile) -> Workbook:
    try:
        return Workbook(zf)
    except etree.XMLSyntaxError:
        raise XlsxReadError("tệp Excel bị hỏng (nội dung XML không đọc được)") from None
