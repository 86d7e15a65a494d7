"""resources/draft.schema.json describes the drafts the app writes (format version 2)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from cchc_desktop.draft import Draft, Period, Section
from cchc_desktop.editing import AnnexCell, VariantField, apply_edits, edit
from cchc_desktop.outlines import new_draft
from cchc_desktop.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(resource_path("draft.schema.json").read_text(encoding="utf-8"))


def check(draft: Draft) -> None:
    jsonschema.validate(json.loads(draft.to_json()), SCHEMA)


V1 = ROOT / "tests" / "fixtures" / "v1"
DRAFTS = sorted((ROOT / "examples").glob("*.json")) + sorted(p for p in V1.glob("*.json") if ".text" not in p.name)


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.stem)
def test_examples_and_upgraded_v1_drafts_match_the_schema(path):
    check(Draft.from_json(path.read_text(encoding="utf-8")))


def test_every_v2_feature_matches_the_schema():
    period = Period(type="custom", year=2024, start=dt.date(2024, 1, 1), end=dt.date(2024, 8, 15), title="đột xuất")
    d = new_draft("five_year", period, variant="none")
    edit(d, VariantField(), d.annex_off_variant or "A-2024")
    apply_edits(d, [(AnnexCell("3", "3.1.1", "value"), "12")])
    edit(d, VariantField(), None)
    d.meta.basis_lead, d.meta.bases_joined, d.meta.preamble_separate = "Căn cứ", False, True
    d.numbering = ["part_ordinal", "alpha_no_dd", "star", "plus", "dash", "none"]
    d.outline[0].numbering = "decimal"
    d.outline[0].children.append(Section(title="", text="x", form="paragraph"))
    d.outline[1].form = "runin"
    check(d)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(json.loads(d.to_json()), numbering=["hoa_van"]), SCHEMA)
