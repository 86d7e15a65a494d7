"""Which filled period phrases survive an edit: the span tracking behind ``editing.period``.

A phrase is kept only when it is the same span, followed from what the field showed through the
edit, with its words untouched: an edit inside it, over it, or a letter typed right onto it
("năm 20255") makes it the user's words. Words equal to a phrase typed elsewhere are never a
phrase. Editors follow each change (``PhraseTracker``: one edit at a time, so each step is one
changed stretch); a caller that changed several places at once (find and replace) is diffed.

Cost: the common start and end are found with slice comparisons (C speed); one changed stretch
is then exact and linear. Several changed stretches are diffed word by word with Myers'
algorithm, O((N+M)·D) for D differing words, within ``_DIFF_BUDGET`` steps; past it the phrases
inside the changed middle are kept only where they still read the same at the same distance
from both ends, and otherwise are stored as typed (never a typed word turned into a phrase).
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .period import Shown

Span = tuple[int, int, str]
_WORD_RE = re.compile(r"\w+|[^\w\s]")  # words and punctuation marks; spaces between are not compared
_DIFF_BUDGET = 3_000_000  # (words of both middles) x (edit distance) steps of the word diff
_SLIDE = 10_000  # characters a lone insertion or deletion may be moved to keep clear of a phrase


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


def _glued(ch: str) -> bool:
    return ch.isalnum()


def _one_edit(new: str, spans: tuple[Span, ...], x: int, removed: int, added: str) -> list[Span] | None:
    """The spans after replacing ``removed`` characters at ``x`` by ``added`` (giving ``new``):
    those the edit does not touch. An edit over or inside a phrase touches it, and so does one
    that leaves a letter or digit right against it ("năm 20255", or "năm 2025x" once the space
    before "x" is deleted); a phrase glued to a word when it was shown keeps that neighbour."""
    out: list[Span] = []
    shift = len(added) - removed
    for s, e, token in spans:
        if e <= x:  # before the edit
            if e == x and e < len(new) and _glued(new[e]):
                continue
            out.append((s, e, token))
        elif s >= x + removed:  # after it
            a = s + shift
            if s == x + removed and a > 0 and _glued(new[a - 1]):
                continue
            if _period_word_typed_before(new, a, x, x + len(added)):
                continue
            out.append((a, e + shift, token))
    return out


# Words that make a period when typed in front of one ("6 tháng đầu" + "năm 2025", "quý I" +
# "năm 2025"): the user is rewriting the phrase, not writing around it.
_PERIOD_WORDS = frozenset("đầu cuối tháng quý năm kỳ đoạn đợt i ii iii iv".split())


def _period_word_typed_before(new: str, a: int, lo: int, hi: int) -> bool:
    """The word right before ``new[a:]`` (spaces between, on the same line) was typed in this edit
    (it lies in ``new[lo:hi]``) and is a period word or a number."""
    j = a
    while j > 0 and new[j - 1] in " \t":
        j -= 1
    k = j
    while k > 0 and new[k - 1].isalnum():
        k -= 1
    if k == j or not (lo <= k and j <= hi):
        return False
    word = new[k:j].lower()
    return word in _PERIOD_WORDS or word.isdigit()


def _edit_at(old: str, new: str, spans: tuple[Span, ...], p: int, q: int) -> list[Span]:
    """One changed stretch: ``old[p:len(old)-q]`` became ``new[p:len(new)-q]``. A lone insertion
    or deletion can sit at several places (typing "a" after "a"): the place that leaves the
    most phrases whole is taken."""
    removed, added = len(old) - q - p, new[p:len(new) - q]
    best = _one_edit(new, spans, p, removed, added)
    if removed and added or len(best) == len(spans):
        return best
    x, steps, width = p, 0, removed or len(added)
    text = old if removed else new
    while x > 0 and steps < _SLIDE and text[x - 1] == text[x - 1 + width]:
        x -= 1  # the same change, one character earlier, reads the same
        steps += 1
        candidate = _one_edit(new, spans, x, removed, new[x:x + len(added)])
        if len(candidate) > len(best):
            best = candidate
            if len(best) == len(spans):
                break
    return best


def kept_after(old: str, new: str, spans: tuple[Span, ...]) -> list[Span]:
    """The phrases (``spans`` of ``old``) still there, whole and untouched, in ``new``."""
    if not spans:
        return []
    if old == new:
        return list(spans)
    p = common_prefix(old, new)
    q = common_suffix(old, new, min(len(old), len(new)) - p)
    old_end, new_end = len(old) - q, len(new) - q
    if p == old_end or p == new_end:  # one insertion or one deletion
        return _edit_at(old, new, spans, p, q)
    outside = _one_edit(new, spans, p, old_end - p, new[p:new_end])
    inside = [sp for sp in spans if sp[1] > p and sp[0] < old_end]
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


def _diff_middle(old: str, new: str, p: int, old_end: int, new_end: int,
                 inside: list[Span]) -> list[Span] | None:
    """The phrases of ``inside`` kept in ``new[p:new_end]``: a phrase's words matched in order,
    with the word next to it on one side matched too (or the end of the middle there), so a
    phrase is followed by its place, not found by its words."""
    cuts = [c for s, e, _t in inside for c in (s, e)]
    ta, tb = _tokens(old, p, old_end, cuts), _tokens(new, p, new_end, [])
    runs = myers([old[s:e] for s, e in ta], [new[s:e] for s, e in tb], _DIFF_BUDGET)
    if runs is None:
        return None
    to_new: dict[int, int] = {}
    for i, j, n in runs:
        for k in range(n):
            to_new[i + k] = j + k
    index = {s: i for i, (s, _e) in enumerate(ta)}
    ends = {e: i for i, (_s, e) in enumerate(ta)}
    kept: list[Span] = []
    for s, e, token in inside:
        first, last = index.get(s), ends.get(e)
        if first is None or last is None or first > last:
            continue
        mapped = [to_new.get(i) for i in range(first, last + 1)]
        if any(x is None for x in mapped) or any(y - x != 1 for x, y in zip(mapped, mapped[1:])):  # type: ignore[operator]
            continue
        j0, j1 = mapped[0], mapped[-1]
        assert j0 is not None and j1 is not None
        left = first == 0 and j0 == 0 or first > 0 and to_new.get(first - 1) == j0 - 1
        right = last == len(ta) - 1 and j1 == len(tb) - 1 or to_new.get(last + 1) == j1 + 1
        if not (left or right):
            continue
        a, b = tb[j0][0], tb[j1][1]
        if new[a:b] != old[s:e]:
            continue
        if a > 0 and _glued(new[a - 1]) and not (s > 0 and old[s - 1] == new[a - 1] and left):
            continue
        if b < len(new) and _glued(new[b]) and not (e < len(old) and old[e] == new[b] and right):
            continue
        kept.append((a, b, token))
    return kept


class History:
    """Texts a field held, with their phrases, newest last (undo and redo bring one back)."""

    def __init__(self, limit_chars: int = 4_000_000, limit_items: int = 200):
        self._items: OrderedDict[str, Shown] = OrderedDict()
        self._chars = 0
        self.limit_chars, self.limit_items = limit_chars, limit_items

    def get(self, text: str) -> Shown | None:
        return self._items.get(text)

    def add(self, state: Shown) -> None:
        if state.shown in self._items:
            self._items.move_to_end(state.shown)
            return
        self._items[state.shown] = state
        self._chars += len(state.shown)
        while self._items and (self._chars > self.limit_chars or len(self._items) > self.limit_items):
            gone, _ = self._items.popitem(last=False)
            self._chars -= len(gone)
