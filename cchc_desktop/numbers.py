"""Numbers as Vietnamese officials type and print them: "1.277", "88,25", "3.232,311".

``parse_value`` is tolerant of the usual ways of typing a number and refuses, with a
Vietnamese explanation, what is not one number (a count and a rate in one cell, a unit
typed into the value, text). Range checks (0..100, negative percentages) are rules, not
parse errors: see :mod:`cchc_desktop.rules`.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from .errors import CchcError
from .forms import Choice, RowKind

__all__ = ["NumberParseError", "parse_value", "format_vn", "round_rate", "matches_rate"]

_MINUS = "\u2212\u2012\u2013\u2014\ufe63\u2010\u2011"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_DASH_ONLY = re.compile(r"^[-\u2012\u2013\u2014\u2212]+$")
_GROUPED_SPACE = re.compile(r"^\d{1,3}( \d{3})+([.,]\d+)?$")
_NUMBER_THEN_WORDS = re.compile(r"^([+-]?[\d.,\s]*\d)\s*([^\d\s%.,+-].*)$")
_PLAIN = re.compile(r"^\d*([.,]\d*)*$")
MAX_DIGITS = 20  # far beyond any figure of a commune report; guards against pasted junk
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


class NumberParseError(CchcError, ValueError):
    """Text that is not one number for this row; ``str()`` is the Vietnamese message."""

    def __init__(self, text: str, reason: str, head: str | None = None):
        self.text = text
        self.reason = reason
        head = head or f'"{text}" không phải là một số'
        super().__init__(f"{head}: {reason}")


def _normalize(text: str) -> str:
    """NFKC (full-width digits and signs become ASCII), odd spaces and minus signs unified."""
    text = unicodedata.normalize("NFKC", text)
    for ch in _SPACES:
        text = text.replace(ch, " ")
    for ch in _MINUS:
        text = text.replace(ch, "-")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r" +", " ", text).strip()


def _to_decimal(body: str, original: str) -> Decimal:
    """Digits with Vietnamese (or English) separators -> Decimal. ``body`` has no sign and no %."""
    if " " in body:
        if not _GROUPED_SPACE.match(body):
            raise NumberParseError(original, "có khoảng trắng xen giữa các chữ số; hãy nhập một số duy nhất.")
        body = body.replace(" ", "")
    if not body or not _PLAIN.match(body) or not any(c.isdigit() for c in body):
        raise NumberParseError(original, "ô này chỉ nhận một con số.")
    dots, commas = body.count("."), body.count(",")
    int_part, frac = body, ""
    if dots and commas:
        dec_sep = "," if body.rfind(",") > body.rfind(".") else "."
        grp_sep = "." if dec_sep == "," else ","
        if body.count(dec_sep) > 1:
            raise NumberParseError(original, f"có nhiều dấu «{dec_sep}» ở phần thập phân.")
        int_part, frac = body.split(dec_sep)
        groups = int_part.split(grp_sep)
        if not _valid_groups(groups):
            raise NumberParseError(original, "dấu phân cách hàng nghìn đặt sai chỗ (ví dụ đúng: 3.232,311).")
        int_part = "".join(groups)
    elif dots or commas:
        sep = "." if dots else ","
        parts = body.split(sep)
        if len(parts) > 2:  # several separators of one kind: thousands grouping
            if not _valid_groups(parts):
                raise NumberParseError(original, "dấu phân cách hàng nghìn đặt sai chỗ (ví dụ đúng: 1.277.000).")
            int_part = "".join(parts)
        elif sep == "." and len(parts[1]) == 3 and parts[0] not in ("", "0") and _valid_groups(parts):
            int_part = "".join(parts)  # "1.277": a dot before exactly three digits is thousands
        else:
            int_part, frac = parts  # "88,25", "88.25", "1,5", ",5"
    if not (int_part + frac) or not (int_part + frac).isdigit():
        raise NumberParseError(original, "ô này chỉ nhận một con số.")
    if len((int_part + frac).lstrip("0")) > MAX_DIGITS:
        raise NumberParseError(original, f"số quá dài (quá {MAX_DIGITS} chữ số); hãy kiểm tra lại.")
    try:
        value = Decimal(f"{int_part or '0'}.{frac}" if frac else (int_part or "0"))
    except InvalidOperation:  # pragma: no cover - guarded by the checks above
        raise NumberParseError(original, "ô này chỉ nhận một con số.") from None
    return value


def _valid_groups(groups: list[str]) -> bool:
    return bool(groups) and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) \
        and all(g.isdigit() for g in groups)


def _clean(value: Decimal) -> Decimal:
    """Canonical form: no exponent noise, no trailing zeros, no negative zero."""
    if value == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits) + 2)
        value = value.normalize()
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def parse_value(text: str | None, kind: RowKind | str, *, choices: Iterable[Choice] = ()) -> Decimal | None:
    """The number typed in a cell of a row of ``kind``; None when blank (or a lone dash).

    ``choices`` (the row's legend) lets a CHOICE row accept a label ("Có") as well as a code.
    """
    kind = RowKind(kind)
    original = unicodedata.normalize("NFC", text or "").strip()
    s = _normalize(text or "")
    if not s or _DASH_ONLY.match(s):
        return None
    if kind is RowKind.CHOICE:
        folded = _fold(original)
        for choice in choices:
            if _fold(choice.label) == folded:
                return Decimal(choice.code)
    if "/" in s:
        raise NumberParseError(
            original, "ô này chỉ nhận một số; hãy nhập số lượng và tỷ lệ ở hai dòng riêng "
            "(tỷ lệ được tính tự động từ hai dòng số lượng)."
        )
    percent = False
    if s.endswith("%"):
        percent = True
        s = s[:-1].rstrip()
        if not s:
            raise NumberParseError(original, "thiếu con số trước dấu %.")
    if "%" in s:
        raise NumberParseError(original, "dấu % chỉ được ghi ở cuối con số.")
    m = _NUMBER_THEN_WORDS.match(s)
    if m and any(ch.isalpha() for ch in m.group(2)):
        number, words = m.group(1).strip(), m.group(2).strip()
        try:
            suggestion = format_vn(parse_value(number, kind if kind is not RowKind.CHOICE else RowKind.COUNT))
        except NumberParseError:
            suggestion = number
        raise NumberParseError(
            original, f"có ghi kèm chữ «{words}». Ô số liệu chỉ nhận con số, đơn vị tính đã ghi ở "
            f"cột «Đơn vị tính»; hãy nhập {suggestion}."
        )
    if any(ch.isalpha() for ch in s):
        if kind is RowKind.CHOICE:
            raise NumberParseError(original, f"hãy nhập mã của lựa chọn{_legend_hint(choices)}.")
        raise NumberParseError(original, "ô này chỉ nhận một con số, không nhận chữ.")
    negative = False
    if s[:1] in "+-":
        negative = s[0] == "-"
        s = s[1:].lstrip()
    value = _to_decimal(s, original)
    if negative:
        value = value.copy_negate()
    value = _clean(value)
    if percent and kind not in (RowKind.PERCENT, RowKind.RATE):
        what = "lựa chọn" if kind is RowKind.CHOICE else "số lượng" if kind is RowKind.COUNT else "số tiền"
        raise NumberParseError(original, f"dòng này ghi {what}, không phải tỷ lệ; hãy bỏ dấu %.",
                               head=f'"{original}" không dùng được ở dòng này')
    if kind is RowKind.COUNT:
        head = f'"{original}" không phải là một số lượng hợp lệ'
        if value != value.to_integral_value():
            raise NumberParseError(original, "số lượng là số nguyên, không có phần thập phân.", head=head)
        if value < 0:
            raise NumberParseError(original, "số lượng không thể là số âm.", head=head)
    if kind is RowKind.CHOICE and (value != value.to_integral_value() or value < 0):
        raise NumberParseError(original, f"hãy nhập mã của lựa chọn{_legend_hint(choices)}.",
                               head=f'"{original}" không phải là mã lựa chọn')
    return value


def _legend_hint(choices: Iterable[Choice]) -> str:
    legend = "; ".join(f"{c.label} = {c.code}" for c in choices)
    return f" ({legend})" if legend else ""


def format_vn(value: Decimal | int | float | None, places: int | None = None) -> str:
    """Vietnamese style: "1.277", "88,25", "3.232,311", "-5,5"; None -> "".

    With ``places`` the value is rounded half-up to that many decimals first. Trailing zeros
    of the decimal part are never printed ("100", "57,7").
    """
    if value is None:
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if not d.is_finite():
        return ""
    if places is not None:
        with localcontext() as ctx:
            ctx.prec = max(28, d.adjusted() + places + 3)
            d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    d = _clean(d)
    sign = "-" if d < 0 else ""
    text = format(d.copy_abs(), "f")
    int_part, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    groups: list[str] = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = ".".join(groups)
    return f"{sign}{out},{frac}" if frac else f"{sign}{out}"


def format_rate(value: Decimal | None) -> str:
    """A rate as printed everywhere (DOCX, XLSX, grid): two decimals always, "86,40", "100,00"."""
    if value is None:
        return ""
    text = format_vn(value, 2)
    if not text:
        return ""
    int_part, _, frac = text.partition(",")
    return f"{int_part},{(frac + '00')[:2]}"


def round_rate(d: Decimal) -> Decimal:
    """A rate rounded half-up to 2 decimals (83.946 -> 83.95)."""
    return d.quantize(_CENT, rounding=ROUND_HALF_UP)


def matches_rate(written: Decimal, exact: Decimal) -> bool:
    """Whether a written percentage agrees with the exact one.

    Agreement: within 0.01 of the rate rounded to 2 places, or written with one decimal and
    equal to the rate rounded half-up to one decimal ("57,7" for 57,69...).
    """
    if abs(written - round_rate(exact)) < _CENT:
        return True
    exponent = written.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent == -1:
        return written == exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return False
