"""Zoom of the text boxes of a report window (Ctrl+wheel, Ctrl++ / Ctrl+- / Ctrl+0), remembered
for the next time (a setting of the store). Only the typing boxes grow: the window's layout,
menus and tables keep their size, as in a word processor."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QPlainTextEdit

ZOOM_KEY = "wizard.text_zoom"  # setting: points added to the text boxes' font size
MIN_DELTA, MAX_DELTA = -4.0, 16.0
BASE_PROPERTY = "cchcBasePointSize"


class TextZoom(QObject):
    def __init__(self, window: Any, store: Any):
        super().__init__(window)
        self.window = window
        self.store = store
        try:
            saved = store.get_setting(ZOOM_KEY)
        except Exception:  # noqa: BLE001 - best-effort: comfort only
            saved = None
        self.delta = float(saved) if isinstance(saved, (int, float)) else 0.0
        self.delta = min(MAX_DELTA, max(MIN_DELTA, self.delta))

    def attach(self) -> None:
        """Watch the text boxes of the (re)built steps and give them the current size."""
        for edit in self.window.findChildren(QPlainTextEdit):
            if edit.property(BASE_PROPERTY) is None:
                edit.setProperty(BASE_PROPERTY, edit.font().pointSizeF())
                edit.viewport().installEventFilter(self)
        self.apply()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Wheel and event.modifiers() & event.modifiers().ControlModifier:
            dy = event.angleDelta().y()
            if dy:
                self.change(1.0 if dy > 0 else -1.0)
            return True
        return super().eventFilter(obj, event)

    def change(self, step: float) -> None:
        """``step`` points larger (negative: smaller); 0 resets."""
        delta = 0.0 if step == 0 else min(MAX_DELTA, max(MIN_DELTA, self.delta + step))
        if delta == self.delta:
            return
        self.delta = delta
        self.apply()
        from .later import write_soon

        delta = self.delta
        write_soon(self.store, ZOOM_KEY, lambda: self.store.set_setting(ZOOM_KEY, delta), "remembering the text size")

    def apply(self) -> None:
        for edit in self.window.findChildren(QPlainTextEdit):
            base = edit.property(BASE_PROPERTY)
            if base is None:
                continue
            font = edit.font()
            font.setPointSizeF(float(base) + self.delta)
            edit.setFont(font)
            edit.document().setDefaultFont(font)
            for doc in getattr(edit.parent(), "_docs", {}).values():  # a section pane's other texts
                doc.setDefaultFont(font)

    def point_size(self, edit: QPlainTextEdit) -> float:
        return edit.font().pointSizeF()
