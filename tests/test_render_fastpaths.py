"""The render's quick paths give exactly what the slow ones gave (docs/performance.md).

- ``render.listing``: docxtpl's ``resolve_listing`` applied only to the paragraphs holding a
  tab / new line / ``\\a`` / form feed: the same XML as docxtpl's own pass over every paragraph.
- ``embed.body_text_digest`` (the Word-edit fingerprint) read through a compiled XSLT: the same
  digest as the paragraph walk that defined it, so reports already in users' hands (the v1
  fixtures) still verify, and an edit anywhere in the body (the header block, the text, the
  signature block, the annex tables) is still caught.
- ``BoundedSandbox.getattr`` reading a context dict's key at once: the sandbox's answer.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cchc_desktop.draft import Draft
from cchc_desktop.editing import SectionField, edit
from cchc_desktop.render import listing as listing_mod
from cchc_desktop.render import render_docx, render_docx_bytes
from cchc_desktop.render.bounded import BoundedSandbox
from cchc_desktop.render.embed import _slow_text_digest, body_text_digest, edited_after_export
from cchc_desktop.render.listing import resolve_listing

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "v1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _example(name: str = "quang-khai-6t-2023") -> Draft:
    return Draft.from_json((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def _docxtpl_resolve(xml: str) -> str:
    return DocxTemplate.resolve_listing(None, xml)


# -- resolve_listing -------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "<w:p>", '<w:p w:rsidR="00A1">', "<w:p/>", "<w:p />", "</w:p>", "<w:pPr><w:jc w:val=\"both\"/></w:pPr>",
    "<w:r>", '<w:r w:rsidR="1">', "</w:r>", "<w:rPr><w:b/></w:rPr>", "<w:t>", '<w:t xml:space="preserve">',
    "</w:t>", "<w:tab/>", "<w:txbxContent>", "</w:txbxContent>", "<w:pStyle w:val=\"x\"/>", "<",
    ">", "\t", "\a", "\n", "\f", "a", "Ủy ban", " ", "&amp;", "</w:p", "<w:p ", "w:t",
])


_TEXT = st.text(st.sampled_from("ab Ủ\t\a\n\f&;<>"), max_size=6).map(
    lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


@st.composite
def _run(draw):
    props = draw(st.sampled_from(["", "<w:rPr><w:b/></w:rPr>", "<w:rPr><w:i/><w:sz w:val=\"26\"/></w:rPr>"]))
    start = draw(st.sampled_from(["<w:r>", '<w:r w:rsidR="1">']))
    texts = "".join(draw(st.sampled_from(["<w:t>", '<w:t xml:space="preserve">'])) + draw(_TEXT) + "</w:t>"
                    for _ in range(draw(st.integers(0, 2))))
    return start + props + texts + "</w:r>"


@st.composite
def _para(draw, depth=0):
    start = draw(st.sampled_from(["<w:p>", '<w:p w:rsidR="00A1">']))
    props = draw(st.sampled_from(["", '<w:pPr><w:jc w:val="both"/></w:pPr>']))
    runs = [draw(_run()) for _ in range(draw(st.integers(0, 3)))]
    if depth == 0 and draw(st.booleans()):
        runs.append("<w:r><w:txbxContent>" + draw(_para(depth=1)) + "</w:txbxContent></w:r>")
    return start + props + "".join(runs) + "</w:p>"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_para(), _para(), _PIECES), max_size=12))
def test_resolve_listing_is_docxtpl_s_on_any_markup(pieces):
    xml = "".join(pieces)
    assert resolve_listing(xml, _docxtpl_resolve) == _docxtpl_resolve(xml)


def test_resolve_listing_on_a_nested_paragraph_and_one_without_end():
    inner = '<w:p><w:r><w:t>in\tner</w:t></w:r></w:p>'
    xml = (f'<w:body><w:p><w:r><w:t>a\nb</w:t></w:r><w:r><w:txbxContent>{inner}</w:txbxContent></w:r></w:p>'
           '<w:p><w:r><w:t>plain</w:t></w:r></w:p><w:p><w:r><w:t>c\fd\ae</w:t></w:r></w:p><w:p>x\t')
    assert resolve_listing(xml, _docxtpl_resolve) == _docxtpl_resolve(xml)
    assert resolve_listing("<w:p>no listing</w:p>", _docxtpl_resolve) == "<w:p>no listing</w:p>"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith("word/") and n.endswith(".xml")}


def test_rendered_parts_are_those_of_docxtpl_s_own_pass(monkeypatch):
    """A report whose values hold every listing character (a long issuing body breaks its line,
    a tab typed in a section): each Word part is byte for byte what plain docxtpl makes."""
    draft = _example("phuong-1-6t-2024")
    draft.meta.issuing_body = "ỦY BAN NHÂN DÂN PHƯỜNG CÓ TÊN RẤT DÀI ĐỂ XUỐNG DÒNG"
    edit(draft, SectionField(draft.outline[0].id, "text"), "Cột\tmột\tcột hai\nDòng hai & <ba>")
    edit(draft, SectionField(draft.outline[1].id, "text"), "\t\tThụt lề bằng tab")
    ours = _parts(render_docx_bytes(draft))
    monkeypatch.setattr(listing_mod, "template_class", lambda: DocxTemplate)
    plain = _parts(render_docx_bytes(draft))
    assert ours.keys() == plain.keys()
    for name in ours:
        assert ours[name] == plain[name], name
    assert b"<w:tab/>" in ours["word/document.xml"] and b"<w:br/>" in ours["word/document.xml"]


# -- the Word-edit fingerprint -----------------------------------------------------------------

def _body(inner: str):
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}" xmlns:x="urn:x">{inner}</w:body>'.encode())


_TEXTS = st.sampled_from(["", " ", "a", "Ủy ban", "\u00a0", "\u3000x\u2009", " b ", "\n", "x\ny", "\t", "à",
                          "\u2028", "&amp;", "1.277", "\u00a0Đ\u00a0", "\u0085"])


@st.composite
def _paragraph(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 5 if depth < 2 else 3))
        text = draw(_TEXTS).replace("&", "&amp;")
        if choice <= 1:
            parts.append(f"<w:r><w:t>{text}</w:t></w:r>")
        elif choice == 2:
            parts.append(f"<w:r><w:instrText>{text}</w:instrText><w:tab/></w:r>")
        elif choice == 3:
            parts.append(f"<w:r><w:t>{text}<x:odd>{draw(_TEXTS)}</x:odd>tail</w:t></w:r>")
        elif choice == 4:
            parts.append(f"<w:r><w:txbxContent>{draw(_paragraph(depth + 1))}</w:txbxContent></w:r>")
        else:
            parts.append(f"<w:r><w:t>{text}<!-- c --></w:t></w:r>")
    return "<w:p>" + "".join(parts) + "</w:p>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_paragraph(), st.just("<w:tbl><w:tr><w:tc><w:p><w:r><w:t> ô </w:t></w:r></w:p>"
                                                "</w:tc></w:tr></w:tbl>")), max_size=8))
def test_quick_digest_is_the_paragraph_walk_s(paragraphs):
    body = _body("".join(paragraphs))
    assert body_text_digest(body) == _slow_text_digest(body)


@pytest.mark.parametrize("name", ["phuong-1-6t-2024", "quang-khai-6t-2023"])
def test_quick_digest_on_rendered_reports(name):
    document = Document(io.BytesIO(render_docx_bytes(_example(name))))
    body = document.element.body
    assert body_text_digest(body) == _slow_text_digest(body)


@pytest.mark.parametrize("name", ["periodic-6m-2025", "five-year-2021-2025"])
def test_reports_already_sent_still_verify(name):
    """The v1 fixtures carry the digest of the old code: the quick path finds it unchanged."""
    path = FIXTURES / f"{name}.docx"
    assert edited_after_export(path) is False
    body = Document(str(path)).element.body
    assert body_text_digest(body) == _slow_text_digest(body)


def _edit_paragraph(paragraph, old: str | None = None, new: str = "SỬA") -> None:
    for run in paragraph.runs:
        if run.text.strip() and (old is None or old in run.text):
            run.text = run.text.replace(old, new) if old else run.text + new
            return
    raise AssertionError(f"no run to edit in {paragraph.text!r}")


def _cell_paragraph(table, row: int, col: int):
    return next(p for p in table.rows[row].cells[col].paragraphs if p.text.strip())


EDITS = {
    # the header block (a table at the top): issuing body, then the number line
    "issuing body": lambda doc: _edit_paragraph(_cell_paragraph(doc.tables[0], 0, 0)),
    "document number": lambda doc: _edit_paragraph(_cell_paragraph(doc.tables[0], 1, 0), "45", "46"),
    "title": lambda doc: _edit_paragraph(next(p for p in doc.paragraphs if p.text.strip() == "BÁO CÁO")),
    "body text": lambda doc: _edit_paragraph(next(p for p in doc.paragraphs if "Chủ động triển khai" in p.text),
                                             "Chủ động", "Tích cực"),
    "signature block": lambda doc: _edit_paragraph(_cell_paragraph(doc.tables[1], 0, 1)),
    "annex title": lambda doc: _edit_paragraph(next(p for p in doc.paragraphs if p.text.strip() == "Biểu mẫu 2")),
    "annex value": lambda doc: _edit_paragraph(_cell_paragraph(doc.tables[2], 3, 3), None, "9"),
    "annex label": lambda doc: _edit_paragraph(_cell_paragraph(doc.tables[5], 2, 1)),
}


@pytest.mark.parametrize("part", sorted(EDITS))
def test_an_edit_in_every_part_is_caught(tmp_path, part):
    out = render_docx(_example(), tmp_path / "bc.docx").path
    assert edited_after_export(out) is False
    document = Document(str(out))
    before = _slow_text_digest(document.element.body)
    EDITS[part](document)
    assert _slow_text_digest(document.element.body) != before  # the edit changed visible text
    edited = tmp_path / "sua.docx"
    document.save(str(edited))
    assert edited_after_export(edited) is True


def test_a_paragraph_split_or_a_blank_added_elsewhere_is_or_is_not_an_edit(tmp_path):
    """Splitting a paragraph in two changes the text a reader sees; an extra empty paragraph
    does not (blank paragraphs are skipped, as they always were)."""
    out = render_docx(_example(), tmp_path / "bc.docx").path
    document = Document(str(out))
    para = next(p for p in document.paragraphs if "Chủ động triển khai" in p.text)
    para.insert_paragraph_before("")
    blank = tmp_path / "blank.docx"
    document.save(str(blank))
    assert edited_after_export(blank) is False
    run = para.runs[0]
    head, tail = run.text[:20], run.text[20:]
    run.text = head
    para.insert_paragraph_before("").add_run(tail)
    split = tmp_path / "split.docx"
    document.save(str(split))
    assert edited_after_export(split) is True


# -- the sandbox's dict attributes ---------------------------------------------------------------

def test_dict_attributes_read_as_the_sandbox_reads_them():
    env = BoundedSandbox(autoescape=True)
    data = {"kind": "text", "items": "a key named items", "__class__": "k", "_x": 1}
    for attribute in ("kind", "missing", "items", "__class__", "_x", "get"):
        ours = env.getattr(data, attribute)
        theirs = super(BoundedSandbox, env).getattr(data, attribute)
        assert type(ours) is type(theirs) and repr(ours) == repr(theirs), attribute
    template = env.from_string("{{ b.kind }}|{{ b.missing }}|{{ b.items is callable }}|{{ b.__class__ }}")
    assert template.render(b=data) == "text||True|"


# -- the printed values' XML check -----------------------------------------------------------------

def test_every_character_xml_forbids_is_unprintable():
    """``_finalize`` skips its regex for a printable text: no character it removes is printable."""
    from cchc_desktop.render.docx_render import _XML_ILLEGAL

    everything = "".join(map(chr, range(0x110000)))
    removed = _XML_ILLEGAL.findall(everything)
    assert len(removed) > 2000  # the controls, the surrogates, U+FFFE/U+FFFF
    assert [c for c in removed if c.isprintable()] == []


@pytest.mark.parametrize("value, printed", [
    ("Ủy ban nhân dân", "Ủy ban nhân dân"), ("a\x00b\x0bc\ufffe", "abc"), ("tab\tkept", "tab\tkept"),
    ("x_y", "x&#95;y"), (45, "45"), (None, ""),
])
def test_finalize_prints_as_before(value, printed):
    from cchc_desktop.render.docx_render import _finalize

    assert str(_finalize(value)) == printed
