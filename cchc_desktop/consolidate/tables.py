"""The consolidated table of each form: one column per commune, plus the total.

- counts and amounts: summed;
- rates with parts (``[% = a/b]``): each commune's own rate from its parts, and the total rate
  recomputed from the summed parts (never an average of rates);
- typed rates (``[%]``, no parts): lowest / median / highest and the list;
- coded answers: tallied by code ("Có: 87 · Không: 12");
- values far from the others of their row are flagged (:mod:`.stats`);
- each commune's own findings, by the same rules as the commune's app (:func:`check_annex`).
Numbers are ``Decimal`` throughout. A value that is not a number is shown as typed, flagged,
and left out of the total.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..forms import AnnexForm, FormVariant, Indicator, RowKind, get_variant
from ..numbers import format_vn, round_rate
from ..rules import Finding
from ..textnorm import fold
from .collect import Collection
from .model import Cell, Submission, Target, compact_cells
from .stats import median, outliers

SEP = " · "


@dataclass
class CommuneCell:
    text: str  # what the table shows for this commune
    number: Decimal | None  # the value that counts (the commune's computed rate for rate rows)
    error: bool = False  # typed text that is not a number for this row
    outlier: bool = False


@dataclass
class RowResult:
    indicator: Indicator
    cells: list[CommuneCell]
    total: Decimal | None = None  # sum (counts, amounts) or recomputed rate
    total_text: str = ""
    filled: int = 0  # communes that wrote a usable value
    undefined: bool = False  # a rate whose summed denominator is 0
    tally: dict[int, int] = field(default_factory=dict)
    blank: int = 0
    stats: tuple[Decimal, Decimal, Decimal] | None = None  # typed rates: (lowest, median, highest)


@dataclass
class FormTable:
    form: AnnexForm
    rows: list[RowResult]


@dataclass
class Consolidation:
    target: Target
    variant: FormVariant
    communes: list[Submission]  # the column order
    forms: list[FormTable]
    findings: dict[str, list[Finding]]  # commune key -> findings of its own annex

    def flagged(self) -> list[tuple[Submission, AnnexForm, RowResult, CommuneCell]]:
        """Every outlier cell: (commune, form, row, cell)."""
        out = []
        for table in self.forms:
            for row in table.rows:
                for sub, cell in zip(self.communes, row.cells):
                    if cell.outlier:
                        out.append((sub, table.form, row, cell))
        return out

    def outlier_keys(self) -> set[str]:
        return {sub.key for sub, *_ in self.flagged()}

    def error_keys(self) -> set[str]:
        return {k for k, fs in self.findings.items() if any(f.severity == "error" for f in fs)}


def tally_text(ind: Indicator, tally: dict[int, int], blank: int) -> str:
    parts = []
    known = {c.code for c in ind.choices}
    for c in ind.choices:
        if tally.get(c.code):
            parts.append(f"{c.label}: {tally[c.code]}")
    for code in sorted(k for k in tally if k not in known):
        parts.append(f"mã {code}: {tally[code]}")
    if blank:
        parts.append(f"để trống: {blank}")
    return SEP.join(parts)


def stats_text(stats: tuple[Decimal, Decimal, Decimal] | None, n: int) -> str:
    if stats is None:
        return ""
    lo, mid, hi = stats
    return (f"thấp nhất {format_vn(lo, 2)}{SEP}trung vị {format_vn(mid, 2)}{SEP}"
            f"cao nhất {format_vn(hi, 2)} ({n} xã)")


def _form_table(form: AnnexForm, per_commune: list[dict[str, Cell]]) -> FormTable:
    rows: dict[str, RowResult] = {}
    for ind in form.rows:
        cells = [CommuneCell(*results[ind.code]) for results in per_commune]
        row = RowResult(ind, cells)
        values = [c.number for c in cells]
        present = [v for v in values if v is not None]
        row.filled = len(present)
        if ind.kind in (RowKind.COUNT, RowKind.AMOUNT):
            if present:
                row.total = sum(present, Decimal(0))
                row.total_text = format_vn(row.total)
        elif ind.kind is RowKind.PERCENT:
            if present:
                row.stats = (min(present), median(present), max(present))
                row.total_text = stats_text(row.stats, len(present))
        elif ind.kind is RowKind.CHOICE:
            counts = Counter(int(v) for v in present)
            row.tally = dict(counts)
            row.blank = sum(1 for c in cells if c.number is None and not c.error)
            row.total_text = tally_text(ind, row.tally, row.blank)
        if ind.kind in (RowKind.COUNT, RowKind.AMOUNT, RowKind.PERCENT, RowKind.RATE):
            for i in outliers(values):
                cells[i].outlier = True
        rows[ind.code] = row
    for ind in form.rows:  # rates from the summed parts, once every sum is known
        if ind.kind is RowKind.RATE and ind.numerator and ind.denominator:
            row, num, den = rows[ind.code], rows[ind.numerator], rows[ind.denominator]
            if den.total is not None and den.total == 0:
                row.undefined, row.total_text = True, "-"
            elif den.total is not None and num.total is not None:
                row.total = round_rate(num.total / den.total * 100)
                row.total_text = format_vn(row.total, 2)
    return FormTable(form, [rows[ind.code] for ind in form.rows])


def column_order(subs: list[Submission], roster_keys: list[str] | None = None) -> list[Submission]:
    """Communes in the order of the expected list, then the others by name."""
    position = {k: i for i, k in enumerate(roster_keys or [])}
    return sorted(subs, key=lambda s: (position.get(s.key, len(position)), fold(s.commune)))


def consolidate(collection: Collection, roster_keys: list[str] | None = None) -> Consolidation:
    """The tables of the counted reports (one per commune) of ``collection.target``."""
    if collection.target is None:
        raise ValueError("nothing to consolidate")
    variant = get_variant(collection.target.variant)
    communes = column_order(collection.counted(), roster_keys)
    # evaluated where each file was read (in parallel); here only for one made otherwise
    evaluated = [s.cells or compact_cells(variant, s.annex) for s in communes]
    forms = [_form_table(form, [e[form.number] for e in evaluated]) for form in variant.forms]
    findings = {s.key: s.findings + blank_whole_findings(variant, e)  # the rules: computed where read
                for s, e in zip(communes, evaluated, strict=True)}
    return Consolidation(collection.target, variant, communes, forms, findings)


def blank_whole_findings(variant: FormVariant, evaluated: dict[int, dict[str, Cell]]) -> list[Finding]:
    """A part written while its whole (or a rate's denominator) is blank: harmless in one
    commune's report, but the province's sums then add the part without the whole (a summed
    part can exceed the summed whole, a summed rate pass 100 %). Said once per part row."""
    pairs: list[tuple[int, str, str]] = []  # (form, part, whole)
    for form in variant.forms:
        for ind in form.rows:
            if ind.kind is RowKind.RATE and ind.numerator and ind.denominator:
                pairs.append((form.number, ind.numerator, ind.denominator))
        for rel in form.relations:
            if rel.kind in ("part_le_whole", "sum_le_whole", "equal_sum") and rel.whole and ":" not in rel.whole:
                pairs += [(form.number, p, rel.whole) for p in rel.parts if ":" not in p]
    out, seen = [], set()
    for n, part, whole in pairs:
        p, w = evaluated[n].get(part), evaluated[n].get(whole)
        if p is None or w is None or (n, part) in seen:
            continue
        if p[1] is not None and w[1] is None and not w[2]:
            seen.add((n, part))
            out.append(Finding("warning", f"Biểu mẫu {n}, dòng {part}: có số liệu nhưng dòng {whole} để trống; "
                                          f"khi tổng hợp, tổng dòng {part} không so được với tổng dòng {whole} "
                                          f"(tỷ lệ của tỉnh có thể sai). Đề nghị xã bổ sung dòng {whole}.", n, part))
    return out
