"""Building next period's draft from this one (``Store.duplicate_as_next_period``).

Pure functions on ``Draft``; no database here. The copy's fields change through
``editing.apply_edits`` (the one edit pipeline), never by assignment. Period titles and the next
period come from ``cchc_desktop.periods`` (data-driven); a small built-in table is the fallback
so the store still works if that module or its data file is missing.
"""
from __future__ import annotations

import logging
import re

from ..draft import Draft, Period, new_id

log = logging.getLogger(__name__)

_TITLES = {
    "q1": "Quý I năm {y}",
    "6m": "6 tháng đầu năm {y}",
    "9m": "9 tháng năm {y}",
    "q3": "Quý III năm {y}",
    "year": "năm {y}",
    "5y": "giai đoạn {s}-{y}",
}
_NEXT = {"q1": "6m", "6m": "q3", "9m": "year", "q3": "year", "year": "q1"}

CLEAR_MODES = ("counts", "all", "none")
# Row kinds whose values are this period's figures; "choice" codes (policies) carry over.
_PERIOD_KINDS = {"group", "count", "amount", "rate", "percent"}


def _builtin_title(period: Period) -> str:
    start = period.start_year if period.start_year is not None else period.year - 4
    return _TITLES.get(period.type, "năm {y}").format(y=period.year, s=start)


def _builtin_next(period: Period) -> Period:
    if period.type == "5y":
        start = period.start_year if period.start_year is not None else period.year - 4
        return Period(type="5y", year=period.year + 5, start_year=start + 5)
    year = period.year + 1 if period.type == "year" else period.year
    return Period(type=_NEXT.get(period.type, "year"), year=year)


def period_title(period: Period) -> str:
    try:
        from .. import periods

        title = periods.period_title(period)
        if isinstance(title, str) and title:
            return title
    except Exception:  # module being written, data file missing, unknown type
        log.info("period title from the built-in table for %r", period, exc_info=True)
    return _builtin_title(period)


def next_period(period: Period) -> Period:
    """The period after ``period``; ``periods.PeriodRangeError`` (Vietnamese) past the last year the
    app accepts: never a silent stand-in period."""
    from ..periods import PeriodRangeError

    try:
        from .. import periods

        nxt = periods.next_period(period)
        if isinstance(nxt, Period):
            return nxt
    except PeriodRangeError:
        raise
    except Exception:  # see period_title
        log.info("next period from the built-in table for %r", period, exc_info=True)
    return _builtin_next(period)


def _title_variants(period: Period) -> list[str]:
    """The ways the old title may be written (the official one and the built-in one)."""
    out = {period_title(period), _builtin_title(period)}
    return sorted((t for t in out if t), key=len, reverse=True)  # longest first


def _move_five_year_span(text: str, old: Period, new: Period) -> tuple[str, int]:
    """A bare "2021-2025" / "2021 - 2025" of a five-year review moved on to the new span; also
    returns the old start year (titles holding it are then left to the span rule)."""
    o_start = old.start_year if old.start_year is not None else old.year - 4
    n_start = new.start_year if new.start_year is not None else new.year - 4
    span = re.compile(rf"(?<!\d){o_start}(\s*[-–]\s*){old.year}(?!\d)")
    return span.sub(lambda m: f"{n_start}{m.group(1)}{new.year}", text), o_start


def replace_period_title(text: str, old: Period, new: Period) -> str:
    """Every occurrence of the old period's title (any case) becomes the new one's.

    A five-year review also moves a bare "2021-2025" / "2021 - 2025" on by five years.
    """
    if not text:
        return text
    new_title = period_title(new)
    alternatives = [rf"(?<!\w){re.escape(v)}(?!\w)" for v in _title_variants(old)]
    if old.type == "5y":
        text, o_start = _move_five_year_span(text, old, new)
        alternatives = [a for a in alternatives if str(o_start) not in a] or alternatives
    pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def repl(m: re.Match[str]) -> str:
        if m.group(0)[:1].isupper():  # sentence start: "Năm 2025 ..."
            return new_title[:1].upper() + new_title[1:]
        return new_title

    return pattern.sub(repl, text)


def row_kind(variant: str | None, form: str, code: str) -> str | None:
    """'count', 'choice', ... from the form catalogue; None when the row or variant is unknown."""
    if not variant:
        return None
    try:
        from .. import forms

        kind = forms.get_variant(variant).form(int(form)).row(code).kind
    except Exception:  # noqa: BLE001 - best-effort: unknown variant/form/row, or catalogue module missing
        return None
    return str(getattr(kind, "value", kind)).lower()


def clear_annex(draft: Draft, clear_values: str) -> None:
    """Clear the annex for a new period: 'counts' (period figures), 'all', or 'none'."""
    if clear_values not in CLEAR_MODES:
        raise ValueError(f"clear_values must be one of {CLEAR_MODES}, not {clear_values!r}")
    from ..editing import AnnexCell, apply_edits

    if clear_values == "none":
        return
    edits = []
    for form, rows in draft.annex.items():
        for code in rows:
            if clear_values == "all":
                edits += [(AnnexCell(form, code, "value"), ""), (AnnexCell(form, code, "note"), "")]
                continue
            kind = row_kind(draft.variant or draft.annex_off_variant, form, code)
            if kind is None or kind in _PERIOD_KINDS:  # unknown: safer to clear than carry over
                edits.append((AnnexCell(form, code, "value"), ""))
    apply_edits(draft, edits)


def _replace_phrase(text: str, old: str, new: str) -> tuple[str, int]:
    if not old or old == new or not text:
        return text, 0
    pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)", re.IGNORECASE)
    return pattern.subn(lambda m: new[:1].upper() + new[1:] if m.group(0)[:1].isupper() else new, text)


def words_to_placeholders(text: str, old: Period, new: Period) -> str:
    """``text`` (from a draft made before placeholders) with ``old``'s outlook phrase and title as
    ``{kỳ tới}`` / ``{kỳ báo cáo}``, so they print ``new``'s words now and follow from then on. A
    five-year review's bare "2021-2025" moves on by five years (no placeholder prints it); a custom
    period's words are its own title only ("năm 2024" alone may be other words)."""
    from ..periods import OUTLOOK_TOKEN, PERIOD_TOKEN, outlook_title

    if not text:
        return text
    try:
        old_out = outlook_title(old) or ""
    except ValueError:
        old_out = ""
    moved, _ = _replace_phrase(text, old_out, OUTLOOK_TOKEN) if old_out else (text, 0)
    variants = [period_title(old)] if old.type == "custom" else _title_variants(old)
    if old.type == "5y":
        moved, o_start = _move_five_year_span(moved, old, new)
        variants = [v for v in variants if str(o_start) not in v] or variants
    variants = [v for v in variants if v]
    if not variants:
        return moved
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in variants), re.IGNORECASE)
    return pattern.sub(PERIOD_TOKEN, moved)


def _has_placeholder(text: str) -> bool:
    from ..periods import TOKENS

    return any(t in text for t in TOKENS)


def move_period_phrases(new: Draft, old_period: Period, new_period: Period) -> list[str]:
    """Move the period words of ``new`` (a copy of last period's draft) on to ``new_period`` and say
    what changed, in Vietnamese, one line per change.

    The rule: placeholders move; the user's literal words stay literal.

    - ``{kỳ báo cáo}`` / ``{kỳ tới}`` anywhere follow by themselves; every other word is the
      user's and is left as it is;
    - a draft whose header (summary, opening, closing, "Kính gửi") holds no placeholder at all
      was made before them (new drafts write them there): this period's title and outlook phrase
      in its header become the placeholders, once (``words_to_placeholders``);
    - likewise a draft whose outline holds no placeholder at all: its section titles.
    """
    from ..editing import MetaField, SectionField, apply_edits
    from ..periods import OUTLOOK_TOKEN, PERIOD_TOKEN, fill_period_phrases, outlook_title

    notes: list[str] = []
    edits: list[tuple[MetaField | SectionField, str]] = []
    old_title, new_title = period_title(old_period), period_title(new_period)
    try:
        old_out, new_out = outlook_title(old_period) or "", outlook_title(new_period) or "kỳ tới"
    except ValueError:
        old_out, new_out = "", "kỳ tới"
    places = []
    header = (("summary", "trích yếu"), ("preamble", "câu mở đầu"), ("closing", "câu kết"),
              ("addressee", "dòng «Kính gửi»"))
    # a draft whose header holds no placeholder was made before them: its period words become
    # placeholders, once; any other draft's header words are the user's
    header_before = not any(_has_placeholder(getattr(new.meta, name)) for name, _label in header)
    for name, label in header:
        text = getattr(new.meta, name)
        moved = words_to_placeholders(text, old_period, new_period) if header_before else text
        if moved != text:
            edits.append((MetaField(name), moved))
        if fill_period_phrases(moved, new_period) != fill_period_phrases(text, old_period):
            places.append(label)
    if places:
        notes.append(f"«{old_title}» thành «{new_title}» trong: {', '.join(places)}.")
    sections = [section for _, section in new.iter_sections()]
    before_placeholders = not any(_has_placeholder(s.title) or _has_placeholder(s.text) for s in sections)
    tokens = converted = 0
    for section in sections:
        tokens += sum(section.title.count(t) + section.text.count(t) for t in (PERIOD_TOKEN, OUTLOOK_TOKEN))
        if not before_placeholders:
            continue
        title, n1 = _replace_phrase(section.title, old_out, OUTLOOK_TOKEN) if old_out else (section.title, 0)
        title, n2 = _replace_phrase(title, old_title, PERIOD_TOKEN) if old_period.type != "year" else (title, 0)
        if n1 or n2:
            edits.append((SectionField(section.id, "title"), title))
            converted += n1 + n2
    if tokens or converted:
        notes.append(f"Tên kỳ trong {tokens + converted} chỗ của dàn ý tự đổi theo kỳ mới "
                     f"(«{new_title}», kỳ tới: «{new_out}»).")
    apply_edits(new, edits)
    return notes


def _custom_dates_note(old: Period, new: Period) -> list[str]:
    """For a custom period: the new dates and how they were chosen, for the user to check."""
    if new.type != "custom" or not (old.start and old.end and new.start and new.end):
        return []
    from ..periods import _dmy, calendar_months

    months = calendar_months(old.start, old.end)
    how = (f"cùng {months} tháng như kỳ trước" if months
           else f"cùng số ngày như kỳ trước: {(old.end - old.start).days + 1} ngày, vì kỳ trước không tròn tháng")
    return [f"Kỳ mới từ ngày {_dmy(new.start)} đến ngày {_dmy(new.end)} ({how}); hãy kiểm tra lại ngày "
            "và tên kỳ ở bước «Thông tin chung»."]


def next_period_draft(source: Draft, clear_values: str = "counts") -> Draft:
    """A new draft for the next period: text kept, number/date cleared, titles moved on."""
    return next_period_draft_noted(source, clear_values)[0]


def next_period_draft_noted(source: Draft, clear_values: str = "counts") -> tuple[Draft, list[str]]:
    """``next_period_draft`` and the Vietnamese lines saying which period words changed."""
    from ..editing import MetaField, PeriodField, apply_edits

    new = source.copy()
    new.id = new_id()
    old_period, new_period = source.period, next_period(source.period)
    apply_edits(new, [(PeriodField(), new_period.to_dict()), (MetaField("number"), ""), (MetaField("date"), None)])
    notes = _custom_dates_note(old_period, new_period) + move_period_phrases(new, old_period, new_period)
    # what the copied text spoke of: last period's values, for the stale-copy check
    new.origin = {"id": source.id, "period": source.period.to_dict(),
                  "annex": {f: {c: dict(cell) for c, cell in rows.items()} for f, rows in source.annex.items()}}
    clear_annex(new, clear_values)
    fresh = Draft()
    new.created, new.updated = fresh.created, fresh.updated
    return new, notes
