"""Editing the annex grid like a spreadsheet: the cell editors and the keyboard-driven view.

Enter commits and moves down to the next editable cell (Shift+Enter up), Tab moves to the
next editable cell to the right, typing starts editing, Delete clears. Group rows and
computed rates are skipped. Clipboard and undo keys are forwarded to the grid.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ...forms import RowKind
from .annex_model import COL_LABEL, COL_VALUE, EDIT_COLUMNS, LEVEL_ROLE, AnnexTableModel, choice_text
from .text_edit import VnLineEdit

INDENT_PX = 18
LEFT_PAD_PX = 4
T_NO_CHOICE = "(để trống)"


class AnnexDelegate(QStyledItemDelegate):
    """Line editor for numbers and notes, a drop-down for coded answers; labels indented by level."""

    navigate = Signal(int, int)  # (rows, columns) to move after a committed edit

    def __init__(self, view: QTableView, owner: QWidget) -> None:
        # Owned by the grid, not by the view: the view is deleted (with its painting) before its
        # delegate, never after (a delegate parented to its view died first once in ~6 runs and
        # the view's last paint then called into a deleted delegate).
        super().__init__(owner)
        self._view = view

    # ----- painting: indent the label by its level --------------------------------------------------
    def paint(self, painter, option, index) -> None:
        if index.column() == COL_LABEL:
            level = index.data(LEVEL_ROLE) or 0
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            widget = self._view
            style = widget.style()
            # background across the whole cell, text shifted right by the indent
            text = opt.text
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            opt.text = text
            opt.rect = QRect(option.rect.adjusted(LEFT_PAD_PX + level * INDENT_PX, 0, 0, 0))
            opt.backgroundBrush = QBrush(Qt.BrushStyle.NoBrush)
            opt.state &= ~QStyle.StateFlag.State_HasFocus
            painter.save()
            opt.showDecorationSelected = False
            text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
            painter.setFont(opt.font)
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
            painter.setPen(opt.palette.color(role))
            painter.drawText(text_rect, int(opt.displayAlignment) | int(Qt.TextFlag.TextWordWrap), text)
            painter.restore()
            return
        super().paint(painter, option, index)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        if index.column() == COL_LABEL:
            level = index.data(LEVEL_ROLE) or 0
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            column = self._view.columnWidth(index.column())
            width = max(60, column - LEFT_PAD_PX - level * INDENT_PX - 12)
            rect = opt.fontMetrics.boundingRect(QRect(0, 0, width, 10000),
                                                int(Qt.TextFlag.TextWordWrap), opt.text)
            return QSize(column, rect.height() + 10)
        return super().sizeHint(option, index)

    # ----- editors --------------------------------------------------------------------------------------
    def createEditor(self, parent, option, index):  # noqa: N802 - Qt API
        model: AnnexTableModel = index.model()
        ind = model.indicator(index.row())
        if index.column() == COL_VALUE and ind.kind is RowKind.CHOICE:
            combo = QComboBox(parent)
            combo.setAccessibleName(f"Chọn giá trị dòng {ind.code}")
            combo.addItem(T_NO_CHOICE, "")
            for choice in ind.choices:
                combo.addItem(choice_text(ind, choice.code), str(choice.code))
            combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
            combo.installEventFilter(self)
            return combo
        editor = VnLineEdit(parent)
        editor.setFrame(False)
        editor.setAccessibleName(f"Ô dòng {ind.code}")
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt API
        raw = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            model: AnnexTableModel = index.model()
            res = model.results.get(model.indicator(index.row()).code)
            code = str(int(res.value)) if res is not None and res.value is not None and not res.error else raw
            pos = editor.findData(code)
            if pos < 0:  # something typed that is not a code: keep it visible, never lose it
                editor.addItem(raw, raw)
                pos = editor.count() - 1
            editor.setCurrentIndex(pos)
            return
        editor.setText(raw)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt API
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
        else:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802 - Qt API
        editor.setGeometry(option.rect)

    def eventFilter(self, editor, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            move = None
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                move = (-1, 0) if mods & Qt.KeyboardModifier.ShiftModifier else (1, 0)
            elif key == Qt.Key.Key_Tab:
                move = (0, 1)
            elif key == Qt.Key.Key_Backtab:
                move = (0, -1)
            elif isinstance(editor, QComboBox) and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) \
                    and mods & Qt.KeyboardModifier.AltModifier:
                editor.showPopup()
                return True
            if move is not None:
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.navigate.emit(*move)
                return True
        return super().eventFilter(editor, event)


class AnnexTableView(QTableView):
    """The grid's view: spreadsheet keys; clipboard, clear and undo are asked of ``actions``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.actions_handler = None  # the grid: copy(), paste(), clear_selection(), undo(), redo()
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        for bar in (self.verticalScrollBar(), self.horizontalScrollBar()):
            bar.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    @property
    def grid_model(self) -> AnnexTableModel:
        model = self.model()
        assert isinstance(model, AnnexTableModel)  # set once in __init__
        return model

    # ----- navigation -------------------------------------------------------------------------------------
    def next_editable(self, row: int, col: int, drow: int, dcol: int) -> QModelIndex | None:
        """The next editable cell from (row, col) going down/up (drow) or right/left (dcol)."""
        model = self.grid_model
        if drow:
            col = col if col in EDIT_COLUMNS else COL_VALUE
            r = row + drow
            while 0 <= r < model.rowCount():
                if model.is_editable(r, col):
                    return model.index(r, col)
                r += drow
            return None
        # reading order over the editable columns
        cells = [(r, c) for r in range(model.rowCount()) for c in EDIT_COLUMNS]
        if col not in EDIT_COLUMNS:
            col = COL_VALUE if dcol > 0 else EDIT_COLUMNS[-1]
            start = cells.index((row, col)) - (1 if dcol > 0 else -1)
        else:
            start = cells.index((row, col))
        i = start + dcol
        while 0 <= i < len(cells):
            r, c = cells[i]
            if model.is_editable(r, c):
                return model.index(r, c)
            i += dcol
        return None

    def move_cursor(self, drow: int, dcol: int) -> bool:
        cur = self.currentIndex()
        if not cur.isValid():
            target = self.next_editable(-1, COL_VALUE, 1, 0)
        else:
            target = self.next_editable(cur.row(), cur.column(), drow, dcol)
        if target is None:
            return False
        self.setCurrentIndex(target)
        self.scrollTo(target)
        return True

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt API
        # Tab / Shift+Tab walk the editable cells; past the last one focus leaves the grid
        if self.state() != QAbstractItemView.State.EditingState \
                and self.move_cursor(0, 1 if forward else -1):
            return True
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        key, mods = event.key(), event.modifiers()
        handler = self.actions_handler
        if self.state() != QAbstractItemView.State.EditingState:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_cursor(-1 if mods & Qt.KeyboardModifier.ShiftModifier else 1, 0)
                return
            if key == Qt.Key.Key_Tab:
                self.move_cursor(0, 1)
                return
            if key == Qt.Key.Key_Backtab:
                self.move_cursor(0, -1)
                return
            if handler is not None:
                if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    handler.clear_selection()
                    return
                if event.matches(QKeySequence.StandardKey.Copy):
                    handler.copy()
                    return
                if event.matches(QKeySequence.StandardKey.Paste):
                    handler.paste()
                    return
                if event.matches(QKeySequence.StandardKey.Undo):
                    handler.undo()
                    return
                if event.matches(QKeySequence.StandardKey.Redo) or (
                        key == Qt.Key.Key_Y and mods == Qt.KeyboardModifier.ControlModifier):
                    handler.redo()
                    return
                text = event.text()
                if text and text.isprintable() and not mods & (Qt.KeyboardModifier.ControlModifier
                                                               | Qt.KeyboardModifier.AltModifier):
                    if hasattr(handler, "typed_into_locked") and handler.typed_into_locked(self.currentIndex()):
                        return
        super().keyPressEvent(event)
