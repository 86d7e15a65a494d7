"""Parsing numbers as officials type them, and printing them Vietnamese style."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.forms import Choice, RowKind
from cchc_desktop.numbers import NumberParseError, format_vn, matches_rate, parse_value, round_rate

D = Decimal
K = RowKind
YES_NO = (Choice(1, "Có"), Choice(0, "Không"))


@pytest.mark.parametrize("text, kind, expected", [
    ("1.277", K.COUNT, D(1277)),
    ("1 277", K.COUNT, D(1277)),
    ("1\u00a0277", K.COUNT, D(1277)),  # NBSP
    ("1.277.000", K.COUNT, D(1277000)),
    ("1,277,000", K.COUNT, D(1277000)),
    ("02", K.COUNT, D(2)),
    ("01", K.COUNT, D(1)),
    ("0", K.COUNT, D(0)),
    ("2,0", K.COUNT, D(2)),  # a whole number written with a decimal part
    ("１２３", K.COUNT, D(123)),  # full-width digits
    ("  45 ", K.COUNT, D(45)),
    ("88,25", K.PERCENT, D("88.25")),
    ("88.25", K.PERCENT, D("88.25")),  # dot + 2 digits: decimal
    ("88.25%", K.PERCENT, D("88.25")),
    ("88,25 %", K.PERCENT, D("88.25")),
    ("100%", K.PERCENT, D(100)),
    ("100％", K.PERCENT, D(100)),  # full-width percent sign
    ("57,69", K.RATE, D("57.69")),
    ("60%", K.RATE, D(60)),
    ("0.5", K.PERCENT, D("0.5")),
    ("0.500", K.PERCENT, D("0.5")),  # "0.500" cannot be thousands
    (",5", K.PERCENT, D("0.5")),
    ("\u22125,5", K.PERCENT, D("-5.5")),  # unicode minus: allowed by the parser, judged by rules
    ("-5,5", K.PERCENT, D("-5.5")),
    ("+3", K.PERCENT, D(3)),
    ("3.232,311", K.AMOUNT, D("3232.311")),
    ("1,277.5", K.AMOUNT, D("1277.5")),
    ("1,5", K.AMOUNT, D("1.5")),
    ("1 277,5", K.AMOUNT, D("1277.5")),
    ("10", K.AMOUNT, D(10)),
    ("-250", K.AMOUNT, D(-250)),
    ("1", K.CHOICE, D(1)),
    ("2", K.CHOICE, D(2)),  # not in a legend: that is a rule finding, not a parse error
])
def test_parse_accepts(text, kind, expected):
    value = parse_value(text, kind)
    assert value == expected
    assert isinstance(value, Decimal)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "-", "–", "—"])
@pytest.mark.parametrize("kind", list(RowKind))
def test_blank_and_dash_are_none(text, kind):
    assert parse_value(text, kind) is None


def test_choice_label():
    assert parse_value("Có", K.CHOICE, choices=YES_NO) == 1
    assert parse_value("không", K.CHOICE, choices=YES_NO) == 0
    assert parse_value("  Có ", K.CHOICE, choices=YES_NO) == 1
    assert parse_value("Co\u0301", K.CHOICE, choices=YES_NO) == 1  # decomposed diacritics
    with pytest.raises(NumberParseError) as exc:
        parse_value("Chưa rõ", K.CHOICE, choices=YES_NO)
    assert "Có = 1; Không = 0" in str(exc.value)
    with pytest.raises(NumberParseError, match="mã lựa chọn"):
        parse_value("1,5", K.CHOICE, choices=YES_NO)


@pytest.mark.parametrize("text, kind, needle", [
    ("17/100%", K.COUNT, "hai dòng riêng"),
    ("13/76,47%", K.COUNT, "hai dòng riêng"),
    ("17/100%", K.PERCENT, "hai dòng riêng"),
    ("10 tỷ", K.AMOUNT, "hãy nhập 10."),
    ("0tỷ", K.AMOUNT, "hãy nhập 0."),
    ("3.232,311 triệu đồng", K.AMOUNT, "hãy nhập 3.232,311."),
    ("20 người", K.COUNT, "«người»"),
    ("abc", K.COUNT, "không nhận chữ"),
    ("Không có", K.PERCENT, "không nhận chữ"),
    ("100%", K.COUNT, "bỏ dấu %"),
    ("5%", K.AMOUNT, "bỏ dấu %"),
    ("1%", K.CHOICE, "bỏ dấu %"),
    ("1,5", K.COUNT, "số nguyên"),
    ("88.25", K.COUNT, "số nguyên"),
    ("-3", K.COUNT, "số âm"),
    ("1 2", K.COUNT, "khoảng trắng"),
    ("1.2.3", K.COUNT, "hàng nghìn"),
    ("1.27.000", K.COUNT, "hàng nghìn"),
    ("1,2.3,4", K.AMOUNT, "thập phân"),
    ("%", K.PERCENT, "thiếu con số"),
    ("5%%", K.PERCENT, "cuối con số"),
    ("--5", K.PERCENT, "con số"),
    ("1e5", K.AMOUNT, "chữ"),
])
def test_parse_rejects_with_message(text, kind, needle):
    with pytest.raises(NumberParseError) as exc:
        parse_value(text, kind)
    message = str(exc.value)
    assert f'"{text.strip()}"' in message
    assert needle in message
    assert isinstance(exc.value, ValueError)


def test_slash_message_is_the_documented_one():
    with pytest.raises(NumberParseError) as exc:
        parse_value("17/100%", K.COUNT)
    assert str(exc.value).startswith(
        '"17/100%" không phải là một số: ô này chỉ nhận một số; hãy nhập số lượng và tỷ lệ ở hai dòng riêng'
    )


def test_percent_range_is_not_the_parsers_business():
    assert parse_value("971", K.RATE) == 971
    assert parse_value("150", K.PERCENT) == 150
    assert parse_value("-20", K.PERCENT) == -20


@pytest.mark.parametrize("value, places, text", [
    (D(1277), None, "1.277"),
    (D("88.25"), None, "88,25"),
    (D("3232.311"), None, "3.232,311"),
    (D("-5.5"), None, "-5,5"),
    (D(0), None, "0"),
    (D("-0"), None, "0"),
    (D("100.00"), 2, "100"),
    (D("83.946"), 2, "83,95"),
    (D("57.70"), 2, "57,7"),
    (D("57.6923076"), 2, "57,69"),
    (D("1E+3"), None, "1.000"),
    (D(1234567), None, "1.234.567"),
    (D("0.005"), 2, "0,01"),  # half-up
    (D("-0.001"), 2, "0"),
    (None, None, ""),
    (None, 2, ""),
    (12, None, "12"),
])
def test_format_vn(value, places, text):
    assert format_vn(value, places) == text


def test_round_rate_half_up():
    assert round_rate(D("83.945")) == D("83.95")
    assert round_rate(D("83.944999")) == D("83.94")
    assert round_rate(D(251) / D(299) * 100) == D("83.95")
    assert round_rate(D(100)) == D("100.00")


def test_matches_rate():
    exact = D(30) / D(52) * 100  # 57.6923...
    assert matches_rate(D("57.69"), exact)
    assert matches_rate(D("57.7"), exact)  # written with one decimal
    assert not matches_rate(D("58"), exact)
    assert not matches_rate(D("100"), D(251) / D(299) * 100)
    assert matches_rate(D(100), D(100))


# ----- properties ---------------------------------------------------------------------------
decimals = st.decimals(min_value=D("-1e12"), max_value=D("1e12"), allow_nan=False, allow_infinity=False,
                       places=4)


@settings(max_examples=400)
@given(decimals)
def test_round_trip_amount(value):
    assert parse_value(format_vn(value), K.AMOUNT) == value


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**12))
def test_round_trip_count(n):
    assert parse_value(format_vn(D(n)), K.COUNT) == n


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
def test_round_trip_percent_with_sign(value):
    assert parse_value(format_vn(value) + "%", K.PERCENT) == value
    assert parse_value(format_vn(value, 2), K.RATE) == value


@settings(max_examples=600)
@given(st.text(max_size=30), st.sampled_from(list(RowKind)))
def test_garbage_only_raises_number_parse_error(text, kind):
    try:
        result = parse_value(text, kind, choices=YES_NO)
    except NumberParseError as exc:
        assert str(exc)
    else:
        assert result is None or isinstance(result, Decimal)


@settings(max_examples=300)
@given(st.text(alphabet="0123456789.,% -+/tỷđồngCóKhông\u00a0\u2212１２", max_size=15),
       st.sampled_from(list(RowKind)))
def test_number_like_garbage_only_raises_number_parse_error(text, kind):
    try:
        result = parse_value(text, kind, choices=YES_NO)
    except NumberParseError:
        return
    assert result is None or result.is_finite()
    if kind is RowKind.COUNT and result is not None:
        assert result >= 0 and result == result.to_integral_value()


def test_absurdly_long_numbers_are_refused():
    with pytest.raises(NumberParseError, match="quá dài"):
        parse_value("1" + "0" * 28, K.AMOUNT)
    assert parse_value("1" + "0" * 19, K.AMOUNT) == D(10) ** 19
    assert format_vn(D("1E+40"), 2) == "10" + ".000" * 13
