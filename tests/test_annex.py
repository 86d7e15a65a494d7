"""Evaluating annex cells: parsed values, computed rates, what the printed column shows."""
from __future__ import annotations

from decimal import Decimal

import pytest

from cchc_desktop.annex import CellResult, evaluate_annex, evaluate_form
from cchc_desktop.forms import RowKind, load_variant
from cchc_desktop.resources import resource_path

D = Decimal


@pytest.fixture(scope="module")
def a():
    return load_variant(resource_path("forms", "A-2024.json"))


@pytest.fixture(scope="module")
def b():
    return load_variant(resource_path("forms", "B-2023.json"))


def c(values: dict) -> dict:
    return {code: {"value": v, "note": ""} for code, v in values.items()}


def test_one_result_per_row_in_order(a):
    form = a.form(7)
    res = evaluate_form(form, {})
    assert list(res) == form.codes()
    assert all(isinstance(r, CellResult) for r in res.values())
    assert all(r.raw == "" and r.value is None and r.display == "" and r.error is None for r in res.values())


def test_rate_computed_and_displayed(a):
    res = evaluate_form(a.form(7), c({"5.4": "100", "5.4.1": "299", "5.4.2": "251"}))
    r = res["5.4"]
    assert r.computed == D("83.95") and not r.undefined
    assert r.value == 100  # what was typed (from an old report) stays visible to the rules
    assert r.display == "83,95"
    assert res["5.4.1"].display == "299"


@pytest.mark.parametrize("num, den, computed, undefined, display", [
    ("30", "52", D("57.69"), False, "57,69"),
    ("45", "45", D("100.00"), False, "100,00"),  # two decimals everywhere (issue 13 item 17)
    ("0", "10", D("0.00"), False, "0,00"),
    ("0", "0", None, True, "-"),
    ("", "0", None, True, "-"),
    ("5", "", None, True, ""),
    ("", "", None, True, ""),
    ("", "10", None, False, ""),
    ("1", "3", D("33.33"), False, "33,33"),
    ("2", "3", D("66.67"), False, "66,67"),
    ("7", "1.277", D("0.55"), False, "0,55"),
])
def test_rate_cases(a, num, den, computed, undefined, display):
    res = evaluate_form(a.form(1), c({"2.2": num, "2.1": den}))["2"]
    assert res.computed == computed
    assert res.undefined is undefined
    assert res.display == display


def test_rate_with_unparseable_part(b):
    res = evaluate_form(b.form(6), c({"1.1": "10 tỷ", "1.2": "0tỷ"}))
    assert res["1"].computed is None and res["1"].display == ""
    assert res["1.1"].error and res["1.1"].display == "10 tỷ"  # nothing silently lost
    assert res["1.1"].value is None


def test_amount_rate(b):
    res = evaluate_form(b.form(6), c({"1.1": "10", "1.2": "9,236"}))
    assert res["1"].computed == D("92.36") and res["1"].display == "92,36"
    assert res["1.2"].display == "9,236"


def test_every_kind_displays(a, b):
    res = evaluate_form(a.form(1), c({"1": "1.277", "3.1": "01", "5": "Có", "5.2": "2", "3": "", "7": "0"}))
    assert (res["1"].value, res["1"].display) == (D(1277), "1.277")
    assert res["3.1"].display == "1"
    assert (res["5"].value, res["5"].display) == (D(1), "1")  # the label typed, the code printed
    assert res["5.2"].display == "2" and res["7"].display == "0"
    assert res["3"].indicator.kind is RowKind.GROUP and res["3"].display == ""
    p = evaluate_form(a.form(5), c({"1.1": "100%", "1.2": "88,25 %", "3": "97.5"}))
    assert [p[k].display for k in ("1.1", "1.2", "3")] == ["100", "88,25", "97,5"]
    m = evaluate_form(b.form(6), c({"1.1": "3.232,311"}))
    assert m["1.1"].display == "3.232,311" and m["1.1"].value == D("3232.311")


def test_unparseable_kept_as_typed(b):
    res = evaluate_form(b.form(4), c({"3.1": "17/100%", "3.2": "13/76,47%"}))
    for code, text in (("3.1", "17/100%"), ("3.2", "13/76,47%")):
        r = res[code]
        assert r.raw == text and r.display == text and r.value is None
        assert "hai dòng riêng" in r.error


def test_group_value_shown_as_typed(a):
    res = evaluate_form(a.form(2), c({"2": "0"}))
    assert res["2"].display == "0" and res["2"].value is None and res["2"].error is None


def test_notes_and_bare_values(a):
    res = evaluate_form(a.form(1), {"1": {"value": "33", "note": "Lũy kế"}, "2.1": "52", "2.2": 30})
    assert res["1"].note == "Lũy kế"
    assert res["2.1"].value == 52 and res["2.2"].value == 30 and res["2"].display == "57,69"


def test_evaluate_annex_keys(a):
    out = evaluate_annex(a, {"3": c({"1.4": "124"}), 7: c({"5.1.1": "61"})})
    assert list(out) == [1, 2, 3, 4, 5, 6, 7]
    assert out[3]["1.4"].value == 124 and out[7]["5.1.1"].value == 61
    assert evaluate_annex(a, None)[1]["1"].display == ""


def test_lone_dash_is_blank_but_shown(a):
    res = evaluate_form(a.form(1), c({"1": "-"}))
    assert res["1"].value is None and res["1"].error is None and res["1"].display == "-"
