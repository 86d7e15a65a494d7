"""Export-step actions for sharing: Excel, PDF, print, mail (with outbox), import from Excel.

The wizard calls :func:`install_share_actions` once; every long job (render, convert, send)
runs in a :class:`~cchc_desktop.gui.workers.Task`. The core does the work (``sharing``,
``xlsx_import``, ``pdf``, ``mail``); this module only asks, shows and reports.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..errors import CchcError, user_message
from ..files import Overwrite
from .messages import ask_yes_no, error, info, open_file
from .workers import Task

# ----- UI text (Vietnamese, one place) ------------------------------------------------------------
T_XLSX, T_PDF, T_PRINT, T_SEND = "Xuất &Excel", "Xuất &PDF", "&In…", "&Gửi…"
T_OUTBOX, T_COPY, T_IMPORT, T_FOLDER = "&Hộp thư đi", "Sao chép đường &dẫn", "Nhập từ E&xcel…", "Mở thư mục"
WORKING_XLSX, WORKING_PDF, WORKING_SEND = "Đang xuất bảng tính…", "Đang chuyển sang PDF…", "Đang gửi thư…"
NO_MAIL_ACCOUNT = "Chưa thiết lập hộp thư để gửi báo cáo."
SET_UP_MAIL = "Thiết lập thư…"
T_SEND_TITLE = "Gửi báo cáo"
DONE_FILE = "Đã ghi tệp: {path}"
NO_CONVERTER_OPEN = "Mở tệp Word bằng chương trình mặc định để tự in hoặc lưu PDF?"
NOTHING_YET = "Chưa có tệp nào được xuất."
COPIED = "Đã chép đường dẫn: {path}"
IMPORT_TITLE = "Nhập số liệu từ Excel"
IMPORT_NO_CHANGES = "Bảng tính không có số liệu nào khác với dự thảo."
IMPORT_APPLIED = "Đã nhập {n} thay đổi từ bảng tính."
SEND_TITLE = "Gửi báo cáo qua thư điện tử"
SEND_QUEUED = "Thư đã vào hộp thư đi."
OUTBOX_TITLE = "Hộp thư đi"


def _folder_of(path: str) -> str:
    return str(Path(path).parent) if path else ""


class ShareActions(QObject):
    def __init__(self, window: QWidget, store, draft_provider: Callable, folder_provider: Callable[[], str] | None,
                 apply_edits: Callable[[list], None]):
        super().__init__(window)
        self.window, self.store, self.draft_provider = window, store, draft_provider
        self.folder_provider = folder_provider or self._ask_folder
        self.apply_edits = apply_edits
        self.last_path = ""
        self._tasks: set[Task] = set()
        self._outbox = None  # opened at first use: a damaged outbox must not stop the window opening
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(120_000)  # try the outbox again every two minutes
        self.retry_timer.timeout.connect(self.process_outbox)
        self.retry_timer.start()

    # ----- helpers ----------------------------------------------------------------------------
    def _ask_folder(self) -> str:
        exporter = getattr(self.window, "exporter", None)
        if exporter is not None:
            return exporter.ensure_folder()
        from .messages import choose_folder

        return choose_folder(self.window, "Chọn thư mục lưu tệp", str(Path.home()))

    def _status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    def _run(self, fn, *args, done=None, failed=None, busy: str = "") -> Task:
        task = Task(fn, *args)
        self._tasks.add(task)
        if busy:
            self._status(busy)

        def finish(result):
            self._tasks.discard(task)
            if done:
                done(result)

        def fail(message):
            self._tasks.discard(task)
            (failed or (lambda m: error(self.window, m)))(message)

        task.signals.finished.connect(finish)
        task.signals.failed.connect(fail)
        task.start()
        return task

    def _draft(self):
        return self.draft_provider().copy()

    @property
    def outbox(self):
        """The outbox, opened at first use; ``OutboxError`` (Vietnamese) when it cannot be."""
        if self._outbox is None:
            from ..usecases import open_outbox

            self._outbox = open_outbox()
        return self._outbox

    def _consent(self, targets) -> Overwrite | None:
        """The overwrite policy for ``targets``: OURS when nothing the user may have changed would
        be replaced; ALWAYS after the user agreed; None when the user said no."""
        from ..usecases import blocked_targets

        try:
            blocked = blocked_targets(targets)
        except (CchcError, OSError) as exc:
            error(self.window, user_message(exc))
            return None
        if not blocked:
            return Overwrite.OURS
        question = "\n\n".join(exc.question for exc in blocked)
        return Overwrite.ALWAYS if ask_yes_no(self.window, question, "Ghi đè tệp") else None

    # ----- Excel, PDF, print ------------------------------------------------------------------
    def export_xlsx(self) -> None:
        folder = self.folder_provider()
        if not folder:
            return
        from ..usecases import make_outputs, planned_targets

        draft = self._draft()
        policy = self._consent(planned_targets(draft, folder, docx=False, xlsx=True))
        if policy is None:
            return
        self._run(lambda d, f: make_outputs(d, f, docx=False, xlsx=True, overwrite=policy).xlsx, draft, folder,
                  done=self._written, busy=WORKING_XLSX)

    def _written(self, path) -> None:
        self.last_path = str(path)
        self._status(DONE_FILE.format(path=path))
        self._keep_revision(path, "xuất")

    def _keep_revision(self, path, what: str) -> None:
        """Each export and send keeps what went out as a named revision (issue 13 item 5)."""
        if getattr(self.store, "read_only", False):  # a store on a CD: nothing can be kept
            return
        from .later import write_soon

        store, draft_id = self.store, self.draft_provider().id
        write_soon(store, f"exported:{draft_id}:{path}", lambda: store.mark_exported(draft_id, str(path), what),
                   "keeping the exported revision")

    def export_pdf(self, then: Callable[[str], None] | None = None) -> None:
        folder = self.folder_provider()
        if not folder:
            return
        from ..pdf import find_converter
        from ..usecases import make_outputs, planned_targets

        draft = self._draft()
        converter = find_converter()
        policy = self._consent(planned_targets(draft, folder, pdf=converter is not None))
        if policy is None:
            return
        if converter is None:
            from ..pdf import NO_CONVERTER_MESSAGE

            self._run(lambda d, f: make_outputs(d, f, overwrite=policy).docx, draft, folder,
                      done=lambda p: self._no_converter(str(p)))
            error(self.window, NO_CONVERTER_MESSAGE)
            return

        def done(outputs):
            self._written(outputs.pdf)
            if then:
                then(str(outputs.pdf))

        self._run(lambda d, f: make_outputs(d, f, pdf=True, overwrite=policy), draft, folder, done=done,
                  busy=WORKING_PDF)

    def _no_converter(self, docx: str) -> None:
        self.last_path = docx
        if ask_yes_no(self.window, NO_CONVERTER_OPEN, T_PDF.replace("&", "")):
            QDesktopServices.openUrl(QUrl.fromLocalFile(docx))

    def print_report(self) -> None:
        self.export_pdf(then=self._print_pdf)

    def _print_pdf(self, pdf: str) -> None:
        try:
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        except ImportError:
            QDesktopServices.openUrl(QUrl.fromLocalFile(pdf))
            return
        doc = QPdfDocument(self)
        doc.load(pdf)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(Path(pdf).name)
        printer.setFromTo(1, doc.pageCount())
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("In báo cáo")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        print_pdf_document(doc, printer)
        self._status(f"Đã gửi {doc.pageCount()} trang tới máy in.")

    # ----- folder / path ----------------------------------------------------------------------
    def _known_path(self) -> str:
        if self.last_path:
            return self.last_path
        exporter = getattr(self.window, "exporter", None)
        return getattr(exporter, "last_path", "") or ""

    def open_folder(self) -> None:
        path = self._known_path()
        if not path:
            info(self.window, NOTHING_YET)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(_folder_of(path)))

    def copy_path(self) -> None:
        path = self._known_path()
        if not path:
            info(self.window, NOTHING_YET)
            return
        QGuiApplication.clipboard().setText(path)
        self._status(COPIED.format(path=path))

    # ----- import -----------------------------------------------------------------------------
    def import_xlsx(self, path: str | None = None) -> None:
        from ..usecases import plan_xlsx_import
        from ..xlsx_import import XlsxImportError

        path = path or open_file(self.window, IMPORT_TITLE, _folder_of(self._known_path()) or str(Path.home()),
                                 "Bảng tính Excel (*.xlsx)")
        if not path:
            return
        try:
            plan = plan_xlsx_import(self.draft_provider(), path)
        except (XlsxImportError, KeyError) as exc:
            error(self.window, f"Không nhập được «{Path(path).name}»: {exc}")
            return
        except (CchcError, OSError) as exc:
            error(self.window, f"Không nhập được «{Path(path).name}»: {user_message(exc)}")
            return
        dialog = ImportDialog(plan, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and plan.changes:
            self.apply_edits(plan.edits)  # one editor operation: one notice, one save
            self._status(IMPORT_APPLIED.format(n=len(plan.changes)))

    # ----- mail -------------------------------------------------------------------------------
    def send(self) -> None:
        from ..mail import MailAccount

        profile = self.store.load_profile()
        account = MailAccount.from_mapping(profile.mail)
        problems = account.problems()
        if problems:  # a way to the settings right there (issue 13 item 9)
            from . import messages  # looked up on use: one message-box function for the whole app

            if messages.ask_choice(self.window, NO_MAIL_ACCOUNT, [SET_UP_MAIL], T_SEND_TITLE,
                                   " ".join(problems)) != 0 \
                    or not self.set_up_mail():
                return
            profile = self.store.load_profile()
            account = MailAccount.from_mapping(profile.mail)
            if account.problems():
                return
        draft = self._draft()
        dialog = ComposeDialog(draft, profile, account, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        folder = self.folder_provider()
        if not folder:
            return
        composed, want_xlsx, want_pdf, password = dialog.result_values()
        from ..usecases import planned_targets, send_report

        try:
            outbox = self.outbox
        except CchcError as exc:
            error(self.window, user_message(exc))
            return
        policy = self._consent(planned_targets(draft, folder, xlsx=want_xlsx, pdf=want_pdf))
        if policy is None:
            return

        def work(d):
            return send_report(d, to=composed.to, cc=composed.cc, account=account, folder=folder,
                               subject=composed.subject, body=composed.body, xlsx=want_xlsx, pdf=want_pdf,
                               password=password, outbox=outbox, overwrite=policy).entry

        def done(entry):
            if entry is not None and entry.state == "sent":
                self._status(f"Đã gửi thư tới {', '.join(entry.recipients)}.")
                self._keep_revision(folder, "gửi")
            elif entry is not None:
                error(self.window, f"{SEND_QUEUED} {entry.last_error}")
            self.show_outbox()

        self._run(work, draft, done=done, busy=WORKING_SEND)

    def set_up_mail(self) -> bool:
        """Hồ sơ của xã opened on its mail tab; True when saved."""
        from .profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.store.load_profile(), self.window)
        dialog.show_mail_tab()
        if not dialog.exec():
            return False
        self.store.save_profile(dialog.profile())
        return True

    def process_outbox(self) -> None:
        from ..mail import MailAccount

        if getattr(self.store, "closed", False):  # a window left over after its store was closed
            self.retry_timer.stop()
            return
        try:
            if not self.outbox.pending_count():
                return
        except CchcError as exc:  # a damaged outbox: said when the user opens it or sends, not every 2 min
            logging.getLogger(__name__).warning("outbox not usable: %s", exc)
            return
        account = MailAccount.from_mapping(self.store.load_profile().mail)
        self._run(lambda: self.outbox.process(account), failed=lambda m: self._status(m))

    def show_outbox(self) -> None:
        try:
            outbox = self.outbox
        except CchcError as exc:
            error(self.window, user_message(exc))
            return
        OutboxDialog(outbox, self, self.window).exec()


PRINT_DPI = 300  # the resolution pages are rendered at for the printer


def print_pdf_document(doc, printer) -> None:
    """Paint every page of a QPdfDocument onto a QPrinter, each scaled to the printable page."""
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter

    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("Không mở được máy in.")
    try:
        first, last = printer.fromPage() or 1, printer.toPage() or doc.pageCount()
        for n, index in enumerate(range(first - 1, min(last, doc.pageCount()))):
            if n:
                printer.newPage()
            rect = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            size = doc.pagePointSize(index)
            scale = min(rect.width() / size.width(), rect.height() / size.height())
            target = QSize(int(size.width() * scale), int(size.height() * scale))
            # a high-resolution printer is 1200 dpi: a page image that sharp is 140 megapixels
            # (560 MB, many seconds each); text printed from a 300 dpi image reads the same
            factor = min(1.0, PRINT_DPI / max(printer.resolution(), 1))
            image = doc.render(index, QSize(max(1, round(target.width() * factor)),
                                            max(1, round(target.height() * factor))))
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
    finally:
        painter.end()


class ImportDialog(QDialog):
    """What will change (form, row, column, old, new) and the findings, before anything changes."""

    def __init__(self, plan, parent=None):
        super().__init__(parent)
        self.setWindowTitle(IMPORT_TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tệp: {plan.source.name}. "
                                + (f"Sẽ thay đổi {len(plan.changes)} ô:" if plan.changes else IMPORT_NO_CHANGES)))
        self.table = QTableWidget(len(plan.changes), 5, self)
        self.table.setHorizontalHeaderLabels(["Biểu mẫu", "Dòng", "Cột", "Giá trị cũ", "Giá trị mới"])
        for r, c in enumerate(plan.changes):
            for col, text in enumerate((str(c.form), c.code, c.field_label, c.old or "(trống)", c.new or "(trống)")):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setToolTip(c.label)
                self.table.setItem(r, col, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(f"Kết quả kiểm tra sau khi nhập ({len(plan.errors)} lỗi):"))
        self.findings = QListWidget(self)
        self.findings.setWordWrap(True)  # a long finding is read whole, not behind a horizontal scroll bar
        for f in plan.findings:
            self.findings.addItem(f"{'LỖI' if f.severity == 'error' else 'Cảnh báo'}: {f.message}")
        layout.addWidget(self.findings)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton("Áp dụng thay đổi", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(bool(plan.changes))
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 560)


class ComposeDialog(QDialog):
    def __init__(self, draft, profile, account, parent=None):
        super().__init__(parent)
        from ..mail.compose import default_body, default_subject
        from ..mail.sender import SendError, get_password

        self.setWindowTitle(SEND_TITLE)
        self.account = account
        form = QFormLayout(self)
        self.to = QLineEdit(profile.upper_level_email)
        self.to.setAccessibleName("Người nhận")
        self.subject = QLineEdit(default_subject(draft))
        self.body = QPlainTextEdit(default_body(draft, profile.upper_level_name))
        self.xlsx = QCheckBox("Kèm bảng tính phụ lục (Excel)")
        self.xlsx.setChecked(bool(draft.variant))
        self.xlsx.setEnabled(bool(draft.variant))
        self.pdf = QCheckBox("Kèm bản PDF")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.save_password = QCheckBox("Lưu mật khẩu vào kho mật khẩu của máy")
        self.save_password.setChecked(True)
        form.addRow("Gửi đến:", self.to)
        form.addRow("Tiêu đề:", self.subject)
        form.addRow("Nội dung:", self.body)
        form.addRow("Đính kèm:", QLabel("Tệp Word (DOCX) của báo cáo"))
        form.addRow("", self.xlsx)
        form.addRow("", self.pdf)
        saved = None
        if account.username:
            try:
                saved = get_password(account.username)
            except SendError:
                saved = None
        self.needs_password = bool(account.username) and not saved
        if self.needs_password:
            form.addRow(f"Mật khẩu của {account.username}:", self.password)
            form.addRow("", self.save_password)
        self.error = QLabel("")
        form.addRow(self.error)
        buttons = QDialogButtonBox(self)
        self.send_button = buttons.addButton("Gửi", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(720, 520)

    def _check(self) -> None:
        from ..mail.compose import invalid_addresses, split_addresses

        to = split_addresses(self.to.text())
        bad = invalid_addresses(to)
        if not to or bad:
            self.error.setText("Địa chỉ người nhận không hợp lệ: " + (", ".join(bad) or "(trống)"))
            return
        if self.needs_password and not self.password.text():
            self.error.setText("Hãy nhập mật khẩu hộp thư.")
            return
        if self.needs_password and self.save_password.isChecked():
            from ..mail.sender import SendError, set_password

            try:
                set_password(self.account.username, self.password.text())
            except SendError as exc:
                self.error.setText(str(exc))
        self.accept()

    def result_values(self):
        from ..mail.compose import Composed, split_addresses

        composed = Composed(to=split_addresses(self.to.text()), subject=self.subject.text(),
                            body=self.body.toPlainText())
        password = self.password.text() if self.needs_password else None
        return composed, self.xlsx.isChecked(), self.pdf.isChecked(), password


class OutboxDialog(QDialog):
    """What was sent, when, to whom; what failed and why; "Gửi lại" for a failed one."""

    def __init__(self, outbox, actions: ShareActions | None = None, parent=None):
        super().__init__(parent)
        self.outbox, self.share_actions = outbox, actions
        self.setWindowTitle(OUTBOX_TITLE)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(["Số", "Trạng thái", "Thời gian", "Người nhận", "Tiêu đề", "Lý do"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.retry_button = QPushButton("Gửi &lại thư đã chọn")
        self.retry_button.clicked.connect(self.retry_selected)
        layout.addWidget(self.retry_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()
        self.resize(980, 420)

    def refresh(self) -> None:
        entries = self.outbox.entries()
        self.entries = entries
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            when = (e.sent_at or e.created).replace("T", " ")[:16]
            for col, text in enumerate((str(e.id), e.state_label, when, ", ".join(e.recipients), e.subject,
                                        e.last_error)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, col, item)

    def retry_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        for r in rows:
            self.outbox.retry(self.entries[r].id)
        if self.share_actions is not None:
            self.share_actions.process_outbox()
        QTimer.singleShot(1500, self.refresh)
        self.refresh()


def install_share_actions(export_step, store, draft_provider: Callable, *,
                          folder_provider: Callable[[], str] | None = None,
                          apply_edits: Callable[[list], None]) -> ShareActions:
    """Add the sharing actions through ``export_step.add_export_action(text, shortcut, callback)``.

    ``export_step``: the wizard window (its ``add_export_action`` keeps the buttons when steps are
    rebuilt and adds menu entries); ``draft_provider()`` returns the current draft (flushed);
    ``apply_edits([(AnnexCell, text), ...])`` applies an accepted import as one editor operation;
    ``folder_provider()`` returns the export folder or ""
    (default: ``export_step.exporter.ensure_folder``).
    """
    actions = ShareActions(export_step, store, draft_provider, folder_provider, apply_edits)
    add = export_step.add_export_action
    add(T_XLSX, "Ctrl+Shift+E", actions.export_xlsx)  # Ctrl+E is the shell's "Ghi tệp Word"
    add(T_PDF, "Ctrl+Shift+P", actions.export_pdf)
    add(T_PRINT, "Ctrl+P", actions.print_report)
    add(T_SEND, "Ctrl+Shift+M", actions.send)
    add(T_OUTBOX, None, actions.show_outbox)
    add(T_IMPORT, "Ctrl+Shift+I", actions.import_xlsx)
    add(T_COPY, None, actions.copy_path)
    if not any("thư mục" in t.lower() for t, *_ in getattr(export_step, "_extra_exports", [])) and \
            getattr(export_step, "exporter", None) is None:
        add(T_FOLDER, None, actions.open_folder)  # the shell already has "Mở thư mục chứa tệp"
    from .sign_dialog import install_sign_actions  # ký số and verification (issue 16)

    install_sign_actions(export_step, actions, draft_provider)
    export_step._share_actions = actions  # kept alive with the window
    return actions
