"""Page numbers as a reader sees them: every kind, with and without the annex.

Decree 30: Arabic page numbers centred at the top from page 2, none on page 1; each annex
numbered on its own. Each report is converted by LibreOffice and the top line of every page is
read with pdftotext (not by counting sections in the XML: that once missed a report without
annex printing no page number at all).
"""
from __future__ import annotations

import pytest

from cchc_desktop.draft import Period
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.forms import get_variant
from cchc_desktop.outlines import new_draft
from cchc_desktop.render import render_docx
from tests.conftest import pdf_pages, soffice_to_pdf

KINDS = {"periodic": Period(type="6m", year=2025), "five_year": Period(type="5y", year=2025),
         "self_inspection": Period(type="year", year=2025)}
LINE = ("Bộ phận một cửa tiếp nhận và giải quyết hồ sơ đúng hạn, công khai thủ tục hành chính đầy đủ, "
        "cán bộ, công chức thực hiện nghiêm kỷ luật, kỷ cương hành chính trong thực thi công vụ.")


def long_draft(kind: str, annex: bool):
    d = new_draft(kind, KINDS[kind], variant="A-2024" if annex else "none")
    d.meta.issuing_body = "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
    d.meta.issuing_body_short = "UBND xã Quang Khải"
    d.meta.place = "Quang Khải"
    d.signer.name = "Nguyễn Văn An"
    for _, s in d.iter_sections():
        s.text = "\n".join([LINE] * 3)
    if annex:
        for form in get_variant("A-2024").forms:
            for row in form.rows:
                if row.is_input:
                    apply_edits(d, [(AnnexCell(form.number, row.code, "value"), "1")])
    return d


def top_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pages")
    cases = [(k, a) for k in KINDS for a in (True, False)]
    paths = []
    for kind, annex in cases:
        path = tmp / f"{kind}-{'annex' if annex else 'none'}.docx"
        render_docx(long_draft(kind, annex), path)
        paths.append(path)
    pdfs = soffice_to_pdf(paths, tmp, timeout=300)
    return {case: pdf_pages(pdf) for case, pdf in zip(cases, pdfs)}


@pytest.mark.soffice
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("annex", [True, False], ids=["annex", "no-annex"])
def test_every_page_but_the_first_is_numbered(converted, kind, annex):
    pages = converted[(kind, annex)]
    tops = [top_line(p) for p in pages]
    annex_start = next((i for i, p in enumerate(pages) if top_line(p) == "PHỤ LỤC"), None)
    assert (annex_start is not None) == annex, tops
    body_end = annex_start if annex else len(pages)
    assert body_end >= 3, f"the test report should run over several pages: {tops}"
    assert not tops[0].isdigit(), tops  # page 1: the header, no number
    assert tops[1:body_end] == [str(n) for n in range(2, body_end + 1)], tops
    if annex:
        assert len(pages) - annex_start >= 3, tops
        # the annex numbered on its own: no number on its first page, then 2, 3, ...
        assert tops[annex_start + 1:] == [str(n) for n in range(2, len(pages) - annex_start + 1)], tops
        assert all("Biểu mẫu" not in p for p in pages[:annex_start])
    else:
        assert all("Biểu mẫu" not in p and "PHỤ LỤC" not in p for p in pages)
