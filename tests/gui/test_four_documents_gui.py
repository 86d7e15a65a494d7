"""Issue 10, "Done when", in the GUI: the four documents unlike the samples made as a new user
makes them, through the real window's controls (the new-report dialog, the general step's fields,
the legal-bases list, the outline editor's buttons, numbering and heading-form choices, the
review step's export button), exported, converted by LibreOffice and read page by page:

(a) a periodic report without annex; (b) a five-year review with "Phần thứ hai" numbered 1., 2.
and points a) to g) (Vietnamese letters); (c) a self-inspection notice with a "Căn cứ" opening, one
paragraph per basis, and a run-in heading; (d) a report for a custom period (01/01/2024 to
15/8/2024) with its own title. Set CCHC_KEEP_PAGES=DIR to keep the PDFs and page PNGs to look at.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from cchc_desktop.completeness import all_findings
from cchc_desktop.view import build_view
from tests.conftest import pdf_pages, soffice_to_pdf
from tests.document_pages import assert_header, assert_nothing_left_to_fill, assert_page_numbers, lines_of

from .driving import choose, click_button, click_item, new_report_through_dialog, retype, type_text

pytestmark = [pytest.mark.gui, pytest.mark.soffice]

TEXT = "Ban hành kế hoạch và triển khai đúng tiến độ; bộ phận một cửa giải quyết 1.277 hồ sơ đúng hạn."


# ----- driving the window like a user ---------------------------------------------------------------
def new_report(qtbot, home, kind: str, period: str, *, year: int = 2025, variant: str = "none",
               custom: tuple | None = None):
    return new_report_through_dialog(qtbot, home, kind=kind, period=period, year=year, variant=variant, custom=custom)


def general_fields(qtbot, window, *, body: str, short: str, place: str, parent: str, number: str,
                   date: tuple[int, int, int], bases: list[str], to: str = "Sở Nội vụ (B/c)") -> None:
    click_item(qtbot, window.step_list, window.index_of("general"))
    general = window.step("general")
    for name, value in (("parent_agency", parent), ("issuing_body", body), ("issuing_body_short", short),
                        ("place", place)):
        retype(qtbot, general.fields[name], value)
    retype(qtbot, general.number, number)
    if general.no_date.isChecked():  # a new report leaves the date for the clerk: this one is dated
        click_button(qtbot, general.no_date)
    general.date.setDate(QDate(*date))
    assert window.session.draft.meta.date.isoformat() == "{:04d}-{:02d}-{:02d}".format(*date)
    # the reporting sentence names the commune typed above (the profile's name is only the default)
    for field in (general.preamble, general.closing):
        retype(qtbot, field, field.plain_text().replace("UBND xã Quang Khải", short))
    # and the recipients (the profile's list names the old district)
    click_item(qtbot, window.step_list, window.index_of("signing"))
    signing = window.step("signing")
    retype(qtbot, signing.items, "\n".join([to, f"Đảng ủy, HĐND {short[5:]}", f"CT, PCT {short}"]))
    click_item(qtbot, window.step_list, window.index_of("general"))
    lst = general.bases
    while lst.list.count():  # the default bases are only "Kế hoạch số .../KH-UBND ..." to fill
        click_item(qtbot, lst.list, 0)
        click_button(qtbot, lst.btn_remove)
    for basis in bases:
        click_button(qtbot, lst.btn_add)
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
        line = QApplication.focusWidget()
        type_text(qtbot, line, basis)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda b=basis: window.session.draft.meta.legal_bases[-1:] == [b], timeout=3000)


def outline_steps(window):
    return [s for s in window.steps if s.step_id.startswith("part-")]


def click_section(qtbot, outline, section_id: str) -> None:
    item = outline._items[section_id]
    outline.tree.scrollToItem(item)
    rect = outline.tree.visualItemRect(item)
    qtbot.mouseClick(outline.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert outline.current_section_id() == section_id


def write_leaves(qtbot, window, text: str = TEXT) -> None:
    """Type a sentence into every section without children, part by part, as a user fills them."""
    for step in outline_steps(window):
        click_item(qtbot, window.step_list, window.index_of(step.step_id))
        outline = step.outline

        def leaves(node):
            return [node] if not node.children else [x for c in node.children for x in leaves(c)]
        for node in leaves(step.part):
            if node.text.strip():
                continue
            click_section(qtbot, outline, node.id)
            type_text(qtbot, outline.text_edit, text)


def add_children(qtbot, outline, parent_id: str, titles: list[str]) -> list[str]:
    """«Thêm mục con» then «Thêm mục» for the next ones, each named in the tree's inline editor."""
    click_section(qtbot, outline, parent_id)
    ids = []
    for i, title in enumerate(titles):
        click_button(qtbot, outline.btn_add_child if i == 0 else outline.btn_add)
        qtbot.waitUntil(lambda: outline.tree.state() == outline.tree.State.EditingState, timeout=3000)
        line = QApplication.focusWidget()
        assert isinstance(line, QLineEdit) and line.text() == "Mục mới"
        line.selectAll()
        type_text(qtbot, line, title)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        sid = outline.current_section_id()
        qtbot.waitUntil(lambda s=sid, t=title: outline.section(s).title == t, timeout=3000)
        ids.append(sid)
    return ids


def export(qtbot, window, answers, keep: str) -> tuple[Path, list[str]]:
    """The review step's «Ghi tệp Word» button, then LibreOffice: the PDF and its pages' text."""
    click_item(qtbot, window.step_list, window.index_of("review"))
    errors = [f.message for f in all_findings(window.session.draft) if f.severity == "error"]
    assert not errors, errors  # the review step says "Không còn lỗi nào"
    answers.choice = 0
    button = next(b for b in window.review.findChildren(QPushButton) if b.accessibleName() == "Ghi tệp Word (DOCX)")
    click_button(qtbot, button)
    qtbot.waitUntil(lambda: bool(window.exporter.last_path) and not window.exporter.is_busy(), timeout=60000)
    docx = Path(window.exporter.last_path)
    out = docx.parent / "pdf"
    out.mkdir(exist_ok=True)
    pdf = soffice_to_pdf([docx], out)[0]
    keep_dir = os.environ.get("CCHC_KEEP_PAGES")
    if keep_dir:
        Path(keep_dir).mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, Path(keep_dir) / f"{keep}.pdf")
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(Path(keep_dir) / keep)], check=True)
    return pdf, pdf_pages(pdf)


# ----- the four documents ----------------------------------------------------------------------------
def test_a_periodic_report_without_annex(qtbot, home, answers):
    window = new_report(qtbot, home, "periodic", "q3", variant="none")
    assert not window.session.draft.annex_included
    general_fields(qtbot, window, body="ỦY BAN NHÂN DÂN XÃ PHƯỚC VĨNH AN", short="UBND xã Phước Vĩnh An",
                   place="Phước Vĩnh An", parent="UBND THÀNH PHỐ HỒ CHÍ MINH", number="112", date=(2025, 9, 18),
                   bases=["Công văn số 1520/SNV-CCHC ngày 02/9/2025 của Sở Nội vụ về báo cáo cải cách hành chính"])
    write_leaves(qtbot, window)
    pdf, pages = export(qtbot, window, answers, "a-khong-phu-luc")
    assert_page_numbers(pages)
    assert_header(pages, window.session.draft)
    lines = lines_of(pages)
    assert "Công tác cải cách hành chính Quý III năm 2025" in lines
    assert "Phước Vĩnh An, ngày 18 tháng 9 năm 2025" in " ".join(lines[:6])
    assert any(x.startswith("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2025") for x in lines), lines
    assert_nothing_left_to_fill(lines)


def test_b_five_year_review_part_two_numbered_1_2_with_points_a_to_g(qtbot, home, answers):
    window = new_report(qtbot, home, "five_year", "5y", year=2025)
    general_fields(qtbot, window, body="ỦY BAN NHÂN DÂN PHƯỜNG HOÀNG VĂN THỤ", short="UBND phường Hoàng Văn Thụ",
                   place="Phường Hoàng Văn Thụ", parent="UBND TỈNH THÁI NGUYÊN", number="86", date=(2025, 11, 20),
                   bases=["Kế hoạch số 210/KH-UBND ngày 12/8/2025 của UBND tỉnh về sơ kết 05 năm thực hiện "
                          "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030"])
    # Phần thứ hai: its first item takes points a), b), ... (the «Số mục con» choice), seven of them
    step = outline_steps(window)[1]  # the second part: "Phần thứ hai"
    assert "Phần thứ hai" in window.step_list.item(window.index_of(step.step_id)).text()
    click_item(qtbot, window.step_list, window.index_of(step.step_id))
    outline = step.outline
    first = step.part.children[0]
    assert outline._items[first.id].text(0).startswith("1. ")  # "1., 2." directly under Phần thứ hai
    click_section(qtbot, outline, first.id)
    choose(qtbot, outline.pane.child_style, "alpha")
    titles = ["Rà soát văn bản quy phạm pháp luật", "Kiểm tra việc thi hành pháp luật", "Tuyên truyền, phổ biến",
              "Hòa giải ở cơ sở", "Xây dựng phường đạt chuẩn tiếp cận pháp luật", "Trợ giúp pháp lý",
              "Theo dõi thi hành pháp luật"]
    ids = add_children(qtbot, outline, first.id, titles)
    assert [outline._items[i].text(0).split(" ")[0] for i in ids] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    write_leaves(qtbot, window)
    pdf, pages = export(qtbot, window, answers, "b-so-ket-5-nam")
    assert_page_numbers(pages)
    assert_header(pages, window.session.draft)
    lines = lines_of(pages)
    two = next(i for i, x in enumerate(lines) if x.startswith("Phần thứ hai"))
    after = lines[two:]
    assert after[1].startswith("NHIỆM VỤ, GIẢI PHÁP") or after[2].startswith("1. "), after[:3]
    points = [x.split(" ")[0] for x in after if any(x.endswith(t) or f" {t}" in x for t in titles)]
    assert points == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"], points
    three = next(i for i, x in enumerate(after) if x.startswith("Phần thứ ba"))
    items = [x.split(" ")[0] for x in after[:three] if re.match(r"\d+\. ", x)]
    assert items == ["1.", "2.", "3.", "4.", "5.", "6."], items
    assert any(x.startswith("I. TÌNH HÌNH TRIỂN KHAI") for x in lines[:two])  # part one keeps I., II.


def test_c_self_inspection_notice_with_can_cu_opening_and_runin_heading(qtbot, home, answers):
    window = new_report(qtbot, home, "self_inspection", "year", year=2025)
    assert window.session.draft.meta.code == "TB-UBND"
    bases = ["Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND thị trấn về tự kiểm tra công tác cải cách hành chính "
             "năm 2025", "kết quả kiểm tra của Đoàn kiểm tra cải cách hành chính thị trấn"]
    general_fields(qtbot, window, body="ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG MỘC CHÂU",
                   short="UBND thị trấn Nông trường Mộc Châu", place="Thị trấn Nông trường Mộc Châu", parent="",
                   number="15", date=(2025, 12, 5), bases=bases)
    general = window.step("general")
    choose(qtbot, general.lead, "Căn cứ")
    general.separate_bases.click()  # each basis its own paragraph
    retype(qtbot, general.preamble, "Ủy ban nhân dân thị trấn thông báo kết quả tự kiểm tra như sau:")
    retype(qtbot, general.closing, "Yêu cầu các bộ phận, cán bộ, công chức nghiêm túc khắc phục những tồn tại, "
                                   "hạn chế nêu trên và báo cáo kết quả về Văn phòng UBND thị trấn trước ngày "
                                   "20/12/2025./.")
    # a run-in heading: "1. Kết quả đạt được: Quyết định số ..." in one paragraph
    step = outline_steps(window)[0]
    click_item(qtbot, window.step_list, window.index_of(step.step_id))
    outline = step.outline
    first = step.part.children[0]
    click_section(qtbot, outline, first.id)
    choose(qtbot, outline.pane.form_choice, "runin")
    type_text(qtbot, outline.text_edit, "Quyết định số 35/QĐ-UBND ngày 10/02/2025 kiện toàn Bộ phận một cửa.")
    write_leaves(qtbot, window)
    m = window.session.draft.meta
    assert (m.basis_lead, m.bases_joined) == ("Căn cứ", False)
    pdf, pages = export(qtbot, window, answers, "c-tu-kiem-tra")
    assert_page_numbers(pages)
    assert_header(pages, window.session.draft)
    text = " ".join(lines_of(pages))
    assert "THÔNG BÁO" in text and "Số: 15/TB-UBND" in text
    assert "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2025" in text
    # one paragraph per basis, the reporting sentence run on after the last one
    assert ("Căn cứ kết quả kiểm tra của Đoàn kiểm tra cải cách hành chính thị trấn, Ủy ban nhân dân thị trấn "
            "thông báo kết quả tự kiểm tra như sau:") in text
    assert "1. Kết quả đạt được: Quyết định số 35/QĐ-UBND" in text
    opening = build_view(window.session.draft).opening
    assert [x.split(" ")[:2] for x in opening[:2]] == [["Căn", "cứ"], ["Căn", "cứ"]], opening


def test_d_custom_period_report_with_its_own_title(qtbot, home, answers):
    title = "8 tháng đầu năm 2024"
    window = new_report(qtbot, home, "periodic", "custom", custom=((2024, 1, 1), (2024, 8, 15), title))
    p = window.session.draft.period
    assert (p.type, p.start.isoformat(), p.end.isoformat(), p.title) == ("custom", "2024-01-01", "2024-08-15", title)
    general_fields(qtbot, window, body="ỦY BAN NHÂN DÂN XÃ QUẢNG NHAM", short="UBND xã Quảng Nham",
                   place="Quảng Nham", parent="UBND HUYỆN QUẢNG XƯƠNG", number="54", date=(2024, 8, 16),
                   bases=["Công văn số 890/UBND-NV ngày 05/8/2024 của UBND huyện Quảng Xương về báo cáo đột xuất kết "
                          "quả cải cách hành chính"])
    write_leaves(qtbot, window)
    pdf, pages = export(qtbot, window, answers, "d-ky-dot-xuat")
    assert_page_numbers(pages)
    assert_header(pages, window.session.draft)
    lines = lines_of(pages)
    assert f"Công tác cải cách hành chính {title}" in lines
    assert any(f"cải cách hành chính {title} như sau:" in x for x in lines) or \
        f"{title} như sau:" in " ".join(lines)
