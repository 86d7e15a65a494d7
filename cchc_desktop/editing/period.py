"""Changing the report's period from the general step: the period itself plus the header fields
that hold its words (summary, opening, closing, "Kính gửi"), so the phrases follow. Section titles
and text hold ``{kỳ báo cáo}`` / ``{kỳ tới}`` and follow by themselves. Qt-free."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .apply import clean
from .refs import FieldRef, MetaField, PeriodField

if TYPE_CHECKING:
    from ..draft import Draft, Period

HEADER_FIELDS = ("summary", "preamble", "closing", "addressee")


def _move_words(text: str, old: Period, new: Period) -> str:
    from ..periods import period_title
    from ..store.nextperiod import replace_period_title

    if old.type != "custom":  # the built-in titles, and a five-year span "2021-2025"
        return replace_period_title(text, old, new)
    try:  # a custom period: only its own title ("năm 2024" alone may be other words)
        before, after = period_title(old), period_title(new)
    except ValueError:
        return text
    if not before or before == after:
        return text
    pattern = re.compile(rf"(?<!\w){re.escape(before)}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda m: after[:1].upper() + after[1:] if m.group(0)[:1].isupper() else after, text)


def period_edits(draft: Draft, value: dict[str, Any]) -> list[tuple[FieldRef, Any]]:
    """The edits for setting the period to ``value`` (a period dict): the period, then each header
    field whose words named the old period. ``DraftFormatError`` for a period that is not one."""
    from ..draft import Period

    new = Period.from_dict(clean(PeriodField(), value))
    old = draft.period
    items: list[tuple[FieldRef, Any]] = [(PeriodField(), new.to_dict())]
    if new == old:
        return items
    for name in HEADER_FIELDS:
        text = getattr(draft.meta, name)
        try:
            moved = _move_words(text, old, new)
        except ValueError:
            continue
        if moved != text:
            items.append((MetaField(name), moved))
    return items
