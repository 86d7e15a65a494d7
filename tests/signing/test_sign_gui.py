"""As a user would: from the export row, "Ký số…" exports the PDF/A, the dialog finds the SoftHSM2
token, shows the certificate, refuses a wrong PIN, signs with the images; then the signature is
verified, a CA is trusted, one byte is changed and the verification says so. Real widgets (pytest-qt)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QWidget

from cchc_desktop.draft import Draft

from .images import make_seal_png, make_signature_png
from .test_sign_verify import flip_byte_in_content

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.gui


class Shell(QMainWindow):
    """The part of the wizard window install_share_actions uses (its export row)."""

    def __init__(self):
        super().__init__()
        self.buttons: dict[str, QPushButton] = {}
        row = QWidget()
        self.row = QHBoxLayout(row)
        self.setCentralWidget(row)

    def add_export_action(self, text, shortcut, callback):
        b = QPushButton(text.replace("&", ""))
        b.clicked.connect(lambda _=False: callback())
        self.row.addWidget(b)
        self.buttons[text.replace("&", "")] = b
        return b


@pytest.fixture
def app_env(tmp_path, monkeypatch, qapp):
    if not __import__("shutil").which("soffice"):
        pytest.skip("LibreOffice (soffice) không được cài")
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("CCHC_DATA_DIR", str(data))
    from cchc_desktop.store import Profile, Store

    store = Store(data / "cchc.sqlite3")
    export_dir = tmp_path / "xuat"
    export_dir.mkdir()
    store.save_profile(Profile(issuing_body="ỦY BAN NHÂN DÂN XÃ QUANG KHẢI", issuing_body_short="UBND xã Quang Khải",
                               place="Quang Khải", export_dir=str(export_dir)))
    yield store, export_dir, data
    store.close()


def test_sign_from_the_gui_then_verify_and_detect_a_change(app_env, qtbot, token, test_ca, tmp_path, monkeypatch):
    from cchc_desktop.gui import sign_dialog
    from cchc_desktop.gui.share_actions import install_share_actions

    store, export_dir, data = app_env
    draft = Draft.from_json((ROOT / "examples" / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    shell = Shell()
    qtbot.addWidget(shell)
    install_share_actions(shell, store, lambda: draft, folder_provider=lambda: str(export_dir),
                          apply_edits=lambda edits: None)
    assert {"Ký số…", "Kiểm tra chữ ký…"} <= set(shell.buttons)

    opened: list = []
    monkeypatch.setattr(sign_dialog.SignDialog, "exec", lambda self: (opened.append(self), self.show())[0] and 0)
    monkeypatch.setattr(sign_dialog.VerifyDialog, "exec", lambda self: (opened.append(self), self.show())[0] and 0)
    qtbot.mouseClick(shell.buttons["Ký số…"], __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=120_000)  # the PDF/A export (LibreOffice), then the dialog
    dialog = opened.pop()
    qtbot.addWidget(dialog)
    unsigned = Path(dialog.pdf)
    assert unsigned.parent == export_dir and unsigned.suffix == ".pdf"
    before = unsigned.read_bytes()

    dialog.choose_image("signature", str(make_signature_png(tmp_path / "chu-ky.png")))
    dialog.choose_image("seal", str(make_seal_png(tmp_path / "con-dau.png")))
    assert (data / "chu-ky-so" / "chu-ky.png").is_file(), "the images are kept in the profile folder"
    dialog.lib.setEditText("")
    qtbot.keyClicks(dialog.lib.lineEdit(), token.lib)
    qtbot.mouseClick(dialog.find_button, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    dialog.token.setCurrentIndex(dialog.token.findData(token.label))
    info = dialog.cert_info.text()
    assert token.holder in info and "CA thử nghiệm CCHC" in info and "Hiệu lực:" in info

    qtbot.keyClicks(dialog.pin, "999999")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "Mã PIN không đúng" in dialog.message.text(), timeout=30_000)
    assert dialog.pin.text() == "" and dialog.result is None

    qtbot.keyClicks(dialog.pin, token.pin)
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    signed = dialog.result.path
    assert signed == unsigned.with_name(unsigned.stem + "-da-ky.pdf") and "Đã ký (PAdES B-B)" in dialog.message.text()
    assert unsigned.read_bytes() == before, "the unsigned PDF is kept as exported"
    settings = (data / "chu-ky-so" / "settings.json").read_text(encoding="utf-8")
    assert token.pin not in settings and token.lib in settings

    dialog.verify_button.click()
    verify = opened.pop()
    qtbot.addWidget(verify)
    text = verify.report.toPlainText()
    assert "KHÔNG bị thay đổi" in text and token.holder in text and "chưa thêm chứng thư gốc" in text

    monkeypatch.setattr(sign_dialog.TrustDialog, "exec",
                        lambda self: self.add(str(test_ca.pem_file(tmp_path / "ca.pem"))) or 0)
    verify.manage_trust()
    assert "KẾT LUẬN: mọi chữ ký hợp lệ" in verify.report.toPlainText()

    changed = tmp_path / "da-sua.pdf"
    changed.write_bytes(flip_byte_in_content(signed.read_bytes()))
    verify.pdf = changed
    verify.check()
    assert "ĐÃ BỊ THAY ĐỔI SAU KHI KÝ" in verify.report.toPlainText()


def test_a_code_the_stamp_cannot_print_is_said_before_the_pin_is_taken(qtbot, token, report_pdf, tmp_path):
    """The clerk's code was checked only after the PIN was sent to the token (attack 13)."""
    from cchc_desktop.gui.sign_dialog import SignDialog

    pdf = tmp_path / "phu-luc.pdf"
    pdf.write_bytes(report_pdf.read_bytes())
    dialog = SignDialog(pdf, document_number="12/QĐ-ỦBND", folder=tmp_path / "ky")
    qtbot.addWidget(dialog)
    dialog.lib.setEditText(token.lib)
    dialog.find_tokens()
    dialog.token.setCurrentIndex(dialog.token.findData(token.label))
    dialog.annex.setChecked(True)
    qtbot.keyClicks(dialog.pin, token.pin)
    dialog.sign_button.click()
    assert "chữ Đ" in dialog.message.text() and dialog._task is None
    assert dialog.pin.text() == token.pin, "the PIN stays typed: nothing was sent to the token"
    assert not (tmp_path / "ky").exists() or not any((tmp_path / "ky").iterdir())


def test_signing_settings_on_a_read_only_data_folder_are_not_an_error(tmp_path, monkeypatch):
    """save_settings created its folder outside its try: OSError on a read-only data folder
    (attack 9) ended the «Ký» button in the crash box."""
    from cchc_desktop.signing.settings import SigningSettings, save_settings

    blocker = tmp_path / "data"
    blocker.write_bytes(b"")  # a file where the data folder should be: mkdir fails like a read-only medium
    monkeypatch.setenv("CCHC_DATA_DIR", str(blocker))
    save_settings(SigningSettings())  # logged, not raised
