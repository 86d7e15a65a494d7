"""Clean a value once for the field it goes to, and apply it to a draft once.

``clean(ref, value)`` is the only place typed text is normalised on its way in (NFC, one line
for line fields, no control junk). ``apply(draft, ref, value)`` sets an already cleaned value
without cleaning it again. Both are plain functions over the draft's dataclasses: the editor
uses them on its draft, the store on a freshly read copy when another writer got in between.
"""
from __future__ import annotations

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


def _clean_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split("\n")
    return [line for line in (clean_line(str(x)) for x in value) if line]


def clean(ref: FieldRef, value: Any) -> Any:
    """The value as it will be stored. ``DraftFormatError`` for a date or period that is not one."""
    if isinstance(ref, MetaField):
        if ref.name == "date":
            from ..draft import parse_date

            d = parse_date(value)
            return d.isoformat() if d else None
        if ref.name == "legal_bases":
            return _clean_list(value)
        if ref.name in MULTILINE_META:
            return clean_text(value).strip()
        return clean_line(value) if isinstance(value, str) or value is None else value
    if isinstance(ref, (LegalBasis, RecipientLine)):
        return clean_line(value)
    if isinstance(ref, SectionField):
        if ref.part == "title":
            return clean_line(value)
        if ref.part in ("text", "guidance"):
            return clean_text(value)
        return value
    if isinstance(ref, AnnexCell):
        return clean_line(value)
    if isinstance(ref, RecipientsField):
        return _clean_list(value) if ref.name == "items" else clean_line(value)
    if isinstance(ref, SignerField):
        return bool(value) if ref.name in SIGNER_FLAGS else clean_line(value)
    if isinstance(ref, PeriodField):
        from ..draft import Period

        return Period.from_dict(value if isinstance(value, dict) else {}).to_dict()
    if isinstance(ref, VariantField):
        return clean_line(value) or None
    if isinstance(ref, NumberingField):
        return [str(x) for x in value or []]
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
        elif hasattr(draft.meta, ref.name) and not ref.name.startswith("_") and ref.name != "TEXT_FIELDS":
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
        if node is None or not hasattr(node, ref.part) or ref.part in ("id", "children"):
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
        if not hasattr(draft.signer, ref.name) or ref.name.startswith("_") or ref.name == "authority_lines":
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
        else:
            draft.set_annex_included(False)
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
