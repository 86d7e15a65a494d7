"""The table model behind the annex grid: one row per indicator of an :class:`AnnexForm`.

Values are kept exactly as typed (cleaned to one NFC line); :func:`annex.evaluate_form`
computes rates and parse errors after every change. Edits go through a ``QUndoStack`` so
Ctrl+Z / Ctrl+Y work for typed, pasted and cleared cells alike.

Bound to a ``DraftEditor`` (``bind``), the model keeps no cells of its own: it reads the form's
cells from the editor's draft, an edit (and its undo) is one ``editor.set_many`` with the model
as the initiator, and ``reload()`` follows the editor's notice. Unbound (the widget alone), it
keeps its cells itself.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QStyle

from ...annex import CellResult, evaluate_form
from ...forms import AnnexForm, Indicator, RowKind
from ...textnorm import clean_line

COL_STT, COL_LABEL, COL_UNIT, COL_VALUE, COL_NOTE = range(5)
EDIT_COLUMNS = (COL_VALUE, COL_NOTE)
FIELD_OF_COLUMN = {COL_VALUE: "value", COL_NOTE: "note"}
COLUMN_OF_FIELD = {"value": COL_VALUE, "note": COL_NOTE}
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1  # indentation depth of the label
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

# Vietnamese UI text of the grid model.
HEADERS = ("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú")
T_COMPUTED = "Tự tính: {num} / {den} × 100"
T_UNDEFINED = "Chưa tính được: dòng {den} bằng 0 (hiện «-»)."
T_BLANK_PARTS = "Sẽ tự tính khi đã nhập dòng {num} và dòng {den}."
T_TYPED_RATE = ("Báo cáo cũ ghi «{raw}» ở dòng này; phần mềm dùng số tự tính. "
                "Chọn ô và nhấn Delete để xóa số đã ghi.")
T_CHOICE_HINT = "Chọn một mã: {legend}."
T_HINTS = {
    RowKind.COUNT: "Nhập số nguyên, ví dụ 1.277.",
    RowKind.AMOUNT: "Nhập số tiền (đơn vị ở cột «Đơn vị tính»), ví dụ 3.232,311.",
    RowKind.PERCENT: "Nhập tỷ lệ phần trăm, ví dụ 88,25.",
}
T_EDIT_CELL = "Sửa ô {code}"
T_EDIT_CELLS = "Sửa {n} ô"

ERROR_BG = QColor("#fde4e4")
WARNING_BG = QColor("#fff1cc")
GROUP_BG = QColor("#eef2f7")
COMPUTED_BG = QColor("#f3f4f6")
COMPUTED_FG = QColor("#5b6472")


def choice_text(row: Indicator, code: int) -> str:
    label = row.choice_label(code)
    return f"{code} – {label}" if label else str(code)


def choice_legend(row: Indicator) -> str:
    return "; ".join(choice_text(row, c.code) for c in row.choices)


class EditCellsCommand(QUndoCommand):
    """Set several cells at once (typing one cell, pasting a block, clearing a selection)."""

    def __init__(self, model: AnnexTableModel, changes: list[tuple[str, str, str, str]]):
        text = T_EDIT_CELL.format(code=changes[0][0]) if len(changes) == 1 else T_EDIT_CELLS.format(n=len(changes))
        super().__init__(text)
        self.model = model
        self.changes = changes  # (code, field, old, new)

    def redo(self) -> None:
        self.model.apply([(code, field, new) for code, field, _old, new in self.changes])

    def undo(self) -> None:
        self.model.apply([(code, field, old) for code, field, old, _new in reversed(self.changes)])


class AnnexTableModel(QAbstractTableModel):
    cellChanged = Signal(str, str, str)  # code, field, new text; once per changed cell
    evaluated = Signal()  # after a batch of changes was applied and re-evaluated

    def __init__(self, form: AnnexForm, cells: dict | None = None, parent=None):
        super().__init__(parent)
        self.form = form
        self.rows: list[Indicator] = list(form.rows)
        self._row_of = {r.code: i for i, r in enumerate(self.rows)}
        self.undo_stack = QUndoStack(self)
        self._own: dict[str, dict[str, str]] = {}
        self._editor = None
        self._findings: dict[str, list] = {}
        self.results: dict[str, CellResult] = {}
        self.set_cells(cells or {})

    # ----- data in and out ------------------------------------------------------------------------
    def bind(self, editor) -> None:
        """Read and write the cells through ``editor`` (a ``DraftEditor``) from now on."""
        self._editor = editor
        self._own = {}
        self.reload()

    @property
    def _cells(self) -> dict[str, dict[str, str]]:
        if self._editor is not None:
            return self._editor.draft.annex.get(str(self.form.number), {})
        return self._own

    def reload(self) -> None:
        """The cells changed elsewhere (a notice): evaluate again and repaint."""
        self.results = evaluate_form(self.form, self._cells)
        self._changed_all()
        self.evaluated.emit()

    def set_cells(self, cells: dict) -> None:
        """Unbound model only: show these cells (cleaned), clearing the undo history."""
        self.beginResetModel()
        self._own = {}
        for code, cell in (cells or {}).items():
            if isinstance(cell, dict):
                value, note = clean_line(str(cell.get("value") or "")), clean_line(str(cell.get("note") or ""))
            else:
                value, note = clean_line(str(cell)), ""
            if value or note:
                self._own[str(code)] = {"value": value, "note": note}
        self.results = evaluate_form(self.form, self._cells)
        self.undo_stack.clear()
        self.endResetModel()

    def cells(self) -> dict[str, dict[str, str]]:
        return {code: dict(cell) for code, cell in self._cells.items() if cell["value"] or cell["note"]}

    def text(self, code: str, field: str) -> str:
        return self._cells.get(code, {}).get(field, "")

    def row_of(self, code: str) -> int:
        return self._row_of[code]

    def indicator(self, row: int) -> Indicator:
        return self.rows[row]

    def set_findings(self, findings: list) -> None:
        by_code: dict[str, list] = {}
        for f in findings:
            if getattr(f, "code", None) in self._row_of:
                by_code.setdefault(f.code, []).append(f)
        if by_code != self._findings:
            self._findings = by_code
            self._changed_all()

    def findings_for(self, code: str) -> list:
        return self._findings.get(code, [])

    # ----- editing --------------------------------------------------------------------------------------
    def is_editable(self, row: int, col: int) -> bool:
        if not 0 <= row < len(self.rows):
            return False
        ind = self.rows[row]
        if ind.kind is RowKind.GROUP:
            return False
        if col == COL_VALUE:
            return ind.is_input
        return col == COL_NOTE

    def can_clear(self, row: int, col: int) -> bool:
        """Editable cells, and the stale typed value of a computed rate (from an old report)."""
        if self.is_editable(row, col):
            return True
        return col == COL_VALUE and 0 <= row < len(self.rows) and bool(self.text(self.rows[row].code, "value"))

    def request(self, changes: list[tuple[str, str, str]]) -> bool:
        """Push an undoable edit of ``(code, field, new text)`` items; unchanged ones are dropped."""
        real = []
        for code, field, new in changes:
            new = clean_line(new)
            old = self.text(code, field)
            if new != old:
                real.append((code, field, old, new))
        if not real:
            return False
        self.undo_stack.push(EditCellsCommand(self, real))
        return True

    def apply(self, changes: list[tuple[str, str, str]]) -> None:
        """Set cells without undo bookkeeping (the undo command calls this)."""
        if self._editor is not None:
            from ...editing import AnnexCell

            number = str(self.form.number)
            self._editor.set_many([(AnnexCell(number, code, field), text) for code, field, text in changes],
                                  initiator=self)
        else:
            for code, field, text in changes:
                cell = self._own.setdefault(code, {"value": "", "note": ""})
                cell[field] = text
                if not cell["value"] and not cell["note"]:
                    del self._own[code]
        self.results = evaluate_form(self.form, self._cells)
        self._changed_all()
        for code, field, text in changes:
            self.cellChanged.emit(code, field, text)
        self.evaluated.emit()

    def _changed_all(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, COL_VALUE), self.index(len(self.rows) - 1, COL_NOTE))

    # ----- Qt model API -----------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not self.is_editable(index.row(), index.column()):
            return False
        code = self.rows[index.row()].code
        self.request([(code, FIELD_OF_COLUMN[index.column()], "" if value is None else str(value))])
        return True

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        ind = self.rows[row]
        res = self.results.get(ind.code)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(ind, res, col)
        if role == Qt.ItemDataRole.EditRole:
            return self.text(ind.code, FIELD_OF_COLUMN[col]) if col in EDIT_COLUMNS else self._display(ind, res, col)
        if role == LEVEL_ROLE:
            return ind.level
        if role == KIND_ROLE:
            return ind.kind.value
        if role == Qt.ItemDataRole.FontRole and ind.kind is RowKind.GROUP:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self._alignment(ind, col))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ind, res, col)
        worst = self._worst(ind.code) if col == COL_VALUE else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if worst == "error":
                return QBrush(ERROR_BG)
            if worst == "warning":
                return QBrush(WARNING_BG)
            if ind.kind is RowKind.GROUP:
                return QBrush(GROUP_BG)
            if ind.kind is RowKind.RATE and col == COL_VALUE:
                return QBrush(COMPUTED_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and ind.kind is RowKind.RATE and col == COL_VALUE and not worst:
            return QBrush(COMPUTED_FG)
        if role == Qt.ItemDataRole.DecorationRole and worst:
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if worst == "error"
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            return QApplication.style().standardIcon(icon)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and col == COL_VALUE:
            return self._tooltip(ind, res, col)
        return None

    # ----- presentation helpers ---------------------------------------------------------------------------
    def _display(self, ind: Indicator, res: CellResult | None, col: int) -> str:
        if col == COL_STT:
            return ind.code
        if col == COL_LABEL:
            return ind.label
        if col == COL_UNIT:
            return "" if ind.kind is RowKind.GROUP else ind.unit
        if col == COL_NOTE:
            return self.text(ind.code, "note")
        if ind.kind is RowKind.GROUP or res is None:
            return ""
        if ind.kind is RowKind.RATE:
            return res.display
        if ind.kind is RowKind.CHOICE and res.error is None and res.value is not None:
            return choice_text(ind, int(res.value))
        return res.raw  # as typed: the official sees exactly what they entered

    def _alignment(self, ind: Indicator, col: int):
        center = Qt.AlignmentFlag.AlignCenter
        if col in (COL_STT, COL_UNIT):
            return center
        if col == COL_VALUE and ind.kind is not RowKind.CHOICE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def _worst(self, code: str) -> str | None:
        severities = {f.severity for f in self._findings.get(code, ())}
        return "error" if "error" in severities else "warning" if "warning" in severities else None

    def _tooltip(self, ind: Indicator, res: CellResult | None, col: int) -> str | None:
        if col in (COL_LABEL, COL_UNIT):
            return self._display(ind, res, col) or None
        if col != COL_VALUE or ind.kind is RowKind.GROUP:
            return None
        lines = [f.message for f in self._findings.get(ind.code, ())]
        if ind.kind is RowKind.RATE:
            lines.append(T_COMPUTED.format(num=ind.numerator, den=ind.denominator))
            if res is not None and res.display == "-":
                lines.append(T_UNDEFINED.format(den=ind.denominator))
            elif res is not None and res.computed is None:
                lines.append(T_BLANK_PARTS.format(num=ind.numerator, den=ind.denominator))
            if res is not None and res.raw:
                lines.append(T_TYPED_RATE.format(raw=res.raw))
        elif ind.kind is RowKind.CHOICE:
            lines.append(T_CHOICE_HINT.format(legend=choice_legend(ind)))
        elif ind.kind in T_HINTS:
            lines.append(T_HINTS[ind.kind])
        return "\n".join(lines)
