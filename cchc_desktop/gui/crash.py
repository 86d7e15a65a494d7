"""The last guard of the GUI: an exception nobody caught (a slot, a virtual method, a thread)
is logged with its traceback and shown as one Vietnamese dialog with "Chép chi tiết" (copies
the technical detail to the clipboard for whoever helps the user); Qt's own warnings go to the
log instead of a console the windowed build does not have.

``install()`` is called once by ``app.main`` after the log is set up. While one crash dialog is
open, further crashes are only logged (no cascade of boxes).
"""
from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler

from ..errors import report_unexpected, technical_detail, user_message

log = logging.getLogger(__name__)

TITLE = "Lỗi trong phần mềm"
KEEP_GOING = ("Bạn có thể tiếp tục làm việc; nếu lỗi lặp lại, hãy bấm «Chép chi tiết» và gửi cho người hỗ "
              "trợ kỹ thuật.")
COPY = "Chép chi tiết"
CLOSE = "Đóng"


class _Relay(QObject):
    """Carries a crash from another thread to the GUI thread (queued signal)."""
    crashed = Signal(object)


_relay: _Relay | None = None
_showing = False


def install() -> None:
    global _relay
    _relay = _Relay()
    _relay.crashed.connect(_show)
    sys.excepthook = excepthook
    threading.excepthook = _thread_hook
    qInstallMessageHandler(_qt_message)


def excepthook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(etype, KeyboardInterrupt):
        sys.__excepthook__(etype, value, tb)
        return
    if value.__traceback__ is None and tb is not None:
        value = value.with_traceback(tb)
    report_unexpected(value, "uncaught in the GUI")
    if _relay is None:
        return
    if threading.current_thread() is threading.main_thread():
        _show(value)
    else:
        _relay.crashed.emit(value)


def guarded(slot, context: str = ""):
    """Call ``slot()``; an exception it lets through is logged and shown as the crash dialog
    (the guard of each GUI action: menu entries and buttons go through it)."""
    try:
        return slot()
    except Exception as exc:
        if _relay is None:  # not installed (tests without app.main): let the test see it
            raise
        report_unexpected(exc, f"GUI action {context.replace('&', '')}")
        _show(exc)
        return None


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def crash_text(exc: BaseException) -> str:
    """The dialog's sentence: ours as is, system errors worded, anything else the generic one."""
    return user_message(exc)


def _show(exc: BaseException) -> None:
    global _showing
    if _showing:
        return
    _showing = True
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, crash_text(exc))
        box.setInformativeText(KEEP_GOING)
        copy = box.addButton(COPY, QMessageBox.ButtonRole.ActionRole)
        close = box.addButton(CLOSE, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(close)
        box.exec()
        if box.clickedButton() is copy:
            QApplication.clipboard().setText(technical_detail(exc))
    except Exception:
        log.exception("crash dialog could not be shown")
    finally:
        _showing = False


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(mode: QtMsgType, context, message: str) -> None:
    logging.getLogger("cchc_desktop.qt").log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)
