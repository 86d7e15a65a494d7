"""Lịch sử: the revisions of one draft with time and reason, a preview, and "Khôi phục".

Laid out in ``ui/history_dialog.ui``. The caller flushes pending edits before opening it and
reloads the draft when ``restored`` is True after ``exec()``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QTextBrowser, QWidget

from .messages import ask_yes_no, error
from .preview import draft_html
from .session import local_datetime
from .uiload import child, dispose, load_dialog

HEADERS = ["Thời điểm", "Lý do", "Dung lượng"]
CONFIRM = "Đưa dự thảo về bản lưu lúc {when}?"
CONFIRM_DETAIL = "Nội dung hiện tại được giữ lại trong lịch sử, có thể khôi phục lại sau."
EMPTY = "Chưa có bản lưu nào."


def size_text(size: int | None) -> str:
    if not size:
        return ""
    return f"{size / 1024:.1f} KB".replace(".", ",")


class HistoryDialog:
    def __init__(self, store, draft_id: str, parent: QWidget | None = None, read_only: bool = False):
        self.store, self.draft_id = store, draft_id
        self.restored = False
        self.dialog: QDialog = load_dialog("history_dialog.ui", parent)
        d = self.dialog
        self.table = child(d, QTableWidget, "revisionsTable")
        self.preview = child(d, QTextBrowser, "previewBrowser")
        self.restore_button = child(d, QPushButton, "restoreButton")
        child(d, QPushButton, "closeButton").clicked.connect(d.reject)
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.setEnabled(False)
        self.read_only = read_only
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.revisions = sorted(store.revisions(draft_id), key=lambda r: r.created_at, reverse=True)
        self.table.setRowCount(len(self.revisions))
        for row, rev in enumerate(self.revisions):
            when = QTableWidgetItem(local_datetime(rev.created_at))
            when.setData(Qt.ItemDataRole.UserRole, rev.id)
            self.table.setItem(row, 0, when)
            self.table.setItem(row, 1, QTableWidgetItem(rev.reason or ""))
            self.table.setItem(row, 2, QTableWidgetItem(size_text(rev.size)))
        self.table.resizeColumnToContents(0)
        if self.revisions:
            self.table.selectRow(0)
        else:
            self.preview.setPlainText(EMPTY)
        fm = d.fontMetrics()
        d.resize(fm.averageCharWidth() * 150, fm.height() * 34)

    def _current(self):
        row = self.table.currentRow()
        return self.revisions[row] if 0 <= row < len(self.revisions) else None

    def _selected(self) -> None:
        rev = self._current()
        self.restore_button.setEnabled(rev is not None and not self.read_only)
        if rev is None:
            return
        try:
            draft = self.store.load_revision(rev.id)
            self.preview.setHtml(draft_html(draft))
        except Exception as exc:  # noqa: BLE001 - shown in the pane (logged)
            from ..errors import report_unexpected

            self.preview.setPlainText(report_unexpected(exc, "showing a revision"))

    def _restore(self) -> None:
        rev = self._current()
        if rev is None:
            return
        if not ask_yes_no(self.dialog, CONFIRM.format(when=local_datetime(rev.created_at)),
                          "Khôi phục bản lưu", CONFIRM_DETAIL, default_yes=True):
            return
        try:
            self.store.restore_revision(self.draft_id, rev.id)
        except Exception as exc:  # noqa: BLE001 - logged and said; the dialog stays open
            from ..errors import report_unexpected

            error(self.dialog, report_unexpected(exc, "restoring a revision"))
            return
        self.restored = True
        self.dialog.accept()

    def exec(self) -> int:
        """Modal; the dialog is deleted once control is back in the event loop (read the
        result right after), not left as a hidden child of the window until it closes."""
        try:
            return self.dialog.exec()
        finally:
            dispose(self.dialog)
