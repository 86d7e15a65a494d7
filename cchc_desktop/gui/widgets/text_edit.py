"""Text widgets that keep what the official typed or pasted: plain, NFC, Vietnamese menus.

``PlainTextEditor`` is the body-text editor of a section; ``VnLineEdit`` a one-line field;
``ListEditor`` an editable list of one-line strings (legal bases, recipients).
Qt's own context menus would be English, so both text widgets build their own.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ...textnorm import clean_line, clean_text

# Vietnamese UI text of this module, in one place.
T_UNDO = "Hoàn tác"
T_REDO = "Làm lại"
T_CUT = "Cắt"
T_COPY = "Sao chép"
T_PASTE = "Dán"
T_DELETE = "Xóa"
T_SELECT_ALL = "Chọn tất cả"
T_ADD = "Thêm"
T_UP = "Lên"
T_DOWN = "Xuống"
T_LIST = "Danh sách"
T_NEW_ITEM_HINT = "Nhập nội dung rồi nhấn Enter"
T_INSERT_FIGURE = "Chèn số liệu từ bảng…"
T_ADD_WORD = "Thêm vào từ điển"
T_NO_SUGGESTION = "(không có gợi ý)"
MIME_TEXT = "application/x-cchc-text"  # section text with figure-reference tokens
MAX_PASTE = 2_000_000  # characters taken from one paste


def _menu_action(menu: QMenu, text: str, shortcut: QKeySequence.StandardKey | None, slot,
                 enabled: bool = True) -> QAction:
    action = menu.addAction(text)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutVisibleInContextMenu(True)
    action.triggered.connect(slot)
    action.setEnabled(enabled)
    return action


_LIST_MARK = re.compile(r"^[a-zđ][).]\s")  # "a) ...", "b. ...": a new item, not a continuation
_NUMBERED = re.compile(r"^\d+(\.\d+)*[.)]\s")  # "1. ...", "2.3) ...": a numbered item starts a paragraph
_SENTENCE_END = (".", ";", ":", "!", "?")


def join_broken_lines(text: str) -> str:
    """Text copied from a PDF (last period's report) has a line break at the end of every printed
    line, and each line would become a paragraph of its own in the Word file. A paragraph of a
    report starts with a capital, a number or "- " / "+ ", so a line starting in lower case
    continues the line above and is joined to it (not after a ":", which may open a list);
    the PDF's runs of spaces fold to one."""
    out: list[str] = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]{2,}", " ", line)
        stripped = line.strip()
        prev = out[-1].rstrip() if out else ""
        # "1.198 hồ sơ ..." broken off a sentence continues it; "1. Kết quả" opens an item
        number_goes_on = (stripped[:1].isdigit() and not _NUMBERED.match(stripped)
                          and not prev.endswith(_SENTENCE_END))
        if (prev and stripped and (stripped[0].islower() or number_goes_on) and not prev.endswith(":")
                and not _LIST_MARK.match(stripped)):
            out[-1] = f"{prev} {stripped}"
        else:
            out.append(line)
    return "\n".join(out)


class PlainTextEditor(QPlainTextEdit):
    """Body text: pasted content becomes plain NFC text, line breaks and "- " / "+ " kept.
    With ``join_lines`` (report paragraphs, not one-per-line lists) a paste from a PDF gets its
    broken lines joined again (:func:`join_broken_lines`).

    Live figure references are chips (:mod:`.figure_text`): copy and paste inside the app keep
    them (``MIME_TEXT``), other programs get the printed values. With ``spell`` set (a
    :class:`~.spell_highlight.SpellService`) the context menu offers the corrections of the word
    under the mouse and «Thêm vào từ điển» (``addWordRequested``); Ctrl+Shift+S asks for
    «Chèn số liệu» (``insertFigureRequested``)."""

    addWordRequested = Signal(str)
    insertFigureRequested = Signal()

    def __init__(self, parent: QWidget | None = None, join_lines: bool = False):
        super().__init__(parent)
        self.join_lines = join_lines
        self.spell = None  # SpellService, set by the section pane
        self.figure_lookup = None  # (form, code) -> printed value, for copying chips out
        self.figures_enabled = False
        self.setTabChangesFocus(True)  # a tab character has no place in report text
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.verticalScrollBar().setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.insert_figure_action = QAction(T_INSERT_FIGURE, self)
        self.insert_figure_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.insert_figure_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.insert_figure_action.triggered.connect(self._ask_figure)
        self.addAction(self.insert_figure_action)
        self._menu_pos = None

    def plain_text(self) -> str:
        """The text as stored: NFC, unified line breaks, no control junk, chips as tokens."""
        from .figure_text import stored_text

        return clean_text(stored_text(self.document()))

    def _ask_figure(self) -> None:
        if self.figures_enabled and not self.isReadOnly():
            self.insertFigureRequested.emit()

    # ----- copy and paste ---------------------------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt API
        from ... import figrefs
        from .figure_text import stored_text

        cursor = self.textCursor()
        stored = stored_text(self.document(), cursor.selectionStart(), cursor.selectionEnd())
        data = QMimeData()
        lookup = self.figure_lookup or (lambda form, code: None)
        shown = figrefs.TOKEN_RE.sub(lambda m: lookup(int(m.group(1)), m.group(2)) or figrefs.MISSING, stored)
        data.setText(shown)
        if figrefs.has_refs(stored):
            data.setData(MIME_TEXT, stored.encode("utf-8"))
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt API
        return source.hasText() or source.hasFormat(MIME_TEXT)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt API
        from .figure_text import insert_text

        if source.hasFormat(MIME_TEXT):  # our own chips, copied inside the app
            raw = bytes(source.data(MIME_TEXT).data())[:MAX_PASTE].decode("utf-8", "replace")
            insert_text(self.textCursor(), clean_text(raw))
            return
        if source.hasText():  # rich text from Word or a web page: keep only its characters
            text = clean_text(source.text()[:MAX_PASTE])
            insert_text(self.textCursor(), join_broken_lines(text) if self.join_lines else text)

    # ----- spelling ----------------------------------------------------------------------------
    def misspelling_at(self, pos):
        """(block, Misspelling) of the word at viewport point ``pos``, or None."""
        if self.spell is None:
            return None
        cursor = self.cursorForPosition(pos)
        block = cursor.block()
        at = cursor.position() - block.position()
        for m in self.spell.check_now(block.text()):
            if m.start <= at <= m.end:
                return block, m
        return None

    def replace_word(self, block, start: int, end: int, text: str) -> None:
        cursor = self.textCursor()
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, cursor.MoveMode.KeepAnchor)
        cursor.insertText(text)

    def _spelling_actions(self, menu: QMenu) -> None:
        hit = self.misspelling_at(self._menu_pos) if self._menu_pos is not None else None
        if hit is None or self.isReadOnly():
            return
        block, m = hit
        choices = [m.suggestion] if m.suggestion else self.spell.suggestions(m.word)
        if not choices:
            menu.addAction(T_NO_SUGGESTION).setEnabled(False)
        for choice in choices[:6]:
            action = menu.addAction(choice)
            font = action.font()
            font.setBold(True)
            action.setFont(font)
            action.triggered.connect(lambda _=False, c=choice: self.replace_word(block, m.start, m.end, c))
        if m.kind == "unknown":
            menu.addAction(T_ADD_WORD).triggered.connect(lambda _=False, w=m.word: self.addWordRequested.emit(w))
        menu.addSeparator()

    # ----- context menu -----------------------------------------------------------------------
    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        self._spelling_actions(menu)
        has_sel = self.textCursor().hasSelection()
        writable = not self.isReadOnly()
        doc = self.document()
        _menu_action(menu, T_UNDO, QKeySequence.StandardKey.Undo, self.undo,
                     writable and doc.isUndoAvailable())
        _menu_action(menu, T_REDO, QKeySequence.StandardKey.Redo, self.redo,
                     writable and doc.isRedoAvailable())
        menu.addSeparator()
        _menu_action(menu, T_CUT, QKeySequence.StandardKey.Cut, self.cut, writable and has_sel)
        _menu_action(menu, T_COPY, QKeySequence.StandardKey.Copy, self.copy, has_sel)
        _menu_action(menu, T_PASTE, QKeySequence.StandardKey.Paste, self.paste,
                     writable and self.canPaste())
        menu.addSeparator()
        _menu_action(menu, T_SELECT_ALL, QKeySequence.StandardKey.SelectAll, self.selectAll,
                     bool(self.toPlainText()))
        if self.figures_enabled:
            menu.addSeparator()
            action = menu.addAction(T_INSERT_FIGURE)
            action.setShortcut(QKeySequence("Ctrl+Shift+S"))
            action.setShortcutVisibleInContextMenu(True)
            action.setEnabled(not self.isReadOnly())
            action.triggered.connect(self._ask_figure)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._menu_pos = event.pos()
        menu = self.build_context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        command = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier)
        if event.text() and event.text().isprintable() and not command and not self.isReadOnly():
            # text typed after (or over) a figure chip is plain text; never re-format a selection
            cursor = self.textCursor()
            if cursor.hasSelection() and "\ufffc" in cursor.selectedText():
                cursor.removeSelectedText()
                self.setTextCursor(cursor)
            if not self.textCursor().hasSelection() and self.currentCharFormat().objectType() != 0:
                self.setCurrentCharFormat(QTextCharFormat())
        # Ctrl+Y as redo on every platform (Word users expect it).
        if event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.redo()
            return
        super().keyPressEvent(event)


class VnLineEdit(QLineEdit):
    """A one-line field with a Vietnamese context menu; pasted text is cleaned to one NFC line."""

    def paste_clean(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text:
            self.insert(clean_line(text))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Paste):
            if not self.isReadOnly():
                self.paste_clean()
            return
        if event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.redo()
            return
        super().keyPressEvent(event)

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        writable = not self.isReadOnly()
        has_sel = self.hasSelectedText()
        _menu_action(menu, T_UNDO, QKeySequence.StandardKey.Undo, self.undo, writable and self.isUndoAvailable())
        _menu_action(menu, T_REDO, QKeySequence.StandardKey.Redo, self.redo, writable and self.isRedoAvailable())
        menu.addSeparator()
        _menu_action(menu, T_CUT, QKeySequence.StandardKey.Cut, self.cut, writable and has_sel)
        _menu_action(menu, T_COPY, QKeySequence.StandardKey.Copy, self.copy, has_sel)
        _menu_action(menu, T_PASTE, QKeySequence.StandardKey.Paste, self.paste_clean,
                     writable and bool(QGuiApplication.clipboard().text()))
        _menu_action(menu, T_DELETE, None, self.del_, writable and has_sel)
        menu.addSeparator()
        _menu_action(menu, T_SELECT_ALL, QKeySequence.StandardKey.SelectAll, self.selectAll, bool(self.text()))
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        menu = self.build_context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()


class VnLineEditDelegate(QStyledItemDelegate):
    """Item delegate whose editor is a :class:`VnLineEdit` (Vietnamese menu, clean paste)."""

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt API
        editor = VnLineEdit(parent)
        editor.setFrame(False)
        return editor

    def sizeHint(self, option, index):  # noqa: N802 - Qt API
        size = super().sizeHint(option, index)
        size.setHeight(size.height() + 8)
        return size


class ListEditor(QWidget):
    """An editable list of one-line strings with Thêm / Xóa / Lên / Xuống buttons.

    ``itemsChanged(list)`` carries the cleaned, non-empty lines after every change.
    """

    itemsChanged = Signal(list)

    def __init__(self, items: list[str] | None = None, parent: QWidget | None = None,
                 accessible_name: str = T_LIST):
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName(accessible_name)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setItemDelegate(VnLineEditDelegate(self.list))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.list.verticalScrollBar().setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.btn_add = QPushButton(T_ADD, self)
        self.btn_remove = QPushButton(T_DELETE, self)
        self.btn_up = QPushButton(T_UP, self)
        self.btn_down = QPushButton(T_DOWN, self)
        for btn, name in ((self.btn_add, "Thêm dòng"), (self.btn_remove, "Xóa dòng đang chọn"),
                          (self.btn_up, "Chuyển dòng lên"), (self.btn_down, "Chuyển dòng xuống")):
            btn.setAccessibleName(f"{name} – {accessible_name}")
            btn.setToolTip(name)
        buttons = QVBoxLayout()
        for btn in (self.btn_add, self.btn_remove, self.btn_up, self.btn_down):
            buttons.addWidget(btn)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.btn_add.clicked.connect(self.add_item)
        self.btn_remove.clicked.connect(self.remove_current)
        self.btn_up.clicked.connect(lambda: self.move_current(-1))
        self.btn_down.clicked.connect(lambda: self.move_current(1))
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.installEventFilter(self)
        self.set_items(items or [])

    # ----- data -------------------------------------------------------------------------------
    def set_items(self, items: list[str]) -> None:
        """Replace the content without emitting ``itemsChanged``."""
        self.list.blockSignals(True)
        self.list.clear()
        for text in items:
            self._append(clean_line(text))
        self.list.blockSignals(False)
        self._update_buttons()

    def items(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            text = clean_line(self.list.item(i).text())
            if text:
                out.append(text)
        return out

    # ----- actions ------------------------------------------------------------------------------
    def add_item(self, text: str = "") -> None:
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        item = self._make_item(clean_line(text))
        self.list.blockSignals(True)
        self.list.insertItem(row, item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        self._update_buttons()
        if text:
            self._emit()
        else:
            self.list.setFocus()
            self.list.editItem(item)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self._update_buttons()
        self._emit()

    def move_current(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        self.list.blockSignals(True)
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(target)
        self._update_buttons()
        self._emit()

    # ----- internals ----------------------------------------------------------------------------
    def _make_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(T_NEW_ITEM_HINT if not text else text)
        return item

    def _append(self, text: str) -> None:
        self.list.addItem(self._make_item(text))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        cleaned = clean_line(item.text())
        if cleaned != item.text():
            self.list.blockSignals(True)
            item.setText(cleaned)
            self.list.blockSignals(False)
        item.setToolTip(cleaned or T_NEW_ITEM_HINT)
        self._emit()

    def _emit(self) -> None:
        self.itemsChanged.emit(self.items())

    def _update_buttons(self, *_args) -> None:
        row = self.list.currentRow()
        self.btn_remove.setEnabled(row >= 0)
        self.btn_up.setEnabled(row > 0)
        self.btn_down.setEnabled(0 <= row < self.list.count() - 1)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.list and event.type() == event.Type.KeyPress and self.list.state() != \
                QAbstractItemView.State.EditingState:
            if event.key() == Qt.Key.Key_Delete:
                self.remove_current()
                return True
            if event.key() == Qt.Key.Key_Insert:
                self.add_item()
                return True
        return super().eventFilter(obj, event)
