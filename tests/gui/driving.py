"""Drive real widgets the way a user does: keystrokes (Vietnamese letters arrive as an input
method commit, as with Unikey/IBus), clicks on list items and buttons, modal dialogs."""
from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QDialogButtonBox, QLineEdit, QSpinBox


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


def choose(qtbot, combo: QComboBox, value) -> None:
    """Pick an entry of a combo box with the arrow keys (each key is a user's choice: ``activated``)."""
    target = combo.findData(value)
    assert target >= 0, (value, [combo.itemData(i) for i in range(combo.count())])
    combo.setFocus()
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def retype(qtbot, edit, text: str) -> None:
    """Select everything in a field and type over it."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def new_report_through_dialog(qtbot, home, *, kind: str | None = None, period: str = "6m", year: int | None = None,
                              variant: str = "A-2024", custom: tuple | None = None):
    """"Tạo báo cáo mới…" on the home window, the dialog filled as a user fills it (``kind`` and
    ``year`` left as offered when None; ``custom``: ((y, m, d) from, (y, m, d) to, title)), OK;
    returns the report window that opens."""
    def fill(dialog):
        if kind is not None:
            choose(qtbot, dialog.findChild(QComboBox, "kindCombo"), kind)
        choose(qtbot, dialog.findChild(QComboBox, "periodCombo"), period)
        spin = dialog.findChild(QSpinBox, "yearSpin")
        if year is not None and spin.isEnabled():
            retype(qtbot, spin.lineEdit(), str(year))
        if custom:
            dialog.findChild(QDateEdit, "fromDate").setDate(QDate(*custom[0]))
            dialog.findChild(QDateEdit, "toDate").setDate(QDate(*custom[1]))
            type_text(qtbot, dialog.findChild(QLineEdit, "periodTitleEdit"), custom[2])
        choose(qtbot, dialog.findChild(QComboBox, "variantCombo"), variant)
        click_button(qtbot, dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.StandardButton.Ok))
    on_modal(fill)
    click_button(qtbot, home.button_new)
    qtbot.waitUntil(lambda: len(home.windows) == 1, timeout=5000)
    window = next(iter(home.windows.values()))
    qtbot.waitExposed(window)
    return window


def open_stored(qtbot, home, store, draft):
    """Store ``draft``, select it in the home list and open it as a user does; the report window."""
    store.create_draft(draft)
    home.refresh()
    home.select(draft.id)
    home.open_selected()
    qtbot.waitUntil(lambda: draft.id in home.windows, timeout=5000)
    window = home.windows[draft.id]
    qtbot.waitExposed(window)
    return window
