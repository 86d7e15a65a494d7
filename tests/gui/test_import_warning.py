"""Importing a report that was edited in Word after export: the draft comes back, with a warning."""
from __future__ import annotations

from pathlib import Path

import docx

from cchc_desktop.draft import Draft
from cchc_desktop.gui.import_file import read_import
from cchc_desktop.render import render_docx

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quang-khai-6t-2023.json"


def test_edited_report_comes_back_with_a_warning(tmp_path):
    draft = Draft.from_json(EXAMPLE.read_text(encoding="utf-8"))
    path = tmp_path / "report.docx"
    render_docx(draft, path)
    again, warning = read_import(str(path))
    assert again.id == draft.id and warning is None

    document = docx.Document(str(path))
    body = next(p for p in document.paragraphs if "Kế hoạch số 45/KH-UBND" in p.text)
    body.runs[0].text = body.runs[0].text.replace("45/KH-UBND", "46/KH-UBND")
    document.save(str(path))
    again, warning = read_import(str(path))
    assert again.id == draft.id
    assert warning and "đã được sửa sau khi xuất" in warning


def test_json_import_has_no_warning(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    draft, warning = read_import(str(path))
    assert warning is None and draft.meta.number == "45"
