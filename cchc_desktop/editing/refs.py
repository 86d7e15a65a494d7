"""Typed references to one place in a draft, shared by edits and findings.

An edit says *what* it changes with one of these (``DraftEditor.set(AnnexCell("3", "1.4", "value"), "137")``),
a finding says *where* it is with the same kind of object (``Finding.ref``), and a change notice
lists the references it touched. Nobody parses a message or a dotted string to find a place.

Every reference has:
- ``field``: the storable field it belongs to (a legal basis *line* belongs to the whole
  ``MetaField("legal_bases")`` list; a section text span to the section's text). Edits and notices
  use storable fields; findings may point finer.
- ``path``: the tuple form ``Draft.get_field`` and ``Store.save_field`` understand.
- ``to_dict()`` / :func:`ref_from_dict`: the JSON form (``validate --json`` prints it).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "MetaField", "LegalBasis", "PeriodField", "VariantField", "NumberingField", "OutlineField",
    "SectionField", "AnnexCell", "RecipientsField", "RecipientLine", "SignerField", "FieldRef",
    "ref_from_dict", "ref_from_path", "ref_from_legacy",
]


@dataclass(frozen=True)
class MetaField:
    """A header field of ``Draft.meta``: "place", "summary", "date", "legal_bases" (the whole list)..."""

    name: str

    @property
    def field(self) -> MetaField:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("meta", self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "meta", "name": self.name}


@dataclass(frozen=True)
class LegalBasis:
    """One line (0-based) of the legal bases «Thực hiện ...»."""

    index: int

    @property
    def field(self) -> MetaField:
        return MetaField("legal_bases")

    @property
    def path(self) -> tuple[str, ...]:
        return ("meta", "legal_bases")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "legal_basis", "index": self.index}


@dataclass(frozen=True)
class PeriodField:
    """The reporting period (type, year, start year) as one value."""

    @property
    def field(self) -> PeriodField:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("period",)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "period"}


@dataclass(frozen=True)
class VariantField:
    """The annex form variant ("A-2024"), or None for kinds without an annex."""

    @property
    def field(self) -> VariantField:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("variant",)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "variant"}


@dataclass(frozen=True)
class NumberingField:
    """The numbering styles of the outline levels (``Draft.numbering``)."""

    @property
    def field(self) -> NumberingField:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("numbering",)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "numbering"}


@dataclass(frozen=True)
class OutlineField:
    """The outline's structure (sections added, moved, removed) as one value."""

    @property
    def field(self) -> OutlineField:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("outline",)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "outline"}


@dataclass(frozen=True)
class SectionField:
    """A field of one section: "title", "text", "guidance" (or a per-section option the draft
    format adds). ``span`` (start, end) narrows a finding to characters of the text; edits and
    notices never carry one."""

    section_id: str
    part: str = "text"
    span: tuple[int, int] | None = None

    @property
    def field(self) -> SectionField:
        return self if self.span is None else SectionField(self.section_id, self.part)

    @property
    def path(self) -> tuple[str, ...]:
        return ("section", self.section_id, self.part)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": "section", "section_id": self.section_id, "part": self.part}
        if self.span is not None:
            d["span"] = list(self.span)
        return d


@dataclass(frozen=True)
class AnnexCell:
    """The "value" or "note" of one row of one annex form (form number as a string: "3")."""

    form: str
    code: str
    part: str = "value"

    def __post_init__(self) -> None:
        object.__setattr__(self, "form", str(self.form))

    @property
    def field(self) -> AnnexCell:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("annex", self.form, self.code, self.part)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "annex", "form": self.form, "code": self.code, "part": self.part}


@dataclass(frozen=True)
class RecipientsField:
    """"items" (the recipient lines, as one list) or "archive" (the «Lưu:» line)."""

    name: str

    @property
    def field(self) -> RecipientsField:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("recipients", self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "recipients", "name": self.name}


@dataclass(frozen=True)
class RecipientLine:
    """One recipient line (0-based)."""

    index: int

    @property
    def field(self) -> RecipientsField:
        return RecipientsField("items")

    @property
    def path(self) -> tuple[str, ...]:
        return ("recipients", "items")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "recipient_line", "index": self.index}


@dataclass(frozen=True)
class SignerField:
    """A field of the signature block: "name", "title", "chief_title", "collective", "deputy", "on_behalf"."""

    name: str

    @property
    def field(self) -> SignerField:
        return self

    @property
    def path(self) -> tuple[str, ...]:
        return ("signer", self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "signer", "name": self.name}


FieldRef = (MetaField | LegalBasis | PeriodField | VariantField | NumberingField | OutlineField
            | SectionField | AnnexCell | RecipientsField | RecipientLine | SignerField)


def ref_from_dict(d: Any) -> FieldRef:
    """The reference a ``to_dict()`` printed; ``ValueError`` for anything else."""
    if not isinstance(d, dict):
        raise ValueError(f"not a field reference: {d!r}")
    kind = d.get("kind")
    try:
        if kind == "meta":
            return MetaField(str(d["name"]))
        if kind == "legal_basis":
            return LegalBasis(int(d["index"]))
        if kind == "period":
            return PeriodField()
        if kind == "variant":
            return VariantField()
        if kind == "numbering":
            return NumberingField()
        if kind == "outline":
            return OutlineField()
        if kind == "section":
            span = d.get("span")
            return SectionField(str(d["section_id"]), str(d.get("part") or "text"),
                                (int(span[0]), int(span[1])) if span else None)
        if kind == "annex":
            return AnnexCell(str(d["form"]), str(d["code"]), str(d.get("part") or "value"))
        if kind == "recipients":
            return RecipientsField(str(d["name"]))
        if kind == "recipient_line":
            return RecipientLine(int(d["index"]))
        if kind == "signer":
            return SignerField(str(d["name"]))
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"not a field reference: {d!r}") from exc
    raise ValueError(f"unknown field reference kind {kind!r}")


def ref_from_path(path: tuple[Any, ...] | list[Any]) -> FieldRef:
    """The storable reference of a field path (("meta", "place"), ("annex", "3", "1.4", "value")...)."""
    p = tuple(path)
    head = p[0] if p else None
    if head == "meta" and len(p) == 2:
        return MetaField(str(p[1]))
    if head == "section" and len(p) == 3:
        return SectionField(str(p[1]), str(p[2]))
    if head == "annex" and len(p) == 4:
        return AnnexCell(str(p[1]), str(p[2]), str(p[3]))
    if head == "recipients" and len(p) == 2:
        return RecipientsField(str(p[1]))
    if head == "signer" and len(p) == 2:
        return SignerField(str(p[1]))
    if p == ("period",):
        return PeriodField()
    if p == ("variant",):
        return VariantField()
    if p == ("outline",):
        return OutlineField()
    if p == ("numbering",):
        return NumberingField()
    raise KeyError(f"unknown draft field {p!r}")


def ref_from_legacy(form: int | str | None, code: str | None, field: str | None) -> FieldRef | None:
    """The reference of a finding written the old way: ``form``/``code`` for an annex row, or a
    dotted ``field`` ("meta.date", "section.<id>", "signer.name", "recipients.items", "variant")."""
    if form is not None and code is not None:
        return AnnexCell(str(form), str(code), "value")
    if not field:
        return None
    head, _, rest = field.partition(".")
    if head == "meta" and rest:
        return MetaField(rest)
    if head == "section" and rest:
        return SectionField(rest, "text")
    if head == "signer" and rest:
        return SignerField(rest)
    if head == "recipients" and rest:
        return RecipientsField(rest)
    if field == "variant":
        return VariantField()
    if field == "period":
        return PeriodField()
    return None
