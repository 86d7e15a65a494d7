"""History restore, and the rules for what is on screen: no English, every input named."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from cchc_desktop.draft import Draft
from cchc_desktop.gui.history_dialog import HistoryDialog
from cchc_desktop.gui.new_draft_dialog import NewDraftDialog
from cchc_desktop.gui.profile_dialog import ProfileDialog
from cchc_desktop.gui.vi_translator import translation_for

from .conftest import ROOT
from .driving import click_button, type_text

pytestmark = pytest.mark.gui

ENGLISH = re.compile(r"\b(OK|Cancel|Yes|No|Close|Save|Open|File|Edit|Help|View|Undo|Redo|Cut|Copy|Paste|"
                     r"Delete|Select All|Apply|Reset|Back|Next|Finish|Browse|Error|Warning|Search|Settings|"
                     r"Untitled|Loading|Done|Name|Size|Type)\b")


# key names as printed on the keyboard are fine in hints: "Delete để xóa", "(Ctrl+Delete)"
KEY_NAMES = re.compile(r"\b(Ctrl|Shift|Alt|Delete|Del|Enter|Tab|Esc|PgUp|PgDn|F\d+|Backspace)\b")


def load_example(store) -> str:
    draft = Draft.from_json(open(f"{ROOT}/examples/quang-khai-6t-2023.json", encoding="utf-8").read())
    store.save_draft(draft, reason="Nhập từ tệp")
    return draft.id


def test_history_restores_an_earlier_revision(qtbot, home, profiled_store, answers):
    draft_id = load_example(profiled_store)
    window = home.open_draft(draft_id)
    edit = window.step("general").fields["summary"]
    edit.selectAll()
    type_text(qtbot, edit, "Tên bị sửa nhầm")
    window.session.flush()
    profiled_store.snapshot(draft_id, "Trước khi khôi phục")
    assert profiled_store.load_draft(draft_id).meta.summary == "Tên bị sửa nhầm"

    dialog = HistoryDialog(profiled_store, draft_id, window)
    qtbot.addWidget(dialog.dialog)
    dialog.dialog.show()
    rows = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "Nhập từ tệp" in rows
    dialog.table.selectRow(rows.index("Nhập từ tệp"))
    assert "Công tác cải cách hành chính 6 tháng đầu năm 2023" in dialog.preview.toPlainText()
    click_button(qtbot, dialog.restore_button)  # "Có" to the question
    assert dialog.restored
    assert profiled_store.load_draft(draft_id).meta.summary == "Công tác cải cách hành chính 6 tháng đầu năm 2023"


def visible_texts(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle()]
    for w in [widget, *widget.findChildren(QWidget)]:
        for getter in ("text", "placeholderText", "toolTip", "accessibleName", "title"):
            if getter == "text" and isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
                continue  # what the user typed (the report's own text) is not UI text
            fn = getattr(w, getter, None)
            try:
                value = fn() if callable(fn) else None
            except TypeError:
                value = None
            if isinstance(value, str):
                texts.append(value)
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(w.rootIndex())
            except TypeError:  # a list model: no header
                columns = 0
            for c in range(columns):
                texts.append(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
        for action in w.actions():
            texts.append(action.text())
            if action.menu():
                texts += [a.text() for a in action.menu().actions()]
    return [t for t in texts if t]


def unnamed_inputs(widget: QWidget) -> list[str]:
    out = []
    for w in widget.findChildren(QWidget):
        if isinstance(w, (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)):
            if (isinstance(w.parent(), (QAbstractSpinBox, QComboBox)) or w.objectName().startswith("qt_")
                    or isinstance(w, QHeaderView)):
                continue  # the inner editor of a spin/combo box: the box itself is named
            if not w.accessibleName() and w.isVisibleTo(widget):
                out.append(f"{type(w).__name__} {w.objectName()}")
        if (isinstance(w, QAbstractButton) and not (w.text() or w.accessibleName()) and w.isVisibleTo(widget)
                and not w.objectName().startswith("qt_")):
            out.append(f"{type(w).__name__} {w.objectName()}")
    return out


def test_no_english_and_every_input_named(qtbot, home, profiled_store):
    draft_id = load_example(profiled_store)
    home.refresh()
    window = home.open_draft(draft_id)
    screens = [home, window]
    for page in window.steps:
        window.go_to_step(page.step_id)
    profile = ProfileDialog(profiled_store.load_profile(), home)
    new = NewDraftDialog(profiled_store.load_profile(), home)
    history = HistoryDialog(profiled_store, draft_id, window)
    screens += [profile.dialog, new.dialog, history.dialog]
    for screen in screens:
        english = [t for t in visible_texts(screen) if ENGLISH.search(KEY_NAMES.sub("", t.replace("&", "")))]
        assert not english, (screen, english)
        if screen in (home, window):
            for step in getattr(screen, "steps", [screen]):
                assert not unnamed_inputs(step), (step, unnamed_inputs(step))
        else:
            assert not unnamed_inputs(screen), (screen, unnamed_inputs(screen))
    for dialog in (profile, new, history):
        dialog.dialog.deleteLater()


def test_qt_own_strings_are_vietnamese(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    from cchc_desktop.gui.app import install_translations

    install_translations(QApplication.instance())
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]
    assert "Chọn tất cả" in texts and "Dán" in texts
    assert not [t for t in texts if ENGLISH.search(t)]
    assert translation_for("Cancel") == "Hủy" and translation_for("OK") == "Đồng ý"
