"""Figures of the report text compared with the annex tables (finding kind "text-table").

For every figure of a section text (see :mod:`.sentences`) the rows it may speak of are those
whose ``narrative_keywords`` (variant file data) occur in the words around it, of a matching
type: a percentage speaks of a rate or percent row, a count of a count/amount row whose unit the
text uses (``resources/text/units.json``), a fraction "296/298" of a rate (its two parts) or a
percent row. The longest keyword wins; a figure then disagrees with the table when it matches
none of the best rows. Precision first: approximate figures ("khoảng 300"), rows left blank or
unreadable, and enumerations that add up to the table value are not flagged.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..annex import CellResult, exact_rate
from ..forms import FormVariant, Indicator, RowKind
from ..numbers import format_vn, matches_rate
from ..textnorm import fold
from . import data
from .findings import TextFinding, snippet
from .sentences import Figure, Sentence, figures, sentences

__all__ = ["Target", "targets", "check_text", "match_figures", "FigureMatch"]

WINDOW = 110  # characters before a figure searched for keywords
AFTER = 40  # characters after it (unit and what follows, to the next comma)
_INHERIT = re.compile(r"^[\s,(]*(dat|dat ty le|dat muc|bang|chiem|ty le|tuong ung|tuong duong)?[\s:]*$")
_TIGHT_GAP = re.compile(r"^[\s:,]*(la|co|dat|duoc|gom|voi)?[\s:]*$")
_AFTER_STOP = re.compile(r"[,;:.()\n]")

MESSAGE = ("Mục «{section}»: câu «{sentence}» ghi {written} nhưng bảng ghi {table} ({where} «{label}»); "
           "hãy sửa lời văn hoặc bảng số liệu cho khớp (hoặc dùng «Chèn số liệu»).")


@dataclass(frozen=True)
class Target:
    form: int
    row: Indicator
    keywords: tuple[tuple[str, re.Pattern[str]], ...]  # folded keyword, its word-bounded pattern
    units: tuple[str, ...]  # unit words of the text for count/amount rows

    @property
    def code(self) -> str:
        return self.row.code


@dataclass(frozen=True)
class FigureMatch:
    figure: Figure
    sentence: Sentence
    targets: tuple[Target, ...]  # the best rows (longest keyword)
    agrees: bool | None  # None: the table has no value to compare
    table_text: str  # what the table says, formatted


def targets(variant: FormVariant) -> list[Target]:
    """The rows of ``variant`` that the text may speak of (those with keywords)."""
    units = data.units()
    out = []
    for form in variant.forms:
        for row in form.rows:
            if not row.narrative_keywords or not row.is_numeric:
                continue
            kws = []
            for k in row.narrative_keywords:
                fk = re.sub(r"\s+", " ", fold(k)).strip()
                kws.append((fk, re.compile(rf"(?<!\w){re.escape(fk)}(?!\w)")))
            unit_words = units.get(fold(row.unit).strip(), (row.unit.lower(),)) if row.unit else ()
            out.append(Target(form.number, row, tuple(kws), unit_words))
    return out


def _fits(target: Target, fig: Figure) -> bool:
    kind = target.row.kind
    if fig.kind == "percent":
        return kind in (RowKind.RATE, RowKind.PERCENT)
    if fig.kind == "fraction":
        return kind in (RowKind.RATE, RowKind.PERCENT)
    if kind not in (RowKind.COUNT, RowKind.AMOUNT):
        return False
    if fig.unit:
        return fig.unit in target.units
    return fig.bare  # "12 lượt", "01 bộ máy": a unit no row has


def _score(target: Target, before: str, after: str, tight: bool) -> int:
    """How well the words around a figure name ``target``: a keyword before the figure (the usual
    "giải quyết đúng hạn 1.190 hồ sơ") outranks one after it ("126 TTHC thuộc thẩm quyền"); then
    the longer keyword wins."""
    best = 0
    for fk, pattern in target.keywords:
        for m in pattern.finditer(before):
            if tight and not _TIGHT_GAP.match(before[m.end():]):
                continue
            best = max(best, 1000 + len(fk))
        if not tight and pattern.search(after):
            best = max(best, len(fk))
    return best


def _table(target: Target, results: Mapping[str, CellResult]) -> tuple[Decimal | None, Decimal | None]:
    """(value to compare, exact value for rates) of a row; None when blank or unreadable."""
    res = results[target.code]
    if res.error is not None:
        return None, None
    if target.row.kind is RowKind.RATE:
        exact = exact_rate(results, target.row)
        if exact is not None:
            return res.computed, exact
        return (res.value, res.value) if res.typed else (None, None)
    return res.value, res.value


def _agrees(target: Target, fig: Figure, results: Mapping[str, CellResult]) -> bool | None:
    row = target.row
    if fig.kind == "fraction" and row.kind is RowKind.RATE and row.numerator and row.denominator:
        num, den = results[row.numerator], results[row.denominator]
        if num.value is None or den.value is None or num.error or den.error:
            return None
        return num.value == fig.value and den.value == fig.denominator
    value, exact = _table(target, results)
    if value is None or exact is None:
        return None
    if fig.kind == "fraction":
        if not fig.denominator:
            return None
        return matches_rate(exact, fig.value / fig.denominator * 100) or \
            matches_rate(fig.value / fig.denominator * 100, exact)
    if fig.kind == "percent":
        return matches_rate(fig.value, exact)
    return fig.value == value


def _table_text(target: Target, results: Mapping[str, CellResult]) -> str:
    row = target.row
    if row.kind is RowKind.RATE and row.numerator and row.denominator:
        num, den = results[row.numerator], results[row.denominator]
        value, _ = _table(target, results)
        if num.value is not None and den.value is not None and den.value:
            return f"{format_vn(num.value)}/{format_vn(den.value)} = {format_vn(value, 2)}%"
        return f"{format_vn(value, 2)}%"
    value, _ = _table(target, results)
    if row.kind is RowKind.PERCENT:
        return f"{format_vn(value, 2)}%"
    return f"{format_vn(value)} {row.unit.lower()}".strip()


def _written(fig: Figure, text: str) -> str:
    return text[fig.start:fig.end].strip()


def match_figures(text: str, tgts: list[Target], evaluated: Mapping[int, Mapping[str, CellResult]]
                  ) -> list[FigureMatch]:
    """Every figure of ``text`` that speaks of a row, with whether it agrees with the table."""
    if not tgts or not text:
        return []
    unit_words = data.all_unit_words()
    figs = figures(text, unit_words)
    sents = sentences(text)
    out: list[FigureMatch] = []
    prev_ctx: tuple[int, str, str] | None = None  # sentence start, before, after of the last figure
    for i, fig in enumerate(figs):
        sent = next((s for s in sents if s.start <= fig.start < s.end), None)
        if sent is None:
            continue
        prev = figs[i - 1] if i > 0 and figs[i - 1].end > sent.start else None
        lo = max(sent.start, fig.start - WINDOW)
        if prev is not None:  # the words after the previous figure, to its comma, are its own
            cut = re.search(r"[,;(]|\s(?:và|và có|còn|trong đó)\s", text[prev.end:fig.start])
            lo = max(lo, prev.end + (cut.end() if cut else 0))
        before = fold(text[lo:fig.start])
        before = before[before.rfind(";") + 1:]
        nxt = figs[i + 1].start if i + 1 < len(figs) else len(text)
        tail = text[fig.end:min(nxt, sent.end, fig.end + AFTER)]
        stop = _AFTER_STOP.search(tail)
        after = fold(text[fig.start:fig.end] + (tail[:stop.start()] if stop else tail))
        if fig.kind == "percent" and prev_ctx and prev_ctx[0] == sent.start and _INHERIT.match(before):
            before, after = prev_ctx[1], prev_ctx[2] + " " + after
        prev_ctx = (sent.start, before, after)
        if fig.approx:
            continue
        tight = fig.kind == "count" and not fig.unit
        scored = [(t, _score(t, before, after, tight)) for t in tgts if _fits(t, fig)]
        best = max((s for _, s in scored), default=0)
        if best == 0:
            continue
        chosen = tuple(t for t, s in scored if s == best)
        verdicts = [(t, _agrees(t, fig, evaluated[t.form])) for t in chosen]
        known = [(t, v) for t, v in verdicts if v is not None]
        if not known:
            out.append(FigureMatch(fig, sent, chosen, None, ""))
            continue
        agrees = any(v for _, v in known)
        if not agrees and fig.kind == "count":
            agrees = _enumeration_sum(figs, i, text, sent, known[0][0], evaluated[known[0][0].form])
        out.append(FigureMatch(fig, sent, tuple(t for t, _ in known), agrees,
                               _table_text(known[0][0], evaluated[known[0][0].form])))
    return out


def _enumeration_sum(figs: list[Figure], i: int, text: str, sent: Sentence, target: Target,
                     results: Mapping[str, CellResult]) -> bool:
    """"với 18 bài tin, 04 video, 01 bài viết, 11 văn bản và 02 hình ảnh" against a row of 36:
    a list of counts joined by commas / "và" whose total is the table's value agrees with it."""
    value, _ = _table(target, results)
    if value is None:
        return False

    def joined(a: int, b: int) -> bool:
        gap = text[figs[a].end:figs[b].start]
        return (figs[b].kind == figs[a].kind == "count" and sent.start <= figs[a].start
                and figs[b].start < sent.end and len(gap) <= 30 and not re.search(r"[;.:()]", gap))

    first = i
    while first > 0 and joined(first - 1, first):
        first -= 1
    last = i
    while last + 1 < len(figs) and joined(last, last + 1):
        last += 1
    return last > first and sum((f.value for f in figs[first:last + 1]), Decimal(0)) == value


def section_label(label: str, title: str) -> str:
    return " ".join(x for x in (label, title) if x).strip() or "(không tên)"


def check_text(variant: FormVariant, evaluated: Mapping[int, Mapping[str, CellResult]],
               sections: Iterable[tuple[str, str, str]],
               previous: Mapping[int, Mapping[str, CellResult]] | None = None) -> list[TextFinding]:
    """Warnings for the figures of ``sections`` ((id, printed label + title, text)) that disagree
    with the tables. With ``previous`` (last period's tables, for a next-period copy) a figure
    that still gives last period's value is reported as "stale-copy" instead."""
    from .stale import STALE_MESSAGE, is_stale

    tgts = targets(variant)
    out: list[TextFinding] = []
    for section_id, label, text in sections:
        for m in match_figures(text, tgts, evaluated):
            if m.agrees is not False:
                continue
            t = m.targets[0]
            stale = previous is not None and is_stale(m, previous)
            template = STALE_MESSAGE if stale else MESSAGE
            message = template.format(section=label, sentence=snippet(text, m.sentence.start, m.sentence.end,
                                                                        (m.figure.start, m.figure.end)),
                                      written=_written(m.figure, text), where=f"Biểu mẫu {t.form}, dòng {t.code}",
                                      label=t.row.label, table=m.table_text)
            out.append(TextFinding("warning", message, t.form, t.code, field=f"section.{section_id}",
                                   kind="stale-copy" if stale else "text-table", section_id=section_id,
                                   span=(m.figure.start, m.figure.end),
                                   sentence=(m.sentence.start, m.sentence.end), suggestion=m.table_text))
    return out
