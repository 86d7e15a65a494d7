"""Format version 2: older drafts, and drafts embedded in DOCX files already sent, upgrade exactly.

The fixtures in tests/fixtures/v1 were written by version 1 (see their README) and are never
regenerated: the upgraded draft must print the same text version 1 printed.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from cchc_desktop.draft import FORMAT_VERSION, Draft, DraftFormatError
from cchc_desktop.editing import VariantField, edit
from cchc_desktop.render import read_embedded_draft, render_docx
from cchc_desktop.rules import validate_draft
from cchc_desktop.view import build_view

V1 = Path(__file__).parent / "fixtures" / "v1"
NAMES = ["periodic-6m-2025", "five-year-2021-2025"]


def doc_text(path: Path) -> list[str]:
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                lines += [p.text for p in c.paragraphs]
    return lines


def test_current_version_is_2():
    assert FORMAT_VERSION == 2


@pytest.mark.parametrize("name", NAMES)
def test_v1_json_upgrades_with_defaults_that_print_as_before(name):
    raw = json.loads((V1 / f"{name}.json").read_text(encoding="utf-8"))
    assert raw["version"] == 1
    d = Draft.from_dict(raw)
    out = d.to_dict()
    assert out["version"] == 2
    assert out["meta"]["basis_lead"] == "Thực hiện" and out["meta"]["bases_joined"] is True
    assert out["meta"]["preamble_separate"] is False
    assert all(s.form == "heading" and s.numbering is None for _, s in d.iter_sections())
    # nothing typed is lost: every v1 field keeps its value
    for key in ("id", "kind", "period", "variant", "numbering", "annex", "recipients", "signer", "created"):
        assert out[key] == raw[key]
    for key, value in raw["meta"].items():
        assert out["meta"][key] == value
    assert Draft.from_dict(out).to_dict() == out


@pytest.mark.parametrize("name", NAMES)
def test_v1_prints_the_same_text_after_upgrade(tmp_path, name):
    d = Draft.from_json((V1 / f"{name}.json").read_text(encoding="utf-8"))
    out = tmp_path / "again.docx"
    render_docx(d, out)
    expected = json.loads((V1 / f"{name}.text.json").read_text(encoding="utf-8"))
    assert doc_text(out) == expected


@pytest.mark.parametrize("name", NAMES)
def test_draft_embedded_in_a_v1_docx_upgrades_to_the_same_draft(name):
    from_docx = read_embedded_draft(V1 / f"{name}.docx")
    from_json = Draft.from_json((V1 / f"{name}.json").read_text(encoding="utf-8"))
    assert from_docx.to_dict() == from_json.to_dict()
    assert from_docx.to_dict()["version"] == 2


def test_v1_annex_on_another_kind_becomes_a_kept_annex():
    raw = json.loads((V1 / "five-year-2021-2025.json").read_text(encoding="utf-8"))
    raw["variant"] = "A-2024"  # version 1 never printed it for a five-year review
    raw["annex"] = {"3": {"3.1.1": {"value": "12", "note": ""}}}
    d = Draft.from_dict(raw)
    assert d.variant is None and d.annex_off_variant == "A-2024" and not d.annex_included
    assert d.annex == {"3": {"3.1.1": {"value": "12", "note": ""}}}
    assert not build_view(d).has_annex
    edit(d, VariantField(), d.annex_off_variant or "A-2024")
    assert d.variant == "A-2024" and build_view(d).has_annex


def test_newer_and_foreign_versions_refused():
    raw = json.loads((V1 / "periodic-6m-2025.json").read_text(encoding="utf-8"))
    with pytest.raises(DraftFormatError, match="mới hơn"):
        Draft.from_dict(dict(raw, version=3))
    with pytest.raises(DraftFormatError, match="phiên bản"):
        Draft.from_dict(dict(raw, version=True))
    bad = dict(raw, numbering=["roman", "hoa_van"], version=2)
    with pytest.raises(DraftFormatError, match="hoa_van"):
        Draft.from_dict(bad)
    old = dict(raw, numbering=["roman", "hoa_van"])  # version 1 printed nothing for an unknown style
    assert Draft.from_dict(old).numbering == ["roman", "none"]


def test_annex_off_keeps_values_hidden_and_restores_them():
    d = Draft.from_json((V1 / "periodic-6m-2025.json").read_text(encoding="utf-8"))
    values = json.loads(json.dumps(d.annex))
    edit(d, VariantField(), None)
    assert d.variant is None and d.annex_off_variant == "A-2024" and d.annex == values
    assert validate_draft(d) == []  # nothing about forms is checked
    view = build_view(d)
    assert not view.has_annex and view.forms == () and view.annex_reference == ""
    again = Draft.from_json(d.to_json())  # kept through a save
    edit(again, VariantField(), again.annex_off_variant)  # the annex on again
    assert again.variant == "A-2024" and again.annex == values and again.annex_off_variant is None
    assert build_view(again).has_annex
