"""Numbers copied from last period and not updated (finding kind "stale-copy"), and the
side-by-side comparison of a next-period draft with the draft it came from.

A draft made with "Tạo kỳ tiếp theo" keeps ``origin`` (the source's id, period and annex values
at the time of the copy). A figure of the text that disagrees with this period's table but gives
exactly what last period's table said was copied and not updated: «số liệu chưa cập nhật so với kỳ
trước». Rows still blank this period are not judged (nothing to compare yet).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..annex import CellResult, evaluate_annex
from ..forms import FormVariant, RowKind
from ..numbers import format_vn
from .sentences import Sentence
from .textcheck import FigureMatch, _agrees, match_figures, targets

__all__ = ["STALE_LABEL", "STALE_MESSAGE", "is_stale", "SectionComparison", "ValueChange", "Comparison", "compare"]

STALE_LABEL = "số liệu chưa cập nhật so với kỳ trước"
STALE_MESSAGE = ("Mục «{section}»: " + STALE_LABEL + ": câu «{sentence}» vẫn ghi {written} như kỳ trước, "
                 "nhưng bảng kỳ này ghi {table} ({where} «{label}»); hãy cập nhật lời văn "
                 "(hoặc dùng «Chèn số liệu» để câu tự theo bảng).")


def is_stale(match: FigureMatch, previous: Mapping[int, Mapping[str, CellResult]]) -> bool:
    """Whether a figure that disagrees with this period's table agrees with last period's."""
    return any(_agrees(t, match.figure, previous[t.form]) is True for t in match.targets)


@dataclass
class SectionComparison:
    section_id: str
    label: str
    old_text: str | None  # None: the section is new (or the source is not available)
    new_text: str
    stale: list[Sentence] = field(default_factory=list)  # sentences of new_text to highlight
    stale_rows: list[str] = field(default_factory=list)  # "Biểu mẫu 3, dòng 3.1.2" per stale sentence

    @property
    def unchanged(self) -> bool:
        return self.old_text is not None and self.old_text == self.new_text


@dataclass(frozen=True)
class ValueChange:
    form: int
    code: str
    label: str
    old: str  # printed value last period ("" blank)
    new: str


@dataclass
class Comparison:
    sections: list[SectionComparison]
    values: list[ValueChange]  # every row with a value in either period
    source_period: dict[str, Any]

    @property
    def stale_count(self) -> int:
        return sum(len(s.stale) for s in self.sections)


def _display(res: CellResult) -> str:
    if res.indicator.kind is RowKind.RATE:
        return f"{format_vn(res.computed, 2)}%" if res.computed is not None else res.display
    return res.display


def compare(draft: Any, variant: FormVariant | None, source: Any | None = None) -> Comparison | None:
    """The side-by-side data of a next-period draft; None for a draft without ``origin``.
    ``source``: the draft it came from, when the store still has it (for the old texts)."""
    from . import section_texts

    origin = getattr(draft, "origin", None)
    if not origin:
        return None
    old_texts = {sid: text for sid, _, text in section_texts(source)} if source is not None else {}
    sections: list[SectionComparison] = []
    values: list[ValueChange] = []
    now = evaluate_annex(variant, draft.annex) if variant is not None else None
    before = evaluate_annex(variant, origin.get("annex")) if variant is not None else None
    tgts = targets(variant) if variant is not None else []
    for sid, label, text in section_texts(draft):
        comp = SectionComparison(sid, label, old_texts.get(sid), text)
        if now is not None and before is not None:
            seen: set[int] = set()
            for m in match_figures(text, tgts, now):
                if m.agrees is False and is_stale(m, before) and m.sentence.start not in seen:
                    seen.add(m.sentence.start)
                    comp.stale.append(m.sentence)
                    comp.stale_rows.append(f"Biểu mẫu {m.targets[0].form}, dòng {m.targets[0].code}")
        sections.append(comp)
    if variant is not None and now is not None and before is not None:
        for form in variant.forms:
            for row in form.rows:
                if row.kind is RowKind.GROUP:
                    continue
                old, new = _display(before[form.number][row.code]), _display(now[form.number][row.code])
                if old or new:
                    values.append(ValueChange(form.number, row.code, row.label, old, new))
    return Comparison(sections, values, dict(origin.get("period") or {}))
