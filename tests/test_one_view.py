"""One view: the preview, the DOCX and the Excel workbook print the words of one computed report.

For hostile drafts (special characters, decomposed diacritics, placeholders, every numbering
style and heading form, openings of every shape, annex on and off, annex cells typed as numbers,
text, formulas, rates of 0/0) the preview's text, the DOCX read back with python-docx and the
XLSX cover line say the same words; and every row of every form says the same in the DOCX annex
table, the XLSX sheet (numbers read back as numbers) and the view; the preview's count of filled
rows per form is the count in both files.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cchc_desktop.draft import BASIS_LEADS, NUMBERING_STYLES, SECTION_FORMS, Period, Section
from cchc_desktop.forms import get_variant
from cchc_desktop.gui.preview import view_html
from cchc_desktop.numbers import format_rate, format_vn
from cchc_desktop.outlines import new_draft
from cchc_desktop.render import render_docx_bytes
from cchc_desktop.view import build_view
from cchc_desktop.xlsx_export import COLUMNS, COVER_SHEET, FIRST_DATA_ROW, sheet_name, workbook_bytes

WORDS = st.sampled_from(["Quang Khải", "TN&TKQ", "<b>", '"đúng hạn"', "100%", "{{ x }}", "{%p if %}", "...",
                         "…", "v.v...", "Ủy ban", "Phường 1", "a_b", "Thực hiện", "Căn cứ", "Theo",
                         "Nghị định 30/2020/NĐ-CP", "Mặt trận & các đoàn thể", "ô", "\u0041\u0300",
                         "- gạch", "+ cộng", "* sao", "1.277", "88,25"])
LINE = st.lists(WORDS, min_size=0, max_size=5).map(" ".join)
TEXT = st.lists(LINE, min_size=0, max_size=3).map("\n".join)


class _Lines(HTMLParser):
    """The text lines of the preview: one per paragraph, cell line or <br>; notes skipped."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        if text:
            self.lines.append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "br", "td", "tr", "table"):
            self._flush()
        if ("class", "note") in attrs:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("p", "td", "i") and self.skip and tag != "td":
            self.skip -= 1
            self.buf = []
            return
        if tag in ("p", "td", "tr", "table"):
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def preview_lines(view) -> list[str]:
    parser = _Lines()
    parser.feed(view_html(view))
    parser._flush()
    return parser.lines


def docx_lines(data: bytes) -> list[str]:
    """Body paragraphs and the cells of the header and closing tables (not the annex tables)."""
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables[:2]:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    out = []
    for t in texts:
        out += [" ".join(x.split()) for x in t.split("\n") if x.strip()]
    return out


@st.composite
def hostile_drafts(draw):
    kind = draw(st.sampled_from(["periodic", "five_year", "self_inspection"]))
    period = {"periodic": Period(type="6m", year=2025), "five_year": Period(type="5y", year=2025),
              "self_inspection": Period(type="year", year=2025)}[kind]
    d = new_draft(kind, period, variant=draw(st.sampled_from(["A-2024", "B-2023", "none"])))
    m = d.meta
    m.parent_agency = draw(LINE)
    m.issuing_body = draw(st.sampled_from(["ỦY BAN NHÂN DÂN XÃ QUANG KHẢI", "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNG VĂN THỤ",
                                           "UBND PHƯỜNG 1", ""])) + draw(LINE)
    m.issuing_body_short = draw(st.sampled_from(["", "UBND xã Quang Khải", "UBND & <Đoàn>"]))
    m.place, m.number, m.summary, m.addressee = draw(LINE), draw(LINE), draw(LINE), draw(LINE)
    m.legal_bases = draw(st.lists(LINE, max_size=3))
    m.preamble, m.closing = draw(TEXT), draw(TEXT)
    m.basis_lead = draw(st.sampled_from(BASIS_LEADS))
    m.bases_joined, m.preamble_separate = draw(st.booleans()), draw(st.booleans())
    d.numbering = draw(st.lists(st.sampled_from(NUMBERING_STYLES), min_size=0, max_size=4))
    for _, s in d.iter_sections():
        s.title, s.text = draw(LINE), draw(TEXT)
        s.form = draw(st.sampled_from(SECTION_FORMS))
        s.numbering = draw(st.sampled_from((None,) + NUMBERING_STYLES))
    if draw(st.booleans()):
        d.outline[0].children.append(Section(title=draw(LINE), text=draw(TEXT), form="runin"))
    d.recipients.items = draw(st.lists(LINE, max_size=3))
    d.signer.name = draw(LINE)
    if d.variant:  # fixture data written straight into the draft (the editor is tested elsewhere)
        rows = [(str(f.number), r.code) for f in get_variant(d.variant).forms for r in f.rows]
        for form, code in draw(st.lists(st.sampled_from(rows), max_size=12, unique=True)):
            value = draw(CELL)
            note = draw(st.sampled_from(["", "=1+1", "=cmd|' /c calc'!A1", "ghi chú & <x>"])) or draw(LINE)
            if value or note:
                d.annex.setdefault(form, {})[code] = {"value": value, "note": note}
    return d


CELL = st.sampled_from(["1.277", "12", "0", "x&y", "88,25", "1,5", "=1+1", "-", "1", "2", "Có", "", "3.232,311",
                        "1e3", "100%"])


def docx_forms(data: bytes) -> list[list[list[str]]]:
    """The annex tables of the DOCX (after the header and closing tables): rows of cell texts,
    the two header rows left out."""
    doc = Document(io.BytesIO(data))
    return [[[" ".join(c.text.split()) for c in row.cells] for row in table.rows[2:]] for table in doc.tables[2:]]


def xlsx_text(value, kind: str) -> str:
    """A workbook cell as the view prints it: numbers in the Vietnamese format of their row."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if kind == "rate":
        return format_rate(number)
    if kind == "choice":
        return str(int(number))
    return format_vn(number)


def xlsx_forms(wb, view) -> list[list[list[str]]]:
    out = []
    for form in view.forms:
        ws = wb[sheet_name(form.number)]
        rows = []
        for i, fr in enumerate(form.rows):
            r = FIRST_DATA_ROW + i
            cells = [ws.cell(r, COLUMNS[k]).value for k in ("stt", "indicator", "unit", "value", "note")]
            rows.append([xlsx_text(cells[0], "text"), xlsx_text(cells[1], "text"), xlsx_text(cells[2], "text"),
                         xlsx_text(cells[3], fr.kind), xlsx_text(cells[4], "text")])
        out.append(rows)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_drafts())
def test_preview_docx_and_xlsx_cover_say_the_same_words(draft):
    view = build_view(draft)
    data = render_docx_bytes(draft)
    in_docx = Counter(docx_lines(data))
    in_preview = Counter(preview_lines(view))
    assert in_preview == in_docx, (in_preview - in_docx, in_docx - in_preview)
    if view.has_annex:
        wb = load_workbook(io.BytesIO(workbook_bytes(draft)))
        cover = [c.value for row in wb[COVER_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
        line = next(v for v in cover if v.startswith("(Kèm theo"))
        assert " ".join(line.split()) in in_docx
        assert line == view.annex_reference
        # the form rows: the view, the DOCX annex tables and the XLSX sheets (values read back as
        # the numbers a colleague computes with, rate formulas by their stored result)
        in_view = [[[" ".join(x.split()) for x in (r.stt, r.label, r.unit, r.value, r.note)] for r in f.rows]
                   for f in view.forms]
        assert docx_forms(data) == in_view
        values = load_workbook(io.BytesIO(workbook_bytes(draft)), data_only=True)
        assert xlsx_forms(values, view) == in_view
        for f in view.forms:  # what Excel shows above each table: the view's heading, title, annex line
            ws = values[sheet_name(f.number)]
            assert [ws.cell(r, 1).value for r in (1, 2, 3)] == [f.heading, f.title.upper(), view.annex_reference]
        filled = [int(n) for n in re.findall(r"(\d+) dòng có số liệu", view_html(view))]
        assert filled == [sum(1 for row in rows if row[3]) for rows in in_view]
    else:
        assert "PHỤ LỤC" not in in_docx and not any(x.startswith("Biểu mẫu") for x in in_docx)
