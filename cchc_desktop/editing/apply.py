"""The one place a draft's fields change: clean a value once for its field, apply it once.

``apply_edits(draft, [(ref, value), ...])`` is the pipeline every writer goes through (the
``DraftEditor`` of the GUI, the store's headless ``save_field``, the Excel import's plan, the
builders of a new period's or the province's draft, scripts and tests): it cleans each value once
(``clean``: NFC, one line for line fields, no control junk, and validation: a numbering style, a
heading form, a lead word that is not one is refused), compares it with what the draft holds and,
when it differs, applies it once (``apply``); it returns the storable fields that changed.
``edit`` is the same for one value. ``apply`` alone sets an already cleaned value without
cleaning it again: the store uses it to replay an editor's cleaned, unsaved fields on a freshly
read document when another writer got in between. Nothing outside this package assigns a
draft's fields (``tests/test_architecture.py`` checks it); the draft reader and its upgrade
build whole drafts from JSON.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..textnorm import clean_line, clean_text
from .refs import (
    AnnexCell,
    FieldRef,
    LegalBasis,
    MetaField,
    NumberingField,
    OutlineField,
    PeriodField,
    RecipientLine,
    RecipientsField,
    SectionField,
    SignerField,
    VariantField,
)

if TYPE_CHECKING:
    from ..draft import Draft

MULTILINE_META = ("preamble", "closing")
SIGNER_FLAGS = ("on_behalf", "deputy")
SIGNER_TEXT = ("collective", "chief_title", "title", "name")
SECTION_TEXT = ("title", "guidance", "text")
RECIPIENT_NAMES = ("items", "archive")


def _clean_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split("\n")
    return [line for line in (clean_line(str(x)) for x in value) if line]


def _style(ref: FieldRef, value: Any) -> str | None:
    """A numbering style or None; ``KeyError`` for one the app does not know."""
    from ..draft import NUMBERING_STYLES

    if value in (None, ""):
        return None
    if value not in NUMBERING_STYLES:
        raise KeyError(f"{ref.path!r}: unknown numbering style {value!r}")
    return str(value)


def _clean_meta(ref: MetaField, value: Any) -> Any:
    from ..draft import BASIS_LEADS, Meta, parse_date

    name = ref.name
    if name == "date":
        d = parse_date(value)
        return d.isoformat() if d else None
    if name == "legal_bases":
        return _clean_list(value)
    if name == "basis_lead":
        lead = clean_line(value)
        if lead not in BASIS_LEADS:
            raise KeyError(f"{ref.path!r}: not a lead word {lead!r}")
        return lead
    if name in Meta.FLAG_FIELDS:
        return bool(value)
    if name in MULTILINE_META:
        return clean_text(value).strip()
    if name in Meta.TEXT_FIELDS:
        return clean_line(value)
    raise KeyError(ref.path)


def _clean_section(ref: SectionField, value: Any) -> Any:
    from ..draft import SECTION_FORMS

    if ref.part == "title":
        return clean_line(value)
    if ref.part in ("text", "guidance"):
        return clean_text(value)
    if ref.part == "numbering":
        return _style(ref, value)
    if ref.part == "form":
        if value not in SECTION_FORMS:
            raise KeyError(f"{ref.path!r}: not a heading form {value!r}")
        return str(value)
    raise KeyError(ref.path)


def clean(ref: FieldRef, value: Any) -> Any:
    """The value as it will be stored, validated. ``KeyError`` for a field that does not exist
    or a value it cannot take (a numbering style, heading form or lead word that is not one);
    ``DraftFormatError`` for a date or period that is not one."""
    if isinstance(ref, MetaField):
        return _clean_meta(ref, value)
    if isinstance(ref, (LegalBasis, RecipientLine)):
        return clean_line(value)
    if isinstance(ref, SectionField):
        return _clean_section(ref, value)
    if isinstance(ref, AnnexCell):
        if ref.part not in ("value", "note"):
            raise KeyError(ref.path)
        return clean_line(value)
    if isinstance(ref, RecipientsField):
        if ref.name not in RECIPIENT_NAMES:
            raise KeyError(ref.path)
        return _clean_list(value) if ref.name == "items" else clean_line(value)
    if isinstance(ref, SignerField):
        if ref.name in SIGNER_FLAGS:
            return bool(value)
        if ref.name in SIGNER_TEXT:
            return clean_line(value)
        raise KeyError(ref.path)
    if isinstance(ref, PeriodField):
        from ..draft import Period

        return Period.from_dict(value if isinstance(value, dict) else {}).to_dict()
    if isinstance(ref, VariantField):
        return clean_line(value) or None
    if isinstance(ref, NumberingField):
        return [_style(ref, x) or "none" for x in value or []]
    if isinstance(ref, OutlineField):
        return value  # section dicts (or None: "the live outline", see DraftEditor.structure_changed)
    raise KeyError(f"unknown field reference {ref!r}")


def current(draft: Draft, ref: FieldRef) -> Any:
    """The stored value of ``ref`` in ``draft`` (the shape ``clean`` returns)."""
    if isinstance(ref, LegalBasis):
        bases = draft.meta.legal_bases
        return bases[ref.index] if 0 <= ref.index < len(bases) else ""
    if isinstance(ref, RecipientLine):
        items = draft.recipients.items
        return items[ref.index] if 0 <= ref.index < len(items) else ""
    if isinstance(ref, MetaField) and ref.name == "legal_bases":
        return list(draft.meta.legal_bases)
    if isinstance(ref, RecipientsField) and ref.name == "items":
        return list(draft.recipients.items)
    if isinstance(ref, NumberingField):
        return list(draft.numbering)
    return draft.get_field(ref.path)


def apply(draft: Draft, ref: FieldRef, value: Any) -> None:
    """Set a value ``clean`` returned. ``KeyError`` if the place does not exist (a removed section)."""
    if isinstance(ref, MetaField):
        if ref.name == "date":
            from ..draft import parse_date

            draft.meta.date = parse_date(value)
        elif ref.name == "legal_bases":
            draft.meta.legal_bases = list(value)
        elif ref.name in draft.meta.TEXT_FIELDS or ref.name in draft.meta.FLAG_FIELDS or ref.name == "basis_lead":
            setattr(draft.meta, ref.name, value)
        else:
            raise KeyError(ref.path)
        return
    if isinstance(ref, LegalBasis):
        draft.meta.legal_bases = _set_line(draft.meta.legal_bases, ref.index, value)
        return
    if isinstance(ref, RecipientLine):
        draft.recipients.items = _set_line(draft.recipients.items, ref.index, value)
        return
    if isinstance(ref, SectionField):
        node = draft.find_section(ref.section_id)
        if node is None or ref.part not in SECTION_TEXT + ("numbering", "form"):
            raise KeyError(ref.path)
        setattr(node, ref.part, value)
        return
    if isinstance(ref, AnnexCell):
        if ref.part not in ("value", "note"):
            raise KeyError(ref.path)
        rows = draft.annex.setdefault(ref.form, {})
        cell = rows.setdefault(ref.code, {"value": "", "note": ""})
        cell[ref.part] = value
        if not cell.get("value") and not cell.get("note"):
            del rows[ref.code]
            if not rows:
                del draft.annex[ref.form]
        return
    if isinstance(ref, RecipientsField):
        if ref.name == "items":
            draft.recipients.items = list(value)
        elif ref.name == "archive":
            draft.recipients.archive = value
        else:
            raise KeyError(ref.path)
        return
    if isinstance(ref, SignerField):
        if ref.name not in SIGNER_FLAGS + SIGNER_TEXT:
            raise KeyError(ref.path)
        setattr(draft.signer, ref.name, value)
        return
    if isinstance(ref, PeriodField):
        from ..draft import Period

        draft.period = Period.from_dict(value)
        return
    if isinstance(ref, VariantField):  # None turns the annex off, its values kept for turning it on again
        if value:
            draft.variant, draft.annex_off_variant = value, None
        elif draft.variant:
            draft.annex_off_variant, draft.variant = draft.variant, None
        return
    if isinstance(ref, NumberingField):
        draft.numbering = list(value)
        return
    if isinstance(ref, OutlineField):
        if value is not None:
            from ..draft import Section

            draft.outline = [Section.from_dict(s) for s in value]
        return
    raise KeyError(f"unknown field reference {ref!r}")


def _set_line(lines: list[str], index: int, value: str) -> list[str]:
    """A list with line ``index`` replaced (appended past the end); an emptied line is dropped."""
    out = list(lines)
    if 0 <= index < len(out):
        out[index] = value
    elif value:
        out.append(value)
    return [line for line in out if line]


def apply_edits(draft: Draft, edits: Iterable[tuple[FieldRef, Any]]) -> list[FieldRef]:
    """THE edit: every value cleaned and validated once, every place checked, then each value
    that differs from what ``draft`` holds applied once, in order. Returns the storable fields
    that changed (each once). Raises (``KeyError``, ``DraftFormatError``) before changing anything.
    The ``DraftEditor`` runs it on the open draft; headless callers (the store's ``save_field``,
    the Excel import's plan, the builders of a new draft, scripts, tests) on theirs."""
    cleaned = [(ref, clean(ref, value)) for ref, value in edits]
    for ref, _ in cleaned:
        current(draft, ref)  # KeyError for a place that is not there (a removed section)
    changed: list[FieldRef] = []
    for ref, value in cleaned:
        if current(draft, ref) == value:
            continue
        apply(draft, ref, value)
        if ref.field not in changed:
            changed.append(ref.field)
    return changed


def edit(draft: Draft, ref: FieldRef, value: Any) -> FieldRef | None:
    """One ``(ref, value)`` through ``apply_edits``: the storable field that changed, or None."""
    changed = apply_edits(draft, [(ref, value)])
    return changed[0] if changed else None
