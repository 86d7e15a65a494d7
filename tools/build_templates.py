"""Build the Word templates in ``templates/`` with python-docx: ``python tools/build_templates.py``.

The templates are generated, not hand-edited, so that every layout decision (Decree 30/2020,
see ``/work/shared/domain/layout.md`` and ``docs/template-variables.md``) is reviewable here and
the files can be rebuilt byte-for-byte from this script. They hold placeholders and loops only;
every string is computed in Python (``cchc_desktop/render/context.py``).

Outputs:
- ``templates/report.docx``: BÁO CÁO (BC-UBND), periodic reports and five-year reviews.
- ``templates/notice.docx``: THÔNG BÁO (TB-UBND), the self-inspection notice.
Both hold the annex section inside ``{%p if has_annex %}``: the annex is optional for every kind.

Choices where Decree 30 leaves room (common practice of commune offices):
A4 portrait; margins top 20, bottom 20, left 30, right 15 mm; Times New Roman everywhere; header
texts 13 pt, "Độc lập - Tự do - Hạnh phúc" 14 pt; body 14 pt justified, first-line indent
1.27 cm, 6 pt after, line spacing 1.15; part headings (I., II.) bold capitals; "1." bold;
"1.1." bold italic; "a)" and deeper bold upright; "Phần thứ nhất" (five-year review) centred
bold; annex tables 12 pt in a portrait section of their own, page numbers restarting at 1.
"""
from __future__ import annotations

import datetime as _dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
FONT = "Times New Roman"

# Page: A4 portrait, margins in mm (top, bottom, left, right), header distance.
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = (20, 20, 30, 15)
HEADER_DISTANCE = Mm(10)
TEXT_WIDTH_CM = (210 - MARGINS[2] - MARGINS[3]) / 10  # 16.5 cm

# Header block: left column (issuing body), right column (national motto).
# Wider than the text (17.3 cm, centred: 0.4 cm into each margin) as official documents set it, so
# that "UBND HUYỆN QUẢNG XƯƠNG" (6.6 cm at 13 pt) stays on one line and the motto (9.6 cm bold) fits;
# longer names are broken between words by the app (cchc_desktop/view/header.py, same widths).
HEADER_COLS_CM = (7.3, 10.0)
ISSUER_RULE_CM = 2.6  # 1/3..1/2 of "ỦY BAN NHÂN DÂN XÃ ..." as it wraps in the column
TAGLINE_RULE_CM = 6.3  # as long as "Độc lập - Tự do - Hạnh phúc" in 14 pt bold
SUMMARY_RULE_CM = 4.0  # 1/3..1/2 of a usual summary line
# Closing block: recipients left, signature right.
CLOSING_COLS_CM = (7.6, TEXT_WIDTH_CM - 7.6)
# Annex table: STT | indicator | unit | value | note.
ANNEX_COLS_CM = (1.3, TEXT_WIDTH_CM - 1.3 - 2.7 - 2.5 - 2.0, 2.7, 2.5, 2.0)
ANNEX_INDENT_CM = 0.35  # per level of the indicator label


# ----- low-level helpers -------------------------------------------------------------------
def _set_fonts(rpr_parent, size_pt: float | None = None) -> None:
    """Times New Roman for every script slot (ascii, hAnsi, cs, eastAsia), theme fonts removed."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _style(doc, name: str, *, base: str = "Normal", size: float = 14, bold: bool = False,
           italic: bool = False, align=None, first_line_cm: float | None = None, before: float = 0,
           after: float = 0, line: float | None = 1.0, keep_next: bool = False, left_cm: float | None = None):
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles[base]
    st.quick_style = True
    st.font.name = FONT
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = italic
    _set_fonts(st.element)
    pf = st.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = Cm(first_line_cm) if first_line_cm is not None else Cm(0)
    if left_cm is not None:
        pf.left_indent = Cm(left_cm)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line
    pf.keep_with_next = keep_next
    pf.widow_control = True
    return st


def _para(container, text: str = "", style: str | None = None, *, bold=None, italic=None):
    p = container.add_paragraph(style=style)
    if text:
        r = p.add_run(text)
        if bold is not None:
            r.bold = bold
        if italic is not None:
            r.italic = italic
    return p


def _first_para(cell, text: str = "", style: str | None = None):
    """A new cell already holds one empty paragraph: use it first."""
    p = cell.paragraphs[0]
    if style:
        p.style = style
    if text:
        p.add_run(text)
    return p


def _rule(container, width_cm: float, column_cm: float, *, first=False, before_pt: float = 0, after_pt: float = 0):
    """A short solid line centred in a column: an empty paragraph whose bottom border is the line."""
    p = _first_para(container, style="CCHC Rule") if first else _para(container, style="CCHC Rule")
    side = max((column_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    if before_pt:
        p.paragraph_format.space_before = Pt(before_pt)
    if after_pt:
        p.paragraph_format.space_after = Pt(after_pt)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")  # drawn at the foot of the (empty, 5 pt high) paragraph
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        line.set(qn(k), v)
    bdr.append(line)
    # pBdr goes after keepNext/keepLines/pageBreakBefore/framePr/widowControl/numPr/suppressLineNumbers
    anchor = None
    for tag in ("w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        ppr.append(bdr)
    return p


# CT_TblPr is a sequence: Word may call a file with these out of order (or twice) unreadable.
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription")


def _tblpr_set(tblPr, element) -> None:
    """Put ``element`` into ``tblPr`` at its schema place, replacing one of the same kind."""
    name = element.tag.split("}")[1]
    for old in tblPr.findall(qn(f"w:{name}")):
        tblPr.remove(old)
    rank = TBLPR_ORDER.index(name)
    for child in tblPr:
        other = child.tag.split("}")[1] if isinstance(child.tag, str) and "}" in child.tag else ""
        if other in TBLPR_ORDER and TBLPR_ORDER.index(other) > rank:
            child.addprevious(element)
            return
    tblPr.append(element)


def _no_borders(table) -> None:
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    _tblpr_set(tblPr, borders)


def _fixed_layout(table, widths_cm, cell_margin_cm: float | None = None) -> None:
    table.autofit = False
    tblPr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _tblpr_set(tblPr, layout)
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        _tblpr_set(tblPr, tblW)
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    if cell_margin_cm is not None:
        mar = OxmlElement("w:tblCellMar")
        for edge in ("left", "right"):
            e = OxmlElement(f"w:{edge}")
            e.set(qn("w:w"), str(int(cell_margin_cm * 567)))
            e.set(qn("w:type"), "dxa")
            mar.append(e)
        _tblpr_set(tblPr, mar)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(w * 567)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def _row_flags(row, *, header=False, cant_split=True) -> None:
    trPr = row._tr.get_or_add_trPr()
    if cant_split:
        trPr.append(OxmlElement("w:cantSplit"))
    if header:
        trPr.append(OxmlElement("w:tblHeader"))


def _page_field(paragraph) -> None:
    """A PAGE field (complex field: Word and LibreOffice both update it when printing)."""
    def fld(kind):
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        return r

    paragraph._p.append(fld("begin"))
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r.append(instr)
    paragraph._p.append(r)
    sep = fld("separate")
    paragraph._p.append(sep)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    paragraph._p.append(r)
    paragraph._p.append(fld("end"))


def _setup_section(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    top, bottom, left, right = MARGINS
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    section.different_first_page_header_footer = True


def _pg_num_restart(sectPr) -> None:
    """Page numbering restarts at 1 in this section (each annex is numbered on its own)."""
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    cols = sectPr.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(pg)
    else:
        sectPr.append(pg)


# ----- document skeleton --------------------------------------------------------------------
def _base_document():
    doc = Document()
    # Defaults: Times New Roman 14, Vietnamese proofing, black.
    styles_el = doc.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    _set_fonts(rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    for tag in ("w:lang",):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Header", "Footer"):
        try:
            _set_fonts(doc.styles[name].element)
        except KeyError:
            pass

    C, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    L, R = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    # Header block (page 1)
    _style(doc, "CCHC Parent Agency", size=13, align=C)
    _style(doc, "CCHC Issuing Body", size=13, bold=True, align=C)
    _style(doc, "CCHC Motto", size=13, bold=True, align=C)
    _style(doc, "CCHC Tagline", size=14, bold=True, align=C)
    rule = _style(doc, "CCHC Rule", size=2, align=C)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(5)
    _style(doc, "CCHC Number", size=13, align=C, before=4)
    _style(doc, "CCHC Date", size=14, italic=True, align=C, before=4)
    # Title
    _style(doc, "CCHC Title", size=14, bold=True, align=C, before=18, keep_next=True)
    _style(doc, "CCHC Summary", size=14, bold=True, align=C, keep_next=True)
    _style(doc, "CCHC Addressee", size=14, align=C, before=6, after=6, keep_next=True)
    # Body
    _style(doc, "CCHC Body", size=14, align=J, first_line_cm=1.27, after=6, line=1.15)
    _style(doc, "CCHC Preamble", base="CCHC Body", size=14, align=J, first_line_cm=1.27, after=6, line=1.15)
    _style(doc, "CCHC Part", base="CCHC Body", bold=True, align=J, first_line_cm=1.27, before=6, after=6,
           line=1.15, keep_next=True)
    _style(doc, "CCHC Heading 1", base="CCHC Body", bold=True, align=J, first_line_cm=1.27, after=6, line=1.15,
           keep_next=True)
    _style(doc, "CCHC Heading 2", base="CCHC Body", bold=True, italic=True, align=J, first_line_cm=1.27, after=6,
           line=1.15, keep_next=True)
    _style(doc, "CCHC Heading 3", base="CCHC Body", bold=True, align=J, first_line_cm=1.27, after=6, line=1.15,
           keep_next=True)
    _style(doc, "CCHC Part Ordinal", bold=True, align=C, before=12, after=0, keep_next=True)
    _style(doc, "CCHC Part Ordinal Title", bold=True, align=C, after=12, keep_next=True)
    _style(doc, "CCHC Closing", base="CCHC Body", align=J, first_line_cm=1.27, after=6, line=1.15, keep_next=True)
    # Closing block
    _style(doc, "CCHC Recipients Label", size=12, bold=True, italic=True, align=L, before=0)
    _style(doc, "CCHC Recipients", size=11, align=L)
    _style(doc, "CCHC Authority", size=14, bold=True, align=C)
    _style(doc, "CCHC Signer", size=14, bold=True, align=C, before=80)
    # Annex
    _style(doc, "CCHC Annex Heading", size=14, bold=True, align=C)
    _style(doc, "CCHC Annex Title", size=14, bold=True, align=C, keep_next=True)
    _style(doc, "CCHC Annex Reference", size=14, italic=True, align=C, after=6, keep_next=True)
    _style(doc, "CCHC Form Number", size=14, bold=True, align=C, before=12, keep_next=True)
    _style(doc, "CCHC Form Title", size=14, bold=True, align=C, after=6, keep_next=True)
    _style(doc, "CCHC Table Header", size=12, bold=True, align=C, before=2, after=2, keep_next=True)
    _style(doc, "CCHC Table", size=12, align=L, before=2, after=2)
    _style(doc, "CCHC Table Center", size=12, align=C, before=2, after=2)
    _style(doc, "CCHC Table Number", size=12, align=R, before=2, after=2)
    _style(doc, "CCHC Table Note", size=11, align=L, before=2, after=2)
    _style(doc, "CCHC After Table", size=6, align=L)
    _style(doc, "CCHC Page Number", size=13, align=C)
    _style(doc, "CCHC Tag", size=8, align=L)  # loop/if paragraphs: removed when rendering

    section = doc.sections[0]
    _setup_section(section)
    _page_headers(section)

    cp = doc.core_properties
    cp.author = "CCHC Desktop"
    cp.last_modified_by = "CCHC Desktop"
    cp.title = ""
    cp.comments = "Mẫu văn bản của CCHC Desktop (tools/build_templates.py). Xem docs/template-variables.md."
    fixed = _dt.datetime(2025, 1, 1)
    cp.created = fixed
    cp.modified = fixed
    cp.revision = 1
    return doc


def _tag(container, text: str):
    return _para(container, text, "CCHC Tag")


def _header_block(doc) -> None:
    t = doc.add_table(rows=2, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(t)
    _fixed_layout(t, HEADER_COLS_CM, cell_margin_cm=0.05)
    left, right = t.cell(0, 0), t.cell(0, 1)
    _first_para(left, "{%p if parent_agency %}", "CCHC Tag")
    _para(left, "{{ parent_agency }}", "CCHC Parent Agency")
    _tag(left, "{%p endif %}")
    _para(left, "{{ issuing_body }}", "CCHC Issuing Body")
    _rule(left, ISSUER_RULE_CM, HEADER_COLS_CM[0])
    _first_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CCHC Motto")
    _para(right, "Độc lập - Tự do - Hạnh phúc", "CCHC Tagline")
    _rule(right, TAGLINE_RULE_CM, HEADER_COLS_CM[1])
    _first_para(t.cell(1, 0), "{{ document_number }}", "CCHC Number")
    _first_para(t.cell(1, 1), "{{ date_line }}", "CCHC Date")
    for row in t.rows:
        for c in row.cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _title_block(doc) -> None:
    _para(doc, "{{ title }}", "CCHC Title")
    _para(doc, "{{ summary }}", "CCHC Summary")
    _rule(doc, SUMMARY_RULE_CM, TEXT_WIDTH_CM, after_pt=12)
    _tag(doc, "{%p if addressee_line %}")
    _para(doc, "{{ addressee_line }}", "CCHC Addressee")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for line in preamble_paragraphs %}")
    _para(doc, "{{ line }}", "CCHC Preamble")
    _tag(doc, "{%p endfor %}")


def _runin(doc, italic: bool) -> None:
    """A run-in heading: the numbered title emphasised, then the text, in one body paragraph."""
    p = doc.add_paragraph(style="CCHC Body")
    head = p.add_run("{{ b.lead }}")
    head.bold = True
    head.italic = italic or None
    p.add_run(" {{ b.rest }}")


def _body_block(doc) -> None:
    _tag(doc, "{%p for b in body %}")
    # text first: most blocks are text, each test of b.kind costs a lookup (in the sandbox too)
    _tag(doc, "{%p if b.kind == 'text' %}")
    _para(doc, "{{ b.text }}", "CCHC Body")
    _tag(doc, "{%p elif b.kind == 'part_ordinal' %}")
    _para(doc, "{{ b.label }}", "CCHC Part Ordinal")
    _para(doc, "{{ b.title }}", "CCHC Part Ordinal Title")
    _tag(doc, "{%p elif b.kind == 'part' %}")
    _para(doc, "{{ b.text }}", "CCHC Part")
    _tag(doc, "{%p elif b.kind == 'heading1' %}")
    _para(doc, "{{ b.text }}", "CCHC Heading 1")
    _tag(doc, "{%p elif b.kind == 'heading2' %}")
    _para(doc, "{{ b.text }}", "CCHC Heading 2")
    _tag(doc, "{%p elif b.kind == 'heading3' %}")
    _para(doc, "{{ b.text }}", "CCHC Heading 3")
    _tag(doc, "{%p elif b.kind == 'runin' and b.emphasis == 'bi' %}")
    _runin(doc, italic=True)
    _tag(doc, "{%p elif b.kind == 'runin' %}")
    _runin(doc, italic=False)
    _tag(doc, "{%p else %}")
    _para(doc, "{{ b.text }}", "CCHC Body")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for line in closing_paragraphs %}")
    _para(doc, "{{ line }}", "CCHC Closing")
    _tag(doc, "{%p endfor %}")


def _closing_block(doc) -> None:
    spacer = _para(doc, "", "CCHC Rule")  # a little air between the closing sentence and the block
    spacer.paragraph_format.space_before = Pt(6)
    # kept with the block, as the closing sentence is kept with it: the signature block never
    # starts a page alone, away from the last lines of the report
    spacer.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(t)
    _fixed_layout(t, CLOSING_COLS_CM, cell_margin_cm=0.05)
    _row_flags(t.rows[0])
    left, right = t.cell(0, 0), t.cell(0, 1)
    _first_para(left, "Nơi nhận:", "CCHC Recipients Label")
    _tag(left, "{%p for line in recipients %}")
    _para(left, "{{ line }}", "CCHC Recipients")
    _tag(left, "{%p endfor %}")
    _first_para(right, "{%p for line in authority_lines %}", "CCHC Tag")
    _para(right, "{{ line }}", "CCHC Authority")
    _tag(right, "{%p endfor %}")
    _para(right, "{{ signer_name }}", "CCHC Signer")
    # A small top margin on the row (the first authority line sits on the "Nơi nhận" line).
    for c in (left, right):
        c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _annex_table(doc) -> None:
    t = doc.add_table(rows=2, cols=5)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(t, ANNEX_COLS_CM)
    h0, h1 = t.rows[0].cells, t.rows[1].cells
    _first_para(h0[0], "{{ f.headers.stt }}", "CCHC Table Header")
    _first_para(h0[1], "{{ f.headers.indicator }}", "CCHC Table Header")
    _first_para(h0[2], "{{ f.headers.results }}", "CCHC Table Header")
    _first_para(h0[4], "{{ f.headers.note }}", "CCHC Table Header")
    _first_para(h1[2], "{{ f.headers.unit }}", "CCHC Table Header")
    _first_para(h1[3], "{{ f.headers.value }}", "CCHC Table Header")
    for row in t.rows:
        for c in row.cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(1, 1))
    t.cell(0, 4).merge(t.cell(1, 4))
    t.cell(0, 2).merge(t.cell(0, 3))
    for row in t.rows:
        _row_flags(row, header=True)

    def tag_row(text: str):
        row = t.add_row()
        _row_flags(row, cant_split=False)
        _first_para(row.cells[0], text, "CCHC Tag")

    def data_row(bold: bool, level: int):
        row = t.add_row()
        _row_flags(row)
        cells = row.cells
        _first_para(cells[0], "{{ r.stt }}", "CCHC Table Center")
        p = _first_para(cells[1], "{{ r.label }}", "CCHC Table")
        if level:
            p.paragraph_format.left_indent = Cm(ANNEX_INDENT_CM * level)
        _first_para(cells[2], "{{ r.unit }}", "CCHC Table Center")
        _first_para(cells[3], "{{ r.value }}", "CCHC Table Number")
        _first_para(cells[4], "{{ r.note }}", "CCHC Table Note")
        for c in cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if bold:
                for par in c.paragraphs:
                    for run in par.runs:
                        run.bold = True

    tag_row("{%tr for r in f.rows %}")
    variants = [("g0", True, 0), ("g1", True, 1), ("g2", True, 2), ("r0", False, 0), ("r1", False, 1),
                ("r2", False, 2)]
    for i, (key, bold, level) in enumerate(variants):
        tag_row(("{%tr if " if i == 0 else "{%tr elif ") + f"r.style == '{key}' %}}")
        data_row(bold, level)
    tag_row("{%tr else %}")
    data_row(False, 3)
    tag_row("{%tr endif %}")
    tag_row("{%tr endfor %}")
    # Re-apply widths to the added rows (python-docx gives new rows the grid only).
    _fixed_cell_widths(t, ANNEX_COLS_CM)


def _fixed_cell_widths(table, widths_cm) -> None:
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def _page_headers(section) -> None:
    """Page numbers centred at the top from page 2; page 1 has an empty first-page header."""
    header = section.header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    hp.style = "CCHC Page Number"
    _page_field(hp)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = "CCHC Page Number"
    for hf in (section.footer, section.first_page_footer):
        hf.is_linked_to_previous = False


def _annex_block(doc) -> None:
    """The annex in a section of its own, inside ``{%p if has_annex %}``. Its section break (the
    paragraph ending the body's section) goes with it when there is no annex: the document's
    last section properties are then the body's, so they carry page headers of their own, never
    "linked to previous" (a report without annex once printed no page number at all)."""
    _tag(doc, "{%p if has_annex %}")
    doc.add_section(WD_SECTION.NEW_PAGE)  # the paragraph ending the main section
    last = doc.sections[-1]
    # The annex section (or the whole document without annex): same page set-up, numbered from 1,
    # no number on its first page, its own page-number headers.
    _setup_section(last)
    _page_headers(last)
    _pg_num_restart(last._sectPr)
    # Move the section-break paragraph inside the "if": it is the paragraph just added.
    _para(doc, "PHỤ LỤC", "CCHC Annex Heading")
    _para(doc, "{{ annex_title }}", "CCHC Annex Title")
    _para(doc, "{{ annex_reference }}", "CCHC Annex Reference")
    _tag(doc, "{%p for f in forms %}")
    _para(doc, "{{ f.heading }}", "CCHC Form Number")
    _para(doc, "{{ f.title }}", "CCHC Form Title")
    _annex_table(doc)
    _para(doc, "", "CCHC After Table")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def _preserve_spaces(doc) -> None:
    for t in doc.element.body.iter(qn("w:t")):
        t.set(qn("xml:space"), "preserve")


def build(kind: str) -> Document:
    doc = _base_document()
    # python-docx's blank document starts with no paragraph; the header table comes first.
    _header_block(doc)
    _title_block(doc)
    _body_block(doc)
    _closing_block(doc)
    _annex_block(doc)  # every kind may carry the annex forms (Draft.annex_included)
    _preserve_spaces(doc)
    return doc


KINDS = ("report", "notice")


def _normalise_zip(src: bytes) -> bytes:
    """Fixed timestamps in the zip so a rebuild without changes gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def template_bytes(kind: str) -> bytes:
    """The bytes of ``templates/<kind>.docx`` as this script builds them."""
    buf = io.BytesIO()
    build(kind).save(buf)
    return _normalise_zip(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    """Write the templates; with ``--check``, only say whether the committed ones are current
    (exit 1 when a template differs from what this script builds: rebuild and commit it)."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = ROOT / "templates"
    if "--check" in args:
        stale = [k for k in KINDS if not (out_dir / f"{k}.docx").is_file()
                 or (out_dir / f"{k}.docx").read_bytes() != template_bytes(k)]
        for kind in stale:
            print(f"templates/{kind}.docx differs from tools/build_templates.py: run it and commit the result")
        return 1 if stale else 0
    out_dir.mkdir(exist_ok=True)
    for kind in KINDS:
        path = out_dir / f"{kind}.docx"
        path.write_bytes(template_bytes(kind))
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
