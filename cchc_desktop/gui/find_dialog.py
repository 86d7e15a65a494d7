"""Tìm và thay thế (Ctrl+F, Ctrl+H) across the whole report: every section's title and text,
the legal bases, the opening and closing sentences. The search and the replacing are the core's
(``editing.find``); this dialog only asks and shows. A match is selected where it is, on
whichever step, like a finding."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ..editing.find import Match, find_all, replace_all
from ..editing.refs import SectionField
from .widgets import VnLineEdit

T_TITLE_FIND, T_TITLE_REPLACE = "Tìm trong báo cáo", "Tìm và thay thế"
T_FIND, T_REPLACE = "&Tìm:", "Thay &bằng:"
T_ACCENTS = "Phân biệt &dấu"
T_NEXT, T_PREV, T_ONE, T_ALL, T_CLOSE = "Tìm &tiếp", "Tìm &lùi", "&Thay", "Thay tất &cả", "Đóng"
T_NONE = "Không tìm thấy «{text}» trong báo cáo."
T_AT = "Kết quả {n}/{total}: {context}"
T_REPLACED = "Đã thay {n} chỗ."


class FindDialog(QDialog):
    def __init__(self, window: Any):
        super().__init__(window)
        self.report = window
        self.setModal(False)
        self.matches: list[Match] = []
        self.index = -1
        self.find_edit = VnLineEdit(self)
        self.find_edit.setAccessibleName("Chữ cần tìm")
        self.replace_edit = VnLineEdit(self)
        self.replace_edit.setAccessibleName("Thay bằng chữ")
        self.accents = QCheckBox(T_ACCENTS, self)
        self.accents.setChecked(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Kết quả tìm")
        grid = QGridLayout()
        self.find_label, self.replace_label = QLabel(T_FIND, self), QLabel(T_REPLACE, self)
        self.find_label.setBuddy(self.find_edit)
        self.replace_label.setBuddy(self.replace_edit)
        grid.addWidget(self.find_label, 0, 0)
        grid.addWidget(self.find_edit, 0, 1)
        grid.addWidget(self.replace_label, 1, 0)
        grid.addWidget(self.replace_edit, 1, 1)
        grid.addWidget(self.accents, 2, 1)
        buttons = QHBoxLayout()
        self.next_button = self._button(T_NEXT, lambda: self.find_next(1), buttons)
        self.prev_button = self._button(T_PREV, lambda: self.find_next(-1), buttons)
        self.one_button = self._button(T_ONE, self.replace_one, buttons)
        self.all_button = self._button(T_ALL, self.replace_everything, buttons)
        buttons.addStretch(1)
        self._button(T_CLOSE, self.close, buttons)
        self.next_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.find_edit.textChanged.connect(self._forget)
        self.accents.toggled.connect(self._forget)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def _button(self, text: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: slot())
        row.addWidget(button)
        return button

    # ----- opening -----------------------------------------------------------------------
    def open_for(self, replace: bool) -> None:
        self.setWindowTitle(T_TITLE_REPLACE if replace else T_TITLE_FIND)
        for w in (self.replace_label, self.replace_edit, self.one_button, self.all_button):
            w.setVisible(replace)
        focus = QApplication.focusWidget()
        chosen = ""
        if isinstance(focus, QPlainTextEdit):
            chosen = focus.textCursor().selectedText()
        elif isinstance(focus, QLineEdit) and focus.window() is self.report:
            chosen = focus.selectedText()
        if chosen and "\u2029" not in chosen:
            self.find_edit.setText(chosen)
        self.show()
        self.raise_()
        self.activateWindow()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    # ----- finding -------------------------------------------------------------------------
    def _forget(self, *_: Any) -> None:
        self.matches, self.index = [], -1
        self.status.clear()

    def _search(self) -> None:
        self.matches = find_all(self.report.session.draft, self.find_edit.text(),
                                accents=self.accents.isChecked())

    def find_next(self, step: int = 1) -> Match | None:
        current = self.matches[self.index] if 0 <= self.index < len(self.matches) else None
        self._search()
        if not self.matches:
            self.index = -1
            self.status.setText(T_NONE.format(text=self.find_edit.text()))
            return None
        if current is not None and current in self.matches:
            self.index = (self.matches.index(current) + step) % len(self.matches)
        else:
            self.index = 0 if step > 0 else len(self.matches) - 1
        match = self.matches[self.index]
        self.status.setText(T_AT.format(n=self.index + 1, total=len(self.matches), context=match.context))
        self._show(match)
        return match

    def _show(self, match: Match) -> None:
        """Select the match where it is (its step, its field, its characters)."""
        self.report.goto_ref(match.ref)
        if isinstance(match.ref, SectionField) and match.ref.part == "text":
            # the words exactly, as the editor shows them (a period phrase filled, a figure a chip)
            widget = QApplication.focusWidget()
            if isinstance(widget, QPlainTextEdit):
                from .text_tools import select_span

                select_span(widget, (match.start, match.end))
        else:
            widget = QApplication.focusWidget()
            if isinstance(widget, QLineEdit):
                widget.setSelection(match.start, match.end - match.start)
            elif isinstance(widget, QPlainTextEdit):
                cursor = widget.textCursor()
                cursor.setPosition(match.start)
                cursor.setPosition(match.end, cursor.MoveMode.KeepAnchor)
                widget.setTextCursor(cursor)
        self.activateWindow()  # keep typing in the dialog; the selection shows in the window

    # ----- replacing -----------------------------------------------------------------------
    def replace_one(self) -> None:
        current = self.matches[self.index] if 0 <= self.index < len(self.matches) else None
        self._search()
        if current is None or current not in self.matches:
            self.find_next(1)
            return
        replace_all(self.report.session.editor, self.find_edit.text(), self.replace_edit.text(),
                    accents=self.accents.isChecked(), only=current, initiator=self)
        self.index -= 1  # the next match moved up into this place
        self.find_next(1)

    def replace_everything(self) -> int:
        count, _ = replace_all(self.report.session.editor, self.find_edit.text(), self.replace_edit.text(),
                               accents=self.accents.isChecked(), initiator=self)
        self._forget()
        self.status.setText(T_REPLACED.format(n=count) if count else T_NONE.format(text=self.find_edit.text()))
        return count

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_F3:
            self.find_next(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return
        super().keyPressEvent(event)
