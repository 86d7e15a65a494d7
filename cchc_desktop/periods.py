"""Reporting periods: titles, data cut-off dates, and the period that follows.

The table lives in ``resources/periods.json`` (a province with other cut-off dates edits data,
not code).
"""
from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from .errors import CchcError
from .resources import resource_path

if TYPE_CHECKING:  # at run time only next_period builds one: the home list needs titles only
    from .draft import Period


@dataclass(frozen=True)
class PeriodType:
    type: str
    title: str
    short: str
    start: tuple[int, int, int] | None  # (year offset, month, day)
    end: tuple[int, int, int] | None
    next: str
    outlook: str | None = None


@lru_cache(maxsize=1)
def period_types() -> dict[str, PeriodType]:
    data = json.loads(resource_path("periods.json").read_text(encoding="utf-8"))
    out = {}
    for p in data["periods"]:
        out[p["type"]] = PeriodType(
            type=p["type"], title=p["title"], short=p["short"],
            start=tuple(p["start"]) if p.get("start") else None,
            end=tuple(p["end"]) if p.get("end") else None,
            next=p["next"], outlook=p.get("outlook"),
        )
    return out


PERIODIC_TYPES = ("q1", "6m", "q3", "9m", "year")

# Placeholders of the period phrases in titles and text: the app prints the words of the draft's
# period, and a draft moved to the next period prints the next words without any edit.
PERIOD_TOKEN = "{kỳ báo cáo}"
OUTLOOK_TOKEN = "{kỳ tới}"
TOKENS = (PERIOD_TOKEN, OUTLOOK_TOKEN)


def _dmy(date: _dt.date | None) -> str:
    """'01/01/2024', '15/8/2024' (Decree 30: months 1 and 2 take a leading zero, the others not)."""
    if date is None:
        return "..."
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


class UnknownPeriodError(CchcError, ValueError):
    """A period type no catalogue knows (a draft edited by hand: "zz"); ``str()`` is Vietnamese."""


# The years a report may speak of: ``new --year`` and the custom dates (CLI, new-draft dialog,
# general step, draft reader). The year spin boxes of the GUI start at 2015, inside this range.
YEAR_MIN, YEAR_MAX = 2000, 2100


class PeriodRangeError(CchcError, ValueError):
    """A period outside ``YEAR_MIN``..``YEAR_MAX`` (a date typed as 0001-01-01, or the period after
    one that ends in 2100); ``str()`` is Vietnamese."""


def check_year(year: int, what: str = "Năm") -> None:
    """``PeriodRangeError`` for a year outside ``YEAR_MIN``..``YEAR_MAX``."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise PeriodRangeError(f"{what} {year} nằm ngoài khoảng phần mềm nhận (từ năm {YEAR_MIN} "
                               f"đến năm {YEAR_MAX}).")


def _spec(period: PeriodLike) -> PeriodType:
    try:
        return period_types()[period.type]
    except KeyError:
        raise UnknownPeriodError(f"Kỳ báo cáo «{str(period.type)[:40]}» không được hỗ trợ.") from None


class PeriodLike(Protocol):
    """What the titles read of a period: ``draft.Period`` or the home list's light key."""

    @property
    def type(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def start_year(self) -> int | None: ...


def period_title(period: PeriodLike) -> str:
    """'6 tháng đầu năm 2024', 'Quý I năm 2024', 'năm 2024', 'giai đoạn 2021-2025'; a custom
    period's own title, or 'từ ngày 01/01/2024 đến ngày 15/8/2024'."""
    own = getattr(period, "title", "") if period.type == "custom" else ""
    if own:
        return str(own)
    start = period.start_year if period.start_year is not None else period.year - 4
    return _spec(period).title.format(year=period.year, start_year=start, next_year=period.year + 1,
                                      start=_dmy(getattr(period, "start", None)),
                                      end=_dmy(getattr(period, "end", None)))


def outlook_title(period: Period) -> str | None:
    """The period the 'phương hướng' part looks at ('6 tháng cuối năm 2024'), if the kind has one."""
    spec = _spec(period)
    if not spec.outlook:
        return None
    return spec.outlook.format(year=period.year, next_year=period.year + 1, next_start_year=period.year + 1,
                               next_year5=period.year + 5)


def fill_period_phrases(text: str, period: Period) -> str:
    """``{kỳ báo cáo}`` and ``{kỳ tới}`` replaced by the period's words ('6 tháng đầu năm 2025',
    '6 tháng cuối năm 2025'); a phrase that starts a line starts with a capital."""
    if "{" not in text:
        return text
    try:
        words = {PERIOD_TOKEN: period_title(period), OUTLOOK_TOKEN: outlook_title(period) or "kỳ tới"}
    except ValueError:
        return text
    for token, value in words.items():
        if token not in text:
            continue
        parts = text.split(token)
        out = parts[0]
        for part in parts[1:]:
            at_start = not out.strip() or out.rstrip().endswith(("\n", ".", ":"))
            out += (value[:1].upper() + value[1:] if at_start else value) + part
        text = out
    return text


def cutoff_range(period: Period) -> tuple[_dt.date, _dt.date] | None:
    """Data period by the cut-off convention, e.g. 6m 2024 = 15/12/2023 .. 14/6/2024; a custom
    period's own dates."""
    if period.type == "custom":
        return (period.start, period.end) if period.start and period.end else None
    spec = _spec(period)
    if not spec.start or not spec.end:
        return None
    (sy, sm, sd), (ey, em, ed) = spec.start, spec.end
    return _dt.date(period.year + sy, sm, sd), _dt.date(period.year + ey, em, ed)


def next_period(period: Period) -> Period:
    """The period after this one: q1 -> 6m -> q3 -> year -> q1 of next year; 9m -> year; 5y -> +5;
    a custom period: ``next_custom_dates`` (``PeriodRangeError`` past ``YEAR_MAX``)."""
    from .draft import Period

    spec = _spec(period)
    if period.type == "custom" and period.start and period.end:
        begin, end = next_custom_dates(period.start, period.end)
        check_year(end.year, "Kỳ tiếp theo kết thúc vào năm")
        return Period(type="custom", year=end.year, start=begin, end=end)
    if period.type == "5y":
        start = period.start_year if period.start_year is not None else period.year - 4
        return Period(type="5y", year=period.year + 5, start_year=start + 5)
    year = period.year + 1 if period.type == "year" else period.year
    return Period(type=spec.next, year=year)


def _add_months(date: _dt.date, months: int) -> _dt.date | None:
    """``date`` that many calendar months later; None when that month has no such day (31/4)."""
    last = date.month - 1 + months
    try:
        return date.replace(year=date.year + last // 12, month=last % 12 + 1)
    except ValueError:
        return None


def calendar_months(start: _dt.date, end: _dt.date) -> int:
    """How many calendar months ``start``..``end`` is when it is whole months counted from its first
    day (01/01-30/6: 6; 15/12-14/6: 6; 01/01-31/01: 1); 0 when it is not."""
    after = end + _dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months > 0 and _add_months(start, months) == after:
        return months
    return 0


def next_custom_dates(start: _dt.date, end: _dt.date) -> tuple[_dt.date, _dt.date]:
    """The dates of the custom period after ``start``..``end``, starting the day after it ends: the
    same number of calendar months when it is whole months (01/01-30/6 -> 01/7-31/12; January ->
    February; 15/12-14/6 -> 15/6-14/12), otherwise the same number of days.
    ``PeriodRangeError`` past ``YEAR_MAX``."""
    check_year(end.year, "Kỳ báo cáo kết thúc vào năm")
    begin = end + _dt.timedelta(days=1)
    months = calendar_months(start, end)
    stop = _add_months(begin, months) if months else None
    if stop is not None:
        last = stop - _dt.timedelta(days=1)
    else:
        last = begin + (end - start)
    if last.year > YEAR_MAX:
        check_year(last.year, "Kỳ tiếp theo kết thúc vào năm")
    return begin, last


def short_code(period: Period) -> str:
    """Short code used in file names: 6T, Q1, NAM, 5NAM."""
    return _spec(period).short
