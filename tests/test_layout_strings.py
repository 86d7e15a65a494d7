"""Vietnamese layout strings (Decree 30/2020), periods and outlines."""
import datetime as dt

import pytest

from cchc_desktop.draft import Draft, Meta, Period, Recipients
from cchc_desktop.outlines import document_kinds, new_draft, number_label, numbered_sections
from cchc_desktop.periods import cutoff_range, fill_period_phrases, next_period, outlook_title, period_title
from cchc_desktop.vnformat import (
    ascii_slug,
    date_line,
    document_number,
    recipient_lines,
    reference_number,
    short_date,
    standard_filename,
)


@pytest.mark.parametrize("date, expected", [
    (dt.date(2023, 6, 9), "Quang Khải, ngày 09 tháng 6 năm 2023"),
    (dt.date(2024, 1, 5), "Quang Khải, ngày 05 tháng 01 năm 2024"),
    (dt.date(2024, 2, 29), "Quang Khải, ngày 29 tháng 02 năm 2024"),
    (dt.date(2024, 12, 14), "Quang Khải, ngày 14 tháng 12 năm 2024"),
])
def test_nd30_date_line(date, expected):
    assert date_line("Quang Khải", date) == expected


def test_date_line_without_date_leaves_room_to_write():
    line = date_line("Phường 1", None, 2024)
    assert line.startswith("Phường 1, ngày ") and line.endswith("năm 2024") and "tháng" in line


@pytest.mark.parametrize("number, code, expected", [
    ("5", "BC-UBND", "Số: 05/BC-UBND"), ("45", "BC-UBND", "Số: 45/BC-UBND"),
    ("05", "tb - ubnd", "Số: 05/TB-UBND"), ("", "BC-UBND", "Số:       /BC-UBND"),
])
def test_document_number(number, code, expected):
    assert document_number(number, code) == expected


def test_reference_number_and_short_date():
    assert reference_number("45", "BC-UBND") == "45/BC-UBND"
    assert reference_number("", "BC-UBND") == ".../BC-UBND"
    assert short_date(dt.date(2023, 6, 9)) == "09/6/2023"
    assert short_date(dt.date(2024, 1, 5)) == "05/01/2024"


@pytest.mark.parametrize("ptype, year, title", [
    ("q1", 2024, "Quý I năm 2024"), ("6m", 2024, "6 tháng đầu năm 2024"), ("q3", 2024, "Quý III năm 2024"),
    ("9m", 2024, "9 tháng năm 2024"), ("year", 2024, "năm 2024"),
])
def test_period_titles(ptype, year, title):
    assert period_title(Period(ptype, year)) == title


def test_cutoff_and_next_period():
    assert cutoff_range(Period("6m", 2024)) == (dt.date(2023, 12, 15), dt.date(2024, 6, 14))
    assert cutoff_range(Period("q3", 2024)) == (dt.date(2024, 6, 15), dt.date(2024, 9, 14))
    assert next_period(Period("q1", 2024)) == Period("6m", 2024)
    assert next_period(Period("6m", 2024)) == Period("q3", 2024)
    assert next_period(Period("year", 2024)) == Period("q1", 2025)
    assert next_period(Period("5y", 2025, 2021)) == Period("5y", 2030, 2026)
    assert outlook_title(Period("6m", 2024)) == "6 tháng cuối năm 2024"


def test_recipient_lines_dress_the_list():
    r = Recipients(items=["- UBND huyện Tứ Kỳ;", "Phòng Nội vụ huyện"], archive="VP")
    assert recipient_lines(r) == ["- UBND huyện Tứ Kỳ;", "- Phòng Nội vụ huyện;", "- Lưu: VP."]
    assert recipient_lines(Recipients(items=[], archive=""))[-1] == "- Lưu."


def test_standard_filename_is_windows_safe():
    d = Draft(period=Period("6m", 2024), meta=Meta(issuing_body="ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"))
    assert standard_filename(d, "docx") == "BC-CCHC-6T-2024-Quang-Khai.docx"
    d.meta.issuing_body_short = 'UBND phường 1 <"Đông Hà"*?>'
    name = standard_filename(d, ".xlsx")
    assert name.endswith(".xlsx") and not set('<>:"/\\|?*') & set(name)
    assert ascii_slug("Đặc khu Côn Đảo") == "Dac-khu-Con-Dao"


def test_every_kind_builds_a_numbered_outline():
    for kind in document_kinds():
        d = new_draft(kind.kind, Period(kind.period_types[0], 2025))
        labels = [label for _, label, _ in numbered_sections(d)]
        assert labels and all(labels)
        assert d.meta.code == kind.code
        assert (d.variant is not None) == kind.annexes


def test_numbering_styles():
    assert number_label("roman", 3, []) == "IV."
    assert number_label("decimal", 1, ["II.", "2."]) == "2.2."
    assert number_label("alpha", 0, []) == "a)"
    assert number_label("part_ordinal", 1, []) == "Phần thứ hai"


def test_new_draft_prefills_from_profile():
    class Signer:  # duck-typed like store.Profile entries
        name, title, deputy = "Lê Thị Huệ", "PHÓ CHỦ TỊCH", True

    class Lst:
        items, archive = ["UBND thị xã (B/c)"], "VT"

    class Profile:
        parent_agency, issuing_body = "", "ỦY BAN NHÂN DÂN PHƯỜNG 1"
        issuing_body_short, place = "UBND phường 1", "Phường 1"
        signers, recipient_lists, default_variant = [Signer()], [Lst()], "B-2023"

    d = new_draft("periodic", Period("6m", 2024), profile=Profile())
    assert d.variant == "B-2023" and d.signer.deputy and d.signer.name == "Lê Thị Huệ"
    assert d.recipients.items == ["UBND thị xã (B/c)"]
    assert "UBND phường 1" in d.meta.preamble and "{kỳ báo cáo}" in d.meta.closing  # the period as its placeholder
    assert "6 tháng đầu năm 2024" in fill_period_phrases(d.meta.closing, d.period)


def test_ward_with_a_number_keeps_its_unit_word():
    d = Draft(period=Period("6m", 2024),
              meta=Meta(issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG 1", issuing_body_short="UBND phường 1"))
    assert standard_filename(d, "docx") == "BC-CCHC-6T-2024-Phuong-1.docx"
