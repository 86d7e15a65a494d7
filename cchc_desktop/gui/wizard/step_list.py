"""The always-visible list of steps on the left, each with its state (chưa nhập / đang nhập /
có lỗi / xong) in words and as a coloured mark."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
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
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        size = self.fontMetrics().height() * 2
        self.setIconSize(QSize(size // 2 + 4, size // 2 + 4))
        self._titles: list[str] = []
        self._states: list[str] = []
        # on a short screen (1366x768 at 150 % leaves 512 px) each step takes one line, the state
        # after its title, so the whole list shows without scrolling (issue 13 item 15)
        self.compact = False
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit)

    def set_steps(self, titles: list[str]) -> None:
        self._fit_timer.start()
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

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_timer.start()

    def _fit(self) -> None:
        """Two lines a step when they all fit, one line when they would not (measured by the
        list's own scroll range, in pixels: item size hints ignore word wrapping)."""
        if self.count() == 0:
            return
        if not self.compact:
            overflow = self.verticalScrollBar().maximum()
            if overflow > 0:
                self._two_line_height = self.viewport().height() + overflow  # the way back
                self._set_compact(True)
        elif self.viewport().height() >= getattr(self, "_two_line_height", 10**6):
            self._set_compact(False)

    def _set_compact(self, on: bool) -> None:
        self.compact = on
        for i in range(self.count()):
            self._paint(i)

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
        number = f"{index + 1}. "
        if self.compact:
            item.setText(f"{number}{self._titles[index]} · {STATE_TEXT[state]}")
        else:
            item.setText(f"{number}{self._titles[index]}\n      {STATE_TEXT[state]}")
        item.setIcon(state_icon(state))
        shortcut = f" (Ctrl+{index + 1})" if index < 9 else ""
        item.setToolTip(f"{self._titles[index]} – {STATE_TEXT[state]}{shortcut}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"Bước {index + 1}: {self._titles[index]}, {STATE_TEXT[state]}")
