"""Backups from the home window: the automatic daily copy after start-up, "Sao lưu ngay…" and
"Khôi phục từ bản sao…" (menu Tệp).

The core does the work (``store.backup_to``, ``store.backups``); this module asks, shows
progress and reports. Imported on first use, never at start-up.
"""
from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from . import messages
from .workers import Task

log = logging.getLogger(__name__)

# ----- UI text (Vietnamese, one place) ------------------------------------------------------------
DAILY_FAILED = "Chưa tạo được bản sao lưu tự động hôm nay: {reason}"
DAILY_DONE = "Đã tạo bản sao lưu tự động của hôm nay."
BACKUP_CAPTION = "Sao lưu dữ liệu vào tệp"
BACKUP_FILTER = "Tệp sao lưu CCHC (*.sqlite3)"
BACKUP_WORKING = "Đang sao lưu dữ liệu…"
BACKUP_DONE = "Đã sao lưu toàn bộ dữ liệu vào tệp:"
BACKUP_FAILED = "Không sao lưu được dữ liệu."
RESTORE_TITLE = "Khôi phục dữ liệu từ bản sao"
RESTORE_INTRO = ("Chọn một bản sao để đưa dữ liệu về đúng như lúc đó. Phần mềm tự giữ một bản sao "
                 "mỗi ngày (14 ngày gần nhất).")
RESTORE_NONE = "Chưa có bản sao lưu tự động nào. Bấm «Chọn tệp khác…» để chọn một tệp sao lưu."
RESTORE_BUTTON, OTHER_FILE_BUTTON = "&Khôi phục", "&Chọn tệp khác…"
RESTORE_PICK_CAPTION = "Chọn tệp sao lưu để khôi phục"
CLOSE_DRAFTS_FIRST = ("Hãy đóng các cửa sổ báo cáo đang mở trước khi khôi phục dữ liệu "
                      "({n} cửa sổ đang mở).")
CONFIRM_RESTORE = "Thay toàn bộ dữ liệu hiện tại bằng {what}?"
CONFIRM_RESTORE_DETAIL = ("Mọi báo cáo sẽ trở về như trong bản sao; những thay đổi sau thời điểm đó "
                          "sẽ không còn trong danh sách. Dữ liệu hiện tại không bị mất: phần mềm giữ "
                          "một bản trong thư mục «{folder}» (tên bắt đầu bằng «cchc-truoc-khoi-phuc-»).")
RESTORE_DONE = "Đã khôi phục dữ liệu từ {what}."
RESTORE_DONE_DETAIL = "Dữ liệu trước khi khôi phục được giữ ở «{safety}»."
RESTORE_FAILED = "Không khôi phục được."


def size_text(size: int) -> str:
    """'96 KB', '1,2 MB' (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def backup_label(info) -> str:
    what = "Bản sao tự động ngày" if info.kind == "daily" else "Bản lưu trước lần khôi phục ngày"
    try:
        when = _dt.datetime.fromtimestamp(info.path.stat().st_mtime).strftime("%H:%M")
        when = f", lúc {when}"
    except OSError:
        when = ""
    return f"{what} {info.date:%d/%m/%Y}{when} — {size_text(info.size)}"


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def default_backup_name(today: _dt.date | None = None) -> str:
    return f"cchc-sao-luu-{(today or _dt.date.today()).isoformat()}.sqlite3"


# ----- the automatic daily copy -------------------------------------------------------------------
def check_then_copy(store):
    """The store's ``quick_check`` first, so a damaged file never enters the rotating set of daily
    copies (it would push a good one out), then ``store.backups.ensure_daily``. Worker thread."""
    store.check_integrity()
    return store.backups.ensure_daily()


def run_daily_backup(home) -> Task:
    """``ensure_daily_backup(store)`` on a worker thread; a failure is a status-bar message,
    never an error at start-up."""
    task = Task(check_then_copy, home.store)
    home._daily_backup_task = task  # kept alive until it reports

    def done(path):
        home._daily_backup_task = None
        if path is not None:
            home.statusBar().showMessage(DAILY_DONE, 5000)

    def failed(reason):
        home._daily_backup_task = None
        home.statusBar().showMessage(DAILY_FAILED.format(reason=reason))

    task.signals.finished.connect(done)
    task.signals.failed.connect(failed)
    task.start()
    return task


# ----- backup now ---------------------------------------------------------------------------------
def backup_now(home, path: str | None = None) -> Task | None:
    """Ask for a file name (default ``cchc-sao-luu-YYYY-MM-DD.sqlite3`` in Documents), then copy
    the whole store there on a worker thread, with a progress dialog."""
    if path is None:
        path = messages.save_file(home, BACKUP_CAPTION, str(documents_dir() / default_backup_name()),
                                  BACKUP_FILTER, "sqlite3")
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".sqlite3":
        target = target.with_name(target.name + ".sqlite3")
    progress = QProgressDialog(BACKUP_WORKING, "", 0, 0, home)
    progress.setWindowTitle(BACKUP_CAPTION)
    progress.setCancelButton(None)  # the copy is short and cannot be cut in half safely
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAccessibleName(BACKUP_WORKING)
    task = Task(home.store.backup_to, target)
    home._backup_task = task

    def finish():
        home._backup_task = None
        progress.reset()
        progress.deleteLater()

    def done(written):
        finish()
        home.statusBar().showMessage(f"{BACKUP_DONE} {written}", 10000)
        messages.info(home, BACKUP_DONE, BACKUP_CAPTION, str(written))

    def failed(reason):
        finish()
        messages.error(home, BACKUP_FAILED, BACKUP_CAPTION, reason)

    task.signals.finished.connect(done)
    task.signals.failed.connect(failed)
    task.start()
    return task


# ----- restore ------------------------------------------------------------------------------------
class RestoreDialog(QDialog):
    """The automatic copies (date, time, size), newest first, and "Chọn tệp khác…";
    ``chosen`` is the path picked (after ``exec()`` returned Accepted)."""

    def __init__(self, backups, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(RESTORE_TITLE)
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(RESTORE_INTRO if backups else RESTORE_NONE)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel("Các &bản sao:")
        self.list = QListWidget()
        self.list.setAccessibleName("Các bản sao lưu có thể khôi phục")
        label.setBuddy(self.list)
        for info in backups:
            item = QListWidgetItem(backup_label(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(str(info.path))
            self.list.addItem(item)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(RESTORE_BUTTON, QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button = buttons.addButton(OTHER_FILE_BUTTON, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton(messages.CANCEL, QDialogButtonBox.ButtonRole.RejectRole)
        for b in (self.restore_button, self.other_button, cancel):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
        self.restore_button.clicked.connect(self._restore_selected)
        self.other_button.clicked.connect(self._other_file)
        cancel.clicked.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self._restore_selected())
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        layout.addWidget(buttons)
        if backups:
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(bool(backups))
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 90, fm.height() * 22)

    def _restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
            self.accept()

    def _other_file(self) -> None:
        folder = ""
        if self.list.count():
            folder = str(Path(self.list.item(0).data(Qt.ItemDataRole.UserRole)).parent)
        path = messages.open_file(self, RESTORE_PICK_CAPTION, folder or str(documents_dir()), BACKUP_FILTER
                                  + ";;Mọi tệp (*)")
        if path:
            self.chosen = Path(path)
            self.accept()


def describe(path: Path) -> str:
    from ..store.backups import _info

    info = _info(path)
    if info is not None and info.kind == "daily":
        return f"bản sao ngày {info.date:%d/%m/%Y}"
    return f"tệp «{path.name}»"


def restore_from_backup(home, chosen: Path | None = None) -> bool:
    """Refused while a draft window is open; otherwise pick a copy, confirm, close the store,
    put the copy in place (the current file kept as a safety copy), reopen and refresh."""
    from ..store import Store

    if home.windows:
        messages.info(home, CLOSE_DRAFTS_FIRST.format(n=len(home.windows)), RESTORE_TITLE)
        return False
    store_path = Path(home.store.path)
    backups = home.store.backups
    folder = backups.folder
    busy = backups.in_use_elsewhere()  # said before a copy is picked and confirmed, not after
    if busy:
        messages.error(home, RESTORE_FAILED, RESTORE_TITLE, busy)
        return False
    if chosen is None:
        dialog = RestoreDialog(backups.copies(), home)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
                return False
            chosen = dialog.chosen
        finally:
            dialog.deleteLater()
    what = describe(Path(chosen))
    if not messages.ask_yes_no(home, CONFIRM_RESTORE.format(what=what), RESTORE_TITLE,
                               CONFIRM_RESTORE_DETAIL.format(folder=folder)):
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    safety = None
    failure = ""
    try:
        try:
            home.store.release_all_locks()
        except Exception:  # a damaged store may not take writes; restore anyway
            log.warning("edit locks not released before the restore", exc_info=True)
        home.store.close()
        try:
            safety = backups.restore(Path(chosen))
        except Exception as exc:  # noqa: BLE001 - BackupError is Vietnamese; anything else is logged and worded
            from ..errors import report_unexpected

            failure = report_unexpected(exc, "restoring a copy")
        try:
            home.store = Store(store_path)
        except Exception as exc:  # noqa: BLE001 - logged and said with the restore's outcome
            from ..errors import report_unexpected

            failure = (failure + " " if failure else "") + report_unexpected(exc, "opening the store after a restore")
    finally:
        QApplication.restoreOverrideCursor()
    if failure:
        messages.error(home, RESTORE_FAILED, RESTORE_TITLE, failure)
        return False
    home.trash.setChecked(False)
    home.refresh()
    home.statusBar().showMessage(RESTORE_DONE.format(what=what), 10000)
    messages.info(home, RESTORE_DONE.format(what=what), RESTORE_TITLE,
                  RESTORE_DONE_DETAIL.format(safety=safety) if safety else "")
    return True
