"""The province's own report: a new periodic draft whose annex is filled from the totals.

Counts and amounts get the sums; rates with parts are left to the app, which computes them
from the summed parts as for any report; typed rates and coded answers have no sum, so their
value stays empty for the official to decide, with the figures of the communes in the row's
note ("Các xã: thấp nhất … · trung vị … · cao nhất …", "Các xã: Có: 87 · Không: 12").
The draft then goes through the wizard like any other.
"""
from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from ..draft import Draft, Period
from ..forms import RowKind
from ..textnorm import clean_line
from .tables import Consolidation

NOTE_PREFIX = "Các xã: "


def short_body(issuing_body: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ' -> 'UBND tỉnh Quảng Trị'."""
    text = clean_line(issuing_body)
    m = re.match(r"(?i)^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(tỉnh|thành phố)\s+(.+)$", text)
    if not m:
        return text
    name = " ".join(w[:1].upper() + w[1:].lower() for w in m.group(2).split())
    return f"UBND {m.group(1).lower()} {name}"


def province_draft(cons: Consolidation, profile: Any = None, issuing_body: str = "") -> Draft:
    """A periodic draft of the consolidated period and variant, issued by the province."""
    from ..outlines import new_draft

    if issuing_body or profile is None:
        body = clean_line(issuing_body) or "ỦY BAN NHÂN DÂN TỈNH"
        m = re.search(r"(?i)(?:tỉnh|thành phố)\s+(\S.*)$", body)
        place = m.group(1).title() if m else ""
        profile = SimpleNamespace(
            parent_agency="", issuing_body=body.upper(), issuing_body_short=short_body(body), place=place,
            signers=getattr(profile, "signers", []), recipient_lists=getattr(profile, "recipient_lists", []),
            default_variant=cons.target.variant)
    from ..editing import AnnexCell, FieldRef, VariantField, apply_edits

    t = cons.target
    draft = new_draft("periodic", Period(type=t.period_type, year=t.year), variant=t.variant, profile=profile)
    edits: list[tuple[FieldRef, str | None]] = [(VariantField(), t.variant)]
    for table in cons.forms:
        n = table.form.number
        for row in table.rows:
            kind = row.indicator.kind
            if kind in (RowKind.COUNT, RowKind.AMOUNT) and row.total_text:
                edits.append((AnnexCell(str(n), row.indicator.code, "value"), row.total_text))
            elif kind in (RowKind.PERCENT, RowKind.CHOICE) and row.total_text:
                edits.append((AnnexCell(str(n), row.indicator.code, "note"), NOTE_PREFIX + row.total_text))
    apply_edits(draft, edits)  # the province's figures through the one edit pipeline
    return draft
