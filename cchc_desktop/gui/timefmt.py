"""Stored ISO times shown in local time. Kept apart from ``gui/session.py`` so the home list can
show "Sửa lần cuối" without importing the session and, through it, the draft editor
(``cchc_desktop.editing``, ~5 ms of start-up: ``tests/gui/test_startup.py``)."""
from __future__ import annotations

import datetime as _dt


def local_format(iso: str | None, fmt: str) -> str:
    """A stored ISO time (UTC or naive) shown in local time with ``fmt``."""
    if not iso:
        return ""
    try:
        t = _dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if t.tzinfo is not None:
        t = t.astimezone()
    return t.strftime(fmt)


def local_datetime(iso: str | None) -> str:
    """'14:32 ngày 03/06/2024' in local time."""
    return local_format(iso, "%H:%M ngày %d/%m/%Y")
