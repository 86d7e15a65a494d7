"""Which filled period phrases survive the user's edits: the span tracking behind ``editing.period``.

A phrase is a span followed from what the field showed, edit by edit. An edit over it or inside
it ends it: from then on those are the user's words. Words equal to a phrase typed elsewhere are
never a phrase (a phrase is followed by its place, never found by its words).

A followed phrase is stored as its placeholder while it reads as a phrase of its own
(``Live.standing``): no letter or digit newly against either end ("năm 20255", "Bnăm 2025"; a
phrase shown glued to its neighbour keeps that neighbour), and no period word newly typed in
front of it ("6 tháng đầu" + "năm 2025" is the user rewriting the period). Typing "Trong " in
front of a phrase glues it for a keystroke or two; it stands again after the space.

Editors follow each change (``PhraseTracker``: one edit at a time, so each step is one changed
stretch); a caller that changed several places at once (find and replace) is diffed.

Cost: the common start and end are found with slice comparisons (C speed); one changed stretch
is then exact and linear. Several changed stretches are diffed word by word with Myers'
algorithm, O((N+M)·D) for D differing words, within ``_DIFF_BUDGET`` steps; past it the phrases
inside the changed middle end (stored as typed, never a typed word turned into a phrase).
"""
from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

_WORD_RE = re.compile(r"\w+|[^\w\s]")  # words and punctuation marks; spaces between are not compared
_DIFF_BUDGET = 3_000_000  # (words of both middles) x (edit distance) steps of the word diff
_SLIDE = 10_000  # characters a lone insertion or deletion may be moved to keep clear of a phrase
# Words that make a period when typed in front of one ("6 tháng đầu" + "năm 2025", "quý I" + "năm
# 2025"); numbers too.
_PERIOD_WORDS = frozenset("đầu cuối tháng quý năm kỳ đoạn đợt i ii iii iv".split())


class Live(NamedTuple):
    """A followed phrase: where it is now, its placeholder, and its neighbours when shown."""

    start: int
    end: int
    token: str
    left: str  # the character before it when shown ("" at the start)
    right: str  # the character after it when shown
    word: str  # the word before it on its line when shown

    def standing(self, text: str) -> bool:
        """Whether the phrase reads as a phrase of its own in ``text``."""
        before = text[self.start - 1] if self.start > 0 else ""
        after = text[self.end] if self.end < len(text) else ""
        if before.isalnum() and before != self.left or after.isalnum() and after != self.right:
            return False
        word = word_before(text, self.start)
        return word == self.word or not (word.lower() in _PERIOD_WORDS or word.isdigit())


def word_before(text: str, at: int) -> str:
    """The word before ``text[at:]`` on its line, across spaces and tabs ("" if none)."""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    k = j
    while k > 0 and text[k - 1].isalnum():
        k -= 1
    return text[k:j]


def live_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Live]:
    """The phrases of a text as shown, with their neighbours."""
    return [Live(s, e, t, text[s - 1] if s > 0 else "", text[e] if e < len(text) else "", word_before(text, s))
            for s, e, t in spans]


def common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # the largest k with a[:k] == b[:k]; slice compares run at C speed
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _one_edit(spans: list[Live], x: int, removed: int, added: int) -> list[Live]:
    """The phrases an edit at ``x`` (``removed`` characters replaced by ``added``) leaves whole."""
    shift = added - removed
    out = []
    for sp in spans:
        if sp.end <= x:
            out.append(sp)
        elif sp.start >= x + removed:
            out.append(sp._replace(start=sp.start + shift, end=sp.end + shift))
    return out


def _edit_at(old: str, new: str, spans: list[Live], p: int, q: int) -> list[Live]:
    """One lone insertion or deletion at ``p``. It can sit at several places (typing "a" after
    "a"): the place that leaves the most phrases whole, then standing, is taken."""
    removed, added = len(old) - q - p, len(new) - q - p

    def score(found: list[Live]) -> tuple[int, int]:
        return len(found), sum(sp.standing(new) for sp in found)

    best = _one_edit(spans, p, removed, added)
    if score(best) == (len(spans), len(spans)):
        return best
    x, steps, width = p, 0, removed or added
    text = old if removed else new
    while x > 0 and steps < _SLIDE and text[x - 1] == text[x - 1 + width]:
        x -= 1  # the same change, one character earlier, reads the same
        steps += 1
        candidate = _one_edit(spans, x, removed, added)
        if score(candidate) > score(best):
            best = candidate
            if score(best) == (len(spans), len(spans)):
                break
    return best


def follow(old: str, new: str, spans: list[Live]) -> list[Live]:
    """The phrases (``spans`` of ``old``) still there, whole and untouched, in ``new``."""
    if not spans or old == new:
        return list(spans)
    p = common_prefix(old, new)
    q = common_suffix(old, new, min(len(old), len(new)) - p)
    old_end, new_end = len(old) - q, len(new) - q
    if p == old_end or p == new_end:  # one insertion or one deletion
        return _edit_at(old, new, spans, p, q)
    outside = _one_edit(spans, p, old_end - p, new_end - p)
    inside = [sp for sp in spans if sp.end > p and sp.start < old_end]
    if not inside:
        return outside
    # one replaced stretch, or several places changed at once: diff the middle word by word
    middle = _diff_middle(old, new, p, old_end, new_end, inside) or []
    return sorted(outside + middle)


def _tokens(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """Word and punctuation tokens of ``text[start:end]``, also cut at ``cuts`` (the phrases'
    ends, so a phrase glued to a word still is whole tokens)."""
    out: list[tuple[int, int]] = []
    bounds = sorted({c for c in cuts if start < c < end})
    pieces = [start, *bounds, end]
    for a, b in zip(pieces, pieces[1:]):
        out += [(m.start(), m.end()) for m in _WORD_RE.finditer(text, a, b)]
    return out


def myers(a: list[str], b: list[str], budget: int) -> list[tuple[int, int, int]] | None:
    """Matching runs (i, j, length) of two token lists, Myers' O((N+M)·D) diff; None when it
    would take more than ``budget`` steps."""
    n, m = len(a), len(b)
    max_d = n + m
    if n + m == 0:
        return []
    limit = max(1, budget // (n + m + 1))
    v = {1: 0}
    trace: list[dict[int, int]] = []
    for d in range(min(max_d, limit) + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[k - 1] < v[k + 1]):
                x = v[k + 1]
            else:
                x = v[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            v[k] = x
            if x >= n and y >= m:
                return _backtrack(trace, a, b, n, m)
    return None


def _backtrack(trace: list[dict[int, int]], a: list[str], b: list[str], n: int, m: int) -> list[tuple[int, int, int]]:
    runs: list[tuple[int, int, int]] = []
    x, y = n, m
    for d in range(len(trace) - 1, -1, -1):
        v = trace[d]
        k = x - y
        if d == 0:
            prev_x, prev_y = 0, 0
        else:
            prev_k = k + 1 if k == -d or (k != d and v[k - 1] < v[k + 1]) else k - 1
            prev_x = v[prev_k]
            prev_y = prev_x - prev_k
        start_x = prev_x if d == 0 else (prev_x if prev_k == k + 1 else prev_x + 1)
        start_y = start_x - k
        if x > start_x:
            runs.append((start_x, start_y, x - start_x))
        x, y = prev_x, prev_y
    runs.reverse()
    return runs


def _places(new: str, start: int, end: int, inside: list[Live], old: str) -> list[int]:
    """Where the words of the phrases are in ``new[start:end]`` (their ends are token cuts there
    too, so a phrase glued to a word can match; which one is the phrase is still the diff's)."""
    cuts: list[int] = []
    for phrase in {old[sp.start:sp.end] for sp in inside}:
        at = new.find(phrase, start, end)
        while at >= 0 and len(cuts) < 20_000:
            cuts += [at, at + len(phrase)]
            at = new.find(phrase, at + 1, end)
    return cuts


def _diff_middle(old: str, new: str, p: int, old_end: int, new_end: int, inside: list[Live]) -> list[Live] | None:
    """The phrases of ``inside`` kept in ``new[p:new_end]``: a phrase's words matched in order,
    with the word next to it on one side matched too (or the end of the middle there), so a
    phrase is followed by its place, not found by its words."""
    cuts = [c for sp in inside for c in (sp.start, sp.end)]
    ta, tb = _tokens(old, p, old_end, cuts), _tokens(new, p, new_end, _places(new, p, new_end, inside, old))
    runs = myers([old[s:e] for s, e in ta], [new[s:e] for s, e in tb], _DIFF_BUDGET)
    if runs is None:
        return None
    to_new: dict[int, int] = {}
    for i, j, n in runs:
        for k in range(n):
            to_new[i + k] = j + k
    index = {s: i for i, (s, _e) in enumerate(ta)}
    ends = {e: i for i, (_s, e) in enumerate(ta)}
    kept: list[Live] = []
    for sp in inside:
        first, last = index.get(sp.start), ends.get(sp.end)
        if first is None or last is None or first > last:
            continue
        mapped = [to_new.get(i, -1) for i in range(first, last + 1)]
        if -1 in mapped or any(y - x != 1 for x, y in zip(mapped, mapped[1:])):
            continue
        j0, j1 = mapped[0], mapped[-1]
        left = first == 0 and j0 == 0 or first > 0 and to_new.get(first - 1) == j0 - 1
        right = last == len(ta) - 1 and j1 == len(tb) - 1 or to_new.get(last + 1) == j1 + 1
        a, b = tb[j0][0], tb[j1][1]
        if (left or right) and new[a:b] == old[sp.start:sp.end]:
            kept.append(sp._replace(start=a, end=b))
    return kept


class History:
    """Texts a field held, with their phrases, newest last (undo and redo bring one back)."""

    def __init__(self, limit_chars: int = 4_000_000, limit_items: int = 200):
        self._items: OrderedDict[str, object] = OrderedDict()
        self._chars = 0
        self.limit_chars, self.limit_items = limit_chars, limit_items

    def get(self, text: str) -> object | None:
        return self._items.get(text)

    def add(self, text: str, state: object) -> None:
        if text in self._items:
            self._items.move_to_end(text)
            return
        self._items[text] = state
        self._chars += len(text)
        while self._items and (self._chars > self.limit_chars or len(self._items) > self.limit_items):
            gone, _ = self._items.popitem(last=False)
            self._chars -= len(gone)
