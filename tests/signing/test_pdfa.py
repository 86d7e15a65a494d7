"""The report exported as PDF/A-2b by LibreOffice: identification, embedded fonts, metadata, text."""
from __future__ import annotations

import pytest

from cchc_desktop.pdf import soffice_pdf_filter

pikepdf = pytest.importorskip("pikepdf")
pypdf = pytest.importorskip("pypdf")


def _font_embedded(font) -> bool:
    fonts = [font] + list(font.get("/DescendantFonts") or [])
    for f in fonts:
        d = f.get("/FontDescriptor")
        if d is not None and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            return True
    return False


def test_report_is_pdfa_2b_with_metadata(report_pdf):
    with pikepdf.open(report_pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
        assert meta.get("dc:title") == "BÁO CÁO Số: 45/BC-UBND"
        assert meta.get("dc:creator") == ["UBND xã Quang Khải"]  # author = the issuing body
        assert meta.get("dc:description") == "Công tác cải cách hành chính 6 tháng đầu năm 2023"  # trích yếu
        seen = {}
        for page in pdf.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                seen[str(font.get("/BaseFont"))] = _font_embedded(font)
        assert seen and all(seen.values()), f"fonts not embedded: {[k for k, v in seen.items() if not v]}"
        assert any("Serif" in k or "Times" in k for k in seen)


def test_report_text_is_extractable(report_pdf):
    reader = pypdf.PdfReader(str(report_pdf))
    first = reader.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Công tác cải cách hành chính 6 tháng đầu năm 2023" in " ".join(first.split())
    assert len(reader.pages) > 5


def test_filter_options():
    from pathlib import Path

    assert soffice_pdf_filter(Path("a.docx"), True).startswith('pdf:writer_pdf_Export:{"SelectPdfVersion"')
    assert soffice_pdf_filter(Path("a.XLSX"), True).startswith("pdf:calc_pdf_Export:")
    assert soffice_pdf_filter(Path("a.docx"), False) == "pdf:writer_pdf_Export"
