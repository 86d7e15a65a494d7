"""check-template: unknown and missing placeholders, syntax errors, files that are not DOCX."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from cchc_desktop.render import RenderError
from cchc_desktop.render.template_check import check_template
from cchc_desktop.resources import template_path


@pytest.mark.parametrize("name,kind", [("report.docx", "periodic"), ("notice.docx", "self_inspection")])
def test_builtin_templates_are_clean(name, kind):
    check = check_template(template_path(name), kind=kind)
    assert check.ok, check


def edited(tmp_path: Path, replace: dict[str, str], extra: str | None = None) -> Path:
    doc = Document(str(template_path("report.docx")))
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    for p in paragraphs:
        for run in p.runs:
            for old, new in replace.items():
                if old in run.text:
                    run.text = run.text.replace(old, new)
    if extra:
        doc.add_paragraph(extra)
    out = tmp_path / "custom.docx"
    doc.save(str(out))
    return out


def test_unknown_and_missing(tmp_path):
    path = edited(tmp_path, {"{{ signer_name }}": "{{ ten_nguoi_ky }}", "{{ r.value }}": "{{ r.so_lieu }}"})
    check = check_template(path, kind="periodic")
    assert "ten_nguoi_ky" in check.unknown and "row.so_lieu" in check.unknown
    assert check.missing == ["signer_name"]
    assert not check.ok


def test_annex_only_required_for_periodic(tmp_path):
    path = edited(tmp_path, {"{{ annex_title }}": "", "{{ annex_reference }}": ""})
    assert check_template(path).missing == []
    assert check_template(path, kind="periodic").missing == ["annex_reference", "annex_title"]


def test_syntax_error(tmp_path):
    path = edited(tmp_path, {}, extra="{{ summary ")
    check = check_template(path)
    assert check.syntax_error and "cú pháp" in check.syntax_error


def test_not_a_docx(tmp_path):
    path = tmp_path / "x.docx"
    path.write_text("not a template")
    with pytest.raises(RenderError):
        check_template(path)
    with pytest.raises(RenderError):
        check_template(tmp_path / "missing.docx")


def test_custom_template_renders(tmp_path):
    from cchc_desktop.draft import Period
    from cchc_desktop.outlines import new_draft
    from cchc_desktop.render import render_docx

    path = edited(tmp_path, {}, extra="LOGO XÃ")
    d = new_draft("periodic", Period(type="6m", year=2024))
    result = render_docx(d, tmp_path / "out.docx", template=path)
    assert result.warnings == []
    texts = [p.text for p in Document(str(result.path)).paragraphs]
    assert "LOGO XÃ" in texts
