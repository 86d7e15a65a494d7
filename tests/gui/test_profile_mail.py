"""The profile's "Thư điện tử" tab: typed like a user, saved (the password only in the OS
credential store, never in the database file), the port following the security mode, and
"Gửi thư thử" delivering to a real SMTP server on loopback (aiosmtpd)."""
from __future__ import annotations

import email
import socket
from email import policy

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QSpinBox, QTabWidget

from .driving import click_button, on_modal, type_text

pytestmark = pytest.mark.gui

USER = "vanphong@quangkhai.gov.vn"
PASSWORD = "Mk-bi-mat-9281!zq"




@pytest.fixture
def no_keyring():
    from keyring.backends import fail

    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(old)


class Collector:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
        and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Collector()
    ctl = Controller(handler, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False)
    ctl.start()
    yield port, handler
    ctl.stop()


def mail_widgets(dialog):
    return {
        "host": dialog.findChild(QLineEdit, "smtpHostEdit"),
        "security": dialog.findChild(QComboBox, "securityCombo"),
        "port": dialog.findChild(QSpinBox, "smtpPortSpin"),
        "user": dialog.findChild(QLineEdit, "mailUserEdit"),
        "sender": dialog.findChild(QLineEdit, "mailSenderEdit"),
        "password": dialog.findChild(QLineEdit, "mailPasswordEdit"),
        "status": dialog.findChild(QLabel, "passwordStatusLabel"),
        "test": dialog.findChild(QPushButton, "testMailButton"),
        "result": dialog.findChild(QLabel, "testMailResultLabel"),
    }


def open_mail_tab(dialog):
    tabs = dialog.findChild(QTabWidget, "tabs")
    tabs.setCurrentWidget(dialog.findChild(QTabWidget, "tabs").findChild(type(tabs.widget(0)), "mailTab"))
    assert tabs.tabText(tabs.currentIndex()) == "&5. Thư điện tử"
    return mail_widgets(dialog)


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok)


def db_bytes(store) -> bytes:
    out = b""
    for suffix in ("", "-wal"):
        path = store.path.with_name(store.path.name + suffix)
        if path.exists():
            out += path.read_bytes()
    return out


def test_mail_tab_saves_account_and_keeps_password_out_of_the_db(qtbot, home, profiled_store, memory_keyring):
    seen = {}

    def fill(dialog):
        w = open_mail_tab(dialog)
        assert w["port"].value() == 465 and w["security"].currentData() == "ssl"
        assert "Chưa lưu mật khẩu" in w["status"].text()
        type_text(qtbot, w["host"], "mail.haiduong.gov.vn")
        w["security"].setFocus()
        w["security"].setCurrentIndex(w["security"].findData("starttls"))  # as the arrow keys do
        assert w["port"].value() == 587  # followed the security mode
        type_text(qtbot, w["user"], USER)
        type_text(qtbot, w["sender"], USER)
        type_text(qtbot, w["password"], PASSWORD)
        assert w["password"].echoMode() == QLineEdit.EchoMode.Password
        click_button(qtbot, ok_button(dialog))

    on_modal(fill)
    assert home.edit_profile()
    mail = profiled_store.load_profile().mail
    assert mail == {"smtp_host": "mail.haiduong.gov.vn", "smtp_port": 587, "security": "starttls",
                    "username": USER, "sender": USER}
    assert memory_keyring.data == {("cchc-desktop", USER): PASSWORD}
    profiled_store.close()  # everything on disk, WAL included
    data = db_bytes(profiled_store)
    assert PASSWORD.encode() not in data and PASSWORD.encode("utf-16-le") not in data
    assert b"mail.haiduong.gov.vn" in data

    from cchc_desktop.store import Store

    reopened = Store(profiled_store.path)
    home.store = reopened
    try:
        def look(dialog):
            w = open_mail_tab(dialog)
            seen["status"] = w["status"].text()
            seen["password"] = w["password"].text()
            seen["port"] = w["port"].value()
            dialog.reject()

        on_modal(look)
        assert not home.edit_profile()
        assert "đã lưu trong kho mật khẩu của hệ điều hành" in seen["status"]
        assert seen["password"] == "" and seen["port"] == 587  # the password is never shown back
    finally:
        reopened.close()


def test_port_follows_security_unless_the_user_set_it(qtbot, profiled_store, memory_keyring):
    from cchc_desktop.gui.profile_dialog import ProfileDialog

    dialog = ProfileDialog(profiled_store.load_profile())
    qtbot.addWidget(dialog.dialog)
    w = mail_widgets(dialog.dialog)
    w["security"].setCurrentIndex(w["security"].findData("starttls"))
    assert w["port"].value() == 587
    w["security"].setCurrentIndex(w["security"].findData("ssl"))
    assert w["port"].value() == 465
    w["port"].lineEdit().clear()
    type_text(qtbot, w["port"].lineEdit(), "2525")
    assert w["port"].value() == 2525
    w["security"].setCurrentIndex(w["security"].findData("starttls"))
    assert w["port"].value() == 2525  # the user's own port is kept
    assert dialog.profile().mail["smtp_port"] == 2525
    labels = [w["security"].itemText(i) for i in range(w["security"].count())]
    assert labels[1:] == ["STARTTLS", "Không mã hóa"] and labels[0].startswith("SSL")


def test_test_message_reaches_the_server(qtbot, profiled_store, memory_keyring, smtp_server):
    from cchc_desktop.gui.profile_dialog import ProfileDialog

    port, handler = smtp_server
    dialog = ProfileDialog(profiled_store.load_profile())
    qtbot.addWidget(dialog.dialog)
    dialog.dialog.show()
    w = open_mail_tab(dialog.dialog)
    type_text(qtbot, w["host"], "127.0.0.1")
    w["security"].setCurrentIndex(w["security"].findData("none"))
    w["port"].setValue(port)
    type_text(qtbot, w["user"], USER)
    type_text(qtbot, w["password"], "sai-mat-khau")
    click_button(qtbot, w["test"])
    assert not w["test"].isEnabled() or "Gửi thư thử không được" in w["result"].text()
    qtbot.waitUntil(lambda: w["test"].isEnabled(), timeout=15000)
    assert "Gửi thư thử không được" in w["result"].text()
    assert "từ chối tên đăng nhập hoặc mật khẩu" in w["result"].text()
    assert not handler.envelopes

    w["password"].clear()
    keyring.set_password("cchc-desktop", USER, PASSWORD)  # saved earlier: taken from the store
    click_button(qtbot, w["test"])
    qtbot.waitUntil(lambda: w["test"].isEnabled(), timeout=15000)
    assert w["result"].text().startswith(f"Đã gửi thư thử tới {USER}"), w["result"].text()
    (envelope,) = handler.envelopes
    assert envelope.mail_from == USER and envelope.rcpt_tos == [USER]
    msg = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert msg["Subject"] == "Thư thử từ CCHC Desktop"
    assert "kiểm tra cấu hình hộp thư" in msg.get_body(("plain",)).get_content()


def test_unreachable_server_gives_a_vietnamese_reason(qtbot, profiled_store, memory_keyring):
    from cchc_desktop.gui.profile_dialog import ProfileDialog

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there
    dialog = ProfileDialog(profiled_store.load_profile())
    qtbot.addWidget(dialog.dialog)
    w = mail_widgets(dialog.dialog)
    w["host"].setText("127.0.0.1")
    w["security"].setCurrentIndex(w["security"].findData("none"))
    w["port"].setValue(port)
    w["sender"].setText(USER)
    click_button(qtbot, w["test"])
    qtbot.waitUntil(lambda: w["test"].isEnabled(), timeout=15000)
    assert "Không kết nối được máy chủ thư 127.0.0.1" in w["result"].text()

    w["host"].clear()
    click_button(qtbot, w["test"])
    qtbot.waitUntil(lambda: w["test"].isEnabled(), timeout=15000)
    assert "Chưa nhập máy chủ gửi thư" in w["result"].text()


def test_without_a_credential_store_it_says_so_and_saves_no_password(qtbot, home, profiled_store, no_keyring):
    from cchc_desktop.gui.profile_mail import PW_NO_STORE

    seen = {}

    def fill(dialog):
        w = open_mail_tab(dialog)
        seen["status"] = w["status"].text()
        type_text(qtbot, w["host"], "smtp.gmail.com")
        type_text(qtbot, w["user"], USER)
        type_text(qtbot, w["password"], PASSWORD)
        click_button(qtbot, ok_button(dialog))

    on_modal(fill)
    assert home.edit_profile()
    assert seen["status"] == PW_NO_STORE
    assert "không có kho mật khẩu" in PW_NO_STORE and "hỏi mật khẩu" in PW_NO_STORE
    assert profiled_store.load_profile().mail["username"] == USER
    profiled_store.close()
    assert PASSWORD.encode() not in db_bytes(profiled_store)
