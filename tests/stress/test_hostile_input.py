"""Hostile and odd input, with hypothesis: numbers typed every way officials type them, text
with every special character and Unicode form, huge texts, empty everything. Nothing of it may
crash the core or produce a DOCX that Word or LibreOffice cannot open; the document shows the
text as typed (NFC).

Each hypothesis test renders real documents, so the example counts are kept small for CI;
``CCHC_HYPOTHESIS_EXAMPLES=500`` raises them for a long run.
"""
from __future__ import annotations

import os
import unicodedata
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cchc_desktop.draft import Draft, Period, Section
from cchc_desktop.editing import AnnexCell, MetaField, SectionField, apply_edits, edit
from cchc_desktop.forms import RowKind, get_variant
from cchc_desktop.numbers import NumberParseError, format_vn, parse_value
from cchc_desktop.outlines import new_draft
from cchc_desktop.render.context import build_context
from cchc_desktop.render.docx_render import render_docx_bytes
from cchc_desktop.rules import check_annex
from cchc_desktop.textnorm import clean_line

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "phuong-1-6t-2024.json"
N = int(os.environ.get("CCHC_HYPOTHESIS_EXAMPLES", "0") or 0)


def examples(default: int) -> int:
    return N or default


SETTINGS = {"deadline": None, "derandomize": True,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}

# ----- numbers -------------------------------------------------------------------------------
SPACES = ["", " ", "\u00a0", "\u202f", "\t"]


@st.composite
def typed_number(draw):
    """(text as an official types it, the value it means, kind)."""
    kind = draw(st.sampled_from([RowKind.COUNT, RowKind.AMOUNT, RowKind.PERCENT]))
    if kind is RowKind.COUNT:
        value = Decimal(draw(st.integers(0, 10**12)))
    else:
        places = draw(st.integers(0, 3))
        value = Decimal(draw(st.integers(0, 10**9))).scaleb(-places)
        if kind is RowKind.PERCENT:
            value = (value % 100).normalize()
    text = format_vn(value)  # "1.277", "88,25", "3.232,311"
    style = draw(st.sampled_from(["vn", "plain", "spaced"]))
    if style == "plain" and value == value.to_integral_value():
        text = str(int(value))
    elif style == "spaced" and value == value.to_integral_value():
        text = f"{int(value):,}".replace(",", " ")
    if kind is RowKind.PERCENT and draw(st.booleans()):
        text += draw(st.sampled_from(["%", " %"]))
    pad = draw(st.sampled_from(SPACES)) + text + draw(st.sampled_from(SPACES))
    return pad, value, kind


@settings(max_examples=examples(300), **SETTINGS)
@given(typed_number())
def test_numbers_typed_the_vietnamese_way_mean_what_they_say(case):
    text, value, kind = case
    assert parse_value(text, kind) == value, text


@settings(max_examples=examples(400), **SETTINGS)
@given(text=st.text(max_size=40) | st.from_regex(r"[-+]?[\d.,\s%/]{0,25}", fullmatch=True),
       kind=st.sampled_from(list(RowKind)))
def test_any_text_in_a_number_cell_is_a_number_or_a_vietnamese_refusal(text, kind):
    try:
        value = parse_value(text, kind)
    except NumberParseError as exc:
        assert str(exc) and "không" in str(exc) or "thiếu" in str(exc) or "hãy" in str(exc), str(exc)
        return
    assert value is None or isinstance(value, Decimal)
    if value is not None:
        assert value.is_finite()
        format_vn(value)  # and it can be printed back


# ----- text ----------------------------------------------------------------------------------
NASTY = [
    "Mặt trận & các đoàn thể", "TN&TKQ", "<script>alert(1)</script>", "a < b > c", "\"trích\" 'nháy' «kép»",
    "100% đạt", "{{ 7*7 }} {% if %} {# c #}", "{_{ x }_} {_% y %_}", "]]> <![CDATA[", "&amp; &lt; &#0; &#x1;",
    "Quye\u0302\u0301t \u0111i\u0323nh (NFD)", "\u202eRTL override\u202c", "\u200bzero\u200dwidth\ufeff",
    "tab\tthere", "nul\x00char\x07bell\x1b", "\ud800 lone surrogate", "\ufffe\uffff", "emoji 👍🏽🇻🇳", "𝐁𝐨𝐥𝐝 𝔣𝔯𝔞𝔨",
    "Z̴̡̨͍a̷̝͠l̶̗̈g̵͙̕o̸̞͝", "ﾃｽﾄ 漢字 한국어 العربية", "line1\r\nline2\rline3\u2028line4", "\\ backslash \\n",
    "a" * 5000, "", "   ", "\n\n\n",
]
any_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=200),
                     st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))


def _xml_parts_parse(data: bytes) -> str:
    """Every XML part parses (what Word does first); returns the main document's text."""
    with zipfile.ZipFile(BytesIO(data)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))
    return "\n".join(p.text for p in docx.Document(BytesIO(data)).paragraphs)


def _fill(draft: Draft, texts: list[str]) -> None:
    it = iter(texts * 4)
    for name in ("summary", "issuing_body", "parent_agency", "place", "preamble", "closing", "addressee"):
        edit(draft, MetaField(name), next(it))  # the path every typed value takes
    draft.signer.name = clean_line(next(it))
    draft.recipients.items = [clean_line(next(it)), clean_line(next(it))]
    for section in draft.outline[:3]:
        edit(draft, SectionField(section.id, "title"), next(it))
        edit(draft, SectionField(section.id, "text"), next(it))


@settings(max_examples=examples(25), **SETTINGS)
@given(texts=st.lists(any_text, min_size=4, max_size=12))
def test_any_text_in_any_field_renders_a_valid_docx_showing_it(texts):
    d = new_draft("periodic", Period(type="6m", year=2024))
    _fill(d, texts)
    data = render_docx_bytes(d)
    shown = _xml_parts_parse(data)
    section = d.outline[0]
    for line in section.text.split("\n"):
        if line.strip():
            assert line.strip() in shown, line[:80]
    assert unicodedata.is_normalized("NFC", shown)


@settings(max_examples=examples(20), **SETTINGS)
@given(cells=st.lists(st.tuples(st.sampled_from(["1", "2", "3", "4", "5", "6", "7"]),
                                st.sampled_from(["1", "2", "2.1", "2.2", "3", "3.1", "4", "5", "1.1", "9.9"]),
                                any_text | st.from_regex(r"[-+]?[\d.,\s%/]{0,12}", fullmatch=True)),
                      max_size=25))
def test_any_annex_value_is_checked_and_rendered_not_crashed(cells):
    d = Draft.from_json(EXAMPLE.read_text(encoding="utf-8"))
    for form, code, text in cells:
        apply_edits(d, [(AnnexCell(form, code, "value"), text), (AnnexCell(form, code, "note"), text[:50])])
    check_annex(get_variant(d.variant), d.annex)
    build_context(d)
    _xml_parts_parse(render_docx_bytes(d))


# ----- extremes ------------------------------------------------------------------------------
def huge_draft() -> Draft:
    d = new_draft("periodic", Period(type="year", year=2024))
    para = "Ủy ban nhân dân xã đã ban hành kế hoạch & tuyên truyền <CCHC> 100% «đạt». " * 40
    d.outline[0].text = "\n".join([para] * 200)  # ~1.2 MB in one section
    for i in range(150):
        d.outline.append(Section(title=f"Mục thêm {i} & <{i}>", text=para))
    d.recipients.items = [f"Đơn vị nhận số {i} & cộng sự" for i in range(300)]
    d.meta.summary = "Báo cáo " + "rất dài " * 500
    return d


def empty_drafts() -> list[Draft]:
    blank = Draft()
    bare = new_draft("self_inspection", Period(type="year", year=2024))
    for s in bare.outline:
        s.title, s.text = "", ""
    nothing = Draft()
    nothing.outline = []
    nothing.recipients.items = []
    return [blank, bare, nothing]


def test_huge_and_empty_drafts_render(tmp_path):
    for d in [huge_draft(), *empty_drafts()]:
        data = render_docx_bytes(d)
        _xml_parts_parse(data)


@pytest.mark.soffice
@pytest.mark.slow
def test_libreoffice_opens_every_odd_document(tmp_path):
    """One LibreOffice run over a batch of the odd documents: each becomes a PDF showing
    the typed text (LibreOffice refuses a corrupt DOCX by producing nothing)."""
    from conftest import pdf_pages, soffice_to_pdf

    docs, markers = [], []
    for i, chunk in enumerate([NASTY[0:9], NASTY[9:18], NASTY[18:]]):
        d = new_draft("periodic", Period(type="6m", year=2024))
        _fill(d, chunk + [f"DẤU HIỆU {i}"])
        edit(d, SectionField(d.outline[0].id, "text"), f"DẤU HIỆU {i}\n" + "\n".join(chunk))
        docs.append(d)
        markers.append(f"DẤU HIỆU {i}")
    docs += [huge_draft(), *empty_drafts()]
    markers += ["MỤC THÊM 149", None, None, None]  # part titles print in capitals
    ex = Draft.from_json(EXAMPLE.read_text(encoding="utf-8"))
    apply_edits(ex, [(AnnexCell("1", "1", "value"), "1.277 hồ sơ & <x>"), (AnnexCell("1", "1", "note"), "{{ 7*7 }}")])
    docs.append(ex)
    markers.append("{{ 7*7 }}")
    paths = []
    for n, d in enumerate(docs):
        p = tmp_path / f"odd-{n}.docx"
        p.write_bytes(render_docx_bytes(d))
        paths.append(p)
    pdfs = soffice_to_pdf(paths, tmp_path, timeout=300)
    for p, pdf, marker in zip(paths, pdfs, markers):
        assert pdf.exists() and pdf.stat().st_size > 500, f"LibreOffice could not open {p.name}"
        if marker:
            text = unicodedata.normalize("NFC", " ".join(pdf_pages(pdf)))
            assert " ".join(marker.split()) in " ".join(text.split()), (p.name, marker)
