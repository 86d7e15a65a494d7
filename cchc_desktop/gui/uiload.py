"""Load a Qt Designer file from ``ui/`` (found through ``resources.ui_path``, so it works from
a source checkout and from the frozen bundle, where ``ui/`` is shipped as data)."""
from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QWidget

from ..errors import CchcError
from ..resources import ui_path


class UiFileError(CchcError, RuntimeError):
    pass


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """The widget tree described by ``ui/<name>``; child widgets are reachable by objectName."""
    path = ui_path(name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise UiFileError(f"Không mở được tệp giao diện «{path}».")
    try:
        loader = QUiLoader()
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise UiFileError(f"Tệp giao diện «{path}» bị lỗi: {loader.errorString()}")
    return widget


def load_dialog(name: str, parent: QWidget | None = None) -> QDialog:
    """``load_ui`` for a .ui file whose top-level widget is a QDialog."""
    widget = load_ui(name, parent)
    if not isinstance(widget, QDialog):
        raise UiFileError(f"Tệp giao diện «{name}» không phải một hộp thoại.")
    return widget


def child(widget: QWidget, cls, name: str):
    """A named child of a loaded form; a clear error when the .ui file lost it."""
    found = widget.findChild(cls, name)
    if found is None:
        raise UiFileError(f"Tệp giao diện thiếu thành phần «{name}».")
    return found


def dispose(widget: QWidget) -> None:
    """Delete a finished dialog soon. Its children's signals are blocked first: while Qt tears
    a list or combo box down it emits "current changed", and a Python slot reaching a sibling
    that is already gone would fail (or crash the interpreter)."""
    for obj in widget.findChildren(QObject):
        obj.blockSignals(True)
    widget.blockSignals(True)
    widget.deleteLater()
