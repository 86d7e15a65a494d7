"""Share actions on a stand-in export step: Excel out, Excel in with the diff, mail to a loopback server."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMainWindow, QPushButton, QWidget

from cchc_desktop.draft import Draft
from cchc_desktop.editing import AnnexCell
from cchc_desktop.vnformat import standard_filename

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class Shell(QMainWindow):
    """The part of the wizard window install_share_actions uses."""

    def __init__(self):
        super().__init__()
        self.buttons: dict[str, QPushButton] = {}
        row = QWidget()
        self.row = QHBoxLayout(row)
        self.setCentralWidget(row)

    def add_export_action(self, text, shortcut, callback):
        b = QPushButton(text)
        b.clicked.connect(lambda _=False: callback())
        self.row.addWidget(b)
        self.buttons[text.replace("&", "")] = b
        return b


@pytest.fixture
def shell(qtbot, profiled_store, export_dir, answers):
    from cchc_desktop.gui.share_actions import install_share_actions

    draft = Draft.from_json((EXAMPLES / "phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    w = Shell()
    qtbot.addWidget(w)
    w.applied = []
    w.actions = install_share_actions(w, profiled_store, lambda: draft, folder_provider=lambda: str(export_dir),
                                      apply_edits=w.applied.append)
    w.draft = draft
    return w


def test_buttons(shell):
    assert {"Xuất Excel", "Xuất PDF", "In…", "Gửi…", "Hộp thư đi", "Nhập từ Excel…", "Sao chép đường dẫn",
            "Mở thư mục"} <= set(shell.buttons)


def test_export_then_import_with_preview(shell, qtbot, export_dir, monkeypatch):
    import openpyxl

    from cchc_desktop.gui import share_actions

    shell.buttons["Xuất Excel"].click()
    out = export_dir / standard_filename(shell.draft, "xlsx")
    # the worker's "finished" (not only the file in place: it is recorded as written after that)
    qtbot.waitUntil(lambda: shell.actions.last_path == str(out), timeout=10000)
    wb = openpyxl.load_workbook(out)
    ws = wb["Biểu 3"]
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "1.4")
    ws.cell(row, 4).value = 140
    wb.save(out)
    seen = {}

    def exec_(dialog):
        seen["rows"] = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
        seen["findings"] = [dialog.findings.item(i).text() for i in range(dialog.findings.count())]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(share_actions.ImportDialog, "exec", exec_)
    shell.actions.import_xlsx(str(out))
    assert seen["rows"] == [["3", "1.4", "Số liệu", "124", "140"]]
    assert shell.applied == [[(AnnexCell("3", "1.4", "value"), "140")]]  # one operation for the import
    shell.actions.copy_path()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == str(out)


def test_send_through_loopback_server(shell, qtbot, profiled_store, monkeypatch):
    from aiosmtpd.controller import Controller

    from cchc_desktop.gui import share_actions

    class H:
        envelopes = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = Controller(H(), hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        profile = profiled_store.load_profile()
        profile.mail = {"smtp_host": "127.0.0.1", "smtp_port": port, "security": "none", "username": "",
                        "sender": "vp@quangkhai.gov.vn"}
        profile.upper_level_email = "noivu@tuky.gov.vn"
        profiled_store.save_profile(profile)
        monkeypatch.setattr(share_actions.ComposeDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
        shown = []
        monkeypatch.setattr(share_actions.OutboxDialog, "exec", lambda self: shown.append(
            [self.table.item(r, 1).text() for r in range(self.table.rowCount())]))
        shell.actions.send()
        qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    finally:
        ctl.stop()
    assert shown[-1] == ["Đã gửi"]
    assert len(H.envelopes) == 1 and H.envelopes[0].rcpt_tos == ["noivu@tuky.gov.vn"]
    for ext in ("docx", "xlsx"):
        assert f'filename="{standard_filename(shell.draft, ext)}"'.encode() in H.envelopes[0].original_content
