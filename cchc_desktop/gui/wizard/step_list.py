"""The always-visible list of steps on the left, each with its state (chưa nhập / đang nhập /
có lỗi / xong) in words and as a coloured mark."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from .base import STATE_TEXT
from .icons import state_icon


class StepList(QListWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Các bước soạn báo cáo")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSpacing(2)
        size = self.fontMetrics().height() * 2
        self.setIconSize(QSize(size // 2 + 4, size // 2 + 4))
        self._titles: list[str] = []
        self._states: list[str] = []

    def set_steps(self, titles: list[str]) -> None:
        self.blockSignals(True)
        self.clear()
        self._titles = list(titles)
        self._states = ["empty"] * len(titles)
        for i, _title in enumerate(titles):
            self.addItem(QListWidgetItem())
            self._paint(i)
        self.blockSignals(False)
        fm = self.fontMetrics()
        self.setMinimumWidth(fm.averageCharWidth() * 30)

    def set_title(self, index: int, title: str) -> None:
        if 0 <= index < len(self._titles) and self._titles[index] != title:
            self._titles[index] = title
            self._paint(index)

    def set_state(self, index: int, state: str) -> None:
        if 0 <= index < len(self._states) and self._states[index] != state:
            self._states[index] = state
            self._paint(index)

    def step_state(self, index: int) -> str:
        return self._states[index]

    def _paint(self, index: int) -> None:
        item = self.item(index)
        state = self._states[index]
        number = f"{index + 1}. " if index < 9 else f"{index + 1}. "
        item.setText(f"{number}{self._titles[index]}\n      {STATE_TEXT[state]}")
        item.setIcon(state_icon(state))
        shortcut = f" (Ctrl+{index + 1})" if index < 9 else ""
        item.setToolTip(f"{self._titles[index]} – {STATE_TEXT[state]}{shortcut}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"Bước {index + 1}: {self._titles[index]}, {STATE_TEXT[state]}")
