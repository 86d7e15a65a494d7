"""Every message naming a section shows it as printed: its label and its title with the period
phrases filled ("IV. Phương hướng, nhiệm vụ 6 tháng cuối năm 2025"), never "{kỳ tới}"."""
from __future__ import annotations

import subprocess
import sys

from cchc_desktop.checks import section_texts
from cchc_desktop.completeness import all_findings
from cchc_desktop.draft import Period
from cchc_desktop.outlines import new_draft
from cchc_desktop.view import build_view

FILLED = "IV. Phương hướng, nhiệm vụ 6 tháng cuối năm 2025"


def _draft():
    return new_draft("periodic", Period(type="6m", year=2025), variant="none")


def test_findings_name_sections_with_period_words():
    d = _draft()
    msgs = [f.message for f in all_findings(d, clerical=False)]
    assert f"Mục «{FILLED}» chưa có nội dung." in msgs
    d.outline[3].text = "Ban hành kế hoạch số .../KH-UBND."
    msgs = [f.message for f in all_findings(d, clerical=False)]
    assert any(m.startswith(f"Mục «{FILLED}» còn chỗ") for m in msgs)
    assert not [m for m in msgs if "{kỳ" in m]


def test_empty_section_list_and_text_checks_fill_period_words():
    d = _draft()
    view = build_view(d, omit_empty=True)
    names = [" ".join((e.label, e.title)) for e in view.empty_sections]
    assert FILLED in names and not [n for n in names if "{kỳ" in n]
    assert FILLED in [" ".join((e.label, e.title)) for e in view.omitted]
    d.outline[3].text = "Tiếp tục."
    assert (d.outline[3].id, FILLED, "Tiếp tục.") in section_texts(d)


def test_cli_validate_and_render_show_filled_titles(tmp_path):
    path = tmp_path / "e.json"
    run = [sys.executable, "main.py"]
    subprocess.run(run + ["new", "--kind", "periodic", "--period", "6m", "--year", "2025", "-o", str(path)],
                   check=True, capture_output=True)
    out = subprocess.run(run + ["validate", str(path)], capture_output=True, text=True).stdout
    assert f"«{FILLED}» chưa có nội dung" in out and "{kỳ" not in out
    out = subprocess.run(run + ["render", str(path), "-o", str(tmp_path / "e.docx")],
                         capture_output=True, text=True).stdout
    assert FILLED in out and "{kỳ" not in out


def test_period_change_moves_header_words_through_the_editor():
    from cchc_desktop.editing import DraftEditor, MetaField, PeriodField

    d = new_draft("periodic", Period(type="6m", year=2025), variant="none")
    d.meta.closing = "Trên đây là báo cáo 6 tháng đầu năm 2025 của UBND xã./."  # the user's words
    editor = DraftEditor(d)
    change = editor.set_period({"type": "year", "year": 2025})
    assert change is not None and change.touches(PeriodField()) and not change.touches(MetaField("closing"))
    assert d.meta.summary == "Công tác cải cách hành chính {kỳ báo cáo}"  # a placeholder: it follows as it is
    assert build_view(d).summary == "Công tác cải cách hành chính năm 2025"
    assert d.meta.closing == "Trên đây là báo cáo 6 tháng đầu năm 2025 của UBND xã./."  # literal: stays
    # a draft made before the placeholders (no placeholder in its header): the words become them, once
    d.meta.summary, d.meta.preamble = "Công tác cải cách hành chính năm 2025", "UBND xã báo cáo như sau:"
    d.meta.closing = "Trên đây là báo cáo năm 2025 của UBND xã./."
    change = editor.set_period({"type": "6m", "year": 2025})
    assert change.touches(MetaField("summary")) and change.touches(MetaField("closing"))
    assert d.meta.closing == "Trên đây là báo cáo {kỳ báo cáo} của UBND xã./."
    editor.set_period({"type": "year", "year": 2025})
    editor.set_period({"type": "custom", "year": 2025, "start": "2025-01-01", "end": "2025-08-15",
                       "title": "đợt 1 năm 2025"})
    assert build_view(d).summary == "Công tác cải cách hành chính đợt 1 năm 2025"
    editor.set_period({"type": "custom", "year": 2025, "start": "2025-01-01", "end": "2025-08-15",
                       "title": "đợt 2 năm 2025"})
    assert build_view(d).summary == "Công tác cải cách hành chính đợt 2 năm 2025"
