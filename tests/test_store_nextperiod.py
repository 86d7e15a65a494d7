"""Duplicate a draft as the next period: text kept, period advanced, values per row kind."""
from __future__ import annotations

import datetime as dt
import sys
import types

import pytest

import cchc_desktop
from cchc_desktop.draft import Draft, Period, Section
from cchc_desktop.editing import AnnexCell, PeriodField, apply_edits
from cchc_desktop.store import Store
from cchc_desktop.store.nextperiod import next_period, period_title, replace_period_title


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "cchc.sqlite3")
    yield s
    s.close()


def printed(d: Draft, name: str) -> str:
    from cchc_desktop.periods import fill_period_phrases

    return fill_period_phrases(getattr(d.meta, name), d.period)


def six_month_report(variant="A-2024") -> Draft:
    d = Draft(variant=variant)
    d.period = Period("6m", 2024)
    d.meta.summary = "Công tác cải cách hành chính 6 tháng đầu năm 2024"
    d.meta.preamble = "UBND xã báo cáo kết quả CCHC 6 tháng đầu năm 2024 như sau:"
    d.meta.closing = ("Trên đây là báo cáo kết quả công tác cải cách hành chính 6 tháng đầu năm 2024 "
                      "của UBND xã Quang Khải./.")
    d.meta.number, d.meta.date = "45", dt.date(2024, 6, 14)
    d.meta.legal_bases = ["Kế hoạch số 02/KH-UBND ngày 09/01/2024"]
    d.outline = [Section(title="Công tác chỉ đạo", text="Đã ban hành 12 văn bản trong 6 tháng đầu năm 2024.")]
    d.recipients.items = ["Sở Nội vụ tỉnh"]
    d.signer.name = "Nguyễn Văn Bình"
    apply_edits(d, [(AnnexCell(1, "1", "value"), "12"), (AnnexCell(1, "1", "note"), "văn bản")])  # count
    apply_edits(d, [(AnnexCell(1, "5", "value"), "1"), (AnnexCell(1, "5", "note"), "Có")])  # choice
    apply_edits(d, [(AnnexCell(5, "1.1", "value"), "95,5")])  # percent
    apply_edits(d, [(AnnexCell(7, "5.1", "value"), "88,25")])  # rate
    apply_edits(d, [(AnnexCell(3, "9.9.9", "value"), "3")])  # a code the form does not have
    return d


@pytest.mark.parametrize("ptype, year, start, want", [
    ("q1", 2024, None, ("6m", 2024, None)),
    ("6m", 2024, None, ("q3", 2024, None)),
    ("q3", 2024, None, ("year", 2024, None)),
    ("9m", 2024, None, ("year", 2024, None)),
    ("year", 2024, None, ("q1", 2025, None)),
    ("5y", 2025, 2021, ("5y", 2030, 2026)),
])
def test_next_period(ptype, year, start, want):
    p = next_period(Period(ptype, year, start))
    assert (p.type, p.year, p.start_year) == want


def test_period_titles():
    assert period_title(Period("q1", 2024)) == "Quý I năm 2024"
    assert period_title(Period("6m", 2024)) == "6 tháng đầu năm 2024"
    assert period_title(Period("9m", 2024)) == "9 tháng năm 2024"
    assert period_title(Period("q3", 2024)) == "Quý III năm 2024"
    assert period_title(Period("year", 2024)) == "năm 2024"


def test_replace_period_title_keeps_case_at_sentence_start():
    old, new = Period("year", 2024), Period("q1", 2025)
    assert replace_period_title("Quý III năm 2024 xã đã làm tốt; báo cáo quý III năm 2024.", Period("q3", 2024),
                                Period("year", 2024)) == "Năm 2024 xã đã làm tốt; báo cáo năm 2024."
    assert replace_period_title("Kết quả năm 2024 và năm 20245", old, new) == "Kết quả Quý I năm 2025 và năm 20245"


def test_duplicate_keeps_text_advances_period_clears_counts(store):
    src = six_month_report()
    src_id = store.create_draft(src)
    new_id = store.duplicate_as_next_period(src_id)
    assert new_id != src_id
    new = store.load_draft(new_id)
    assert (new.period.type, new.period.year) == ("q3", 2024)
    assert new.meta.number == "" and new.meta.date is None
    # a draft from before the placeholders: its header's period words became them, once
    assert new.meta.summary == "Công tác cải cách hành chính {kỳ báo cáo}"
    assert printed(new, "summary") == "Công tác cải cách hành chính Quý III năm 2024"
    assert printed(new, "closing").startswith(
        "Trên đây là báo cáo kết quả công tác cải cách hành chính Quý III năm 2024")
    assert printed(new, "preamble") == "UBND xã báo cáo kết quả CCHC Quý III năm 2024 như sau:"
    # text, structure, recipients and signer carried over untouched
    assert new.outline[0].text == src.outline[0].text and new.outline[0].title == src.outline[0].title
    assert new.meta.legal_bases == src.meta.legal_bases
    assert new.recipients.items == src.recipients.items and new.signer.name == src.signer.name
    # annex: counts, percents and rates cleared, notes kept; choice codes kept
    assert new.annex_cell(1, "1") == {"value": "", "note": "văn bản"}
    assert new.annex_cell(1, "5") == {"value": "1", "note": "Có"}
    assert new.annex_cell(5, "1.1")["value"] == "" and new.annex_cell(7, "5.1")["value"] == ""
    assert new.annex_cell(3, "9.9.9")["value"] == ""  # unknown row: cleared, not carried
    # the source is unchanged, the copy is a fresh draft with its own history
    assert store.load_draft(src_id).to_dict() == src.to_dict()
    s = store.draft_summary(new_id)
    assert s.state == "drafting" and s.number == "" and s.period_type == "q3"
    assert [r.reason for r in store.revisions(new_id)] == ["Tạo từ báo cáo kỳ trước"]


def test_clear_all_and_none(store):
    src_id = store.create_draft(six_month_report())
    everything = store.load_draft(store.duplicate_as_next_period(src_id, clear_values="all"))
    assert everything.annex == {}
    nothing = store.load_draft(store.duplicate_as_next_period(src_id, clear_values="none"))
    assert nothing.annex == store.load_draft(src_id).annex
    with pytest.raises(ValueError):
        store.duplicate_as_next_period(src_id, clear_values="some")


def test_unknown_variant_clears_all_values(store):
    src_id = store.create_draft(six_month_report(variant="TINH-XYZ-2031"))
    new = store.load_draft(store.duplicate_as_next_period(src_id))
    assert new.annex_cell(1, "5") == {"value": "", "note": "Có"}
    assert all(cell["value"] == "" for rows in new.annex.values() for cell in rows.values())


def test_uses_the_form_catalogue_for_row_kinds(store, monkeypatch):
    """Row kinds come from cchc_desktop.forms (a fake catalogue here: every row is a choice)."""

    class Row:
        kind = types.SimpleNamespace(value="choice")

    fake = types.ModuleType("cchc_desktop.forms")
    fake.get_variant = lambda vid: types.SimpleNamespace(
        form=lambda n: types.SimpleNamespace(row=lambda code: Row()))
    monkeypatch.setitem(sys.modules, "cchc_desktop.forms", fake)
    monkeypatch.setattr(cchc_desktop, "forms", fake, raising=False)
    src_id = store.create_draft(six_month_report())
    new = store.load_draft(store.duplicate_as_next_period(src_id))
    assert new.annex == store.load_draft(src_id).annex


def test_year_rolls_over_and_five_year_moves_by_five(store):
    d = six_month_report()
    d.period = Period("year", 2024)
    d.meta.summary = "Công tác cải cách hành chính năm 2024"
    new = store.load_draft(store.duplicate_as_next_period(store.create_draft(d)))
    assert (new.period.type, new.period.year) == ("q1", 2025)
    assert printed(new, "summary") == "Công tác cải cách hành chính Quý I năm 2025"

    r = Draft(kind="five_year", variant=None)
    r.period = Period("5y", 2025, 2021)
    r.meta.summary = "Sơ kết 05 năm thực hiện Chương trình tổng thể CCHC giai đoạn 2021-2025"
    new = store.load_draft(store.duplicate_as_next_period(store.create_draft(r)))
    assert (new.period.type, new.period.year, new.period.start_year) == ("5y", 2030, 2026)
    assert printed(new, "summary").endswith("giai đoạn 2026-2030")


# ----- placeholders move; the user's literal words stay literal -------------------------------------
def test_next_period_moves_placeholders_and_keeps_the_users_literal_words():
    from cchc_desktop.editing.period import shown_phrases, stored_from_shown
    from cchc_desktop.outlines import new_draft
    from cchc_desktop.periods import fill_period_phrases
    from cchc_desktop.store.nextperiod import next_period_draft_noted

    d = new_draft("periodic", Period("6m", 2025), variant="none")
    assert "{kỳ báo cáo}" in d.meta.closing and "{kỳ báo cáo}" in d.meta.preamble  # the app's words: placeholders
    base = shown_phrases(d.meta.closing, d.period)
    typed = base.shown.replace("6 tháng đầu năm 2025 của", "6 tháng đầu năm 2025, bám sát Kế hoạch 6 tháng đầu "
                                                           "năm 2025 của tỉnh, của")
    d.meta.closing = stored_from_shown(typed, base)
    hand = next(s for _p, s in d.iter_sections() if not s.children)
    hand.title = "Kết quả thực hiện Kế hoạch 6 tháng đầu năm 2025 của tỉnh"  # typed by hand
    new, notes = next_period_draft_noted(d)
    closing = fill_period_phrases(new.meta.closing, new.period)
    assert "báo cáo công tác cải cách hành chính Quý III năm 2025, bám sát Kế hoạch 6 tháng đầu năm 2025 " \
           "của tỉnh" in closing
    moved = next(s for _p, s in new.iter_sections() if s.id == hand.id)
    assert moved.title == hand.title  # literal, not turned into a placeholder
    tokens = sum(s.title.count(t) + s.text.count(t) for _p, s in d.iter_sections()
                 for t in ("{kỳ báo cáo}", "{kỳ tới}"))
    assert notes == ["«6 tháng đầu năm 2025» thành «Quý III năm 2025» trong: trích yếu, câu mở đầu, câu kết.",
                     f"Tên kỳ trong {tokens} chỗ của dàn ý tự đổi theo kỳ mới («Quý III năm 2025», kỳ tới: "
                     "«quý IV năm 2025»)."]


def test_general_step_period_change_keeps_literal_words_next_to_placeholders():
    from cchc_desktop.editing.period import period_edits
    from cchc_desktop.outlines import new_draft

    d = new_draft("periodic", Period("6m", 2025), variant="none")
    d.meta.closing = "Trên đây là báo cáo {kỳ báo cáo}, theo Kế hoạch 6 tháng đầu năm 2025 của tỉnh./."
    d.meta.summary = "Công tác cải cách hành chính 6 tháng đầu năm 2025"  # the user's words
    edits = period_edits(d, {"type": "q3", "year": 2025})
    assert [ref.path for ref, _v in edits] == [PeriodField().path]  # only the period: the words stay
    old = new_draft("periodic", Period("6m", 2025), variant="none")  # a draft made before placeholders
    old.meta.summary = "Công tác cải cách hành chính 6 tháng đầu năm 2025"
    old.meta.preamble, old.meta.closing = "UBND xã báo cáo như sau:", "Trên đây là báo cáo 6 tháng đầu năm 2025./."
    edits = {ref.path: value for ref, value in period_edits(old, {"type": "q3", "year": 2025})[1:]}
    assert sorted(edits.values()) == ["Công tác cải cách hành chính {kỳ báo cáo}",
                                      "Trên đây là báo cáo {kỳ báo cáo}./."]


def test_a_draft_from_before_placeholders_has_its_period_words_moved_once():
    from cchc_desktop.store.nextperiod import next_period_draft_noted

    d = six_month_report()
    d.outline = [Section(title="Kết quả 6 tháng đầu năm 2024", text="Đã làm trong 6 tháng đầu năm 2024."),
                 Section(title="Phương hướng 6 tháng cuối năm 2024")]
    new, notes = next_period_draft_noted(d)
    assert [s.title for s in new.outline] == ["Kết quả {kỳ báo cáo}", "Phương hướng {kỳ tới}"]
    assert new.outline[0].text == "Đã làm trong 6 tháng đầu năm 2024."  # text is the user's: kept
    assert printed(new, "summary") == "Công tác cải cách hành chính Quý III năm 2024"
    assert any("2 chỗ của dàn ý" in n for n in notes) and any("trích yếu" in n for n in notes)
    # from now on the draft holds placeholders: the next move leaves literal words alone
    new.outline.append(Section(title="Kế hoạch Quý III năm 2024 của huyện"))
    new.meta.closing += " Kế hoạch Quý III năm 2024 của huyện."  # typed by the user in the closing
    third, _ = next_period_draft_noted(new)
    assert third.outline[2].title == "Kế hoạch Quý III năm 2024 của huyện"
    assert printed(third, "closing").endswith(" Kế hoạch Quý III năm 2024 của huyện.")
    assert [s.title for s in third.outline[:2]] == ["Kết quả {kỳ báo cáo}", "Phương hướng {kỳ tới}"]
