"""Line breaks of the header's names, decided in Python with the font's widths.

Word breaks a long name where the column ends: "UBND HUYỆN QUẢNG / XƯƠNG". Offices break long
names between words at a sensible point, centred: before the name of the place ("ỦY BAN NHÂN
DÂN THỊ TRẤN / NÔNG TRƯỜNG MỘC CHÂU"), never inside it when another break exists, never leaving a
word alone when a better break exists. The widths are Times New Roman's (``resources/fonts``,
made by ``tools/build_font_metrics.py``); the DOCX keeps each computed line together.
"""
from __future__ import annotations

import json
from functools import cache
from itertools import combinations

from ..resources import resource_path

PT_TO_CM = 2.54 / 72
# Header table (tools/build_templates.py): the columns, less the cell margins and a little air so
# that a renderer with slightly other metrics does not wrap again.
LEFT_COLUMN_CM = 7.3
RIGHT_COLUMN_CM = 10.0
CELL_MARGINS_CM = 0.1
SAFETY = 0.96
# Words after which the name of the place starts: the best place for a break.
UNIT_WORDS = ("XÃ", "PHƯỜNG", "TRẤN", "HUYỆN", "QUẬN", "TỈNH", "PHỐ", "KHU", "DÂN", "UBND")
MAX_WORDS = 14  # beyond this (never a real name) the words are wrapped greedily


@cache
def _widths(style: str) -> dict[str, int]:
    """Widths of a style; metrics without it (made before italic was measured) give the upright."""
    data = json.loads(resource_path("fonts", "times-metrics.json").read_text(encoding="utf-8"))
    table: dict[str, int] = data.get(style) or data["regular"]
    return table


def text_width_cm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    widths = _widths("bold" if bold else "italic" if italic else "regular")
    fallback = widths.get("M", 900)
    return sum(widths.get(ch, fallback) for ch in text) * size_pt / 1000 * PT_TO_CM


def _tokens(text: str) -> list[str]:
    """Words; a lone dash sticks to the word before it ("BÀ RỊA -" / "VŨNG TÀU", never a line
    starting with "-")."""
    out: list[str] = []
    for word in text.split():
        if out and word in ("-", "–"):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def _break_cost(words: list[str], at: int) -> int:
    """Cost of a break before ``words[at]``: 0 before the place's name, after "ỦY BAN NHÂN DÂN"
    or "UBND"; 3 inside a name."""
    before = words[at - 1].rstrip(" -–,").upper()
    if before in UNIT_WORDS:
        return 0
    if at >= 2 and f"{words[at - 2]} {words[at - 1]}".upper() in ("THỊ XÃ", "THÀNH PHỐ", "THỊ TRẤN", "ĐẶC KHU"):
        return 0
    return 3


def break_lines(text: str, column_cm: float, size_pt: float, bold: bool = False,
                prefer_two: bool = False, italic: bool = False) -> list[str]:
    """The lines of ``text`` in a column: as few as fit, then the best breaks, then balanced.

    ``prefer_two``: a name that fits on one line still takes the usual two-line form when a free
    break exists ("ỦY BAN NHÂN DÂN" / "XÃ QUANG KHẢI"). ``italic``: measured with the italic widths
    (the date line prints in italic)."""
    words = _tokens(text)
    if not words:
        return []
    usable = (column_cm - CELL_MARGINS_CM) * SAFETY
    if not prefer_two and text_width_cm(text, size_pt, bold, italic) <= usable:
        return [text]  # as it is (the blank date line keeps its room to write by hand)
    if len(words) > MAX_WORDS:
        return _greedy(words, usable, size_pt, bold, italic)
    best: tuple[tuple[float, ...], list[str]] | None = None
    n = len(words)
    for k in range(n):
        for cuts in combinations(range(1, n), k):
            bounds = (0, *cuts, n)
            lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
            widths = [text_width_cm(line, size_pt, bold, italic) for line in lines]
            if max(widths) > usable:
                continue
            cost = sum(_break_cost(words, c) for c in cuts)
            alone = sum(1 for a, b in zip(bounds, bounds[1:]) if b - a == 1 and n > 2)
            lines_key, penalty = float(len(lines)), float(cost + 2 * alone)
            if prefer_two and len(lines) == 1 and any(_break_cost(words, c) == 0 for c in range(1, n)):
                lines_key, penalty = 2.0, 0.5  # behind a free two-line form, ahead of any costly one
            key = (lines_key, penalty, max(widths))
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None and best[0][0] <= k + 1:
            break
    return best[1] if best is not None else _greedy(words, usable, size_pt, bold, italic)


def _greedy(words: list[str], usable: float, size_pt: float, bold: bool, italic: bool = False) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_width_cm(f"{lines[-1]} {word}", size_pt, bold, italic) <= usable:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def parent_agency_lines(text: str) -> list[str]:
    return break_lines(text, LEFT_COLUMN_CM, 13)


def issuing_body_lines(text: str) -> list[str]:
    return break_lines(text, LEFT_COLUMN_CM, 13, bold=True, prefer_two=len(text) > 20)


def date_lines(text: str) -> list[str]:
    """The place-and-date line, measured in italic as it prints. Too long for the column, it breaks
    before "ngày": the place (with its comma) on the first line, broken between words only if it
    alone is too long, and the date whole on the last line, its blanks for the day and month kept
    as typed ("Phường Hoàng Văn Thụ," / "ngày       tháng       năm 2026"); never one word alone
    ("Phường" / "Hoàng Văn Thụ, ngày ...")."""
    size, usable = 14, (RIGHT_COLUMN_CM - CELL_MARGINS_CM) * SAFETY
    if text_width_cm(text, size, italic=True) <= usable:
        return [text]
    at = text.rfind(", ngày")
    if at <= 0:
        return break_lines(text, RIGHT_COLUMN_CM, size, italic=True)
    place, date = text[:at + 1], text[at + 2:]
    if text_width_cm(place, size, italic=True) <= usable:
        head = [place]
    else:
        head = break_lines(place, RIGHT_COLUMN_CM, size, italic=True)
    if text_width_cm(date, size, italic=True) > usable:  # never with a real date: wrapped as words
        return head + break_lines(date, RIGHT_COLUMN_CM, size, italic=True)
    return head + [date]
