"""Printing as a user does it: "In" converts the report to PDF and paints its pages onto the
printer chosen in the print dialog. Here the printer is Qt's PDF printer writing a file, so what
came out of the printer can be counted and looked at."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cchc_desktop.draft import Draft

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.soffice


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    from cchc_desktop.pdf import convert_to_pdf
    from cchc_desktop.render import render_docx

    folder = tmp_path_factory.mktemp("print")
    draft = Draft.from_json((EXAMPLES / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    docx = folder / "report.docx"
    render_docx(draft, docx)
    return convert_to_pdf(docx, folder / "report.pdf")


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def test_every_page_reaches_the_printer(qtbot, report_pdf, tmp_path):
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from cchc_desktop.gui.share_actions import print_pdf_document

    doc = QPdfDocument(None)
    doc.load(str(report_pdf))
    assert doc.pageCount() == _pages(report_pdf) > 10
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    print_pdf_document(doc, printer)
    assert _pages(printed) == doc.pageCount()
    # the printed pages carry the report (images of its pages), not blank sheets: page 1 of
    # the print has at least half the ink of page 1 of the report itself (fonts may differ by
    # machine, so the report is the measure, not a fixed count)
    from PySide6.QtGui import QImage

    def ink(pdf, prefix):
        subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / prefix)],
                       check=True, timeout=60)
        image = QImage(str(next(tmp_path.glob(prefix + "*.png"))))
        return sum(1 for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)
                   if image.pixelColor(x, y).lightness() < 128)

    source, printed_ink = ink(report_pdf, "src"), ink(printed, "prn")
    assert source > 50 and printed_ink > 0.5 * source, (source, printed_ink)


def test_print_button_goes_through_the_print_dialog(qtbot, report_pdf, tmp_path, monkeypatch, data_dir):
    """The "In" action: the user confirms the Vietnamese print dialog; pages go to the printer."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog, QMainWindow

    from cchc_desktop.gui.share_actions import ShareActions

    printed = tmp_path / "from-dialog.pdf"
    seen = {}

    def fake_exec(dialog):
        seen["title"] = dialog.windowTitle()
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ShareActions(window, None, lambda: None, lambda: str(tmp_path), lambda path, value: None)
    actions.retry_timer.stop()
    monkeypatch.setattr(actions, "_status", lambda text: seen.setdefault("status", text))
    actions._print_pdf(str(report_pdf))
    assert seen["title"] == "In báo cáo"
    assert printed.exists() and _pages(printed) == _pages(report_pdf)
    assert "trang tới máy in" in seen["status"]
