"""Issue 11 item 2: a report window never closes over an edit the store refused. Another
connection really holds SQLite's write lock; the real message boxes and file dialog are driven."""
from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from cchc_desktop.gui import unsaved_close as uc
from cchc_desktop.outlines import new_draft

from .driving import click_button, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(qtbot, profiled_store):
    from cchc_desktop.gui.wizard.window import DraftWindow

    draft = new_draft("periodic", profile=profiled_store.load_profile())
    profiled_store.create_draft(draft)
    window = DraftWindow(profiled_store, draft.id, profiled_store.load_profile())
    window.session.acquire_lock()
    window.show()
    qtbot.waitExposed(window)
    window.session.close_patience = 0.15  # closing keeps trying a busy store 5 s; the test less
    holder = sqlite3.connect(profiled_store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    yield window, holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()
    if alive(window):
        window.close()


def alive(window) -> bool:
    """Still open: not deleted (the window deletes itself on close) and visible."""
    from shiboken6 import isValid

    return isValid(window) and window.isVisible()


def on_dialogs(*handlers) -> list:
    """Run each handler on the next modal dialog, in order; returns the dialogs seen."""
    seen: list = []
    queue = list(handlers)

    def poll():
        dialog = QApplication.activeModalWidget()
        if queue and dialog is not None and dialog.isVisible() and (not seen or dialog is not seen[-1]):
            seen.append(dialog)
            queue.pop(0)(dialog)
        if queue:
            QTimer.singleShot(30, poll)

    QTimer.singleShot(30, poll)
    return seen


def button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def type_summary(qtbot, window, text: str) -> None:
    field = window.step("general").fields["summary"]
    field.clear()
    type_text(qtbot, field, text)


def test_retry_after_the_lock_is_released(qtbot, opened, profiled_store):
    window, holder = opened
    draft_id = window.session.draft_id
    type_summary(qtbot, window, "Báo cáo giữ lại")

    def release_then_retry(box):
        holder.execute("ROLLBACK")  # the other program lets go
        click_button(qtbot, button(box, uc.RETRY))

    seen = on_dialogs(lambda box: click_button(qtbot, button(box, uc.RETRY)), release_then_retry)
    window.close()
    assert len(seen) == 2 and uc.T_TEXT in seen[0].text() and "đang bận" in seen[0].informativeText()
    assert not alive(window)
    assert profiled_store.load_draft(draft_id).meta.summary == "Báo cáo giữ lại"


def test_save_as_a_draft_file_elsewhere(qtbot, opened, profiled_store, tmp_path):
    window, holder = opened
    draft_id = window.session.draft_id
    type_summary(qtbot, window, "Bản cứu")
    target = tmp_path / "usb" / "ban-cuu.json"
    target.parent.mkdir()

    def fill(dialog: QFileDialog):  # types the path into the dialog's file name box, Enter
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLineEdit

        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(str(target))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    seen = on_dialogs(lambda box: click_button(qtbot, button(box, uc.SAVE_AS)), fill,
                      lambda box: box.accept())
    window.close()
    assert isinstance(seen[1], QFileDialog) and not alive(window)
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["meta"]["summary"] == "Bản cứu" and saved["format"] == "cchc-draft"
    holder.execute("ROLLBACK")
    assert profiled_store.load_draft(draft_id).meta.summary != "Bản cứu"


def test_cancel_keeps_the_window_and_the_edit(qtbot, opened, profiled_store):
    window, holder = opened
    draft_id = window.session.draft_id
    type_summary(qtbot, window, "Chưa đóng")
    on_dialogs(lambda box: click_button(qtbot, box.button(QMessageBox.StandardButton.Cancel)))
    window.close()
    assert alive(window) and window.session.has_pending()
    holder.execute("ROLLBACK")
    window.close()  # now the save goes through and the window closes without a question
    assert not alive(window)
    assert profiled_store.load_draft(draft_id).meta.summary == "Chưa đóng"


def test_discard_only_on_explicit_choice(qtbot, opened, profiled_store):
    window, holder = opened
    draft_id = window.session.draft_id
    before = profiled_store.load_draft(draft_id).meta.summary
    type_summary(qtbot, window, "Bỏ đi")
    seen = on_dialogs(lambda box: click_button(qtbot, button(box, uc.DISCARD)),
                      lambda box: click_button(qtbot, box.button(QMessageBox.StandardButton.Yes)))
    window.close()
    assert len(seen) == 2 and seen[1].text() == uc.T_DISCARD
    assert not alive(window)
    holder.execute("ROLLBACK")
    assert profiled_store.load_draft(draft_id).meta.summary == before
