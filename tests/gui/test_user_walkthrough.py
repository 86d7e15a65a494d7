"""Rough edges found by using the app like a commune official (second-pair-of-eyes review)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from cchc_desktop.editing import MetaField

from .driving import click_button


def test_deputy_box_renames_its_own_signer_after_a_row_above_is_removed(qtbot, store):
    from cchc_desktop.gui.profile_dialog import ProfileDialog

    d = ProfileDialog(store.load_profile(), None)
    qtbot.addWidget(d.dialog)
    d.signers.setItem(0, 0, QTableWidgetItem("Nguyễn Văn A"))
    d._add_signer("Trần Thị B", "CHỦ TỊCH", False)
    d._add_signer("Lê Văn C", "CHỦ TỊCH", False)
    d.dialog.show()
    d.tabs.setCurrentIndex(1)
    d.signers.setCurrentCell(0, 0)
    d._remove_signer()  # B is now row 0, C row 1
    box = d.signers.cellWidget(1, 2)
    box.click()
    assert box.isChecked()
    titles = {d.signers.item(r, 0).text(): d.signers.item(r, 1).text() for r in range(d.signers.rowCount())}
    assert titles == {"Trần Thị B": "CHỦ TỊCH", "Lê Văn C": "PHÓ CHỦ TỊCH"}


PDF_TEXT = ("- Ban hành Kế hoạch số 02/KH-UBND ngày 09/01/2024 của UBND xã về công tác\r\n"
            "cải  cách hành chính năm 2024;\r\n"
            "- Tổ chức tuyên truyền trên hệ thống\r\n"
            "đài truyền thanh xã, gồm:\r\n"
            "a) các thủ tục mới\r\n")


def test_text_pasted_from_a_pdf_keeps_its_paragraphs(qtbot, home, profiled_store):
    from PySide6.QtGui import QGuiApplication

    from .test_wizard_flow import create_through_dialog

    window = create_through_dialog(qtbot, home)
    window.go_to_step("part-1")
    editor = window.step("part-1").outline
    section = window.session.draft.outline[0].children[0]
    editor.select_section(section.id)
    QGuiApplication.clipboard().setText(PDF_TEXT)
    editor.text_edit.setFocus()
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    window.session.flush()
    assert section.text.split("\n") == [
        "- Ban hành Kế hoạch số 02/KH-UBND ngày 09/01/2024 của UBND xã về công tác cải cách hành chính năm 2024;",
        "- Tổ chức tuyên truyền trên hệ thống đài truyền thanh xã, gồm:",
        "a) các thủ tục mới",
        "",
    ]
    # the recipients stay one per line, whatever their case
    signing = window.step("signing")
    signing.items.clear()
    QGuiApplication.clipboard().setText("UBND huyện\ncác phòng, ban của xã")
    signing.items.setFocus()
    qtbot.keyClick(signing.items, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert signing.items.toPlainText() == "UBND huyện\ncác phòng, ban của xã"


def test_export_folder_can_be_changed_on_the_last_step(qtbot, home, profiled_store, tmp_path, monkeypatch):
    from cchc_desktop.gui.wizard import export_docx

    from .test_wizard_flow import create_through_dialog

    other = tmp_path / "usb"
    other.mkdir()
    monkeypatch.setattr(export_docx, "choose_folder", lambda parent, caption, start: str(other))
    window = create_through_dialog(qtbot, home)
    window.go_to_step("review")
    review = window.review
    assert review.folder_button.isVisible()
    click_button(qtbot, review.folder_button)
    assert str(other) in review.folder_label.text()
    assert profiled_store.load_profile().export_dir == str(other)


def test_layout_at_1024_by_640(qtbot, home, profiled_store):
    from PySide6.QtWidgets import QScrollArea

    from .test_wizard_flow import create_through_dialog

    window = create_through_dialog(qtbot, home)
    window.resize(1024, 640)
    general = window.step("general")
    # the scroll area around the fields is no Tab stop of its own (Tab went to an invisible focus)
    assert all(a.focusPolicy() == Qt.FocusPolicy.NoFocus for a in general.findChildren(QScrollArea))
    window.go_to_step("signing")
    signing = window.step("signing")
    qtbot.wait(50)
    fm = signing.collective.fontMetrics()
    # "ỦY BAN NHÂN DÂN" readable in the TM. field, not three letters of it
    assert signing.collective.width() >= fm.horizontalAdvance("ỦY BAN NHÂN DÂN XÃ")


def _mnemonic(text: str) -> str | None:
    import re

    found = re.search(r"&([^&\s])", text)
    return found.group(1).lower() if found else None


def test_menu_mnemonics_are_unique(qtbot, home, profiled_store):
    """Alt+T then a letter runs one entry; with two entries on the same letter it only highlights."""
    from PySide6.QtWidgets import QMenu

    from .test_wizard_flow import create_through_dialog

    window = create_through_dialog(qtbot, home)
    for owner in (home, window):
        menus = [owner.menuBar(), *owner.menuBar().findChildren(QMenu)]
        for menu in menus:
            letters = [_mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
            letters = [x for x in letters if x]
            assert len(letters) == len(set(letters)), [a.text() for a in menu.actions()]


def test_wizard_fits_a_small_screen(qtbot, home, profiled_store):
    """1366x768 at 150 % leaves 911x512 logical pixels: the window opens inside the screen and
    can be made that narrow (the signing step used to need 808 pixels for itself)."""
    from .test_wizard_flow import create_through_dialog

    window = create_through_dialog(qtbot, home)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    assert window.minimumSizeHint().width() <= 900


def test_printing_renders_pages_at_printer_quality_not_1200_dpi(qtbot, tmp_path):
    """A 1200 dpi page image is 140 megapixels: 20 pages took minutes and gigabytes. 300 dpi."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QImage
    from PySide6.QtPrintSupport import QPrinter

    from cchc_desktop.gui.share_actions import print_pdf_document

    class A4Document:
        asked = []

        def pageCount(self):  # noqa: N802 - QPdfDocument API
            return 2

        def pagePointSize(self, index):  # noqa: N802
            return QSizeF(595, 842)

        def render(self, index, size):
            self.asked.append(size)
            image = QImage(size, QImage.Format.Format_RGB32)
            image.fill(0)
            return image

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    doc = A4Document()
    print_pdf_document(doc, printer)
    assert len(doc.asked) == 2
    assert all(s.width() <= 595 * 300 / 72 + 1 and s.height() <= 842 * 300 / 72 + 1 for s in doc.asked)
    assert all(s.width() >= 595 * 300 / 72 * 0.8 for s in doc.asked)  # still sharp enough to read


def test_finding_about_a_legal_basis_selects_that_line(qtbot, home, profiled_store):
    from .test_wizard_flow import create_through_dialog

    window = create_through_dialog(qtbot, home)
    general = window.step("general")
    general.bases.set_items(["Công văn số 12/UBND ngày 02/01/2024 của UBND huyện",
                             "Kế hoạch số 45/KH-UBND ngày 05/01/2024", "Kế hoạch số .../KH-UBND ngày ..."])
    window.session.editor.set(MetaField("legal_bases"), general.bases.items())
    window.session.flush()
    window.recheck()
    finding = next(f for f in window.findings if f.field == "meta.legal_bases")
    window.go_to_step("review")
    window.goto_finding(finding)
    assert window.current_step_id() == "general"
    assert general.bases.list.currentRow() == 2


def test_qt_print_dialog_is_vietnamese(qtbot):
    """Linux has Qt's own print dialog (Windows its native one): its labels in Vietnamese too."""
    import re

    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel

    from cchc_desktop.gui.app import install_translations
    from cchc_desktop.gui.vi_translator import VietnameseQtTranslator

    install_translations(QApplication.instance())
    t = VietnameseQtTranslator()
    assert t.translate("QPrintSettingsOutput", "to") == "đến" and t.translate("QLineEdit", "to") is None
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    shown = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.text()]
    shown += [g.title() for g in dialog.findChildren(QGroupBox)]
    english = {"Print", "&Print", "Printer", "Print range", "Print all", "Pages from", "Copies:", "Collate",
               "Current Page", "&Options >>", "P&roperties"}
    assert not english & set(shown), english & set(shown)
    assert not [x for x in shown if re.fullmatch(r"[A-Za-z &:>]+", x) and len(x) > 3]
