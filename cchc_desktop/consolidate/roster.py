"""The list of communes the province expects, and who sent, who did not, who sent late.

A list comes from an XLSX or CSV file (one commune a row; a header row such as "STT | Tên xã"
is recognised and skipped) and is kept in the store (:class:`cchc_desktop.store.communes.CommuneList`).
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..textnorm import clean_line, fold
from .collect import Collection
from .model import Submission, commune_key, commune_label, loose_key, name_key

MAX_LIST_BYTES = 10 * 1024 * 1024
MAX_LIST_ROWS = 5000
_HEADER_WORDS = ("ten", "don vi", "xa, phuong", "xa/phuong", "dia phuong", "commune")


class RosterError(Exception):
    """``str()`` is Vietnamese."""


def _rows_from_csv(raw: bytes) -> list[list[str]]:
    for enc in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for _, row in zip(range(MAX_LIST_ROWS), csv.reader(io.StringIO(text), dialect))]


def _rows_from_xlsx(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise RosterError(f"«{path.name}» không phải tệp Excel (.xlsx) đọc được.") from None
    try:
        ws = wb.worksheets[0]
        rows = []
        for _, row in zip(range(MAX_LIST_ROWS), ws.iter_rows(max_col=10, values_only=True)):
            rows.append(["" if v is None else str(v) for v in row])
        return rows
    finally:
        wb.close()


def _name_column(rows: list[list[str]]) -> tuple[int, int]:
    """(first data row, column of the names)."""
    for r, row in enumerate(rows[:5]):
        for c, cell in enumerate(row):
            f = fold(clean_line(cell))
            if any(f.startswith(w) for w in _HEADER_WORDS):
                return r + 1, c
    # no header: the first column that holds mostly text (not STT numbers)
    width = max((len(r) for r in rows), default=0)
    for c in range(width):
        cells = [clean_line(r[c]) for r in rows if c < len(r) and clean_line(r[c])]
        if cells and sum(1 for x in cells if not re.fullmatch(r"[\d.]+", x)) > len(cells) / 2:
            return 0, c
    return 0, 0


def read_roster(path: str | Path) -> list[str]:
    """The commune names of a list file (.xlsx or .csv), in file order, repeats dropped."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise RosterError(f"Không tìm thấy tệp danh sách «{path}».") from None
    if size > MAX_LIST_BYTES:
        raise RosterError(f"Tệp danh sách «{path.name}» quá lớn (giới hạn 10 MB).")
    from ..files.read import ReadRefusedError, check_regular

    try:  # a device (/dev/zero reports size 0) or a FIFO is refused before any read
        check_regular(path, "tệp danh sách")
    except ReadRefusedError as exc:
        raise RosterError(str(exc)) from None
    ext = path.suffix.lower()
    if ext == ".xlsx":
        rows = _rows_from_xlsx(path)
    elif ext in (".csv", ".txt"):
        try:
            rows = _rows_from_csv(path.read_bytes())
        except OSError:
            raise RosterError(f"Không đọc được tệp danh sách «{path.name}».") from None
    else:
        raise RosterError(f"Danh sách xã phải là tệp .xlsx hoặc .csv («{path.name}»).")
    start, col = _name_column(rows)
    names, seen = [], set()
    for row in rows[start:]:
        name = clean_line(row[col]) if col < len(row) else ""
        if name.isupper():  # "XÃ TÂN LẬP" -> "Xã Tân Lập"
            name = commune_label(name)
        if name and commune_key(name) not in seen:
            seen.add(commune_key(name))
            names.append(name)
    if not names:
        raise RosterError(f"Tệp «{path.name}» không có tên xã nào (cần một cột «Tên xã»).")
    return names


# ----- who sent --------------------------------------------------------------------------------
SENT, LATE, MISSING, EXTRA = "sent", "late", "missing", "extra"
STATE_LABELS = {SENT: "Đã nộp", LATE: "Nộp muộn", MISSING: "Chưa nộp", EXTRA: "Ngoài danh sách"}


@dataclass
class Status:
    name: str  # as in the list (or the report, for a commune not on the list)
    state: str
    submission: Submission | None
    when: _dt.date | None  # the report's date, else the file's date
    when_is_file_date: bool = False
    copies: int = 0  # reports received from this commune

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def match_roster(names: list[str], subs: list[Submission]) -> dict[str, Submission]:
    """List name -> the submission of that commune: the full key first ('Xã Tân Lập' vs
    'Phường Tân Lập'), then the name without its type word when only one report has it."""
    by_key = {s.key: s for s in subs}
    by_name: dict[str, list[Submission]] = {}
    by_loose: dict[str, list[Submission]] = {}
    for s in subs:
        by_name.setdefault(name_key(s.commune), []).append(s)
        by_loose.setdefault(loose_key(s.commune), []).append(s)
    out: dict[str, Submission] = {}
    taken: set[str] = set()
    for pass_ in range(3):  # exact names first, so a loose match never takes another's report
        for n in names:
            if n in out:
                continue
            hit: Submission | None
            if pass_ == 0:
                hit = by_key.get(commune_key(n))
            else:
                found = by_name.get(name_key(n), []) if pass_ == 1 else by_loose.get(loose_key(n), [])
                hit = found[0] if len(found) == 1 else None
            if hit is not None and hit.key not in taken:
                out[n] = hit
                taken.add(hit.key)
    return out


def roster_keys(names: list[str], subs: list[Submission]) -> list[str]:
    """The submission keys in list order (for the column order of the tables)."""
    matched = match_roster(names, subs)
    return [matched[n].key for n in names if n in matched]


def submission_status(names: list[str], collection: Collection, deadline: _dt.date | None) -> list[Status]:
    """One row per listed commune (in list order), then the reports of communes not listed."""
    counted = collection.counted()
    groups = collection.by_commune()
    matched = match_roster(names, counted)
    out = []

    def when(s: Submission) -> tuple[_dt.date | None, bool]:
        if s.date is not None:
            return s.date, False
        return (_dt.date.fromtimestamp(s.file_time), True) if s.file_time else (None, False)

    for n in names:
        s = matched.get(n)
        if s is None:
            out.append(Status(n, MISSING, None, None))
            continue
        date, from_file = when(s)
        late = deadline is not None and date is not None and date > deadline
        out.append(Status(n, LATE if late else SENT, s, date, from_file, len(groups.get(s.key, []))))
    listed = {s.key for s in matched.values()}
    for s in counted:
        if s.key not in listed:
            date, from_file = when(s)
            late = deadline is not None and date is not None and date > deadline
            state = EXTRA if names else (LATE if late else SENT)
            out.append(Status(s.commune, state, s, date, from_file, len(groups.get(s.key, []))))
    return out
