"""PDF conversion: real LibreOffice when installed; clear Vietnamese errors when it is not."""
from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from cchc_desktop import pdf as pdfmod
from cchc_desktop.pdf import Converter, PdfError, convert_to_pdf

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def two_page_docx(path: Path) -> Path:
    from docx import Document

    d = Document()
    d.add_paragraph("BÁO CÁO Công tác cải cách hành chính 6 tháng đầu năm 2024 & TN&TKQ <ok>")
    d.add_page_break()
    d.add_paragraph("PHỤ LỤC Biểu mẫu 1")
    d.save(path)
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.soffice
@needs_soffice
def test_docx_to_pdf_pages_and_text(tmp_path):
    src = two_page_docx(tmp_path / "bao cao.docx")
    out = convert_to_pdf(src, tmp_path / "BC-CCHC-6T-2024-Quang-Khai.pdf")
    assert pdf_pages(out) == 2
    text = pdf_text(out)
    assert "Công tác cải cách hành chính 6 tháng đầu năm 2024 & TN&TKQ <ok>" in " ".join(text.split())
    assert "PHỤ LỤC Biểu mẫu 1" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []  # no temp file left


@pytest.mark.soffice
@needs_soffice
def test_rendered_report_to_pdf(tmp_path):
    render = pytest.importorskip("cchc_desktop.render")
    from cchc_desktop.draft import Draft

    draft = Draft.from_json((EXAMPLES / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    docx = render.render_docx(draft, tmp_path / "bc.docx").path
    out = convert_to_pdf(docx, tmp_path / "bc.pdf")
    text = pdf_text(out)
    assert pdf_pages(out) >= 3
    assert "BÁO CÁO" in text and "Biểu mẫu 7" in text


def test_no_converter_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfmod, "find_converter", lambda: None)
    src = two_page_docx(tmp_path / "a.docx")
    with pytest.raises(PdfError, match="Không tìm thấy LibreOffice hoặc Microsoft Word"):
        convert_to_pdf(src, tmp_path / "a.pdf")


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_failed_conversion_keeps_the_old_pdf(tmp_path):
    src = two_page_docx(tmp_path / "a.docx")
    target = tmp_path / "a.pdf"
    target.write_bytes(b"%PDF old")
    conv = Converter("soffice", fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1"))
    with pytest.raises(PdfError, match="không chuyển được «a.docx»"):
        convert_to_pdf(src, target, converter=conv)
    assert target.read_bytes() == b"%PDF old"


def test_conversion_timeout(tmp_path):
    src = two_page_docx(tmp_path / "a.docx")
    conv = Converter("soffice", fake_soffice(tmp_path, "sleep 30"))
    with pytest.raises(PdfError, match="quá 1 giây"):
        convert_to_pdf(src, tmp_path / "a.pdf", converter=conv, timeout=1)


def test_find_soffice_env_override(tmp_path, monkeypatch):
    exe = fake_soffice(tmp_path, "exit 0")
    monkeypatch.setenv("CCHC_SOFFICE", exe)
    assert pdfmod.find_soffice() == exe
    monkeypatch.setenv("CCHC_SOFFICE", str(tmp_path / "missing"))
    assert pdfmod.find_soffice() is None


@pytest.mark.soffice
@needs_soffice
def test_cli_render_pdf(tmp_path, capsys):
    pytest.importorskip("cchc_desktop.render")
    from cchc_desktop.cli import main

    out = tmp_path / "BC-CCHC-6T-2024-Phuong-1.docx"
    assert main(["render", str(EXAMPLES / "phuong-1-6t-2024.json"), "-o", str(out), "--pdf"]) == 0
    pdf = out.with_suffix(".pdf")
    assert pdf_pages(pdf) >= 3 and "PHỤ LỤC" in pdf_text(pdf)
