"""The annex grid driven like a user: typing, Enter/Tab, drop-downs, paste, undo, findings."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys

if sys.version_info < (3, 12):  # PySide6 6.12 (abi3) drops a reference to None on every None it returns;
    import ctypes  # on Python < 3.12 None is mortal, so keep it alive for the test run.

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 30

import unicodedata

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from cchc_desktop.forms import get_variant
from cchc_desktop.gui.widgets.annex_grid import (
    COL_LABEL,
    COL_NOTE,
    COL_STT,
    COL_UNIT,
    COL_VALUE,
    AnnexFormGrid,
)
from cchc_desktop.gui.widgets.annex_model import ERROR_BG, HEADERS

pytestmark = pytest.mark.gui


@pytest.fixture
def variant():
    return get_variant("A-2024")


@pytest.fixture
def make_grid(qtbot, variant):
    def make(form_no, cells=None, **kw):
        grid = AnnexFormGrid(variant.form(form_no), cells or {}, variant=variant, **kw)
        qtbot.addWidget(grid)
        grid.resize(1280, 800)
        grid.show()
        qtbot.waitExposed(grid)
        grid.activateWindow()
        grid.view.setFocus()
        return grid
    return make


def editor_of(grid):
    return QApplication.focusWidget() or grid.view.focusWidget()


def type_cell(qtbot, grid, text, key=Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.NoModifier):
    """Type into the current cell the way a user does (the first key opens the editor), then Enter."""
    qtbot.keyClick(grid.view, text[0])
    editor = editor_of(grid)
    assert isinstance(editor, QLineEdit), editor
    for ch in text[1:]:
        if ch.isascii():
            qtbot.keyClick(editor, ch)
        else:  # QTest only knows ASCII keys: send Vietnamese letters as the IME would
            QApplication.sendEvent(editor, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
    qtbot.keyClick(editor, key, modifier)


def current_code(grid):
    return grid.model.indicator(grid.view.currentIndex().row()).code


def shown(grid, code, col=COL_VALUE):
    return grid.model.data(grid.model.index(grid.model.row_of(code), col), Qt.ItemDataRole.DisplayRole)


def record(grid):
    edits = []
    grid.cellEdited.connect(lambda *a: edits.append(a))
    return edits


def test_headers_and_names_are_vietnamese(make_grid):
    grid = make_grid(7)
    labels = [grid.model.headerData(c, Qt.Orientation.Horizontal) for c in (COL_STT, COL_LABEL, COL_UNIT,
                                                                             COL_VALUE, COL_NOTE)]
    assert labels == list(HEADERS) == ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"]
    assert "Biểu mẫu 7" in grid.view.accessibleName()
    assert "Biểu mẫu 7" in grid.panel.accessibleName()


def test_typing_down_the_column_skips_groups_and_rates(qtbot, make_grid):
    grid = make_grid(1)
    edits = record(grid)
    assert current_code(grid) == "1"  # the first editable cell is selected at start
    type_cell(qtbot, grid, "5")
    assert edits == [("1", "value", "5")]
    assert current_code(grid) == "2.1"  # rate row 2 skipped
    type_cell(qtbot, grid, "10")
    type_cell(qtbot, grid, "8")
    assert current_code(grid) == "3.1"  # group 3 skipped
    assert edits[1:] == [("2.1", "value", "10"), ("2.2", "value", "8")]
    assert shown(grid, "2") == "80,00"
    assert grid.cells()["2.2"] == {"value": "8", "note": ""}
    # Shift+Enter goes back up, again skipping the rate
    grid.focus_cell("2.1")
    type_cell(qtbot, grid, "20", modifier=Qt.KeyboardModifier.ShiftModifier)
    assert current_code(grid) == "1"
    assert shown(grid, "2") == "40,00"


def test_enter_and_tab_without_editing(qtbot, make_grid):
    grid = make_grid(7)
    grid.focus_cell("5.1.3")
    qtbot.keyClick(grid.view, Qt.Key.Key_Return)
    assert current_code(grid) == "5.2.1"
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    assert (current_code(grid), grid.view.currentIndex().column()) == ("5.2.1", COL_NOTE)
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    assert (current_code(grid), grid.view.currentIndex().column()) == ("5.2.2", COL_VALUE)
    qtbot.keyClick(grid.view, Qt.Key.Key_Backtab)
    assert (current_code(grid), grid.view.currentIndex().column()) == ("5.2.1", COL_NOTE)


def test_tab_commits_and_moves_to_the_note(qtbot, make_grid):
    grid = make_grid(7)
    edits = record(grid)
    grid.focus_cell("5.4.1")
    type_cell(qtbot, grid, "299", key=Qt.Key.Key_Tab)
    assert edits == [("5.4.1", "value", "299")]
    assert grid.view.currentIndex().column() == COL_NOTE
    type_cell(qtbot, grid, "Gồm cả hồ sơ liên thông")
    assert edits[-1] == ("5.4.1", "note", "Gồm cả hồ sơ liên thông")
    assert current_code(grid) == "5.4.2" and grid.view.currentIndex().column() == COL_NOTE


def test_computed_rate_follows_its_parts(qtbot, make_grid):
    grid = make_grid(7)
    rate = grid.model.index(grid.model.row_of("5.4"), COL_VALUE)
    assert not grid.model.flags(rate) & Qt.ItemFlag.ItemIsEditable
    assert shown(grid, "5.4") == ""  # blank while its parts are blank
    grid.focus_cell("5.4.1")
    type_cell(qtbot, grid, "299")
    type_cell(qtbot, grid, "251")
    assert shown(grid, "5.4") == "83,95"
    tip = grid.model.data(rate, Qt.ItemDataRole.ToolTipRole)
    assert "Tự tính: 5.4.2 / 5.4.1 × 100" in tip
    grid.focus_cell("5.4.1")
    type_cell(qtbot, grid, "0")
    assert shown(grid, "5.4") == "-"  # undefined, never 0 or 100
    assert "bằng 0" in grid.model.data(rate, Qt.ItemDataRole.ToolTipRole)


def test_invalid_text_is_kept_marked_and_listed(qtbot, make_grid):
    grid = make_grid(7)
    changes = []
    grid.findingsChanged.connect(changes.append)
    grid.focus_cell("1")
    type_cell(qtbot, grid, "17/100%")
    assert grid.cells()["1"]["value"] == "17/100%"  # never lose what was typed
    assert shown(grid, "1") == "17/100%"
    index = grid.model.index(grid.model.row_of("1"), COL_VALUE)
    assert grid.model.data(index, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    assert "17/100%" in grid.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert changes and changes[-1][0].code == "1" and changes[-1][0].severity == "error"
    assert grid.row_count_with_errors() == 1
    first = grid.panel.item(0)
    assert "17/100%" in first.text() and first.text().startswith("Dòng 1:")
    grid.focus_cell("5.4.1")
    grid.panel.itemClicked.emit(first)  # clicking a message goes to its cell
    assert current_code(grid) == "1" and grid.view.currentIndex().column() == COL_VALUE
    # fixing the value clears the finding and the panel says so
    type_cell(qtbot, grid, "95")
    assert grid.findings() == [] and changes[-1] == []
    assert grid.panel.count() == 1 and "Chưa thấy lỗi" in grid.panel.item(0).text()


def test_errors_listed_before_warnings(make_grid, variant):
    annex = {"3": {"1.4": {"value": "10", "note": ""}}}
    grid = make_grid(7, {"5.1.2": {"value": "5"}, "5.2.2": {"value": "9"}, "5.3.1": {"value": "14"},
                         "3.1": {"value": "150"}},
                     annex_provider=lambda: annex)
    severities = [f.severity for f in grid.findings()]
    assert severities == ["error", "warning"]  # 3.1 > 100 error; 5.3.1 > form 3's 1.4 warning
    assert grid.findings()[1].code == "5.3.1"
    assert grid.panel.item(1).foreground().color().name() == "#8a5a00"


def test_choice_row_uses_a_drop_down(qtbot, make_grid):
    grid = make_grid(1)
    edits = record(grid)
    grid.focus_cell("5")
    grid.view.edit(grid.view.currentIndex())
    combo = editor_of(grid)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["(để trống)", "1 – Có", "0 – Không"]
    combo.setCurrentIndex(1)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert edits == [("5", "value", "1")]
    assert shown(grid, "5") == "1 – Có"
    assert current_code(grid) == "5.1"
    # typing the code on a choice row opens the drop-down on that code
    grid.focus_cell("5.2")
    qtbot.keyClick(grid.view, "2")
    combo = editor_of(grid)
    assert isinstance(combo, QComboBox) and combo.currentText() == "2 – Kết hợp"
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert edits[-1] == ("5.2", "value", "2")


def test_paste_a_column_from_excel_skips_rates(qtbot, make_grid):
    grid = make_grid(7)
    edits = record(grid)
    grid.focus_cell("5.1.1")
    QGuiApplication.clipboard().setText("10\r\n8\r\n6\r\n20\r\n15\r\n")
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edits == [("5.1.1", "value", "10"), ("5.1.2", "value", "8"), ("5.1.3", "value", "6"),
                     ("5.2.1", "value", "20"), ("5.2.2", "value", "15")]
    assert shown(grid, "5.1") == "80,00" and shown(grid, "5.2") == "75,00"
    # one undo step takes back the whole paste; redo puts it back
    qtbot.keyClick(grid.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.cells() == {}
    assert edits[-1][2] == "" and len(edits) == 10
    qtbot.keyClick(grid.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert grid.cells()["5.2.2"]["value"] == "15"


def test_paste_a_block_with_notes_and_choice_labels(make_grid):
    grid = make_grid(1)
    grid.focus_cell("4.4")
    n = grid.paste("3\tchậm do thiếu kinh phí\nCó\n250\tphiếu giấy\n")
    assert n == 5
    assert grid.cells()["4.4"] == {"value": "3", "note": "chậm do thiếu kinh phí"}
    assert grid.cells()["5"]["value"] == "1"  # the label "Có" became its code
    assert grid.cells()["5.1"] == {"value": "250", "note": "phiếu giấy"}


def test_undo_restores_a_typed_value(qtbot, make_grid):
    grid = make_grid(1, {"1": {"value": "4", "note": ""}})
    edits = record(grid)
    type_cell(qtbot, grid, "7")
    assert grid.cells()["1"]["value"] == "7"
    qtbot.keyClick(grid.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.cells()["1"]["value"] == "4"
    assert edits == [("1", "value", "7"), ("1", "value", "4")]


def test_delete_clears_the_selection(qtbot, make_grid):
    grid = make_grid(7, {"5.4.1": {"value": "299"}, "5.4.2": {"value": "251", "note": "x"}})
    edits = record(grid)
    grid.focus_cell("5.4.1")
    qtbot.keyClick(grid.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    assert edits == [("5.4.1", "value", ""), ("5.4.2", "value", "")]
    assert grid.cells() == {"5.4.2": {"value": "", "note": "x"}}


def test_copy_gives_tab_separated_text(qtbot, make_grid):
    grid = make_grid(7, {"5.4.1": {"value": "299", "note": "a"}, "5.4.2": {"value": "251"}})
    grid.focus_cell("5.4.1")
    qtbot.keyClick(grid.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(grid.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(grid.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "299\ta\n251\t"


def test_typed_rate_from_an_old_report_shows_the_computed_value(qtbot, make_grid):
    grid = make_grid(7, {"5.4": {"value": "100%"}, "5.4.1": {"value": "299"}, "5.4.2": {"value": "251"}})
    assert shown(grid, "5.4") == "83,95"
    (finding,) = grid.findings()
    assert finding.code == "5.4" and "83,95%" in finding.message
    index = grid.model.index(grid.model.row_of("5.4"), COL_VALUE)
    tip = grid.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "100%" in tip and "Delete" in tip
    grid.focus_cell("5.4")
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)  # the stale typed rate can be cleared
    assert "5.4" not in grid.cells() and grid.findings() == []


def test_group_rows_are_bold_and_read_only(make_grid):
    grid = make_grid(7)
    row = grid.model.row_of("5")
    for col in (COL_VALUE, COL_NOTE):
        assert not grid.model.flags(grid.model.index(row, col)) & Qt.ItemFlag.ItemIsEditable
    assert grid.model.data(grid.model.index(row, COL_LABEL), Qt.ItemDataRole.FontRole).bold()


def test_set_cells_and_nfc(qtbot, make_grid):
    grid = make_grid(1)
    edits = record(grid)
    grid.set_cells({"1": {"value": "3", "note": ""}})
    assert edits == [] and shown(grid, "1") == "3"
    grid.focus_cell("1", "note")
    decomposed = unicodedata.normalize("NFD", "Việt")
    grid.paste(decomposed)
    assert edits == [("1", "note", "Việt")]
    assert unicodedata.is_normalized("NFC", grid.cells()["1"]["note"])


def test_works_without_a_variant(qtbot):
    form = get_variant("A-2024").form(3)
    grid = AnnexFormGrid(form, {"1.4": {"value": "124", "note": ""}, "1.4.1": {"value": "137", "note": ""}})
    qtbot.addWidget(grid)
    (finding,) = grid.findings()  # sample 001's mistake: a part larger than its whole
    assert finding.code == "1.4.1" and finding.severity == "error"
    assert grid.row_count_with_errors() == 1
    assert grid.focus_cell("1.4.1", "note") and grid.view.currentIndex().column() == COL_NOTE
    assert not grid.focus_cell("9.9")
