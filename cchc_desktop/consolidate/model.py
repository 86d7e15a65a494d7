"""What the province receives: one commune's report as read from a file, or a file set aside.

Plain data, picklable (files are read in worker processes). A :class:`Submission` carries the
identity of the report (commune, period, variant, date, number) and its annex values as text,
exactly as the commune's app stores them; nothing here computes totals.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..forms import FormVariant
from ..rules import Finding
from ..textnorm import clean_line, fold

_BODY = re.compile(r"(?i)^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+")
_TYPE = re.compile(r"(?i)^(xã|phường|thị trấn|đặc khu)\s+(.+)$")
COMMUNE_TYPES = ("xã", "phường", "thị trấn", "đặc khu")


def commune_label(text: str) -> str:
    """'ỦY BAN NHÂN DÂN XÃ QUANG KHẢI' / 'UBND xã Quang Khải' / 'xã quang khải' -> 'Xã Quang Khải';
    a name without its type word ('Quang Khải') is kept as it is, title-cased."""
    text = _BODY.sub("", clean_line(text)).strip()
    words = text.split()
    titled = " ".join(w if w.isdigit() else w[:1].upper() + w[1:].lower() for w in words)
    return titled


def commune_key(text: str) -> str:
    """The key two spellings of one commune share: case, 'UBND' and spacing ignored, accents
    kept ('Thạnh Lợi' and 'Thanh Lợi' are two communes)."""
    return commune_label(text).casefold()


def name_key(text: str) -> str:
    """The key without the type word ('xã quang khải' -> 'quang khải'); a bare number keeps it."""
    key = commune_key(text)
    m = _TYPE.match(key)
    if m and not m.group(2).replace(" ", "").isdigit():
        return m.group(2)
    return key


def loose_key(text: str) -> str:
    """``name_key`` without accents, for a list typed without them ('quang khai')."""
    return fold(name_key(text))


Cell = tuple[str, "Decimal | None", bool]


def compact_cells(variant: FormVariant, annex: dict[str, dict[str, dict[str, str]]]) -> dict[int, dict[str, Cell]]:
    """Each row as (shown text, number that counts, error): the typed value for counts, amounts,
    typed rates and codes; the rate computed from its parts for rate rows; a value that is not a
    number keeps its text and counts nothing."""
    from ..annex import evaluate_annex
    from ..forms import RowKind

    out: dict[int, dict[str, Cell]] = {}
    for n, results in evaluate_annex(variant, annex).items():
        rows: dict[str, Cell] = {}
        for code, res in results.items():
            kind = res.indicator.kind
            if kind is RowKind.GROUP:
                rows[code] = ("", None, False)
            elif kind is RowKind.RATE:
                rows[code] = (res.display, res.computed, False)
            elif res.error is not None:
                rows[code] = (res.raw, None, True)
            elif res.value is None:
                rows[code] = (res.raw, None, False)
            else:
                rows[code] = (res.display, res.value, False)
        out[n] = rows
    return out


@dataclass
class Submission:
    """One report of one commune, read from ``path``."""

    path: str
    source: str  # "docx" | "xlsx" | "json"
    commune: str  # "Xã Quang Khải"
    issuing_body: str  # as written in the report, e.g. "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
    kind: str
    period_type: str
    year: int
    variant: str | None
    date: _dt.date | None  # the report's date (ngày ban hành); None when not written
    number: str  # "45/BC-UBND" or ".../BC-UBND"
    revision: str  # ISO time of the last edit (draft) or of the export (workbook): ties on date
    draft_id: str
    annex: dict[str, dict[str, dict[str, str]]]
    file_time: float = 0.0  # modification time of the file (when it was saved here)
    size: int = 0
    notes: list[str] = field(default_factory=list)  # what reading noticed (Excel turned a value into a date...)
    findings: list[Finding] = field(default_factory=list)  # the annex rules on these values (as the commune's app)
    # form -> row code -> (what its cell shows, the number that counts, not a number?): the
    # annex evaluated where the file was read (see ``compact_cells``)
    cells: dict[int, dict[str, Cell]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return commune_key(self.commune)

    @property
    def name(self) -> str:
        from pathlib import Path

        return Path(self.path).name

    def order_key(self) -> tuple[_dt.date, str, float]:
        """Newer first when sorted descending: by date, then by revision, then file time."""
        return (self.date or _dt.date.min, self.revision or "", self.file_time)


@dataclass(frozen=True)
class Skipped:
    """A file set aside, with the Vietnamese reason."""

    path: str
    reason: str

    @property
    def name(self) -> str:
        from pathlib import Path

        return Path(self.path).name


@dataclass(frozen=True)
class Target:
    """What is being consolidated: periodic reports of one period in one form variant."""

    kind: str
    period_type: str
    year: int
    variant: str

    @property
    def title(self) -> str:
        from ..draft import Period
        from ..periods import period_title

        return period_title(Period(type=self.period_type, year=self.year))
