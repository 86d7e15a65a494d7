"""Message boxes and file dialogs with Vietnamese buttons and labels, in one place.

Every button text is set here explicitly (not left to Qt's translation), so nothing in English
can appear even without the translator.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

# QMessageBox and QFileDialog are imported when a box is shown: the home window imports this
# module, and creating those two Python types costs ~4 ms of start-up.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

YES, NO, CANCEL, OK, CLOSE = "Có", "Không", "Hủy", "Đồng ý", "Đóng"
APP_TITLE = "CCHC Desktop"


def _button_text() -> dict:
    from PySide6.QtWidgets import QMessageBox

    std = QMessageBox.StandardButton
    return {std.Yes: YES, std.No: NO, std.Cancel: CANCEL, std.Ok: OK, std.Close: CLOSE}


def _box(parent: QWidget | None, icon, title: str, text: str, buttons, default, detail: str = "") -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title or APP_TITLE, text, buttons, parent)
    for std, label in _button_text().items():
        button = box.button(std)
        if button is not None:
            button.setText(label)
    if detail:
        box.setInformativeText(detail)
    box.setDefaultButton(default)
    return box


def info(parent: QWidget | None, text: str, title: str = "", detail: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    _box(parent, QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
         QMessageBox.StandardButton.Ok, detail).exec()


def error(parent: QWidget | None, text: str, title: str = "Có lỗi", detail: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    _box(parent, QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Close,
         QMessageBox.StandardButton.Close, detail).exec()


def ask_yes_no(parent: QWidget | None, text: str, title: str = "", detail: str = "",
               default_yes: bool = False) -> bool:
    from PySide6.QtWidgets import QMessageBox

    std = QMessageBox.StandardButton
    box = _box(parent, QMessageBox.Icon.Question, title, text, std.Yes | std.No,
               std.Yes if default_yes else std.No, detail)
    return box.exec() == std.Yes


def ask_choice(parent: QWidget | None, text: str, choices: list[str], title: str = "",
               detail: str = "") -> int:
    """Buttons with the given labels plus "Hủy"; returns the index chosen, -1 for Hủy."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel,
               QMessageBox.StandardButton.Cancel, detail)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in choices]
    if buttons:
        box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else -1


def _file_dialog(parent, caption: str, directory: str, name_filter: str, mode, accept: str) -> QFileDialog:
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setFileMode(mode)
    if sys.platform != "win32":  # Windows' own dialog is already in Vietnamese
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setLabelText(QFileDialog.DialogLabel.LookIn, "Tìm trong:")
        dialog.setLabelText(QFileDialog.DialogLabel.FileName, "Tên tệp:")
        dialog.setLabelText(QFileDialog.DialogLabel.FileType, "Loại tệp:")
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, accept)
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, CANCEL)
    return dialog


def open_file(parent: QWidget | None, caption: str, directory: str, name_filter: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    dialog = _file_dialog(parent, caption, directory, name_filter, QFileDialog.FileMode.ExistingFile, "Mở")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if dialog.exec() and dialog.selectedFiles():
        return dialog.selectedFiles()[0]
    return ""


def choose_folder(parent: QWidget | None, caption: str, directory: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    dialog = _file_dialog(parent, caption, directory, "", QFileDialog.FileMode.Directory, "Chọn thư mục")
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if dialog.exec() and dialog.selectedFiles():
        return dialog.selectedFiles()[0]
    return ""


def save_file(parent: QWidget | None, caption: str, path: str, name_filter: str, suffix: str = "") -> str:
    """A file name to write (the dialog asks before replacing an existing file)."""
    from PySide6.QtWidgets import QFileDialog

    dialog = _file_dialog(parent, caption, path, name_filter, QFileDialog.FileMode.AnyFile, "Lưu")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if suffix:
        dialog.setDefaultSuffix(suffix)
    if path:
        dialog.selectFile(path)
    if dialog.exec() and dialog.selectedFiles():
        return dialog.selectedFiles()[0]
    return ""
