"""Drafts full of random text render to valid DOCX files that contain the text exactly.

A modest number of examples keeps CI fast; only a few of them go through LibreOffice, in
one batch, to check that what a reader sees contains the text too.
"""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from conftest import pdf_pages, soffice_to_pdf
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.draft import Draft, Period
from cchc_desktop.editing import MetaField, RecipientsField, SectionField, SignerField, edit
from cchc_desktop.outlines import new_draft
from cchc_desktop.render import render_docx_bytes
from cchc_desktop.render.context import text_lines

VIET = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
        "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
SPECIAL = "&<>\"'{}%#_-+/.,;:()!?[]|\\$@=*~^`"
readable = st.text(alphabet=VIET + SPECIAL + "0123456789   ", min_size=0, max_size=120)
# Any Unicode but surrogates: controls, RTL, emoji, combining marks... the app cleans and keeps the rest.
anything = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80)


def decomposed(s: st.SearchStrategy) -> st.SearchStrategy:
    return s.map(lambda t: unicodedata.normalize("NFD", t))


@st.composite
def drafts(draft, text=readable, long_paragraphs=True):
    kind = draft(st.sampled_from(["periodic", "five_year", "self_inspection"]))
    period = {"periodic": Period("6m", 2024), "five_year": Period("5y", 2025), "self_inspection": Period("year", 2024)}
    d = new_draft(kind, period[kind])
    line = st.one_of(text, decomposed(text))
    edit(d, MetaField("issuing_body"), "ỦY BAN NHÂN DÂN XÃ " + draft(line))
    edit(d, MetaField("summary"), draft(line))
    edit(d, MetaField("place"), draft(line))
    edit(d, MetaField("addressee"), draft(line))
    edit(d, MetaField("preamble"), draft(line))
    edit(d, SignerField("name"), draft(line))
    edit(d, RecipientsField("items"), draft(st.lists(line, max_size=4)))
    for _, section in list(d.iter_sections()):
        if draft(st.booleans()):
            lines = draft(st.lists(line, max_size=4))
            if long_paragraphs and draft(st.integers(0, 9)) == 0:
                lines.append(" ".join(draft(st.lists(line, min_size=20, max_size=40))))
            edit(d, SectionField(section.id, "text"), "\n".join(lines))
        if draft(st.integers(0, 4)) == 0:
            edit(d, SectionField(section.id, "title"), draft(line))
    return Draft.from_dict(d.to_dict())


def expected_texts(d: Draft) -> list[str]:
    """What must print exactly as typed; the period placeholders ``{kỳ báo cáo}`` / ``{kỳ tới}``
    (docs/draft-format.md) print the period's words instead."""
    from cchc_desktop.periods import fill_period_phrases

    out = [d.signer.name, d.meta.summary]
    for _, s in d.iter_sections():
        out += text_lines(s.text)
    return [fill_period_phrases(x.strip(), d.period) for x in out if x.strip()]


def docx_texts(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    texts += [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return texts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(text=anything, long_paragraphs=False))
def test_any_unicode_renders_exactly(d):
    data = render_docx_bytes(d)
    texts = docx_texts(data)
    for t in expected_texts(d):
        assert t in texts
        assert unicodedata.is_normalized("NFC", t)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.soffice
def test_random_drafts_convert_and_read(tmp_path):
    kept: list[tuple[object, list[str]]] = []

    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(drafts())
    def render_some(d):
        data = render_docx_bytes(d)
        texts = docx_texts(data)
        for t in expected_texts(d):
            assert t in texts
        if len(kept) < 4:
            path = tmp_path / f"r{len(kept)}.docx"
            path.write_bytes(data)
            kept.append((path, expected_texts(d)))

    render_some()
    pdfs = soffice_to_pdf([p for p, _ in kept], tmp_path)
    for pdf, (_, texts) in zip(pdfs, kept):
        pages = pdf_pages(pdf)
        assert pages, pdf
        # Drop the page-number line at the top of pages 2.. before reading across pages.
        body = []
        for i, page in enumerate(pages):
            lines = page.splitlines()
            while lines and not lines[0].strip():
                lines.pop(0)
            if i and lines and lines[0].strip().isdigit():
                lines.pop(0)
            body.append("\n".join(lines))
        seen = _squash("\n".join(body))
        for t in texts:
            assert _squash(t) in seen, t
