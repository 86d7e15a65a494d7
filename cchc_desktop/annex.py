"""Evaluate the annex cells of a draft against a form variant.

For every row: the text as typed, the parsed number (or the parse error), the computed rate
of RATE rows, and what the printed "Số liệu" column shows. Nothing typed is silently lost:
text that is not a number is shown as typed (and reported by :mod:`cchc_desktop.rules`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .forms import AnnexForm, FormVariant, Indicator, RowKind
from .numbers import NumberParseError, format_rate, format_vn, parse_value, round_rate

__all__ = ["CellResult", "evaluate_form", "evaluate_annex", "cell_text"]


@dataclass
class CellResult:
    code: str
    indicator: Indicator
    raw: str  # the value as stored (typed)
    value: Decimal | None  # parsed typed value; None if blank or unparseable
    error: str | None  # parse error message (Vietnamese)
    computed: Decimal | None  # RATE: rate from its parts, rounded half-up to 2 places
    undefined: bool  # RATE whose denominator is 0 or blank
    display: str  # what the printed "Số liệu" column shows
    note: str

    @property
    def typed(self) -> bool:
        """Whether something was typed in the value cell."""
        return bool(self.raw.strip())

    @property
    def number(self) -> Decimal | None:
        """The number relations compare: the computed rate for RATE rows, else the typed value."""
        if self.indicator.kind is RowKind.RATE:
            return self.computed
        return self.value


def cell_text(cell: Any, key: str = "value") -> str:
    """The text of a stored cell: a dict {"value", "note"} or (older data) a bare value."""
    if cell is None:
        return ""
    if isinstance(cell, Mapping):
        v = cell.get(key)
        return "" if v is None else str(v)
    return str(cell) if key == "value" else ""


def _rate(numerator: CellResult, denominator: CellResult) -> tuple[Decimal | None, bool, Decimal | None]:
    """(rounded rate, undefined, exact rate) from the two part cells."""
    den, num = denominator.value, numerator.value
    if denominator.error is None and (den is None or den == 0):
        return None, True, None
    if den is None or num is None:
        return None, False, None
    exact = num / den * 100
    return round_rate(exact), False, exact


def evaluate_form(form: AnnexForm, cells: Mapping[str, Any] | None) -> dict[str, CellResult]:
    """One :class:`CellResult` per row of ``form``, in row order."""
    cells = cells or {}
    results: dict[str, CellResult] = {}
    for row in form.rows:
        cell = cells.get(row.code)
        raw = cell_text(cell, "value").strip()
        note = cell_text(cell, "note")
        value: Decimal | None = None
        error: str | None = None
        if raw and row.kind is not RowKind.GROUP:
            try:
                value = parse_value(raw, row.kind, choices=row.choices)
            except NumberParseError as exc:
                error = str(exc)
        results[row.code] = CellResult(
            code=row.code, indicator=row, raw=raw, value=value, error=error, computed=None,
            undefined=False, display="", note=note,
        )
    for row in form.rows:
        res = results[row.code]
        if row.kind is RowKind.RATE:
            num_code, den_code = row.rate_parts
            computed, undefined, _ = _rate(results[num_code], results[den_code])
            res.computed, res.undefined = computed, undefined
            den = results[den_code]
            if computed is not None:
                res.display = format_rate(computed)
            elif den.error is None and den.value == 0:
                res.display = "-"
            else:
                res.display = ""
        elif res.error is not None or row.kind is RowKind.GROUP:
            res.display = res.raw
        elif res.value is None:
            res.display = res.raw  # a lone dash stays a dash
        elif row.kind is RowKind.CHOICE:
            res.display = str(int(res.value))
        else:
            res.display = format_vn(res.value)
    return results


def exact_rate(results: Mapping[str, CellResult], row: Indicator) -> Decimal | None:
    """The unrounded rate of a RATE row (for comparisons), None when not defined."""
    num_code, den_code = row.rate_parts
    return _rate(results[num_code], results[den_code])[2]


def evaluate_annex(variant: FormVariant, annex: Mapping[Any, Any] | None) -> dict[int, dict[str, CellResult]]:
    """Every form of ``variant`` evaluated with the draft's annex values (keys "1".."7" or ints)."""
    annex = annex or {}
    out: dict[int, dict[str, CellResult]] = {}
    for form in variant.forms:
        cells = annex.get(str(form.number))
        if cells is None:
            cells = annex.get(form.number)
        out[form.number] = evaluate_form(form, cells or {})
    return out
