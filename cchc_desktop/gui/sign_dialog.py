"""Ký số from the last wizard step: the signing dialog, the verification dialog, the trusted CAs.

The core does the work (``signing``); these dialogs ask, show and report. Signing runs in a
:class:`~cchc_desktop.gui.workers.Task`; the PIN is read from its field, handed to the task and
the field is cleared at once; it is never saved or logged.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .messages import error, open_file
from .workers import Task

# ----- UI text (Vietnamese, one place) ------------------------------------------------------------
T_SIGN, T_VERIFY = "Ký &số…", "Kiểm tra chữ &ký…"
SIGN_TITLE, VERIFY_TITLE, TRUST_TITLE = "Ký số báo cáo", "Kiểm tra chữ ký số", "Chứng thư CA tin cậy"
IMAGES_BOX = "Hình thức chữ ký trên văn bản điện tử (Nghị định 30/2020)"
USE_IMAGES = "Đặt ảnh chữ ký và ảnh con dấu giữa chức vụ và họ tên người ký"
NO_IMAGE = "(chưa chọn)"
ANNEX = "Phụ lục là tệp riêng, văn thư ký (ghi số, ký hiệu và thời gian ký ở góc trên bên phải trang 1)"
TOKEN_BOX = "Thiết bị ký số (USB token)"
FIND = "Tìm thiết bị"
TSA_HINT = "Bỏ trống: ký không cần mạng (PAdES B-B). Có địa chỉ: kèm dấu thời gian (PAdES B-T)."
SIGNING = "Đang ký…"
SIGNED = "Đã ký ({level}) bằng chứng thư của {holder}, lúc {when}.\nTệp đã ký: {path}"
PNG_FILTER = "Ảnh PNG nền trong suốt (*.png)"
LIB_FILTER = "Trình điều khiển PKCS#11 (*.dll *.so *.dylib);;Mọi tệp (*)"


class SignDialog(QDialog):
    """Sign ``pdf`` with the token; the signed file is written beside it (``X-da-ky.pdf``)."""

    def __init__(self, pdf: str | Path, signer_name: str = "", document_number: str = "",
                 parent: QWidget | None = None, folder: Path | None = None):
        super().__init__(parent)
        from ..signing.settings import image_path, load_settings

        self.pdf, self.signer_name, self.folder = Path(pdf), signer_name, folder
        self.settings = load_settings(folder)
        self.result: Any = None
        self._task: Task | None = None
        self._certs: list[Any] = []
        self.setWindowTitle(SIGN_TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tệp cần ký: {self.pdf}"))

        box = QGroupBox(IMAGES_BOX)
        form = QFormLayout(box)
        self.use_images = QCheckBox(USE_IMAGES)
        self.use_images.setChecked(self.settings.use_images)
        form.addRow(self.use_images)
        self.signature_label, self.seal_label = QLabel(), QLabel()
        self.signature_button = QPushButton("Chọn ảnh chữ ký…")
        self.seal_button = QPushButton("Chọn ảnh con dấu…")
        self.signature_button.clicked.connect(lambda _=False: self.choose_image("signature"))
        self.seal_button.clicked.connect(lambda _=False: self.choose_image("seal"))
        for label, button, title in ((self.signature_label, self.signature_button, "Ảnh chữ ký (màu xanh):"),
                                     (self.seal_label, self.seal_button, "Ảnh con dấu (màu đỏ):")):
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            form.addRow(title, row)
        self.signature_mm = _mm_box(self.settings.signature_width_mm, 15, 80, "Chiều rộng ảnh chữ ký")
        self.seal_mm = _mm_box(self.settings.seal_diameter_mm, 20, 60, "Đường kính thật của con dấu")
        form.addRow("Chiều rộng ảnh chữ ký (mm):", self.signature_mm)
        form.addRow("Đường kính con dấu (mm):", self.seal_mm)
        self.annex = QCheckBox(ANNEX)
        self.annex_number = QLineEdit(document_number)
        self.annex_number.setAccessibleName("Số và ký hiệu văn bản")
        form.addRow(self.annex)
        form.addRow("Số và ký hiệu văn bản:", self.annex_number)
        self.annex_number.setEnabled(False)
        self.annex.toggled.connect(self.annex_number.setEnabled)
        layout.addWidget(box)
        self.images = {"signature": image_path("signature", folder), "seal": image_path("seal", folder)}
        self._show_images()

        box = QGroupBox(TOKEN_BOX)
        form = QFormLayout(box)
        self.lib = QComboBox()
        self.lib.setEditable(True)
        self.lib.setAccessibleName("Trình điều khiển PKCS#11")
        from ..signing.token import suggested_libraries

        for ca, path in suggested_libraries():
            self.lib.addItem(f"{path}", path)
            self.lib.setItemData(self.lib.count() - 1, ca, 3)  # tooltip: the CA
        self.lib.setEditText(self.settings.lib_path or (self.lib.itemData(0) if self.lib.count() else ""))
        browse = QPushButton("Chọn tệp…")
        browse.clicked.connect(lambda _=False: self.browse_library())
        self.find_button = QPushButton(FIND)
        self.find_button.clicked.connect(lambda _=False: self.find_tokens())
        row = QHBoxLayout()
        row.addWidget(self.lib, 1)
        row.addWidget(browse)
        row.addWidget(self.find_button)
        form.addRow("Trình điều khiển:", row)
        self.token = QComboBox()
        self.token.setAccessibleName("Thiết bị ký số")
        self.token.currentIndexChanged.connect(lambda _i: self.load_certificates())
        self.cert = QComboBox()
        self.cert.setAccessibleName("Chứng thư số")
        self.cert.currentIndexChanged.connect(lambda _i: self._show_cert())
        self.cert_info = QLabel()
        self.cert_info.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("Mã PIN")
        self.tsa = QLineEdit(self.settings.tsa_url)
        self.tsa.setPlaceholderText(TSA_HINT)
        self.tsa.setToolTip(TSA_HINT)
        form.addRow("Thiết bị:", self.token)
        form.addRow("Chứng thư số:", self.cert)
        form.addRow("", self.cert_info)
        form.addRow("Mã PIN:", self.pin)
        form.addRow("Máy chủ dấu thời gian:", self.tsa)
        layout.addWidget(box)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.sign_button = buttons.addButton("Ký số", QDialogButtonBox.ButtonRole.AcceptRole)
        self.verify_button = buttons.addButton("Kiểm tra chữ ký", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button = buttons.addButton("Mở tệp đã ký", QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.verify_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.sign_button.clicked.connect(lambda _=False: self.sign())
        self.verify_button.clicked.connect(lambda _=False: self.verify())
        self.open_button.clicked.connect(lambda _=False: self.open_signed())
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 640)
        if self.lib.currentText() and Path(self.lib.currentText()).is_file():
            self.find_tokens(quiet=True)

    # ----- images -----------------------------------------------------------------------------
    def _show_images(self) -> None:
        for kind, label in (("signature", self.signature_label), ("seal", self.seal_label)):
            path = self.images.get(kind)
            label.setText(str(path) if path else NO_IMAGE)

    def choose_image(self, kind: str, path: str | None = None) -> None:
        from ..signing.errors import SigningError
        from ..signing.settings import store_image

        path = path or open_file(self, "Chọn ảnh chữ ký" if kind == "signature" else "Chọn ảnh con dấu",
                                 str(Path.home()), PNG_FILTER)
        if not path:
            return
        try:
            self.images[kind] = store_image(kind, path, self.folder)
        except SigningError as exc:
            self.message.setText(str(exc))
            return
        self._show_images()

    # ----- token ------------------------------------------------------------------------------
    def browse_library(self) -> None:
        path = open_file(self, "Chọn trình điều khiển của thiết bị ký số", str(Path(self.lib.currentText()).parent),
                         LIB_FILTER)
        if path:
            self.lib.setEditText(path)
            self.find_tokens()

    def find_tokens(self, quiet: bool = False) -> None:
        from ..signing.errors import SigningError
        from ..signing.token import list_tokens

        self.token.blockSignals(True)
        self.token.clear()
        self.token.blockSignals(False)
        try:
            tokens = list_tokens(self.lib.currentText().strip())
        except SigningError as exc:
            if not quiet:
                self.message.setText(str(exc))
            return
        if not tokens:
            self.message.setText("Không thấy thiết bị ký số nào. Hãy cắm USB token rồi bấm «Tìm thiết bị».")
            return
        self.message.setText("")
        self.token.blockSignals(True)
        for t in tokens:
            self.token.addItem(t.description, t.label)
        wanted = self.token.findData(self.settings.token_label)
        self.token.setCurrentIndex(max(wanted, 0))
        self.token.blockSignals(False)
        self.load_certificates()

    def load_certificates(self) -> None:
        from ..signing.errors import SigningError
        from ..signing.token import list_certificates

        self.cert.blockSignals(True)
        self.cert.clear()
        self._certs = []
        label = self.token.currentData()
        if label is not None:
            try:
                self._certs = list_certificates(self.lib.currentText().strip(), label)
            except SigningError as exc:
                self.message.setText(str(exc))
        labels = [c.label for c in self._certs]
        for c in self._certs:  # two certificates under one label are told apart by the holder's name
            key = c.label if c.label and labels.count(c.label) == 1 else c.holder
            self.cert.addItem(f"{c.holder} ({c.label})" if c.label else c.holder, key)
        wanted = self.cert.findData(self.settings.cert_label)
        valid = next((i for i, c in enumerate(self._certs) if not c.expired()), 0)
        self.cert.setCurrentIndex(wanted if wanted >= 0 else valid)
        self.cert.blockSignals(False)
        self._show_cert()

    def _show_cert(self) -> None:
        i = self.cert.currentIndex()
        if not 0 <= i < len(self._certs):
            self.cert_info.setText("")
            return
        c = self._certs[i]
        self.cert_info.setText(f"Người được cấp: {c.holder}\nTổ chức cấp: {c.issuer}\nHiệu lực: {c.validity}"
                               + ("\nCHỨNG THƯ ĐÃ HẾT HẠN: không dùng để ký được." if c.expired() else ""))

    # ----- sign -------------------------------------------------------------------------------
    def _request(self) -> Any:
        from ..signing.sign import SignRequest

        return SignRequest(lib_path=self.lib.currentText().strip(), token_label=self.token.currentData() or "",
                           cert_label=self.cert.currentData() or None, tsa_url=self.tsa.text().strip() or None,
                           annex_of=self.annex_number.text().strip() if self.annex.isChecked() else None)

    def sign(self) -> None:
        from ..signing.settings import save_settings
        from ..signing.sign import Images, sign_pdf, signed_path

        if self.token.currentData() is None:
            self.find_tokens()
            if self.token.currentData() is None:
                return
        if self.annex.isChecked():  # a code the stamp cannot print: said before the PIN is taken
            from ..signing.annexstamp import check_clerk_code
            from ..signing.errors import SigningError

            try:
                check_clerk_code(self.annex_number.text())
            except SigningError as exc:
                self.message.setText(str(exc))
                self.annex_number.setFocus()
                return
        pin = self.pin.text()
        self.pin.clear()  # the PIN lives only in this call and the task
        if not pin:
            self.message.setText("Hãy nhập mã PIN của thiết bị ký số.")
            return
        request = self._request()
        images = None
        if self.use_images.isChecked() and (self.images["signature"] or self.images["seal"]) \
                and not self.annex.isChecked():
            images = Images(self.images["signature"], self.images["seal"], self.signer_name or None,
                            self.signature_mm.value(), self.seal_mm.value())
        s = self.settings
        s.lib_path, s.token_label, s.cert_label = request.lib_path, request.token_label, request.cert_label or ""
        s.tsa_url, s.use_images = request.tsa_url or "", self.use_images.isChecked()
        s.signature_width_mm, s.seal_diameter_mm = self.signature_mm.value(), self.seal_mm.value()
        save_settings(s, self.folder)
        target = signed_path(self.pdf)
        self.sign_button.setEnabled(False)
        self.message.setText(SIGNING)
        self._task = Task(partial(sign_pdf, images=images), self.pdf, target, request, pin)
        self._task.signals.finished.connect(self._signed)
        self._task.signals.failed.connect(self._failed)
        self._task.start()

    def _signed(self, result: Any) -> None:
        self._task = None
        self.result = result
        self.sign_button.setEnabled(True)
        self.verify_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.message.setText(SIGNED.format(level=result.level, holder=result.cert.holder,
                                           when=result.signed_at.strftime("%H:%M:%S ngày %d/%m/%Y"),
                                           path=result.path))

    def _failed(self, message: str) -> None:
        self._task = None
        self.sign_button.setEnabled(True)
        self.message.setText(message)

    def open_signed(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))

    def verify(self) -> None:
        if self.result is not None:
            VerifyDialog(self.result.path, self).exec()


def _mm_box(value: float, low: float, high: float, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSuffix(" mm")
    box.setValue(value)
    box.setAccessibleName(name)
    return box


class VerifyDialog(QDialog):
    """The Vietnamese verification report of one PDF; the user may add trusted CA certificates."""

    def __init__(self, pdf: str | Path, parent: QWidget | None = None, trust_folder: Path | None = None):
        super().__init__(parent)
        self.pdf, self.trust_folder = Path(pdf), trust_folder
        self.result: Any = None
        self.setWindowTitle(VERIFY_TITLE)
        layout = QVBoxLayout(self)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Kết quả kiểm tra chữ ký")
        layout.addWidget(self.report)
        row = QHBoxLayout()
        other = QPushButton("Chọn tệp khác…")
        other.clicked.connect(lambda _=False: self.choose())
        trust = QPushButton("Chứng thư CA tin cậy…")
        trust.clicked.connect(lambda _=False: self.manage_trust())
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        for b in (other, trust):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(760, 520)
        self.check()

    def check(self) -> None:
        from ..signing.errors import SigningError
        from ..signing.trust import trusted_certificates
        from ..signing.verify import format_result, verify_pdf

        try:
            self.result = verify_pdf(self.pdf, trusted_certificates(self.trust_folder))
            self.report.setPlainText(format_result(self.result))
        except SigningError as exc:
            self.result = None
            self.report.setPlainText(str(exc))

    def choose(self) -> None:
        path = open_file(self, "Chọn tệp PDF đã ký", str(self.pdf.parent), "Tệp PDF (*.pdf)")
        if path:
            self.pdf = Path(path)
            self.check()

    def manage_trust(self) -> None:
        TrustDialog(self, self.trust_folder).exec()
        self.check()


class TrustDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: Path | None = None):
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(TRUST_TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Chữ ký chỉ được coi là đáng tin khi chứng thư của người ký do một CA trong danh sách "
                                "này cấp. Mặc định danh sách trống. Lấy chứng thư gốc của CA từ trang web của CA hoặc "
                                "phần mềm đi kèm USB token."))
        self.list = QListWidget()
        layout.addWidget(self.list)
        row = QHBoxLayout()
        add = QPushButton("Thêm chứng thư…")
        add.clicked.connect(lambda _=False: self.add())
        remove = QPushButton("Xóa chứng thư đã chọn")
        remove.clicked.connect(lambda _=False: self.remove())
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        for b in (add, remove):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()
        self.resize(640, 360)

    def refresh(self) -> None:
        from ..signing.trust import trusted_cas

        self.entries = trusted_cas(self.folder)
        self.list.clear()
        for e in self.entries:
            self.list.addItem(e.description)

    def add(self, path: str | None = None) -> None:
        from ..signing.errors import SigningError
        from ..signing.trust import add_trusted_ca

        path = path or open_file(self, "Chọn chứng thư gốc của CA", str(Path.home()),
                                 "Chứng thư số (*.cer *.crt *.pem *.der);;Mọi tệp (*)")
        if not path:
            return
        try:
            add_trusted_ca(path, self.folder)
        except SigningError as exc:
            error(self, str(exc))
        self.refresh()

    def remove(self) -> None:
        from ..signing.trust import remove_trusted_ca

        row = self.list.currentRow()
        if 0 <= row < len(self.entries):
            remove_trusted_ca(self.entries[row])
        self.refresh()


def install_sign_actions(export_step: Any, actions: Any, draft_provider: Callable[[], Any]) -> None:
    """"Ký số…" (export the PDF/A, then the signing dialog) and "Kiểm tra chữ ký…" in the export row."""

    def sign() -> None:
        draft = draft_provider()
        signer = getattr(getattr(draft, "signer", None), "name", "") or ""
        meta = getattr(draft, "meta", None)
        document_number = ""
        if meta is not None and (meta.number or "").strip():
            from ..vnformat import document_number as numbered

            document_number = numbered(meta.number, meta.code).removeprefix("Số:").strip()
        actions.export_pdf(then=lambda pdf: SignDialog(pdf, signer, document_number, export_step).exec())

    def verify() -> None:
        known = getattr(actions, "last_signed", "") or getattr(actions, "last_path", "")
        path = open_file(export_step, "Chọn tệp PDF đã ký", str(Path(known).parent) if known else str(Path.home()),
                         "Tệp PDF (*.pdf)")
        if path:
            VerifyDialog(path, export_step).exec()

    export_step.add_export_action(T_SIGN, "Ctrl+Shift+K", sign)
    export_step.add_export_action(T_VERIFY, None, verify)
    start_warm_converter()


def start_warm_converter() -> None:
    """A report window is open: warm LibreOffice up in the background so PDF and print take under a
    second; stopped when the app quits (pdf_warm). Once per process; never two (a lock)."""
    from PySide6.QtCore import QCoreApplication

    from .. import pdf_warm

    if not pdf_warm.enabled() or pdf_warm.current() is not None:
        return
    if pdf_warm.start_background() is not None:
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(pdf_warm.stop)
