"""Order statistics in ``Decimal``: median, quartiles and the values far from the others.

Quartiles are the inclusive ones (Excel's QUARTILE.INC): position (n - 1) * p, linear between
neighbours. A value is flagged for a look when it lies outside the interquartile fences
[Q1 - 1.5 IQR, Q3 + 1.5 IQR], given at least ``MIN_VALUES`` values. When three quarters or
more of the communes wrote the same number (IQR = 0, common for counts that are mostly 0),
every other value would be "outside"; then only a value more than ten times
max(|Q1|, 1) away from Q1 is flagged (971 where the others wrote 0, not 3).
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

MIN_VALUES = 5
_K = Decimal("1.5")
_FLAT_FACTOR = Decimal(10)


def quantile(sorted_values: Sequence[Decimal], p: Decimal) -> Decimal:
    n = len(sorted_values)
    if n == 0:
        raise ValueError("no values")
    pos = (n - 1) * p
    lo = int(pos)
    frac = pos - lo
    if lo + 1 >= n:
        return sorted_values[-1]
    return sorted_values[lo] + (sorted_values[lo + 1] - sorted_values[lo]) * frac


def median(values: Sequence[Decimal]) -> Decimal:
    return quantile(sorted(values), Decimal("0.5"))


def fences(values: Sequence[Decimal]) -> tuple[Decimal, Decimal] | None:
    """(low, high): values outside are flagged; None when there are too few values to judge."""
    if len(values) < MIN_VALUES:
        return None
    s = sorted(values)
    q1, q3 = quantile(s, Decimal("0.25")), quantile(s, Decimal("0.75"))
    iqr = q3 - q1
    if iqr > 0:
        return q1 - _K * iqr, q3 + _K * iqr
    width = max(abs(q1), Decimal(1)) * _FLAT_FACTOR
    return q1 - width, q3 + width


def outliers(values: Sequence[Decimal | None]) -> set[int]:
    """Indices (into ``values``, None skipped) of the values outside the fences."""
    present = [v for v in values if v is not None]
    bounds = fences(present)
    if bounds is None:
        return set()
    low, high = bounds
    return {i for i, v in enumerate(values) if v is not None and (v < low or v > high)}
