"""The "Thư điện tử" tab of the commune profile: the SMTP account, the password in the
operating system's credential store (never in our database) and "Gửi thư thử".

The widgets are laid out in ``ui/profile_dialog.ui``; :class:`MailTab` fills them from
``Profile.mail``, reads them back, keeps the port in step with the security mode, saves the
password through ``mail.sender.set_password`` (keyring, service ``cchc-desktop``) and sends the
test message on a worker thread.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from .uiload import child
from .workers import Task

SECURITY_CHOICES = [("ssl", "SSL (mã hóa ngay khi kết nối)"), ("starttls", "STARTTLS"),
                    ("none", "Không mã hóa")]
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}

PW_SAVED = "Mật khẩu đã lưu trong kho mật khẩu của hệ điều hành. Để trống ô này nếu không đổi."
PW_NOT_SAVED = ("Chưa lưu mật khẩu. Mật khẩu được lưu trong kho mật khẩu của hệ điều hành, "
                "không lưu trong dữ liệu của phần mềm.")
PW_NO_STORE = ("Máy này không có kho mật khẩu dùng được, nên phần mềm không lưu mật khẩu. "
               "Mỗi lần gửi thư, phần mềm sẽ hỏi mật khẩu; ô này chỉ dùng cho thư thử.")
PW_SAVE_FAILED = "{reason} Hãy xóa ô mật khẩu để lưu hồ sơ; khi gửi thư phần mềm sẽ hỏi mật khẩu."
TEST_SUBJECT = "Thư thử từ CCHC Desktop"
TEST_BODY = ("Đây là thư thử do phần mềm CCHC Desktop gửi để kiểm tra cấu hình hộp thư.\n"
             "Nếu nhận được thư này, phần mềm đã gửi được báo cáo qua thư điện tử.\n")
TEST_SENDING = "Đang gửi thư thử…"
TEST_OK = "Đã gửi thư thử tới {to}. Hãy mở hộp thư đó để xem thư đã đến chưa."
TEST_FAILED = "Gửi thư thử không được: {reason}"
TEST_NEED_PASSWORD = "Hãy nhập mật khẩu để gửi thư thử (máy này không lưu được mật khẩu)."


def keyring_usable() -> bool:
    """True when keyring has a real backend (not the "fail" one that raises on every call)."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - best-effort: keyring missing or broken: treat as no store
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - best-effort: a broken keyring backend is no keyring
        return False
    if isinstance(backend, fail.Keyring):
        return False
    backends = getattr(backend, "backends", None)  # the chainer with nothing to chain
    return backends is None or bool(backends)


def send_test_message(mail: dict, password: str | None) -> str:
    """Send the short test message to the account's own address; returns that address.
    Raises ``SendError`` with the Vietnamese reason. Runs on a worker thread."""
    from ..mail.compose import Composed, compose_message
    from ..mail.sender import MailAccount, SendError, send_raw

    account = MailAccount.from_mapping(mail)
    account.timeout = 20.0
    problems = account.problems()
    if problems:
        raise SendError(" ".join(problems), kind="config")
    to = account.from_address
    msg = compose_message(Composed(to=[to], subject=TEST_SUBJECT, body=TEST_BODY), to, from_name="CCHC Desktop")
    send_raw(account, msg.as_bytes(), [to], password=password)
    return to


class MailTab:
    """Wraps the mail widgets of the loaded profile dialog."""

    # a test message still being sent when its dialog closes keeps running; its Task must stay
    # referenced until the worker is done (QThreadPool does not own it, see workers.Task)
    _running: set = set()

    def __init__(self, dialog: QWidget):
        self.host = child(dialog, QLineEdit, "smtpHostEdit")
        self.security = child(dialog, QComboBox, "securityCombo")
        self.port = child(dialog, QSpinBox, "smtpPortSpin")
        self.username = child(dialog, QLineEdit, "mailUserEdit")
        self.sender = child(dialog, QLineEdit, "mailSenderEdit")
        self.password = child(dialog, QLineEdit, "mailPasswordEdit")
        self.password_status = child(dialog, QLabel, "passwordStatusLabel")
        self.test_button = child(dialog, QPushButton, "testMailButton")
        self.test_result = child(dialog, QLabel, "testMailResultLabel")
        for key, label in SECURITY_CHOICES:
            self.security.addItem(label, key)
        self._security = "ssl"
        self._port_by_user = False
        self._setting_port = False
        self._task: Task | None = None
        self.closed = False
        self.keyring_ok = keyring_usable()
        self.security.currentIndexChanged.connect(self._security_changed)
        self.port.valueChanged.connect(self._port_changed)
        self.username.editingFinished.connect(self._show_password_state)
        self.test_button.clicked.connect(lambda _=False: self.send_test())

    # ----- fill / read ------------------------------------------------------------------
    def fill(self, mail: dict) -> None:
        mail = dict(mail or {})
        self.host.setText(str(mail.get("smtp_host") or ""))
        security = str(mail.get("security")) if mail.get("security") in DEFAULT_PORTS else "ssl"
        self._security = security
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(self.security.findData(security), 0))
        self.security.blockSignals(False)
        port = int(mail.get("smtp_port") or DEFAULT_PORTS[security])
        self._set_port(port)
        self._port_by_user = port != DEFAULT_PORTS[security]
        self.username.setText(str(mail.get("username") or ""))
        self.sender.setText(str(mail.get("sender") or ""))
        self._show_password_state()

    def values(self) -> dict:
        return {"smtp_host": self.host.text().strip(), "smtp_port": self.port.value(),
                "security": self.security.currentData(), "username": self.username.text().strip(),
                "sender": self.sender.text().strip()}

    # ----- port follows the security mode -------------------------------------------------
    def _set_port(self, port: int) -> None:
        self._setting_port = True
        try:
            self.port.setValue(port)
        finally:
            self._setting_port = False

    def _port_changed(self, value: int) -> None:
        if not self._setting_port:
            self._port_by_user = value != DEFAULT_PORTS.get(self._security)

    def _security_changed(self, _index: int) -> None:
        new = self.security.currentData()
        if not self._port_by_user:
            self._set_port(DEFAULT_PORTS[new])
        self._security = new

    # ----- password ---------------------------------------------------------------------
    def saved_password(self, username: str) -> str | None:
        if not (self.keyring_ok and username):
            return None
        from ..mail.sender import SendError, get_password

        try:
            return get_password(username)
        except SendError:
            return None

    def _show_password_state(self) -> None:
        if not self.keyring_ok:
            text = PW_NO_STORE
        elif self.saved_password(self.username.text().strip()):
            text = PW_SAVED
        else:
            text = PW_NOT_SAVED
        self.password_status.setText(text)

    def save_password(self) -> str:
        """Put a typed password into the OS credential store; "" when done (or nothing to do),
        else the Vietnamese reason it could not be saved."""
        password, username = self.password.text(), self.username.text().strip()
        if not password or not username or not self.keyring_ok:
            return ""
        from ..mail.sender import SendError, set_password

        try:
            set_password(username, password)
        except SendError as exc:
            self.password_status.setText(PW_SAVE_FAILED.format(reason=exc))
            return str(exc)
        return ""

    # ----- test message -----------------------------------------------------------------
    def send_test(self) -> Task | None:
        """Send the test message off the UI thread; the result shows under the button."""
        if self._task is not None:
            return self._task
        mail = self.values()
        password = self.password.text() or None
        if mail["username"] and password is None and not self.keyring_ok:
            self.test_result.setText(TEST_NEED_PASSWORD)
            self.password.setFocus()
            return None
        self.test_button.setEnabled(False)
        self.test_result.setText(TEST_SENDING)
        task = Task(send_test_message, mail, password)
        task.signals.finished.connect(self._test_done)
        task.signals.failed.connect(self._test_failed)
        self._task = task
        MailTab._running.add(task)
        task.start()
        return task

    def _test_done(self, to: str) -> None:
        self._finish(TEST_OK.format(to=to))

    def _test_failed(self, reason: str) -> None:
        self._finish(TEST_FAILED.format(reason=reason))

    def _finish(self, text: str) -> None:
        MailTab._running.discard(self._task)
        self._task = None
        if self.closed:  # the dialog was closed while sending
            return
        self.test_button.setEnabled(True)
        self.test_result.setText(text)
