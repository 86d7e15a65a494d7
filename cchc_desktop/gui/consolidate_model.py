"""Rows of the consolidation window: one per commune (sent, late, missing, not listed), the
filters over them, and the files set aside. Plain Python over the core's result; the window
puts them in its tables."""
from __future__ import annotations

from dataclasses import dataclass

from ..consolidate.roster import EXTRA, LATE, MISSING, Status
from ..consolidate.usecase import Run
from ..vnformat import short_date

COLUMNS = ["Xã, phường", "Tình trạng", "Ngày báo cáo", "Số báo cáo", "Tệp được tính", "Số bản", "Lỗi", "Cảnh báo",
           "Khác thường"]
FILTERS = [("all", "Tất cả"), ("missing", "Chưa nộp"), ("late", "Nộp muộn"), ("errors", "Có lỗi số liệu"),
           ("outliers", "Có số liệu khác thường"), ("copies", "Nhận nhiều bản"), ("extra", "Ngoài danh sách")]


@dataclass
class CommuneRow:
    status: Status
    errors: int
    warnings: int
    outliers: int

    @property
    def cells(self) -> list[str]:
        s, sub = self.status, self.status.submission
        when = ""
        if s.when:
            when = short_date(s.when) + (" (ngày tệp)" if s.when_is_file_date else "")
        if sub is None:
            return [s.name, s.label, "", "", "", "", "", "", ""]
        return [s.name, s.label, when, sub.number, sub.name, str(s.copies), str(self.errors), str(self.warnings),
                str(self.outliers)]

    def matches(self, key: str) -> bool:
        return {
            "all": True,
            "missing": self.status.state == MISSING,
            "late": self.status.state == LATE,
            "errors": self.errors > 0,
            "outliers": self.outliers > 0,
            "copies": self.status.copies > 1,
            "extra": self.status.state == EXTRA,
        }[key]


def commune_rows(result: Run) -> list[CommuneRow]:
    cons = result.consolidation
    flagged: dict[str, int] = {}
    for flagged_sub, *_ in cons.flagged():
        flagged[flagged_sub.key] = flagged.get(flagged_sub.key, 0) + 1
    rows = []
    for st in result.statuses:
        sub = st.submission
        findings = cons.findings.get(sub.key, []) if sub else []
        rows.append(CommuneRow(st, sum(f.severity == "error" for f in findings),
                               sum(f.severity == "warning" for f in findings), flagged.get(sub.key, 0) if sub else 0))
    return rows


def summary(result: Run) -> str:
    c, cons = result.collection, result.consolidation
    states = [s.state for s in result.statuses]
    parts = [f"{cons.target.title}, mẫu biểu {cons.target.variant}: tính {len(cons.communes)} xã, phường"]
    if result.names:
        parts.append(f"{states.count(MISSING)} chưa nộp")
        if result.deadline:
            parts.append(f"{states.count(LATE)} nộp muộn (hạn {short_date(result.deadline)})")
    parts.append(f"{len(cons.error_keys())} xã có lỗi số liệu")
    parts.append(f"{len(cons.flagged())} số liệu khác thường")
    parts.append(f"{len(c.skipped)} tệp không tính")
    return " · ".join(parts)
