"""The table of drafts on the home window (one row per ``DraftSummary``)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..draft import Period
from ..periods import period_title
from .session import local_datetime

COL_KIND, COL_PERIOD, COL_BODY, COL_NUMBER, COL_UPDATED, COL_STATE = range(6)
HEADERS = ["Loại văn bản", "Kỳ báo cáo", "Cơ quan ban hành", "Số", "Sửa lần cuối", "Trạng thái"]
KIND_NAMES = {"periodic": "Báo cáo định kỳ", "five_year": "Báo cáo sơ kết 5 năm",
              "self_inspection": "Thông báo tự kiểm tra"}
STATE_NAMES = {"drafting": "đang soạn", "exported": "đã xuất"}
IN_TRASH = "trong thùng rác (xóa lúc {when})"
# sort keys of Store.list_drafts per column (None: not sortable)
SORT_KEYS = {COL_KIND: "kind", COL_PERIOD: "period", COL_BODY: None, COL_NUMBER: "number",
             COL_UPDATED: "updated", COL_STATE: "state"}


def period_text(summary) -> str:
    if not summary.period_type or summary.year is None:
        return ""
    try:
        return period_title(Period(type=summary.period_type, year=summary.year))
    except ValueError:
        return f"{summary.period_type} {summary.year}"


class DraftsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

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

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_KIND:
                return KIND_NAMES.get(s.kind, s.kind)
            if col == COL_PERIOD:
                return period_text(s)
            if col == COL_BODY:
                return s.issuing_body
            if col == COL_NUMBER:
                return s.number
            if col == COL_UPDATED:
                return local_datetime(s.updated_at)
            if col == COL_STATE:
                if s.deleted_at:
                    return IN_TRASH.format(when=local_datetime(s.deleted_at))
                return STATE_NAMES.get(s.state, s.state)
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[col]}: {self.data(index)}"
        return None
