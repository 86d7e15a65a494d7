"""Changing the report's period from the general step: the period itself plus the header fields
that hold its words (summary, opening, closing, "Kính gửi"), so the phrases follow. Section titles
and text hold ``{kỳ báo cáo}`` / ``{kỳ tới}`` and follow by themselves. Qt-free."""
from __future__ import annotations

import re
from dataclasses import dataclass
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


# ----- period phrases as the user sees them -------------------------------------------------------
# Editors show a title or text with its placeholders filled ("Phương hướng, nhiệm vụ 6 tháng cuối năm
# 2025", not "{kỳ tới}"). What the user types is mapped back against what was shown: a phrase the
# user left as it was shown is stored as its placeholder again (it keeps following the period); a
# phrase the user changed, cut or typed into is stored as the user's literal words. Words the user
# types that happen to equal a phrase are never turned into a placeholder.

_TOKEN_RE = re.compile("|".join(re.escape(t) for t in ("{kỳ báo cáo}", "{kỳ tới}")))
_LONG_BLOCK = 20_000  # words of a changed stretch beyond which it is not diffed (stored as typed)
_WORD_RE = re.compile(r"\w+|[^\w\s]+")  # words and runs of punctuation; spaces between are not compared


@dataclass(frozen=True)
class Shown:
    """A stored title or text, as shown (``shown``), with where its filled phrases are
    (``spans``: start, end, placeholder, in ``shown``)."""

    stored: str
    shown: str
    spans: tuple[tuple[int, int, str], ...] = ()

    def phrases(self) -> list[str]:
        return [self.shown[s:e] for s, e, _t in self.spans]


def shown_phrases(text: str, period: Period) -> Shown:
    """``text`` with ``{kỳ báo cáo}`` / ``{kỳ tới}`` filled as printed
    (``periods.fill_period_phrases``) and the places of the filled words."""
    from ..periods import OUTLOOK_TOKEN, PERIOD_TOKEN, outlook_title
    from ..periods import period_title as title_of

    if "{" not in text or not _TOKEN_RE.search(text):
        return Shown(text, text)
    try:
        words = {PERIOD_TOKEN: title_of(period), OUTLOOK_TOKEN: outlook_title(period) or "kỳ tới"}
    except ValueError:
        return Shown(text, text)
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    length, last = 0, 0
    for m in _TOKEN_RE.finditer(text):
        out.append(text[last:m.start()])
        length += m.start() - last
        before = "".join(out)
        value = words[m.group(0)]
        if not before.strip() or before.rstrip().endswith(("\n", ".", ":")):  # a phrase starting a line
            value = value[:1].upper() + value[1:]
        out.append(value)
        spans.append((length, length + len(value), m.group(0)))
        length += len(value)
        last = m.end()
    out.append(text[last:])
    return Shown(text, "".join(out), tuple(spans))


def _blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """Matching blocks (start in a, start in b, length) of two versions of one text: paragraphs
    first, then the words of the changed paragraphs, inside what they share at both ends (fast on
    long texts edited in places)."""
    from difflib import SequenceMatcher

    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    oa, ob = _offsets(la), _offsets(lb)
    out: list[tuple[int, int, int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append((oa[i1], ob[j1], oa[i2] - oa[i1]))
        elif tag == "replace":
            _word_blocks(a[oa[i1]:oa[i2]], b[ob[j1]:ob[j2]], oa[i1], ob[j1], out)
    return out


def _offsets(parts: list[str]) -> list[int]:
    out = [0]
    for part in parts:
        out.append(out[-1] + len(part))
    return out


def _word_blocks(sa: str, sb: str, at_a: int, at_b: int, out: list[tuple[int, int, int]]) -> None:
    from difflib import SequenceMatcher

    n = min(len(sa), len(sb))
    head = 0
    while head < n and sa[head] == sb[head]:
        head += 1
    tail = 0
    while tail < n - head and sa[-1 - tail] == sb[-1 - tail]:
        tail += 1
    if head:
        out.append((at_a, at_b, head))
    ma, mb = sa[head:len(sa) - tail], sb[head:len(sb) - tail]
    wa, wb = list(_WORD_RE.finditer(ma)), list(_WORD_RE.finditer(mb))
    if wa and wb and len(wa) + len(wb) <= _LONG_BLOCK:
        matcher = SequenceMatcher(None, [m.group() for m in wa], [m.group() for m in wb], autojunk=False)
        for x, y, k in matcher.get_matching_blocks():
            for i in range(k):  # one block per word: the spaces between words may differ
                word_a, word_b = wa[x + i], wb[y + i]
                out.append((at_a + head + word_a.start(), at_b + head + word_b.start(), len(word_a.group())))
    if tail:
        out.append((at_a + len(sa) - tail, at_b + len(sb) - tail, tail))


def kept_spans(edited: str, base: Shown) -> list[tuple[int, int, str]]:
    """The phrases of ``base`` still there, unchanged and whole, in ``edited``: (start, end,
    placeholder) in ``edited``."""
    if not base.spans:
        return []
    if edited == base.shown:
        return list(base.spans)
    kept = []
    blocks = _blocks(base.shown, edited)

    def where(pos: int) -> int | None:
        for x, y, n in blocks:
            if x <= pos < x + n:
                return y + pos - x
        return None

    for s, e, token in base.spans:
        a, last = where(s), where(e - 1)
        if a is None or last is None:
            continue
        b = last + 1
        # the same words, whole: a phrase typed onto ("năm 20255", "x6 tháng") is no longer the phrase
        if edited[a:b] == base.shown[s:e] and (a == 0 or not edited[a - 1].isalnum()) \
                and (b == len(edited) or not edited[b].isalnum()):
            kept.append((a, b, token))
    return kept


def stored_from_shown(edited: str, base: Shown) -> str:
    """What to store for ``edited``, the text as the user left it in an editor that showed
    ``base.shown``: the phrases kept as shown become their placeholders again, anything else is
    stored as typed."""
    if edited == base.shown:
        return base.stored
    out = edited
    for s, e, token in sorted(kept_spans(edited, base), reverse=True):
        out = out[:s] + token + out[e:]
    return out


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
