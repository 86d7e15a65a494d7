"""Changing the report's period from the general step: the period itself, which placeholders
(``{kỳ báo cáo}`` / ``{kỳ tới}``) in any field follow by themselves; every other word is the user's.
A draft whose header fields (summary, opening, closing, "Kính gửi") hold no placeholder was made
before them: its period words there become placeholders, once. Qt-free."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .apply import clean
from .refs import FieldRef, MetaField, PeriodField

if TYPE_CHECKING:
    from ..draft import Draft, Period

HEADER_FIELDS = ("summary", "preamble", "closing", "addressee")


def period_edits(draft: Draft, value: dict[str, Any]) -> list[tuple[FieldRef, Any]]:
    """The edits for setting the period to ``value`` (a period dict): the period, then, for a draft
    made before the placeholders, each header field whose words named the old period (with the
    placeholders instead). ``DraftFormatError`` for a period that is not one."""
    from ..draft import Period

    new = Period.from_dict(clean(PeriodField(), value))
    old = draft.period
    items: list[tuple[FieldRef, Any]] = [(PeriodField(), new.to_dict())]
    if new == old or any(_TOKEN_RE.search(getattr(draft.meta, name)) for name in HEADER_FIELDS):
        return items  # its placeholders follow; every other word is the user's
    from ..store.nextperiod import words_to_placeholders

    for name in HEADER_FIELDS:  # made before the placeholders: its period words become them, once
        text = getattr(draft.meta, name)
        try:
            moved = words_to_placeholders(text, old, new)
        except ValueError:
            continue
        if moved != text:
            items.append((MetaField(name), moved))
    return items


# ----- period phrases as the user sees them -------------------------------------------------------
# Editors show a title or text with its placeholders filled ("Phương hướng, nhiệm vụ 6 tháng cuối năm
# 2025", not "{kỳ tới}"). Each filled phrase is a span followed through the user's edits
# (``phrase_track``): a phrase left as it was shown is stored as its placeholder again (it keeps
# following the period); a phrase the user changed, cut, typed into or typed a letter onto is
# stored as the user's literal words. Words the user types that happen to equal a phrase are never
# turned into a placeholder: a phrase is followed by its place, never found by its words.

_TOKEN_RE = re.compile("|".join(re.escape(t) for t in ("{kỳ báo cáo}", "{kỳ tới}")))


@dataclass(frozen=True)
class Shown:
    """A stored title or text, as shown (``shown``), with where its filled phrases are
    (``spans``: start, end, placeholder, in ``shown``)."""

    stored: str
    shown: str
    spans: tuple[tuple[int, int, str], ...] = ()

    def phrases(self) -> list[str]:
        return [self.shown[s:e] for s, e, _t in self.spans]


def phrase_words(period: Period) -> dict[str, str]:
    """The words each placeholder prints for ``period`` (``ValueError`` for an unknown period)."""
    from ..periods import OUTLOOK_TOKEN, PERIOD_TOKEN, outlook_title
    from ..periods import period_title as title_of

    return {PERIOD_TOKEN: title_of(period), OUTLOOK_TOKEN: outlook_title(period) or "kỳ tới"}


def _starts_sentence(before: str) -> bool:
    """The capital rule of ``periods.fill_period_phrases``: a phrase that starts the text, a line
    or a sentence (after "." or ":") starts with a capital."""
    return not before.strip() or before.rstrip().endswith(("\n", ".", ":"))


def shown_phrases(text: str, period: Period) -> Shown:
    """``text`` with ``{kỳ báo cáo}`` / ``{kỳ tới}`` filled as printed
    (``periods.fill_period_phrases``) and the places of the filled words."""
    if "{" not in text or not _TOKEN_RE.search(text):
        return Shown(text, text)
    try:
        words = phrase_words(period)
    except ValueError:
        return Shown(text, text)
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    length, last = 0, 0
    for m in _TOKEN_RE.finditer(text):
        out.append(text[last:m.start()])
        length += m.start() - last
        value = words[m.group(0)]
        if _starts_sentence("".join(out)):
            value = value[:1].upper() + value[1:]
        out.append(value)
        spans.append((length, length + len(value), m.group(0)))
        length += len(value)
        last = m.end()
    out.append(text[last:])
    return Shown(text, "".join(out), tuple(spans))


def with_placeholders(shown: str, spans: list[tuple[int, int, str]] | tuple[tuple[int, int, str], ...]) -> str:
    """``shown`` with each span put back as its placeholder."""
    out, last = [], 0
    for s, e, token in sorted(spans):
        out += [shown[last:s], token]
        last = e
    out.append(shown[last:])
    return "".join(out)


def kept_spans(edited: str, base: Shown) -> list[tuple[int, int, str]]:
    """The phrases of ``base`` still there, unchanged, whole and standing, in ``edited`` (one edit
    or several, see ``phrase_track``): (start, end, placeholder) in ``edited``."""
    from .phrase_track import follow, live_spans

    found = follow(base.shown, edited, live_spans(base.shown, base.spans))
    return [(sp.start, sp.end, sp.token) for sp in found if sp.standing(edited)]


def stored_from_shown(edited: str, base: Shown) -> str:
    """What to store for ``edited``, the text as the user left it in an editor that showed
    ``base.shown``: the phrases kept as shown become their placeholders again, anything else is
    stored as typed."""
    if edited == base.shown:
        return base.stored
    return with_placeholders(edited, kept_spans(edited, base))


class PhraseTracker:
    """One field's filled phrases followed through each of the user's edits.

    ``update`` after every change (each keystroke is one changed stretch: exact, linear); a text
    the field held before (undo, redo) gets that state's phrases back. ``state.shown`` is what
    the field must show: a kept phrase moved to or from a sentence start takes the capital it
    prints with (``fill_period_phrases``), and the editor puts that letter in."""

    def __init__(self, stored: str = "", period: Period | None = None):
        from .phrase_track import History, Live

        self._history = History()
        self.words: dict[str, str] = {}
        self.state = Shown(stored, stored)
        self._live: list[Live] = []
        self.reset(stored, period)

    def reset(self, stored: str, period: Period | None) -> Shown:
        """Start again from a stored value (loaded, changed elsewhere, or a new period)."""
        from .phrase_track import History, live_spans

        self.state = shown_phrases(stored, period) if period is not None else Shown(stored, stored)
        self._live = live_spans(self.state.shown, self.state.spans)
        try:
            self.words = phrase_words(period) if period is not None else {}
        except ValueError:
            self.words = {}
        self._history = History()
        self._history.add(self.state.shown, (self.state, self._live))
        return self.state

    def update(self, edited: str) -> Shown:
        if edited == self.state.shown:
            return self.state
        seen = self._history.get(edited)
        if seen is not None:
            self.state, self._live = seen  # type: ignore[misc]
            return self.state
        from .phrase_track import follow

        self._live = follow(self.state.shown, edited, self._live)
        spans = [(sp.start, sp.end, sp.token) for sp in self._live if sp.standing(edited)]
        shown = self._recased(edited, spans)
        self.state = Shown(with_placeholders(shown, spans), shown, tuple(spans))
        self._history.add(edited, (self.state, self._live))
        if shown != edited:
            self._history.add(shown, (self.state, self._live))
        return self.state

    def stored(self, edited: str) -> str:
        return self.update(edited).stored

    def _recased(self, text: str, spans: list[tuple[int, int, str]]) -> str:
        for s, e, token in spans:
            value = self.words.get(token)
            if not value:
                continue
            want = value[:1].upper() + value[1:] if _starts_sentence(text[:s]) else value
            if text[s:e] != want and text[s:e].lower() == want.lower() and len(want) == e - s:
                text = text[:s] + want + text[e:]
        return text


def shown_position(base: Shown, pos: int) -> int:
    """Where the character ``pos`` of ``base.stored`` is in ``base.shown`` (a finding's words,
    found in the stored text, selected in an editor that shows the filled phrases)."""
    shift = 0
    for m, (s, e, _t) in zip(_TOKEN_RE.finditer(base.stored), base.spans):
        if m.end() <= pos:
            shift += (e - s) - (m.end() - m.start())
        elif m.start() < pos:  # inside a placeholder: its phrase's start
            return s
        else:
            break
    return pos + shift


def stored_position(base: Shown, pos: int, end: bool = False) -> int:
    """Where the character ``pos`` of ``base.shown`` is in ``base.stored``; inside a filled phrase,
    its placeholder's start (or its end, for the ``end`` of a range): a range of the shown text
    becomes the smallest range of the stored text that covers it."""
    shift = 0
    for m, (s, e, _t) in zip(_TOKEN_RE.finditer(base.stored), base.spans):
        if e <= pos:
            shift += (m.end() - m.start()) - (e - s)
        elif s < pos:  # inside the phrase
            return m.end() if end else m.start()
        else:
            break
    return pos + shift
