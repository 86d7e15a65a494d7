"""Stored ISO times shown in local time. Kept apart from ``gui/session.py`` so the home list can
show "Sửa lần cuối" without importing the session and, through it, the draft editor
(``cchc_desktop.editing``, ~5 ms of start-up: ``tests/gui/test_startup.py``)."""
from __future__ import annotations

import datetime as _dt


def _local(iso: str) -> _dt.datetime | None:
    """A stored ISO time (UTC or naive) as a local datetime; None when it is not one."""
    try:
        t = _dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return None
    return t.astimezone() if t.tzinfo is not None else t


def local_format(iso: str | None, fmt: str) -> str:
    """A stored ISO time (UTC or naive) shown in local time with ``fmt``."""
    if not iso:
        return ""
    t = _local(iso)
    return str(iso) if t is None else t.strftime(fmt)


def saved_time(iso: str | None, today: _dt.date | None = None) -> str:
    """'04:52:09' for a time today, '04:52:09 ngày 27/11/2026' for another day (the title bar's
    "Đã lưu lúc ..." after reopening a report saved yesterday)."""
    if not iso:
        return ""
    t = _local(iso)
    if t is None:
        return str(iso)
    return t.strftime("%H:%M:%S" if t.date() == (today or _dt.date.today()) else "%H:%M:%S ngày %d/%m/%Y")


def local_datetime(iso: str | None) -> str:
    """'14:32 ngày 03/06/2024' in local time."""
    return local_format(iso, "%H:%M ngày %d/%m/%Y")
