"""The table of drafts on the home window (one row per ``DraftSummary``).

Start-up note: nothing here touches PySide6's ``Qt`` namespace. Building that Python type costs
~15-25 ms (a sixth of a bare window's start), and a Python ``headerData`` override makes Qt
build it inside ``QTableView.setModel`` (the orientation argument is a ``Qt.Orientation``).
So the column titles live in a ``QStandardItemModel`` the view's header uses
(:attr:`DraftsModel.header_labels`), and the roles are compared as the ints PySide passes to
``data()`` (``tests/gui/test_home.py`` checks they equal ``Qt.ItemDataRole``).
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtGui import QStandardItemModel

from ..periods import period_title
from .timefmt import local_datetime

# Qt.ItemDataRole values (stable Qt ABI)
DISPLAY_ROLE, TOOLTIP_ROLE, ACCESSIBLE_TEXT_ROLE, USER_ROLE = 0, 3, 11, 0x0100

# the title (trích yếu) and the period first: they tell two reports apart; the issuing body,
# the same on every row of one commune, is in the title's tooltip
COL_SUMMARY, COL_PERIOD, COL_KIND, COL_NUMBER, COL_UPDATED, COL_STATE = range(6)
COL_BODY = COL_SUMMARY  # the stretched column (the home window sizes the others to their text)
HEADERS = ["Trích yếu", "Kỳ báo cáo", "Loại văn bản", "Số", "Sửa lần cuối", "Trạng thái"]
KIND_NAMES = {"periodic": "Báo cáo định kỳ", "five_year": "Báo cáo sơ kết 5 năm",
              "self_inspection": "Thông báo tự kiểm tra"}
STATE_NAMES = {"drafting": "đang soạn", "exported": "đã xuất"}
EDITED_AFTER_EXPORT = "đã sửa sau khi xuất"
NO_SUMMARY = "(chưa có trích yếu)"
IN_TRASH = "trong thùng rác (xóa lúc {when})"
# sort keys of Store.list_drafts per column (None: not sortable)
SORT_KEYS = {COL_SUMMARY: "summary", COL_KIND: "kind", COL_PERIOD: "period", COL_NUMBER: "number",
             COL_UPDATED: "updated", COL_STATE: "state"}


class _PeriodKey:
    """What ``periods.period_title`` reads of a ``draft.Period`` (type, year, start_year), without
    importing ``..draft`` to show the home list (~10-18 ms of start-up)."""

    __slots__ = ("type", "year", "start_year")

    def __init__(self, type_: str, year: int, start_year: int | None = None):
        self.type, self.year, self.start_year = type_, year, start_year


def period_text(summary) -> str:
    if not summary.period_type or summary.year is None:
        return ""
    try:
        return period_title(_PeriodKey(summary.period_type, summary.year))
    except ValueError:
        return f"{summary.period_type} {summary.year}"


def state_text(summary) -> str:
    """"đã xuất", or "đã sửa sau khi xuất" when the draft was saved after its last export."""
    if summary.state == "exported" and summary.exported_at and summary.updated_at \
            and summary.updated_at > summary.exported_at:
        return EDITED_AFTER_EXPORT
    return STATE_NAMES.get(summary.state, summary.state)


class DraftsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []
        self.header_labels = QStandardItemModel(0, len(HEADERS), self)
        self.header_labels.setHorizontalHeaderLabels(HEADERS)

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def summary(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=DISPLAY_ROLE):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            if col == COL_KIND:
                return KIND_NAMES.get(s.kind, s.kind)
            if col == COL_PERIOD:
                return period_text(s)
            if col == COL_SUMMARY:
                text = s.summary or NO_SUMMARY
                return f"{text}\n{s.issuing_body}" if role == TOOLTIP_ROLE and s.issuing_body else text
            if col == COL_NUMBER:
                return s.number
            if col == COL_UPDATED:
                return local_datetime(s.updated_at)
            if col == COL_STATE:
                if s.deleted_at:
                    return IN_TRASH.format(when=local_datetime(s.deleted_at))
                return state_text(s)
        if role == USER_ROLE:
            return s.id
        if role == ACCESSIBLE_TEXT_ROLE:
            return f"{HEADERS[col]}: {self.data(index)}"
        return None
