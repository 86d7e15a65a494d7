"""Custom periods moved by the calendar and kept inside the years the app accepts; CLI `new` refuses
custom-period options with a built-in period; bidirectional controls never reach a document."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from cchc_desktop.cli import main
from cchc_desktop.draft import Draft, DraftFormatError, Period
from cchc_desktop.outlines import new_draft
from cchc_desktop.periods import YEAR_MAX, YEAR_MIN, PeriodRangeError, next_period, period_title
from cchc_desktop.store.nextperiod import next_period_draft_noted
from cchc_desktop.textnorm import clean_line, clean_text
from cchc_desktop.view.report import build_view


def custom(start: str, end: str, title: str = "") -> Period:
    return Period.from_dict({"type": "custom", "year": int(end[:4]), "start": start, "end": end, "title": title})


@pytest.mark.parametrize("start, end, want", [
    ("2024-01-01", "2024-12-31", "từ ngày 01/01/2025 đến ngày 31/12/2025"),  # a whole year
    ("2024-01-01", "2024-06-30", "từ ngày 01/7/2024 đến ngày 31/12/2024"),  # six months
    ("2025-01-01", "2025-01-31", "từ ngày 01/02/2025 đến ngày 28/02/2025"),  # a month
    ("2024-12-15", "2025-06-14", "từ ngày 15/6/2025 đến ngày 14/12/2025"),  # the cut-off convention
    ("2024-01-03", "2024-01-12", "từ ngày 13/01/2024 đến ngày 22/01/2024"),  # ten days: ten days
])
def test_next_custom_period_moves_by_the_calendar(start, end, want):
    assert period_title(next_period(custom(start, end))) == want


def test_next_custom_period_notice_names_the_new_dates():
    d = new_draft("periodic", custom("2024-01-01", "2024-06-30"), variant="none")
    new, notes = next_period_draft_noted(d)
    assert (new.period.start, new.period.end) == (dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    assert any("01/7/2024" in n and "31/12/2024" in n and "6 tháng" in n for n in notes)
    odd = new_draft("periodic", custom("2024-01-03", "2024-01-12"), variant="none")
    _new, notes = next_period_draft_noted(odd)
    assert any("13/01/2024" in n and "cùng số ngày" in n for n in notes)


def test_custom_dates_outside_the_accepted_years_are_refused_by_the_draft_reader():
    for start, end in (("0001-01-01", "2024-12-31"), ("2100-01-01", "9999-12-31"), ("1999-12-31", "2000-01-31")):
        with pytest.raises(DraftFormatError, match=f"{YEAR_MIN}-{YEAR_MAX}"):
            custom(start, end)
    assert custom(f"{YEAR_MIN}-01-01", f"{YEAR_MAX}-06-30").year == YEAR_MAX


def test_no_period_after_the_last_accepted_year():
    with pytest.raises(PeriodRangeError, match="2101"):
        next_period(custom("2100-01-01", "2100-12-31"))
    last = Period(type="custom", year=9999, start=dt.date(9999, 1, 1), end=dt.date(9999, 12, 31))
    with pytest.raises(PeriodRangeError):  # a period built in code, past the reader's check: no OverflowError
        next_period(last)
    d = new_draft("periodic", custom("2100-01-01", "2100-12-31"), variant="none")
    with pytest.raises(PeriodRangeError):  # «Tạo kỳ tiếp theo» says why instead of making a stand-in report
        next_period_draft_noted(d)


def test_cli_new_refuses_custom_options_with_a_builtin_period(tmp_path, capsys):
    out = tmp_path / "d.json"
    assert main(["new", "--period", "6m", "--year", "2025", "--title", "Đợt kiểm tra đặc biệt", "--from",
                 "2025-01-01", "--to", "2025-03-01", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--from, --to, --title" in err and "--period custom" in err and not out.exists()
    assert main(["new", "--period", "q1", "--year", "2025", "--title", "x", "-o", str(out)]) == 2
    assert "--title" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("start, end", [("0001-01-01", "2024-12-31"), ("2024-01-01", "2101-01-01")])
def test_cli_new_refuses_custom_dates_outside_the_accepted_years(tmp_path, capsys, start, end):
    out = tmp_path / "d.json"
    assert main(["new", "--period", "custom", "--from", start, "--to", end, "-o", str(out)]) == 2
    assert f"{YEAR_MIN}-{YEAR_MAX}" in capsys.readouterr().err and not out.exists()


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_are_dropped_from_user_text():
    assert clean_line("đợt 1\u202e") == "đợt 1"
    assert clean_text(f"a{BIDI}b\nc") == "ab\nc"


def test_bidi_controls_never_reach_the_document(tmp_path, capsys):
    out = tmp_path / "d.json"
    assert main(["new", "--period", "custom", "--from", "2024-01-01", "--to", "2024-08-15", "--title",
                 "đợt 1\u202e", "--variant", "none", "-o", str(out)]) == 0
    capsys.readouterr()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"]["title"] == "đợt 1"
    # a draft file carrying them (written by hand or by another tool): the reader drops them
    data["period"]["title"] = "đợt 1\u202e"
    data["meta"]["closing"] = "Trên đây\u2067 là báo cáo\u200f./."
    data["outline"][0]["title"] = "Kết quả\u202d"
    d = Draft.from_dict(data)
    view = build_view(d)
    printed = "\n".join([view.summary, *(b.text for b in view.body)])
    assert not set(BIDI) & set(printed) and not set(BIDI) & set(d.to_json())
