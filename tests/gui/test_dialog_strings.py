"""Issue 13 item 10: no English in the Qt dialogs the app opens (Linux: Qt's own file and folder
dialogs; the print dialog has its own test in test_user_walkthrough). Every visible text, item,
header, tooltip and accessible name of each dialog is read; any word of three Latin letters or
more without a Vietnamese letter in the same string is reported (paths excepted)."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QHeaderView, QLabel, QLineEdit, QWidget

from cchc_desktop.gui import messages

pytestmark = pytest.mark.gui


def english(dialog: QWidget) -> list[str]:
    out: list[str] = []
    for c in dialog.findChildren(QWidget):
        if not c.isVisible():
            continue
        if isinstance(c, (QLabel, QAbstractButton)):
            out.append(c.text())
        if isinstance(c, QComboBox):
            out += [c.itemText(i) for i in range(c.count())]
        if isinstance(c, QLineEdit):
            out.append(c.placeholderText())
        if isinstance(c, QHeaderView) and c.model() is not None:
            out += [str(c.model().headerData(i, c.orientation())) for i in range(c.count())]
        out += [c.toolTip(), c.accessibleName()]
    return sorted({t for t in out if t and not t.startswith("/") and re.search(r"[A-Za-z]{3,}", t)
                   and not re.search(r"[À-ỹđĐ]", t)})


@pytest.fixture
def translated(qapp):
    from cchc_desktop.gui.app import install_translations

    keep = install_translations(qapp)
    yield
    for t in keep:
        qapp.removeTranslator(t)


@pytest.mark.parametrize("kind", ["folder", "open", "save"])
def test_file_dialogs_speak_vietnamese(qtbot, translated, tmp_path, kind):
    seen: dict[str, list[str]] = {}

    def grab():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, grab)
            return
        seen["texts"] = english(dialog)
        dialog.reject()

    QTimer.singleShot(100, grab)
    if kind == "folder":
        messages.choose_folder(None, "Chọn thư mục lưu", str(tmp_path))
    elif kind == "open":
        messages.open_file(None, "Chọn tệp báo cáo", str(tmp_path), "Báo cáo Word (*.docx)")
    else:
        messages.save_file(None, "Lưu ra tệp", str(tmp_path / "a.json"), "Tệp dự thảo (*.json)", "json")
    assert seen["texts"] == []
