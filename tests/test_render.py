"""Rendered DOCX files opened again: layout (python-docx) and what a reader sees (LibreOffice)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import pdf_pages
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from cchc_desktop.draft import Draft, Period
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.outlines import new_draft
from cchc_desktop.render import RenderError, render_docx, render_docx_bytes
from cchc_desktop.render.context import build_context

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
P1 = EXAMPLES / "phuong-1-6t-2024.json"
QK = EXAMPLES / "quang-khai-6t-2023.json"


def load(path: Path) -> Draft:
    return Draft.from_json(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    paths = {}
    for name, src in (("p1", P1), ("qk", QK)):
        paths[name] = render_docx(load(src), out / f"{name}.docx").path
    notice = new_draft("self_inspection", Period(type="year", year=2024))
    notice.meta.issuing_body = "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    notice.meta.place = "An Bình"
    notice.meta.number = "7"
    notice.meta.date = dt.date(2024, 1, 5)
    notice.signer.name = "Trần Văn A"
    notice.outline[0].text = "Nội dung thông báo."
    paths["notice"] = render_docx(notice, out / "notice.docx").path
    five = new_draft("five_year", Period(type="5y", year=2025))
    five.meta.issuing_body = "ỦY BAN NHÂN DÂN PHƯỜNG 1"
    paths["five"] = render_docx(five, out / "five.docx").path
    return paths


def doc(rendered, name):
    return Document(str(rendered[name]))


def style_font(style):
    while style is not None:
        if style.font.size is not None:
            return style
        style = style.base_style
    return None


def effective(paragraph, attr):
    """bold/italic/size of a paragraph's first run: run, then its paragraph style chain."""
    run = paragraph.runs[0]
    value = getattr(run.font, attr)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attr)
        style = style.base_style
    return value


def find_para(document, text):
    for p in document.paragraphs:
        if p.text == text:
            return p
    for t in document.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text == text:
                        return p
    raise AssertionError(f"no paragraph {text!r}")


@pytest.mark.parametrize("name", ["p1", "qk", "notice", "five"])
def test_page_setup_and_fonts(rendered, name):
    d = doc(rendered, name)
    for s in d.sections:
        assert abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1)
        assert 20 <= round(s.top_margin.mm) <= 25 and 20 <= round(s.bottom_margin.mm) <= 25
        assert 30 <= round(s.left_margin.mm) <= 35 and 15 <= round(s.right_margin.mm) <= 20
        assert s.different_first_page_header_footer
    # Times New Roman in every script slot of the defaults and of every style we use.
    fonts = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(slot)) == "Times New Roman"
    used = {p.style.name for p in d.paragraphs}
    for name_ in used:
        st = d.styles[name_]
        if st.name.startswith("CCHC"):
            rf = st.element.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert rf.get(qn("w:eastAsia")) == "Times New Roman"


def test_header_block(rendered):
    d = doc(rendered, "qk")
    head = d.tables[0]
    left = [p for p in head.cell(0, 0).paragraphs if p.text]
    assert left[0].text == "UBND HUYỆN TỨ KỲ" and not effective(left[0], "bold")
    assert left[1].text == "ỦY BAN NHÂN DÂN\nXÃ QUANG KHẢI" and effective(left[1], "bold")
    assert effective(left[0], "size") == Pt(13) and effective(left[1], "size") == Pt(13)
    right = [p.text for p in head.cell(0, 1).paragraphs if p.text]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    # The rules: a bordered empty paragraph under the issuing body and under the tagline.
    for cell in (head.cell(0, 0), head.cell(0, 1)):
        assert cell.paragraphs[-1]._p.find(qn("w:pPr")).find(qn("w:pBdr")) is not None
    number = head.cell(1, 0).paragraphs[0]
    date = head.cell(1, 1).paragraphs[0]
    assert number.text == "Số: 45/BC-UBND" and effective(number, "size") == Pt(13)
    assert date.text == "Quang Khải, ngày 09 tháng 6 năm 2023" and effective(date, "italic")


def test_header_without_parent_and_blank_date(rendered):
    d = doc(rendered, "p1")
    left = [p.text for p in d.tables[0].cell(0, 0).paragraphs if p.text]
    assert left[0] == "UBND THỊ XÃ QUẢNG TRỊ"
    assert d.tables[0].cell(1, 0).paragraphs[0].text == "Số:       /BC-UBND"
    assert d.tables[0].cell(1, 1).paragraphs[0].text == "Phường 1, ngày       tháng       năm 2024"
    five = doc(rendered, "five")
    left = [p.text for p in five.tables[0].cell(0, 0).paragraphs if p.text]
    assert left == ["ỦY BAN NHÂN DÂN\nPHƯỜNG 1"]  # no parent agency line when none is set


def test_title_body_and_closing(rendered):
    d = doc(rendered, "qk")
    title = find_para(d, "BÁO CÁO")
    assert effective(title, "bold") and title.alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    summary = find_para(d, "Công tác cải cách hành chính 6 tháng đầu năm 2023")
    assert effective(summary, "bold") and effective(summary, "size") == Pt(14)
    texts = [p.text for p in d.paragraphs]
    assert texts[texts.index(summary.text) + 1] == ""  # the rule under the summary
    assert any(t.startswith("Thực hiện Công văn số 281/UBND-NV") and t.endswith("như sau:") for t in texts)
    part = find_para(d, "I. VỀ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    assert effective(part, "bold")
    item = find_para(d, "1. Xây dựng và thực hiện kế hoạch cải cách hành chính năm 2023")
    assert effective(item, "bold") and not effective(item, "italic")
    body = [p for p in d.paragraphs if p.style.name == "CCHC Body"]
    assert len(body) > 50
    pf = body[0].style.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert pf.space_after >= Pt(6) and 1.0 <= pf.line_spacing <= 1.5
    assert effective(body[0], "size") == Pt(14)
    assert any(p.text.startswith("- ") for p in body) and all(not effective(p, "bold") for p in body)
    closing = find_para(d, "Trên đây là báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023 "
                           "của UBND xã Quang Khải./.")
    assert closing.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_signature_and_recipients(rendered):
    d = doc(rendered, "p1")
    closing = d.tables[1]
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert effective(label, "bold") and effective(label, "italic") and effective(label, "size") == Pt(12)
    items = [p for p in left.paragraphs[1:] if p.text]
    assert items[0].text == "- UBND thị xã (B/c);" and items[-1].text == "- Lưu."
    assert all(effective(p, "size") == Pt(11) and not effective(p, "bold") for p in items)
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Huệ"]
    assert all(effective(p, "bold") for p in lines)
    assert lines[-1].style.paragraph_format.space_before >= Pt(60)  # room to sign and seal


def test_page_numbers_in_header_not_on_first_page(rendered):
    d = doc(rendered, "qk")
    s = d.sections[0]
    assert "PAGE" in s.header._element.xml
    assert s.header.paragraphs[0].alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert "PAGE" not in s.first_page_header._element.xml
    annex = d.sections[-1]
    assert len(d.sections) == 2
    assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert len(doc(rendered, "notice").sections) == 1
    assert len(doc(rendered, "five").sections) == 1


@pytest.mark.parametrize("name,variant", [("p1", "A-2024"), ("qk", "B-2023")])
def test_annex_tables(rendered, name, variant):
    from cchc_desktop.forms import get_variant

    d = doc(rendered, name)
    texts = [p.text for p in d.paragraphs]
    assert "PHỤ LỤC" in texts
    i = texts.index("PHỤ LỤC")
    assert texts[i + 1].startswith("BIỂU MẪU THỐNG KÊ") and texts[i + 1].endswith(
        "CỦA XÃ QUANG KHẢI" if name == "qk" else "CỦA PHƯỜNG 1")
    if name == "qk":
        assert texts[i + 2] == "(Kèm theo Báo cáo số 45/BC-UBND ngày 09/6/2023 của UBND xã Quang Khải)"
    else:
        assert texts[i + 2] == "(Kèm theo Báo cáo số .../BC-UBND ngày ... của UBND phường 1)"
    v = get_variant(variant)
    tables = d.tables[2:]
    assert len(tables) == 7
    for form, table in zip(v.forms, tables):
        assert f"Biểu mẫu {form.number}" in texts and form.title in texts
        rows = table.rows
        for r in rows[:2]:
            assert r._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert [c.text for c in rows[0].cells] == [v.headers["stt"], v.headers["indicator"], v.headers["results"],
                                                   v.headers["results"], v.headers["note"]]
        assert rows[1].cells[2].text == v.headers["unit"] and rows[1].cells[3].text == v.headers["value"]
        data = rows[2:]
        assert [r.cells[0].text for r in data] == [ind.code for ind in form.rows]
        for r, ind in zip(data, form.rows):
            label = r.cells[1].paragraphs[0]
            assert label.text == ind.label
            assert bool(label.runs[0].bold) == (ind.kind.value == "group")
            value = r.cells[3].paragraphs[0]
            assert value.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
            assert r.cells[0].paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
            assert r.cells[2].text == ind.unit


def test_annex_values_computed_and_vietnamese(rendered):
    d = doc(rendered, "qk")
    form1 = d.tables[2]
    values = {r.cells[0].text: r.cells[3].text for r in form1.rows[2:]}
    assert values["2"] == "60,00"  # 45 / 75, computed from its parts, two decimals
    assert values["3.3"] == "-"  # 0 / 0 is undefined, never 0 or 100
    d = new_draft("periodic", Period(type="6m", year=2024), variant="A-2024")
    apply_edits(d, [(AnnexCell("1", "1", "value"), "1277"), (AnnexCell("1", "2.1", "value"), "400"),
                    (AnnexCell("1", "2.2", "value"), "353"),
                    (AnnexCell("1", "2", "value"), "12")])  # typed by hand, wrong: the document shows the rate
    rows = {r["code"]: r["value"] for r in build_context(d)["forms"][0]["rows"]}
    assert rows["1"] == "1.277" and rows["2"] == "88,25"


def test_user_text_exactly_as_typed(tmp_path):
    d = new_draft("periodic", Period(type="6m", year=2024))
    d.meta.issuing_body = "ỦY BAN NHÂN DÂN XÃ A&B"
    tricky = ["Mặt trận & các đoàn thể <b>đậm</b> \"trích\" 'nháy' {{ 7*7 }} {% if x %} %} {# c #}",
              "{_{ a }_} {_% b %_} 100% & TN&TKQ", "tab\there", "  khoảng   cách  nhiều  "]
    d.outline[0].text = "\n".join(tricky) + "\n\n"
    d.signer.name = "Nguyễn <Văn> & \"A\""
    d.recipients.items = ["Sở Nội vụ (B/c) & <UBND>"]
    data = render_docx_bytes(d)
    out = tmp_path / "t.docx"
    out.write_bytes(data)
    texts = [p.text for p in Document(str(out)).paragraphs]
    for line in tricky:
        assert line.strip() in texts
    doc_ = Document(str(out))
    cells = [p.text for t in doc_.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Nguyễn <Văn> & \"A\"" in cells and "- Sở Nội vụ (B/c) & <UBND>;" in cells
    assert "49" not in texts


def test_unknown_variant_and_missing_template(tmp_path):
    d = new_draft("periodic", Period(type="6m", year=2024))
    d.variant = "Z-1999"
    with pytest.raises(RenderError, match="Z-1999"):
        render_docx_bytes(d)
    with pytest.raises(RenderError, match="Không tìm thấy mẫu"):
        render_docx_bytes(new_draft("periodic", Period(type="6m", year=2024)), tmp_path / "none.docx")


def test_write_failure_leaves_no_half_file(tmp_path, monkeypatch):
    d = load(QK)
    target = tmp_path / "bc.docx"
    target.write_bytes(b"old report")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("os.replace", locked)
    with pytest.raises(RenderError) as info:
        render_docx(d, target)
    assert "đang mở trong chương trình khác" in str(info.value)
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["bc.docx"]  # the temp file is gone


def test_missing_folder_message(tmp_path):
    with pytest.raises(RenderError, match="không tồn tại"):
        render_docx(load(QK), tmp_path / "nope" / "bc.docx")


# ----- what a reader sees (LibreOffice) --------------------------------------------------------
@pytest.fixture(scope="module")
def pdfs(rendered, tmp_path_factory):
    from conftest import soffice_to_pdf

    names = ["p1", "qk", "notice"]
    out = tmp_path_factory.mktemp("pdf")
    return dict(zip(names, soffice_to_pdf([rendered[n] for n in names], out)))


def first_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


@pytest.mark.soffice
@pytest.mark.parametrize("name", ["p1", "qk"])
def test_pdf_pages_numbers_and_forms(pdfs, name):
    pages = pdf_pages(pdfs[name])
    assert len(pages) > 10
    assert first_line(pages[0]).startswith("UBND")  # no number on page 1
    assert first_line(pages[1]) == "2" and first_line(pages[2]) == "3"
    annex_start = next(i for i, p in enumerate(pages) if first_line(p) == "PHỤ LỤC")
    assert first_line(pages[annex_start + 1]) == "2"  # the annex is numbered on its own
    for i in range(1, annex_start):
        assert first_line(pages[i]) == str(i + 1)
    annex = "\n".join(pages[annex_start:])
    for n in range(1, 8):
        assert f"Biểu mẫu {n}" in annex
    body = "\n".join(pages[:annex_start])
    assert "Nơi nhận:" in body and "TM. ỦY BAN NHÂN DÂN" in body
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]


@pytest.mark.soffice
def test_pdf_notice(pdfs):
    pages = pdf_pages(pdfs["notice"])
    assert "THÔNG BÁO" in pages[0] and "Số: 07/TB-UBND" in pages[0]
    assert "An Bình, ngày 05 tháng 01 năm 2024" in pages[0]
    assert "PHỤ LỤC" not in "\n".join(pages)
