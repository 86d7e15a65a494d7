"""Long work (writing the DOCX, converting, sending) off the UI thread, reported by signals."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..errors import report_unexpected


class TaskSignals(QObject):
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a Vietnamese message


class Task(QRunnable):
    """Runs ``fn(*args)`` in the global thread pool. Connect to ``signals`` before ``start``.

    The function must not touch widgets; give it copies of what it needs (e.g. ``draft.copy()``).
    A ``CchcError``'s message is shown as is; any other exception is logged with its traceback
    and the user reads ``errors.UNEXPECTED`` (``errors.report_unexpected``).
    """

    def __init__(self, fn: Callable[..., Any], *args: Any):
        super().__init__()
        self.fn, self.args = fn, args
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # the owner keeps it alive until a signal arrives

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Exception as exc:  # noqa: BLE001 - the worker's guard (MemoryError, RecursionError included)
            name = getattr(self.fn, "__qualname__", repr(self.fn))
            # ours (CchcError) as is, system errors worded, the rest logged with the traceback
            self.signals.failed.emit(report_unexpected(exc, f"worker {name}"))
            return
        self.signals.finished.emit(result)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)
