"""Sentences and figures of a section text, with their character positions.

A *sentence* is a span of the section text (start, end) between sentence ends (". ", "; " at the
end of a list item, a line break). A *figure* is a number the text gives for something: a count
with its unit ("1.190 hồ sơ"), a percentage ("99,5%"), a fraction ("296/298 hồ sơ"). Dates
(14/6/2024), document numbers (02/KH-UBND), years and ordinals are not figures. Live figure
references (:mod:`cchc_desktop.figrefs`) are left out: they always print the table's value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..forms import RowKind
from ..numbers import NumberParseError, parse_value

__all__ = ["Sentence", "Figure", "sentences", "figures"]

# a sentence ends at ". " / "! " / "? " followed by a capital, a dash or a plus item; a line break
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\-+*•])|\n+")
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_PERCENT = re.compile(rf"(?<![\w/.,])({_NUMBER})\s*%")
_FRACTION = re.compile(rf"(?<![\w/.,])({_NUMBER})\s*/\s*({_NUMBER})(?![\w/]|[.,]\d)")
_COUNT = re.compile(rf"(?<![\w/.,])({_NUMBER})(?![\w/%]|[.,]\d|\s*%|\s*/\s*\d)")
# words before a figure that make it approximate or not this period's
_APPROX = re.compile(r"(?:khoảng|gần|trên|hơn|ước|xấp xỉ|tới|đến|từ|còn)\s*$", re.IGNORECASE)
_REF_TOKEN = re.compile("\ue000[^\ue000\ue001]{0,64}\ue001")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Figure:
    kind: str  # "count" | "percent" | "fraction"
    value: Decimal
    start: int  # position in the section text
    end: int
    unit: str = ""  # the unit words after the number (lower case, NFC), "" if none
    denominator: Decimal | None = None  # fractions only
    approx: bool = False
    bare: bool = False  # a count followed by no word at all ("...: 61;"), not by an unknown one


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their positions (leading "- ", "+ " kept out of the span)."""
    out: list[Sentence] = []
    pos = 0
    for m in list(_SENT_END.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip(" \t-+*•"))
        start = pos + lead
        stripped_end = start + len(chunk[lead:].rstrip())
        if stripped_end > start:
            out.append(Sentence(start, stripped_end, text[start:stripped_end]))
        if m is not None:
            pos = m.end()
    return out


def _number(text: str) -> Decimal | None:
    try:
        return parse_value(text, RowKind.AMOUNT)
    except NumberParseError:
        return None


def _unit_after(text: str, end: int, units: tuple[str, ...]) -> tuple[str, int]:
    """The longest known unit right after position ``end`` (and where it ends)."""
    rest = text[end:end + 40].lower()
    stripped = rest.lstrip(" ")
    skip = len(rest) - len(stripped)
    for unit in units:  # longest first
        if stripped.startswith(unit) and (len(stripped) == len(unit) or not stripped[len(unit)].isalnum()):
            return unit, end + skip + len(unit)
    return "", end


def figures(text: str, units: tuple[str, ...]) -> list[Figure]:
    """Figures of ``text`` (a sentence or a whole section text), in order. ``units``: the unit
    words to recognise after a count, longest first, lower case."""
    masked = _REF_TOKEN.sub(lambda m: "\ue000" * len(m.group(0)), text)
    taken: list[tuple[int, int]] = []
    out: list[Figure] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def approx(start: int) -> bool:
        return bool(_APPROX.search(masked[max(0, start - 12):start]))

    for m in _PERCENT.finditer(masked):
        value = _number(m.group(1))
        if value is not None:
            taken.append((m.start(), m.end()))
            out.append(Figure("percent", value, m.start(), m.end(), "%", approx=approx(m.start())))
    for m in _FRACTION.finditer(masked):
        if not free(m.start(), m.end()):
            continue
        after = masked[m.end():m.end() + 2]
        if after[:1] == "/" or re.match(r"\s*[A-ZĐ]{2,}-", masked[m.end() - len(m.group(2)):m.end() + 8]):
            continue
        num, den = _number(m.group(1)), _number(m.group(2))
        if num is None or den is None:
            continue
        before = masked[max(0, m.start() - 8):m.start()].lower()
        if re.search(r"(ngày|tháng|quý|số)\s*$", before):
            continue  # "ngày 14/6", "Quý 1/2024", "số 16/KH"
        unit, end = _unit_after(masked, m.end(), units)
        taken.append((m.start(), end))
        out.append(Figure("fraction", num, m.start(), end, unit, denominator=den, approx=approx(m.start())))
    for m in _COUNT.finditer(masked):
        if not free(m.start(), m.end()):
            continue
        before = masked[max(0, m.start() - 16):m.start()].lower()
        if re.search(r"(ngày|tháng|năm|quý|số|khoản|điều|mục|kỳ|giai đoạn|lần thứ|mức độ|lớp|khu phố|"
                     r"thôn|tổ)\s*$", before):
            continue
        if len(m.group(1)) == 1 and re.search(r"mức độ \d\s*(,|và)\s*$", before):
            continue  # "mức độ 3, 4"
        value = _number(m.group(1))
        if value is None:
            continue
        unit, end = _unit_after(masked, m.end(), units)
        bare = not unit and not re.match(r"\s*[^\W\d_]", masked[m.end():m.end() + 3])
        taken.append((m.start(), end))
        out.append(Figure("count", value, m.start(), end, unit, approx=approx(m.start()), bare=bare))
    out.sort(key=lambda f: f.start)
    return out
