"""The header fits: long agency names break only between words, at a sensible point, centred,
with the longest names of ../shared/domain/structures.md; checked on what LibreOffice prints."""
from __future__ import annotations

import subprocess

import pytest

from cchc_desktop.draft import Period
from cchc_desktop.outlines import new_draft
from cchc_desktop.render import render_docx
from cchc_desktop.view import build_view
from cchc_desktop.view.header import (
    CELL_MARGINS_CM,
    LEFT_COLUMN_CM,
    RIGHT_COLUMN_CM,
    SAFETY,
    date_lines,
    issuing_body_lines,
    parent_agency_lines,
    text_width_cm,
)
from tests.conftest import soffice_to_pdf

PARENTS = ["UBND HUYỆN QUẢNG XƯƠNG", "UBND THÀNH PHỐ HỒ CHÍ MINH", "UBND TỈNH BÀ RỊA - VŨNG TÀU"]
BODIES = ["ỦY BAN NHÂN DÂN PHƯỜNG HOÀNG VĂN THỤ", "ỦY BAN NHÂN DÂN XÃ PHƯỚC VĨNH AN",
          "ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG MỘC CHÂU", "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"]
PLACE_NAMES = ("QUẢNG XƯƠNG", "HỒ CHÍ MINH", "BÀ RỊA - VŨNG TÀU", "HOÀNG VĂN THỤ", "PHƯỚC VĨNH AN",
               "NÔNG TRƯỜNG MỘC CHÂU", "QUANG KHẢI")


def test_widths_are_times_metrics():
    # the motto fits the right column; "UBND HUYỆN QUẢNG XƯƠNG" (6.6 cm at 13 pt) fits the left one
    assert text_width_cm("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True) < RIGHT_COLUMN_CM - 0.2
    assert 6.4 < text_width_cm("UBND HUYỆN QUẢNG XƯƠNG", 13) < LEFT_COLUMN_CM - 0.3


@pytest.mark.parametrize("name", PARENTS + BODIES)
def test_breaks_between_words_never_inside_a_place_name(name):
    lines = issuing_body_lines(name) if name in BODIES else parent_agency_lines(name)
    assert " ".join(lines).split() == name.split()  # nothing lost, no word cut
    assert all(text_width_cm(x, 13, bold=name in BODIES) < LEFT_COLUMN_CM - 0.1 for x in lines)
    for place in PLACE_NAMES:
        if place in name:
            assert any(place in line for line in lines), lines  # the place's name on one line
    assert not any(line.startswith(("-", "–")) for line in lines)


def test_usual_two_line_form_and_short_names():
    assert issuing_body_lines("ỦY BAN NHÂN DÂN XÃ QUANG KHẢI") == ["ỦY BAN NHÂN DÂN", "XÃ QUANG KHẢI"]
    assert issuing_body_lines("ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG MỘC CHÂU") == [
        "ỦY BAN NHÂN DÂN THỊ TRẤN", "NÔNG TRƯỜNG MỘC CHÂU"]
    assert parent_agency_lines("UBND HUYỆN QUẢNG XƯƠNG") == ["UBND HUYỆN QUẢNG XƯƠNG"]
    assert parent_agency_lines("UBND TỈNH BÀ RỊA - VŨNG TÀU") == ["UBND TỈNH", "BÀ RỊA - VŨNG TÀU"]
    assert issuing_body_lines("UBND PHƯỜNG 1") == ["UBND PHƯỜNG 1"]
    blank = "Phường 1, ngày       tháng       năm 2024"
    assert date_lines(blank) == [blank]  # the room left to write by hand is kept
    assert date_lines("Thị trấn Nông trường Mộc Châu, ngày 09 tháng 12 năm 2023") == [
        "Thị trấn Nông trường Mộc Châu,", "ngày 09 tháng 12 năm 2023"]


def test_date_line_is_measured_in_italic_as_it_prints():
    """The date line prints in italic: upright widths broke "Xã Xương Thượng, ngày ..." although
    its italic fits the column, and let through lines whose italic does not."""
    usable = (RIGHT_COLUMN_CM - CELL_MARGINS_CM) * SAFETY
    fits = "Xã Xương Thượng, ngày 09 tháng 12 năm 2023"
    assert text_width_cm(fits, 14, italic=True) <= usable < text_width_cm(fits, 14)
    assert date_lines(fits) == [fits]
    too_wide = "Phường Mộc Châu, ngày 09 tháng 12 năm 2023"
    assert text_width_cm(too_wide, 14) <= usable < text_width_cm(too_wide, 14, italic=True)
    assert len(date_lines(too_wide)) == 2
    for place in ("Phường Hoàng Văn Thụ", "Thị trấn Nông trường Mộc Châu", "Xã Quảng Xương Thượng Nguyên"):
        lines = date_lines(f"{place}, ngày 09 tháng 12 năm 2023")
        assert all(text_width_cm(line, 14, italic=True) <= usable for line in lines)


@pytest.mark.soffice
def test_printed_header_lines_are_the_computed_ones(tmp_path):
    cases = list(zip(PARENTS + ["", ""], BODIES + BODIES[:1]))
    drafts, paths = [], []
    for i, (parent, body) in enumerate(cases):
        d = new_draft("periodic", Period(type="6m", year=2025), variant="none")
        d.meta.parent_agency, d.meta.issuing_body, d.meta.place, d.meta.number = parent, body, "Mộc Châu", "5"
        path = tmp_path / f"h{i}.docx"
        render_docx(d, path)
        drafts.append(d)
        paths.append(path)
    for d, pdf in zip(drafts, soffice_to_pdf(paths, tmp_path)):
        # the left column of the header block, as a reader sees it (A4 at 72 dpi: x 70-285 pt)
        out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-x", "70", "-y", "50", "-W", "215", "-H", "120",
                              "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        printed = [line.strip() for line in out.splitlines() if line.strip()]
        view = build_view(d)
        expected = [x for x in view.parent_agency.split("\n") if x] + view.issuing_body.split("\n")
        assert printed[:len(expected)] == expected, (printed, expected)
        assert printed[len(expected)] == view.document_number


# The longest places of structures.md on the date line, dated and blank (the clerk writes by hand).
LONG_PLACES = ("Phường Hoàng Văn Thụ", "Thị trấn Nông trường Mộc Châu", "Thành phố Hồ Chí Minh",
               "Xã Phước Vĩnh An")


@pytest.mark.parametrize("place", LONG_PLACES)
@pytest.mark.parametrize("date", ["ngày 15 tháng 12 năm 2026", "ngày 05 tháng 01 năm 2024",
                                  "ngày       tháng       năm 2026"])
def test_date_line_breaks_before_the_date_never_a_lone_word(place, date):
    text = f"{place}, {date}"
    lines = date_lines(text)
    usable = (RIGHT_COLUMN_CM - CELL_MARGINS_CM) * SAFETY
    assert all(text_width_cm(line, 14, italic=True) <= usable for line in lines)
    if len(lines) == 1:
        assert lines == [text]
        return
    # the place whole with its comma, then the date whole, its blanks kept as typed
    assert lines == [f"{place},", date], lines
    assert all(len(line.split()) > 1 for line in lines)


def test_date_line_of_a_place_too_long_for_one_line():
    place = "Xã Nông trường Mộc Châu Hoàng Văn Thụ Quảng Xương Thượng"
    lines = date_lines(f"{place}, ngày 15 tháng 12 năm 2026")
    assert lines[-1] == "ngày 15 tháng 12 năm 2026"
    assert " ".join(lines[:-1]) == f"{place},"
    assert all(len(line.split()) > 1 for line in lines)


@pytest.mark.soffice
def test_printed_date_lines_are_the_computed_ones(tmp_path):
    import datetime as dt

    cases = [(place, date) for place in LONG_PLACES[:3] for date in (dt.date(2026, 12, 15), None)]
    drafts, paths = [], []
    for i, (place, date) in enumerate(cases):
        d = new_draft("periodic", Period(type="6m", year=2026), variant="none")
        d.meta.issuing_body, d.meta.place, d.meta.date = "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNG VĂN THỤ", place, date
        path = tmp_path / f"d{i}.docx"
        render_docx(d, path)
        drafts.append(d)
        paths.append(path)
    for d, pdf in zip(drafts, soffice_to_pdf(paths, tmp_path)):
        # the right column of the header block under the motto (A4 at 72 dpi: x 290-560 pt)
        out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-x", "290", "-y", "50", "-W", "270", "-H", "140",
                              "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        printed = [" ".join(line.split()) for line in out.splitlines() if line.strip()]
        expected = [" ".join(x.split()) for x in build_view(d).date_line.split("\n")]
        assert len(expected) == 2 and expected[0].endswith(",") and expected[1].startswith("ngày"), expected
        assert printed[2:2 + len(expected)] == expected, (printed, expected)
    # the blanks left to write the day and month by hand survive the break (LibreOffice keeps them)
    blank = pdf_words_gap(paths[1].with_suffix(".pdf"))
    assert blank >= 3, blank


def pdf_words_gap(pdf) -> int:
    """The widest run of spaces between "ngày" and "tháng" on page 1 as pdftotext lays it out."""
    import re

    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"ngày( +)tháng", out)
    return len(m.group(1)) if m else 0
