"""Long work (writing the DOCX, converting, sending) off the UI thread, reported by signals."""
from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a Vietnamese message


class Task(QRunnable):
    """Runs ``fn(*args)`` in the global thread pool. Connect to ``signals`` before ``start``.

    The function must not touch widgets; give it copies of what it needs (e.g. ``draft.copy()``).
    An exception's ``str()`` is shown to the user, so core errors carry Vietnamese messages.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any):
        super().__init__()
        self.fn, self.args = fn, args
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # the owner keeps it alive until a signal arrives

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message
            message = str(exc) or exc.__class__.__name__
            if not any(ch in message for ch in "ăâđêôơưĂÂĐÊÔƠƯ"):  # not one of ours: say so plainly
                message = f"Lỗi không mong đợi: {message}"
            traceback.print_exc()
            self.signals.failed.emit(message)
            return
        self.signals.finished.emit(result)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)
