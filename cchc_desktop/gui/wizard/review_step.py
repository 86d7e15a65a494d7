"""Step "Kiểm tra và xuất": every finding (errors first; a click jumps to the cell or field),
a live preview of the document text, and the export buttons.

Other exports (XLSX, PDF, print, mail) plug in with :meth:`ReviewStep.add_export_action`.
"""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...rules import Finding
from ..preview import draft_html
from .base import Step
from .icons import state_icon

TITLE = "Kiểm tra và xuất"
FINDINGS_LABEL = "&Những điều cần xem lại (bấm vào một dòng để đến đúng chỗ cần sửa):"
PREVIEW_LABEL = "Xem trước nội dung báo cáo (bản xem trước, chưa phải bản in):"
COUNTS = "{errors} lỗi cần sửa, {warnings} cảnh báo."
ALL_GOOD = "Không còn lỗi nào. Có thể xuất báo cáo."
LENGTH = "Khoảng {words} chữ, ước {pages} trang khi in{annex}."
LENGTH_ANNEX = " (và khoảng {pages} trang phụ lục)"
ERROR_PREFIX, WARNING_PREFIX = "Lỗi: ", "Cảnh báo: "  # the CLI's LỖI / CẢNH BÁO: one word for one thing
FOLDER = "Thư mục lưu: {folder}"
NO_FOLDER = "Thư mục lưu: chưa chọn (sẽ hỏi khi xuất lần đầu)"
CHANGE_FOLDER = "Đổi thư mục…"
COMPARE = "So sánh với kỳ trước…"
GO_TEXT = "Đến câu văn"
GO_ROW = "Đến bảng số liệu (Biểu mẫu {form}, dòng {code})"
COMPARE_STALE = "{n} chỗ số liệu chưa cập nhật so với kỳ trước (tô vàng trong «So sánh với kỳ trước…»)."

BUTTONS_PER_ROW = 5

class ReviewStep(Step):
    title = TITLE
    findingActivated = Signal(object)
    changeFolderRequested = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.findings: list[Finding] = []
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Danh sách lỗi và cảnh báo")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._finding_menu)
        label = QLabel(FINDINGS_LABEL)
        label.setBuddy(self.list)
        label.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Xem trước nội dung báo cáo")
        self.preview.setOpenLinks(False)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(label)
        lv.addWidget(self.counts)
        lv.addWidget(self.list, 1)
        self.compare_button = QPushButton(COMPARE)  # next-period copies: text beside last period's
        self.compare_button.setAccessibleName("So sánh lời văn và số liệu với báo cáo kỳ trước")
        self.compare_button.clicked.connect(self.open_comparison)
        self.compare_button.setVisible(bool(getattr(session.draft, "origin", None)))
        self.stale_label = QLabel()  # "3 chỗ số liệu chưa cập nhật so với kỳ trước."
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet("color: #8a5a00;")
        self.stale_label.setVisible(False)
        lv.addWidget(self.stale_label)
        lv.addWidget(self.compare_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(PREVIEW_LABEL))
        rv.addWidget(self.preview, 1)
        self.length = QLabel()  # "Khoảng 6.099 chữ, ước 13 trang (và 7 trang phụ lục)"
        self.length.setAccessibleName("Độ dài báo cáo")
        self.length.setObjectName("reportLength")
        self.length.setStyleSheet("#reportLength { color: #4a5563; }")
        rv.addWidget(self.length)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)

        # the export buttons, extended by add_export_action: rows of at most BUTTONS_PER_ROW, so
        # ten actions with their shortcuts shown still fit a 1280-pixel (or 1366 at 125 %) screen
        self._button_box = QVBoxLayout()
        self._button_rows: list[QHBoxLayout] = []
        self.buttons = self.break_export_row()  # the first row (the Word actions)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_button = QPushButton(CHANGE_FOLDER)  # the same as Tệp → Đổi thư mục lưu…
        self.folder_button.setAccessibleName("Đổi thư mục lưu các tệp xuất ra")
        self.folder_button.clicked.connect(lambda _=False: self.changeFolderRequested.emit())
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator while a task runs
        self.progress.setAccessibleName("Đang xử lý")
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Kết quả xuất tệp")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(folder_row)
        layout.addLayout(self._button_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(300)
        self._preview_timer.timeout.connect(self.refresh_preview)

    # ----- export buttons ---------------------------------------------------------------
    def add_export_action(self, text: str, shortcut: str | None, callback) -> QPushButton:
        """A button in the export row, "Text (Ctrl+E)" with its shortcut shown, calling
        ``callback()``. The window adds the same shortcut to its menu."""
        text = text.replace("&", "")  # no mnemonic on the button: the shortcut is shown instead
        label = text
        if shortcut:
            shown = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            label = f"{text} ({shown})"
        button = QPushButton(label)
        button.setAccessibleName(text)
        button.clicked.connect(lambda _=False: callback())
        row = self._button_rows[-1] if self._button_rows else None
        if row is None or row.count() - 1 >= BUTTONS_PER_ROW:
            row = self.break_export_row()
        row.insertWidget(row.count() - 1, button)  # before the row's stretch
        return button

    def break_export_row(self) -> QHBoxLayout:
        """Start a new row of export buttons (the next add_export_action goes there)."""
        if self._button_rows and self._button_rows[-1].count() == 1:
            return self._button_rows[-1]  # the last row is still empty
        row = QHBoxLayout()
        row.addStretch(1)
        self._button_box.addLayout(row)
        self._button_rows.append(row)
        return row

    def set_folder(self, folder: str) -> None:
        self.folder_label.setText(FOLDER.format(folder=folder) if folder else NO_FOLDER)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.progress.setVisible(busy)
        if message:
            self.status.setText(message)

    # ----- findings and preview ---------------------------------------------------------
    def set_findings(self, findings) -> None:
        self.findings = list(findings)
        self.list.clear()
        errors = sum(1 for f in self.findings if f.severity == "error")
        warnings = len(self.findings) - errors
        self.counts.setText(ALL_GOOD if not errors else COUNTS.format(errors=errors, warnings=warnings))
        stale = sum(1 for f in self.findings if getattr(f, "kind", "") == "stale-copy")
        self.stale_label.setText(COMPARE_STALE.format(n=stale))
        self.stale_label.setVisible(bool(stale) and self.compare_button.isVisibleTo(self))
        for index, f in enumerate(self.findings):
            prefix = ERROR_PREFIX if f.severity == "error" else WARNING_PREFIX
            item = QListWidgetItem(state_icon("error" if f.severity == "error" else "partial"), prefix + f.message)
            item.setData(Qt.ItemDataRole.UserRole, index)  # an index, not the object (PySide refcounts)
            self.list.addItem(item)
        if self.isVisible():
            self._preview_timer.start()

    def open_comparison(self) -> None:
        from ..stale_dialog import open_for

        dialog = open_for(self.session, self)
        if dialog is not None:
            self.comparison = dialog
            dialog.show()

    def refresh_preview(self) -> None:
        from ...numbers import format_vn
        from ...textstats import text_stats

        stats = text_stats(self.draft)
        annex = LENGTH_ANNEX.format(pages=stats.annex_pages) if stats.annex_pages else ""
        self.length.setText(LENGTH.format(words=format_vn(stats.words), pages=stats.body_pages, annex=annex))
        bar = self.preview.verticalScrollBar()
        pos = bar.value()
        self.preview.setHtml(draft_html(self.draft))
        bar.setValue(pos)

    def finding_menu(self, index: int) -> QMenu | None:
        """For a note with a second place (the table row a sentence speaks of): go to either."""
        if not 0 <= index < len(self.findings):
            return None
        finding = self.findings[index]
        related = getattr(finding, "related", None)
        if related is None:
            return None
        menu = QMenu(self.list)
        menu.addAction(GO_TEXT).triggered.connect(lambda _=False: self.findingActivated.emit(finding))
        other = dataclasses.replace(finding, ref=related)
        label = GO_ROW.format(form=getattr(related, "form", ""), code=getattr(related, "code", ""))
        menu.addAction(label).triggered.connect(lambda _=False: self.findingActivated.emit(other))
        return menu

    def _finding_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        menu = self.finding_menu(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
        if menu is not None:
            menu.exec(self.list.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _activated(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if index is not None and 0 <= index < len(self.findings):
            self.findingActivated.emit(self.findings[index])

    # ----- step hooks -------------------------------------------------------------------
    def entered(self) -> None:
        self.refresh_preview()

    def state(self, findings) -> str:
        if any(f.severity == "error" for f in findings):
            return "error"
        # never "chưa nhập": the last step has nothing to type; it is done once exported
        return "done" if self.session.store_state() == "exported" else "partial"

    def focus_first(self) -> None:
        self.list.setFocus()
        if self.list.count():
            self.list.setCurrentRow(0)

    def show_result(self, html: str) -> None:
        self.status.setText(html)
