"""«Chèn số liệu» (Ctrl+Shift+S): pick a row of the annex tables; the text gets a live reference.

The list shows every row with a number (count, amount, percent, rate) and its current printed
value; typing filters it (code, words of the label, without diacritics). When the cursor is on
a figure the text checks tie to a row ("1.190 hồ sơ" near "giải quyết đúng hạn"), that row is
chosen already and the figure is replaced by the reference.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...figrefs import Printer
from ...forms import FormVariant
from ...textnorm import fold

T_TITLE = "Chèn số liệu từ bảng"
T_HELP = ("Chọn dòng số liệu của phụ lục. Câu văn sẽ luôn in đúng số liệu hiện tại của dòng này "
          "(tự cập nhật khi sửa bảng).")
T_FILTER = "Tìm dòng (mã, tên chỉ tiêu)…"
T_COLUMNS = ("Biểu mẫu / dòng", "Chỉ tiêu", "Số liệu hiện tại")
T_EMPTY = "(trống)"
T_INSERT = "Chèn"
T_CANCEL = "Hủy"
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class InsertFigureDialog(QDialog):
    def __init__(self, variant: FormVariant, printer: Printer, preselect: tuple[int, str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(T_TITLE)
        self.chosen: tuple[int, str] | None = None
        help_label = QLabel(T_HELP)
        help_label.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(T_FILTER)
        self.filter.setAccessibleName("Tìm dòng số liệu")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(T_COLUMNS))
        self.tree.setAccessibleName("Danh sách dòng số liệu")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(True)
        self.tree.setColumnWidth(0, 120)
        self.tree.setColumnWidth(1, 460)
        for form in variant.forms:
            for row in form.rows:
                if not row.is_numeric:
                    continue
                value = printer.value(form.number, row.code)
                item = QTreeWidgetItem([f"{form.number} · {row.code}", row.label, value or T_EMPTY])
                item.setData(0, ROW_ROLE, (form.number, row.code))
                item.setToolTip(1, f"Biểu mẫu {form.number}: {form.title}\n{row.label}")
                if value is None:
                    item.setForeground(2, Qt.GlobalColor.gray)
                self.tree.addTopLevelItem(item)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(T_INSERT, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(T_CANCEL, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree.itemDoubleClicked.connect(lambda *_: self.accept())
        self.tree.currentItemChanged.connect(lambda *_: self.ok_button.setEnabled(self.tree.currentItem() is not None))
        self.resize(760, 480)
        self.select(preselect)

    def select(self, key: tuple[int, str] | None) -> None:
        for item in self._items():
            if key is None or tuple(item.data(0, ROW_ROLE)) == tuple(key):
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                break
        self.ok_button.setEnabled(self.tree.currentItem() is not None)

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _apply_filter(self, text: str) -> None:
        words = fold(text).split()
        first = None
        for item in self._items():
            hay = fold(f"{item.text(0)} {item.text(1)}").replace("·", " ")
            hidden = not all(w in hay for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.tree.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.tree.setCurrentItem(first)

    def accept(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.isHidden():
            return
        form, code = item.data(0, ROW_ROLE)
        self.chosen = (int(form), str(code))
        super().accept()
