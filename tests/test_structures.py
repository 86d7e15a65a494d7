"""Real document structures (../shared/domain/structures.md) expressed and printed: numbering per
level and per section with Vietnamese lettering, run-in headings, untitled numbered paragraphs,
openings of every shape, custom periods, period placeholders, placeholder dots, empty sections."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from cchc_desktop.cli import main
from cchc_desktop.completeness import all_findings
from cchc_desktop.draft import Draft, Period, Section
from cchc_desktop.outlines import VI_LETTERS, new_draft, number_label
from cchc_desktop.periods import next_period, period_title
from cchc_desktop.store.nextperiod import next_period_draft_noted
from cchc_desktop.view import build_view
from cchc_desktop.view.opening import opening_paragraphs


def labels(draft: Draft) -> list[str]:
    return [b.text for b in build_view(draft).body]


def test_vietnamese_letters_without_f_j_w_z_and_without_dd_on_request():
    assert [number_label("alpha", i, []) for i in range(8)] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)"]
    assert [number_label("alpha_no_dd", i, []) for i in range(6)] == ["a)", "b)", "c)", "d)", "e)", "g)"]
    printed = {number_label("alpha", i, [])[:-1] for i in range(len(VI_LETTERS))}
    assert not printed & {"f", "j", "w", "z"}
    assert number_label("alpha", len(VI_LETTERS) - 1, []) == "y)"
    assert [number_label(s, 2, []) for s in ("dash", "plus", "star", "none")] == ["-", "+", "*", ""]


def five_year_review() -> Draft:
    """Phần thứ hai numbered 1., 2. directly, and points a) to g) under its first item."""
    d = new_draft("five_year", Period(type="5y", year=2025))
    part2 = d.outline[1]
    first = part2.children[0]
    first.numbering = "alpha"
    first.children = [Section(title=f"Nhiệm vụ {i}", text="Nội dung.") for i in range(7)]
    return d


def test_five_year_review_numbers_part_two_directly_and_points_a_to_g():
    body = build_view(five_year_review()).body
    parts = [b for b in body if b.kind == "part_ordinal"]
    assert [b.label for b in parts] == ["Phần thứ nhất", "Phần thứ hai", "Phần thứ ba"]
    printed = [b.text for b in body]
    after = printed[body.index(parts[1]):]
    assert after[1] == "1. Cải cách thể chế"
    points = [b.label for b in body if b.title.startswith("Nhiệm vụ ")]
    assert points == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    assert "2. Cải cách thủ tục hành chính" in after
    assert "I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN" in printed  # part one keeps its roman level


def test_numbers_come_from_position_and_override_applies_to_children_only():
    d = new_draft("periodic", Period(type="6m", year=2025), variant="none")
    d.outline[1].numbering = "dash"
    d.outline.insert(0, d.outline.pop(2))  # moved: never two "III."
    printed = [t for t in labels(d) if t.split(" ")[0] in ("I.", "II.", "III.", "IV.", "V.")]
    assert [t.split(" ")[0] for t in printed] == ["I.", "II.", "III.", "IV.", "V."]
    view = build_view(d)
    under = [b.label for b in view.body if b.level == 1]
    assert "-" in under and "1." in under


def test_heading_forms_runin_and_untitled_paragraph():
    d = new_draft("self_inspection", Period(type="year", year=2025))
    item = d.outline[0].children[0]
    item.form, item.text = "runin", "Quyết định số 12/QĐ-UBND ngày 05/01/2025.\n- Bố trí 02 công chức."
    untitled = Section(title="", text="Tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ.",
                       form="paragraph")
    d.outline[0].children.append(untitled)
    body = build_view(d).body
    runin = next(b for b in body if b.kind == "runin")
    assert runin.lead == "1. Kết quả đạt được:" and runin.rest.startswith("Quyết định số 12")
    assert runin.text == "1. Kết quả đạt được: Quyết định số 12/QĐ-UBND ngày 05/01/2025."
    assert runin.emphasis == "b"
    assert any(b.kind == "text" and b.text == "- Bố trí 02 công chức." for b in body)
    para = next(b for b in body if b.text.startswith("4. Tăng cường"))
    assert para.kind == "text"
    msgs = [f.message for f in all_findings(d)]
    assert not any("chưa có tên mục" in m and "«4.»" in m for m in msgs)


def test_opening_shapes():
    bases = ["Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND xã về tự kiểm tra",
             "Căn cứ kết quả kiểm tra của Đoàn kiểm tra"]
    statement = "Ủy ban nhân dân xã thông báo như sau:"
    assert opening_paragraphs(bases, statement) == [
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND xã về tự kiểm tra; căn cứ kết quả kiểm tra "
        "của Đoàn kiểm tra; Ủy ban nhân dân xã thông báo như sau:"]
    assert opening_paragraphs(bases, statement, joined=False) == [
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND xã về tự kiểm tra;",
        "Căn cứ kết quả kiểm tra của Đoàn kiểm tra, Ủy ban nhân dân xã thông báo như sau:"]
    assert opening_paragraphs(bases, statement, lead="Căn cứ", joined=False, preamble_separate=True) == [
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND xã về tự kiểm tra;",
        "Căn cứ kết quả kiểm tra của Đoàn kiểm tra;", statement]
    assert opening_paragraphs(["Công văn 34"], "", lead="") == ["Công văn 34;"]
    assert opening_paragraphs(["- Thực hiện Công văn 34;"], "") == ["Thực hiện Công văn 34;"]
    assert opening_paragraphs([], "") == []  # a report that starts with "I." directly


def test_custom_period_from_cli(tmp_path, capsys):
    out = tmp_path / "d.json"
    assert main(["new", "--period", "custom", "--from", "2024-01-01", "--to", "2024-08-15", "--title",
                 "từ ngày 01/01/2024 đến ngày 15/8/2024", "--variant", "none", "-o", str(out)]) == 0
    d = Draft.from_json(out.read_text(encoding="utf-8"))
    assert d.period.type == "custom" and d.period.start == dt.date(2024, 1, 1) and d.period.end == dt.date(2024, 8, 15)
    assert d.period.year == 2024 and not d.annex_included
    view = build_view(d)
    assert view.summary == "Công tác cải cách hành chính từ ngày 01/01/2024 đến ngày 15/8/2024"
    assert "không kèm phụ lục" in capsys.readouterr().out
    assert main(["new", "--period", "custom", "--from", "2024-09-01", "--to", "2024-08-15", "-o",
                 str(tmp_path / "x.json")]) == 2
    assert "ngày kết thúc" in capsys.readouterr().err
    untitled = Period(type="custom", year=2024, start=dt.date(2024, 1, 1), end=dt.date(2024, 8, 15))
    assert period_title(untitled) == "từ ngày 01/01/2024 đến ngày 15/8/2024"
    assert next_period(untitled).start == dt.date(2024, 8, 16)


def test_period_placeholders_follow_the_next_period_and_say_what_changed():
    d = new_draft("periodic", Period(type="6m", year=2025))
    heading = d.outline[3]
    assert heading.title == "Phương hướng, nhiệm vụ {kỳ tới}"  # stored as the placeholder
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025" in labels(d)  # printed as words
    heading.text = "Tiếp tục thực hiện nhiệm vụ {kỳ tới}."
    nxt, notes = next_period_draft_noted(d)
    assert nxt.period == Period(type="q3", year=2025)
    printed = labels(nxt)
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2025" in printed
    assert "Tiếp tục thực hiện nhiệm vụ quý IV năm 2025." in printed
    assert build_view(nxt).summary == "Công tác cải cách hành chính Quý III năm 2025"
    assert any("6 tháng đầu năm 2025" in n and "Quý III năm 2025" in n for n in notes)
    assert any("dàn ý" in n for n in notes)


def test_placeholder_dots_are_errors_but_prose_ellipsis_is_not():
    d = new_draft("periodic", Period(type="6m", year=2025))
    found = [f for f in all_findings(d, clerical=False) if "chưa điền" in f.message]
    assert len(found) == 2 and all(f.severity == "error" for f in found)  # the two default bases
    d.meta.legal_bases = ["Công văn số 12/UBND ngày 05/01/2025 của UBND tỉnh"]
    d.outline[0].children[0].text = "Tuyên truyền trên loa, bảng tin, v.v... và trang thông tin của phường...đã tốt."
    assert not [f for f in all_findings(d, clerical=False) if "chưa điền" in f.message]
    d.outline[0].children[0].text = "Ban hành Kế hoạch số .../KH-UBND ngày ..."
    d.meta.closing = "báo cáo về UBND xã trước ngày .../.../2026./."
    msgs = [f.message for f in all_findings(d, clerical=False) if f.severity == "error"]
    assert any("Mục «1. Về kế hoạch" in m for m in msgs) and any(m.startswith("Câu kết") for m in msgs)


def test_render_omit_empty_leaves_out_empty_sections_and_renumbers(tmp_path, capsys):
    d = new_draft("periodic", Period(type="6m", year=2025), variant="none")
    d.outline[0].children[2].text = "Đã kiểm tra 2 đợt."
    d.outline[2].children[1].text = "Còn chậm."
    path = tmp_path / "d.json"
    path.write_text(d.to_json(), encoding="utf-8")
    assert main(["render", str(path), "-o", str(tmp_path / "full.docx")]) == 0
    assert "chưa có nội dung" in capsys.readouterr().out
    assert main(["render", str(path), "-o", str(tmp_path / "short.docx"), "--omit-empty"]) == 0
    assert "Bỏ khỏi bản xuất" in capsys.readouterr().out
    view = build_view(d, omit_empty=True)
    assert [b.text for b in view.body] == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
                                           "1. Về công tác kiểm tra cải cách hành chính", "Đã kiểm tra 2 đợt.",
                                           "II. ĐÁNH GIÁ CHUNG", "1. Tồn tại, hạn chế và nguyên nhân", "Còn chậm."]
    assert json.loads(d.to_json())["outline"] == json.loads(path.read_text(encoding="utf-8"))["outline"]


@pytest.mark.parametrize("kind", ["five_year", "self_inspection"])
def test_annex_on_for_kinds_without_annex_by_default(kind):
    period = Period(type="5y", year=2025) if kind == "five_year" else Period(type="year", year=2025)
    assert not new_draft(kind, period).annex_included
    d = new_draft(kind, period, variant="A-2024")
    view = build_view(d)
    assert view.has_annex and len(view.forms) == 7
