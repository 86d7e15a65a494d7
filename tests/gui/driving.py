"""Drive real widgets the way a user does: keystrokes (Vietnamese letters arrive as an input
method commit, as with Unikey/IBus), clicks on list items and buttons, modal dialogs."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit


def type_text(qtbot, widget, text: str) -> None:
    """Each ASCII character as a key press; other letters as an input-method commit."""
    widget.setFocus()
    for ch in text:
        if ch == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif ch.isascii():
            qtbot.keyClick(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def type_cell(qtbot, grid, code: str, text: str) -> None:
    """Go to a row of an annex grid, type like a user (the first key opens the editor), Enter."""
    assert grid.focus_cell(code), code
    qtbot.keyClick(grid.view, text[0])
    editor = QApplication.focusWidget()
    if isinstance(editor, QComboBox):  # a coded answer: the key picks the choice
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        return
    assert isinstance(editor, QLineEdit), editor
    for ch in text[1:]:
        qtbot.keyClick(editor, ch)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def click_item(qtbot, list_widget, row: int) -> None:
    rect = list_widget.visualItemRect(list_widget.item(row))
    qtbot.mouseClick(list_widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_button(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))


def on_modal(fn, delay: int = 50) -> None:
    """Run ``fn(dialog)`` on the next modal dialog once it is shown (it is being exec()'d)."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(delay, poll)
            return
        fn(dialog)
    QTimer.singleShot(delay, poll)
