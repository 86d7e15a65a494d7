"""One annex form ("Biểu mẫu") as a live grid with a findings panel below it.

The grid keeps the cells as typed and re-checks them after every change with
:func:`rules.check_annex`; it emits ``cellEdited(code, field, text)`` per committed cell
change (typed, pasted, cleared, undone) and ``findingsChanged(list)``. The shell saves.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...forms import AnnexForm, FormVariant, RowKind
from ...numbers import NumberParseError, parse_value
from ...rules import Finding, check_annex
from ...textnorm import clean_line
from .annex_delegate import AnnexDelegate, AnnexTableView
from .annex_model import (
    COL_LABEL,
    COL_NOTE,
    COL_STT,
    COL_UNIT,
    COL_VALUE,
    COLUMN_OF_FIELD,
    EDIT_COLUMNS,
    FIELD_OF_COLUMN,
    AnnexTableModel,
)

__all__ = ["AnnexFormGrid", "COL_STT", "COL_LABEL", "COL_UNIT", "COL_VALUE", "COL_NOTE"]

# Vietnamese UI text of the grid.
T_VIEW_NAME = "Bảng số liệu Biểu mẫu {n}: {title}"
T_PANEL_NAME = "Danh sách lỗi và cảnh báo của Biểu mẫu {n}"
T_PANEL_TITLE = "Kiểm tra số liệu"
T_ALL_GOOD = "Chưa thấy lỗi trong số liệu đã nhập."
T_SUMMARY = "Kiểm tra số liệu: {errors} lỗi, {warnings} cảnh báo. Bấm vào một dòng để đến ô cần sửa."
T_GO_TO_TEXT = "(bấm để đến câu trong bài)"
T_HIDE_PANEL, T_SHOW_PANEL = "Ẩn danh sách ▾", "Hiện danh sách ▸"
T_TOGGLE_NAME = "Ẩn hoặc hiện danh sách lỗi và cảnh báo"
T_RATE_LOCKED = ("Dòng {code} là tỷ lệ (%) tự tính từ dòng {num} và dòng {den}, không gõ vào được. "
                 "Con trỏ đã chuyển tới dòng {num}: hãy nhập số lượng ở đó.")
T_HINT = ("Gõ số rồi nhấn Enter để xuống dòng tiếp theo; Tab sang cột bên phải; Delete để xóa; "
          "Ctrl+V dán cả cột từ Excel; Ctrl+Z hoàn tác. Dòng tỷ lệ (%) màu xám được tự tính.")

FINDING_ROLE = Qt.ItemDataRole.UserRole + 10


def _standalone_variant(form: AnnexForm) -> FormVariant:
    """A one-form variant, to run the rules on this form alone."""
    return FormVariant(id="", name="", year=0, description="", annex_title="", headers={}, forms=(form,))


class AnnexFormGrid(QWidget):
    cellEdited = Signal(str, str, str)  # code, "value" | "note", new text
    panelToggled = Signal(bool)  # the findings list shown (True) or folded
    elsewhereRequested = Signal(object)  # a finding whose place is outside the grid (a sentence)
    findingsChanged = Signal(list)

    def __init__(self, form: AnnexForm, cells: dict[str, dict] | None = None, parent: QWidget | None = None,
                 *, variant: FormVariant | None = None, annex_provider: Callable[[], dict] | None = None,
                 editor=None):
        super().__init__(parent)
        self.form = form
        self.variant = variant if variant is not None and _has_form(variant, form) else _standalone_variant(form)
        self.annex_provider = annex_provider
        self._findings: list[Finding] = []
        # with an editor the cells live in its draft and the findings come from the window's
        # checks (``show_findings``); alone, the grid keeps its cells and checks them itself
        self._external = editor is not None

        self.model = AnnexTableModel(form, cells, self)
        if editor is not None:
            self.model.bind(editor)
        self.undo_stack = self.model.undo_stack
        self.view = AnnexTableView(self)
        self.view.setModel(self.model)
        self.view.actions_handler = self
        self.delegate = AnnexDelegate(self.view, self)
        self.view.setItemDelegate(self.delegate)
        self.delegate.navigate.connect(self.view.move_cursor)
        self.view.setAccessibleName(T_VIEW_NAME.format(n=form.number, title=form.title))
        self.view.setAlternatingRowColors(False)
        self.view.setShowGrid(True)
        self._setup_columns()

        self.hint = QLabel(T_HINT, self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("annexHint")
        self.hint.setStyleSheet("#annexHint { color: #5b6472; padding: 2px 2px 4px 2px; }")
        self.summary = QLabel(self)
        self.summary.setObjectName("annexSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("#annexSummary { font-weight: bold; padding-top: 4px; }")
        self.panel = QListWidget(self)
        self.panel.setAccessibleName(T_PANEL_NAME.format(n=form.number))
        self.panel.setWordWrap(True)
        self.panel.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.panel.verticalScrollBar().setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.panel.itemClicked.connect(self._on_finding_clicked)
        self.panel.itemActivated.connect(self._on_finding_clicked)

        # the findings below the table in a splitter: drag it smaller or larger, or fold it away
        # with the button (issue 13 item 11: one finding used to take ~150 px of a 768 px screen)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setText(T_HIDE_PANEL)
        self.toggle.setAccessibleName(T_TOGGLE_NAME)
        self.toggle.toggled.connect(self.set_panel_open)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.summary, 1)
        head.addWidget(self.toggle)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.setSpacing(2)
        bottom_layout.addLayout(head)
        bottom_layout.addWidget(self.panel, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self._bottom = bottom
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)

        self.model.cellChanged.connect(self._on_cell_changed)
        self.model.evaluated.connect(self.refresh_findings)
        self._resize_timer = QTimer(self, singleShot=True, interval=50)
        self._resize_timer.timeout.connect(self.view.resizeRowsToContents)
        self.view.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.refresh_findings()
        first = self.view.next_editable(-1, COL_VALUE, 1, 0)
        if first is not None:
            self.view.setCurrentIndex(first)

    # ----- public API -----------------------------------------------------------------------------
    def set_cells(self, cells: dict[str, dict]) -> None:
        """Show other data (e.g. after an import); clears the undo history, emits no cellEdited."""
        self.model.set_cells(cells)
        self.view.resizeRowsToContents()
        self.refresh_findings()

    def cells(self) -> dict[str, dict[str, str]]:
        return self.model.cells()

    def focus_cell(self, code: str, field: str = "value") -> bool:
        try:
            row = self.model.row_of(code)
        except KeyError:
            return False
        index = self.model.index(row, COLUMN_OF_FIELD.get(field, COL_VALUE))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def row_count_with_errors(self) -> int:
        return len({f.code for f in self._findings if f.severity == "error"})

    def show_findings(self, findings: list[Finding]) -> None:
        """The findings of this form, checked by the window (text-vs-table notes included)."""
        changed = findings != self._findings
        self._findings = list(findings)
        self.model.set_findings(self._findings)
        if changed:
            self._fill_panel()
            self.findingsChanged.emit(list(findings))

    def refresh_findings(self) -> None:
        if self._external:
            return
        annex = dict(self.annex_provider() or {}) if self.annex_provider is not None else {}
        annex[str(self.form.number)] = self.model.cells()  # our cells are the freshest
        annex.pop(self.form.number, None)
        findings = [f for f in check_annex(self.variant, annex) if f.form == self.form.number]
        changed = findings != self._findings
        self._findings = findings
        self.model.set_findings(findings)
        self._fill_panel()
        if changed:
            self.findingsChanged.emit(list(findings))

    # ----- clipboard, clearing, undo (called by the view) -------------------------------------------
    def copy(self) -> None:
        ranges = self.view.selectionModel().selection()
        if ranges.isEmpty():
            cur = self.view.currentIndex()
            rows, cols = [cur.row()], [cur.column()]
        else:
            rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
            cols = sorted({i.column() for i in self.view.selectionModel().selectedIndexes()})
        lines = []
        for r in rows:
            lines.append("\t".join(
                str(self.model.data(self.model.index(r, c), Qt.ItemDataRole.EditRole) or "") for c in cols))
        QGuiApplication.clipboard().setText("\n".join(lines))

    def paste(self, text: str | None = None) -> int:
        """Paste tab/newline separated text from the current cell down the editable cells."""
        text = QGuiApplication.clipboard().text() if text is None else text
        if not text:
            return 0
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # Excel ends a copied range with a newline
        cur = self.view.currentIndex()
        row = cur.row() if cur.isValid() else 0
        col = cur.column() if cur.isValid() and cur.column() in EDIT_COLUMNS else COL_VALUE
        changes, last = [], None
        for line in lines:
            while row < self.model.rowCount() and not self.model.is_editable(row, col):
                row += 1
            if row >= self.model.rowCount():
                break
            ind = self.model.indicator(row)
            for j, piece in enumerate(line.split("\t")):
                c = col + j
                if c not in EDIT_COLUMNS or not self.model.is_editable(row, c):
                    continue
                value = self._choice_code(ind, piece) if c == COL_VALUE else piece
                changes.append((ind.code, FIELD_OF_COLUMN[c], value))
                last = (row, c)
            row += 1
        if changes:
            self.model.request(changes)
        if last is not None:
            top = self.model.index(cur.row() if cur.isValid() else 0, col)
            bottom = self.model.index(*last)
            self.view.selectionModel().select(QItemSelection(top, bottom),
                                              QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return len(changes)

    def clear_selection(self) -> int:
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        changes = []
        for index in sorted(indexes, key=lambda i: (i.row(), i.column())):
            if index.isValid() and index.column() in EDIT_COLUMNS and self.model.can_clear(index.row(), index.column()):
                changes.append((self.model.indicator(index.row()).code, FIELD_OF_COLUMN[index.column()], ""))
        return len(changes) if self.model.request(changes) else 0

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def set_panel_open(self, on: bool) -> None:
        """Show or fold the findings list (the summary line with its count stays)."""
        self.panel.setVisible(on)
        self.toggle.setText(T_HIDE_PANEL if on else T_SHOW_PANEL)
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)
        self._fit_panel()
        self.panelToggled.emit(on)

    def _fit_panel(self) -> None:
        """The list as tall as its rows, at most four of them; the splitter handle resizes it."""
        if not hasattr(self, "splitter"):
            return
        head = self.summary.sizeHint().height() + 4
        if not self.panel.isVisible() and not self.toggle.isChecked():
            want = head
        else:
            rows = sum(self.panel.sizeHintForRow(i) for i in range(min(self.panel.count(), 4)))
            want = head + max(rows, self.panel.sizeHintForRow(0)) + 8
        total = sum(self.splitter.sizes()) or self.height()
        want = min(want, max(head, total // 3))  # the table keeps at least two thirds
        if total > want:
            self.splitter.setSizes([total - want, want])

    def typed_into_locked(self, index) -> bool:
        """A key typed into a computed rate (issue 13 item 2): say so inline, right above the
        table, and move the cursor to the rate's first part. True when handled."""
        if not index.isValid() or index.column() != COL_VALUE:
            return False
        ind = self.model.indicator(index.row())
        if ind.kind is not RowKind.RATE or not ind.numerator:
            return False
        self.hint.setText(T_RATE_LOCKED.format(code=ind.code, num=ind.numerator, den=ind.denominator))
        self.hint.setStyleSheet("#annexHint { color: #7a4b00; background: #fff1cc; border: 1px solid #e0b84d;"
                                " border-radius: 3px; padding: 4px; }")
        self.focus_cell(ind.numerator)
        return True

    # ----- internals ---------------------------------------------------------------------------------
    @staticmethod
    def _choice_code(ind, text: str) -> str:
        """A pasted choice label ("Có") becomes its code; anything else is kept as typed."""
        if ind.kind is not RowKind.CHOICE or not clean_line(text):
            return text
        try:
            value = parse_value(text, ind.kind, choices=ind.choices)
        except NumberParseError:
            return text
        return text if value is None else str(int(value))

    def _on_cell_changed(self, code: str, field: str, text: str) -> None:
        if self.hint.text() != T_HINT:  # a rate message is answered by the next real edit
            self.hint.setText(T_HINT)
            self.hint.setStyleSheet("#annexHint { color: #5b6472; padding: 2px 2px 4px 2px; }")
        self.cellEdited.emit(code, field, text)
        if field == "note":
            self.view.resizeRowToContents(self.model.row_of(code))

    def _on_section_resized(self, logical: int, _old: int, _new: int) -> None:
        if logical in (COL_LABEL, COL_UNIT, COL_NOTE):
            self._resize_timer.start()

    def _setup_columns(self) -> None:
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setMinimumSectionSize(48)
        fm = self.view.fontMetrics()
        widths = {COL_STT: fm.horizontalAdvance("5.5.2.1") + 20, COL_UNIT: fm.horizontalAdvance("Đã kết nối = 1;") + 36,
                  COL_VALUE: fm.horizontalAdvance("0 – Không tiết kiệm") + 28, COL_NOTE: fm.horizontalAdvance("M") * 14}
        for col, width in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().setMinimumSectionSize(fm.height() + 10)
        self.view.resizeRowsToContents()

    def _fill_panel(self) -> None:
        self.panel.clear()
        errors = sum(1 for f in self._findings if f.severity == "error")
        warnings = len(self._findings) - errors
        style = QApplication.style()
        if not self._findings:
            self.summary.setText(T_PANEL_TITLE)
            item = QListWidgetItem(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton), T_ALL_GOOD)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.panel.addItem(item)
            self._fit_panel()
            return
        self.summary.setText(T_SUMMARY.format(errors=errors, warnings=warnings))
        prefixes = (f"Biểu mẫu {self.form.number}, ", f"Biểu mẫu {self.form.number}: ")
        ordered = sorted(self._findings, key=lambda f: 0 if f.severity == "error" else 1)
        for f in ordered:
            text = next((f.message[len(p):] for p in prefixes if f.message.startswith(p)), f.message)
            text = text[:1].upper() + text[1:]
            icon = QStyle.StandardPixmap.SP_MessageBoxCritical if f.severity == "error" \
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            elsewhere = not self._is_here(f.ref)
            if elsewhere:  # a text-vs-table note: about this row, placed in the text
                text = f"{text} {T_GO_TO_TEXT}"
            item = QListWidgetItem(style.standardIcon(icon), text)
            item.setData(FINDING_ROLE, self._findings.index(f))
            item.setToolTip(f.message)
            if f.severity == "warning":
                item.setForeground(QColor("#8a5a00"))
            else:
                item.setForeground(QColor("#a11d1d"))
            self.panel.addItem(item)
        self._fit_panel()

    def _is_here(self, ref) -> bool:
        from ...editing import AnnexCell

        return ref is None or (isinstance(ref, AnnexCell) and ref.form == str(self.form.number))

    def _on_finding_clicked(self, item: QListWidgetItem) -> None:
        index = item.data(FINDING_ROLE)
        if not isinstance(index, int) or not 0 <= index < len(self._findings):
            return
        f = self._findings[index]
        if self._is_here(f.ref):
            if f.code:
                self.focus_cell(f.code)
        else:  # the sentence in the text: the window goes there
            self.elsewhereRequested.emit(f)


def _has_form(variant: FormVariant, form: AnnexForm) -> bool:
    try:
        return variant.form(form.number) is form or variant.form(form.number).codes() == form.codes()
    except KeyError:
        return False
