"""The ReportView: the report as printed, computed once from the draft.

Every output reads it: the DOCX context (``render/context.py``), the XLSX cover line
(``xlsx_export.py``), the preview (``gui/preview.py``), the mail subject and body
(``mail/compose.py``). None of them builds a printed string of its own.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..draft import Draft, Section
from ..figrefs import printer
from ..outlines import styled_sections
from ..periods import fill_period_phrases, period_title
from ..textnorm import clean_line
from ..vnformat import (
    commune_name,
    date_line,
    document_number,
    recipient_lines,
    reference_number,
    short_date,
    title_for_kind,
)
from .header import date_lines, issuing_body_lines, parent_agency_lines
from .opening import opening_paragraphs, text_lines

# Numbering style of a level -> kind of heading block (its paragraph style in the template).
HEADING_KIND = {"part_ordinal": "part_ordinal", "roman": "part", "arabic": "heading1", "decimal": "heading2",
                "alpha": "heading3", "alpha_no_dd": "heading3", "dash": "heading3", "plus": "heading3",
                "star": "heading3", "none": "heading3"}
BLOCK_KINDS = ("part_ordinal", "part", "heading1", "heading2", "heading3", "runin", "text")
# How a run-in title is emphasised, as its level's heading prints: bold, or bold italic.
RUNIN_EMPHASIS = {"part": "b", "heading1": "b", "heading2": "bi", "heading3": "b", "part_ordinal": "b"}
HEADER_FIELDS = ("stt", "indicator", "results", "unit", "value", "note")

# "..." or "…" standing alone ("Công văn số .../... ngày ... của ..."), not an ellipsis
# glued to a word ("v.v...", "phường...đã").
_PLACEHOLDER = re.compile(r"(?<![^\s/(])(?:\.{3,}|…)(?![^\s/;,.:)])")
_BODY_PREFIX = re.compile(r"(?i)^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+")
_UNIT = re.compile(r"(?i)(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(xã|phường|thị trấn|đặc khu)\s+\S")


@dataclass(slots=True)  # built by the thousand for a long report: not frozen (frozen is slower)
class Block:
    """One printed paragraph of the body. ``text`` is the whole paragraph as a reader reads it;
    a run-in heading prints ``lead`` (emphasised: ``emphasis`` b / bi) then ``rest``."""

    kind: str
    level: int
    label: str = ""
    title: str = ""
    text: str = ""
    lead: str = ""
    rest: str = ""
    emphasis: str = ""
    section_id: str = ""


@dataclass(slots=True)
class FormRow:
    code: str
    stt: str
    label: str
    unit: str
    value: str
    note: str
    kind: str
    level: int
    group: bool
    style: str
    # the cell as data, for the workbook (a colleague computes with numbers, not with "1.277"):
    raw: str = ""  # the value as typed
    number: Decimal | None = None  # the typed value as a number (a rate: computed from its parts)
    undefined: bool = False  # a rate whose denominator is 0: prints "-" (blank parts print nothing)
    parts: tuple[str, str] | None = None  # a rate's numerator and denominator rows


@dataclass(frozen=True)
class FormView:
    number: int
    heading: str
    title: str
    headers: dict[str, str]
    rows: tuple[FormRow, ...]


@dataclass(frozen=True)
class EmptySection:
    section_id: str
    label: str
    title: str


@dataclass(frozen=True)
class ReportView:
    kind: str
    parent_agency: str
    issuing_body: str  # capitals, "\n" where the line breaks (header_lines)
    issuing_body_short: str
    issuer: str  # "UBND xã Quang Khải": who speaks in sentences (annex line, mail)
    kind_word: str  # "Báo cáo" / "Thông báo" inside sentences
    reference: str  # "45/BC-UBND" once numbered, "" before
    date_short: str  # "09/6/2023" once dated, "" before
    document_number: str
    date_line: str
    title: str
    summary: str
    addressee_line: str
    opening: tuple[str, ...]
    body: tuple[Block, ...]
    closing: tuple[str, ...]
    recipients: tuple[str, ...]
    authority_lines: tuple[str, ...]
    signer_name: str
    period_title: str
    has_annex: bool = False
    annex_title: str = ""
    annex_reference: str = ""
    forms: tuple[FormView, ...] = ()
    empty_sections: tuple[EmptySection, ...] = field(default=())
    omitted: tuple[EmptySection, ...] = field(default=())

    def printed_lines(self) -> list[str]:
        """Every printed line in reading order (header, title, opening, body, closing block, annex
        headings): what the preview shows and the DOCX prints."""
        out = [x for x in self.parent_agency.split("\n") if x] + self.issuing_body.split("\n")
        out += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", self.document_number]
        out += self.date_line.split("\n") + [self.title, self.summary]
        out += [self.addressee_line] if self.addressee_line else []
        out += list(self.opening)
        for b in self.body:
            if b.kind == "part_ordinal":
                out += [x for x in (b.label, b.title) if x]
            else:
                out.append(b.text)
        out += list(self.closing) + ["Nơi nhận:"] + list(self.recipients) + list(self.authority_lines)
        out += [self.signer_name] if self.signer_name else []
        if self.has_annex:
            out += ["PHỤ LỤC", self.annex_title, self.annex_reference]
            for f in self.forms:
                out += [f.heading, f.title]
        return out


def _upper(text: str) -> str:
    return clean_line(text).upper()


def issuer_short(draft: Draft) -> str:
    """'UBND xã Quang Khải': the short name typed, else made from the issuing body (keeping
    'xã' / 'phường' / 'thị trấn'), else the body as typed."""
    short = clean_line(draft.meta.issuing_body_short)
    if short:
        return short
    body = clean_line(draft.meta.issuing_body)
    m = _UNIT.search(body)
    if m:
        return f"UBND {m.group(1).lower()} {commune_name(draft)}"
    return body


def issuing_body_text(draft: Draft) -> str:
    """The issuing body in capitals, in the lines it prints on (``view/header.py``): the usual
    two-line form 'ỦY BAN NHÂN DÂN' / 'XÃ QUANG KHẢI', a long name broken between words."""
    return "\n".join(issuing_body_lines(_upper(draft.meta.issuing_body)))


def addressee_line(draft: Draft) -> str:
    text = clean_line(draft.meta.addressee)
    if not text:
        return ""
    if text.lower().startswith("kính gửi"):
        return text
    return f"Kính gửi: {text}"


def annex_subject(draft: Draft) -> str:
    """'XÃ QUANG KHẢI' from 'ỦY BAN NHÂN DÂN XÃ QUANG KHẢI' (what the annex title says it is of)."""
    body = clean_line(draft.meta.issuing_body) or clean_line(draft.meta.issuing_body_short)
    rest = _BODY_PREFIX.sub("", body)
    return (rest or commune_name(draft)).upper()


def annex_reference(draft: Draft, issuer: str) -> str:
    """'(Kèm theo Báo cáo số 45/BC-UBND ngày 09/6/2023 của UBND xã Quang Khải)'; dots where the
    clerk writes the number and date by hand."""
    kind_word = "Thông báo" if draft.kind == "self_inspection" else "Báo cáo"
    number = reference_number(draft.meta.number, draft.meta.code)
    tail = f" của {issuer}" if issuer else ""
    return f"(Kèm theo {kind_word} số {number} ngày {short_date(draft.meta.date)}{tail})"


def is_empty(section: Section) -> bool:
    """No text here nor below (a heading alone)."""
    return not section.text.strip() and all(is_empty(c) for c in section.children)


def section_title(title: str, period: Any) -> str:
    """A section title as printed (period phrases filled, one line), before any capitals."""
    return fill_period_phrases(clean_line(title), period)


def section_names(draft: Draft) -> dict[str, str]:
    """Section id -> "label title" as printed ("IV. Phương hướng, nhiệm vụ 6 tháng cuối năm 2025"):
    what every message naming a section shows (findings, lists of empty sections, text checks)."""
    return {s.id: " ".join(x for x in (label, section_title(s.title, draft.period)) if x)
            for _lv, _st, label, s in styled_sections(draft)}


def _prune(nodes: list[Section]) -> list[Section]:
    return [replace(n, children=_prune(n.children)) for n in nodes if not is_empty(n)]


def body_blocks(draft: Draft, outline: list[Section] | None = None) -> list[Block]:
    """The outline as printed: headings with their numbers, run-in headings, numbered paragraphs,
    one text block per line. Period placeholders filled."""
    blocks: list[Block] = []
    period = draft.period
    figures = printer(draft)  # live figure references (figrefs) print the tables' current values
    for level, style, label, section in styled_sections(draft, outline):
        kind = HEADING_KIND.get(style, "heading3")
        title = section_title(section.title, period)
        if kind in ("part", "part_ordinal"):
            title = title.upper()
        lines = text_lines(fill_period_phrases(figures(section.text), period))
        sid = section.id
        head = " ".join(x for x in (label, title) if x)
        if section.form == "paragraph" and kind != "part_ordinal":
            first = " ".join(x for x in (head, lines[0] if lines else "") if x)
            if first:
                blocks.append(Block("text", level, label, title, first, section_id=sid))
            lines = lines[1:]
        elif section.form == "runin" and lines and title and kind != "part_ordinal":
            lead = title if title.endswith((":", ".", "?", "!")) else f"{title}:"
            lead = " ".join(x for x in (label, lead) if x)
            blocks.append(Block("runin", level, label, title, f"{lead} {lines[0]}", lead, lines[0],
                                RUNIN_EMPHASIS.get(kind, "b"), sid))
            lines = lines[1:]
        elif head:
            blocks.append(Block(kind, level, label, title, head, section_id=sid))
        blocks.extend(Block("text", level, text=line, section_id=sid) for line in lines)
    return blocks


def _row_style(kind: str, level: int) -> str:
    if kind == "group":
        return f"g{min(level, 2)}"
    return f"r{min(level, 2)}" if level <= 2 else "r3"


def annex_forms(draft: Draft, variant: Any) -> tuple[FormView, ...]:
    from ..annex import evaluate_annex

    results = evaluate_annex(variant, draft.annex)
    headers = {k: clean_line(variant.headers.get(k, "")) for k in HEADER_FIELDS}
    forms = []
    for form in variant.forms:
        cells = results.get(form.number, {})
        rows = []
        for ind in form.rows:
            kind = getattr(ind.kind, "value", str(ind.kind))
            res = cells.get(ind.code)
            rate = kind == "rate"
            rows.append(FormRow(code=ind.code, stt=ind.code, label=clean_line(ind.label), unit=clean_line(ind.unit),
                                value=res.display if res is not None else "",
                                note=clean_line(res.note) if res is not None else "",
                                kind=kind, level=ind.level, group=kind == "group", style=_row_style(kind, ind.level),
                                raw=res.raw if res is not None else "",
                                number=(res.computed if rate else res.value) if res is not None else None,
                                undefined=rate and res is not None and res.display == "-",
                                parts=(ind.numerator, ind.denominator) if rate and ind.numerator and ind.denominator
                                else None))
        forms.append(FormView(form.number, f"Biểu mẫu {form.number}", clean_line(form.title), dict(headers),
                              tuple(rows)))
    return tuple(forms)


def _safe_period_title(draft: Draft) -> str:
    try:
        return period_title(draft.period)
    except ValueError:
        return ""


def _sections_listed(draft: Draft, pick: Callable[[Section], bool]) -> tuple[EmptySection, ...]:
    return tuple(EmptySection(s.id, label, section_title(s.title, draft.period))
                 for _lv, _st, label, s in styled_sections(draft) if pick(s))


def build_view(draft: Draft, variant: Any = None, *, omit_empty: bool = False, annex: bool = True) -> ReportView:
    """The report as printed. ``variant`` defaults to the draft's (``forms.get_variant``);
    ``omit_empty``: sections without any text are left out (the others numbered again);
    ``annex=False``: the annex forms are not evaluated (the mail needs only the words)."""
    meta, period = draft.meta, draft.period

    def fill(text: str) -> str:
        return fill_period_phrases(text, period)

    outline = _prune(draft.outline) if omit_empty else None
    addressee = addressee_line(draft)
    issuer = issuer_short(draft)
    empty = _sections_listed(draft, lambda s: not s.children and not s.text.strip())
    view = ReportView(
        kind=draft.kind,
        parent_agency="\n".join(parent_agency_lines(_upper(meta.parent_agency))),
        issuing_body=issuing_body_text(draft),
        issuing_body_short=clean_line(meta.issuing_body_short),
        issuer=issuer,
        kind_word="Thông báo" if draft.kind == "self_inspection" else "Báo cáo",
        reference=reference_number(meta.number, meta.code) if clean_line(meta.number) else "",
        date_short=short_date(meta.date) if meta.date else "",
        document_number=document_number(meta.number, meta.code),
        date_line="\n".join(date_lines(date_line(meta.place, meta.date, period.year))),
        title=title_for_kind(draft.kind),
        summary=fill(clean_line(meta.summary)),
        addressee_line=fill(addressee),
        opening=tuple(opening_paragraphs([fill(b) for b in meta.legal_bases], fill(meta.preamble), meta.basis_lead,
                                         meta.bases_joined, meta.preamble_separate)),
        body=tuple(body_blocks(draft, outline)),
        closing=tuple(text_lines(fill(meta.closing))),
        recipients=tuple(recipient_lines(draft.recipients, addressed=bool(addressee))),
        authority_lines=tuple(draft.signer.authority_lines()),
        signer_name=clean_line(draft.signer.name),
        period_title=_safe_period_title(draft),
        empty_sections=empty,
        omitted=_sections_listed(draft, is_empty) if omit_empty else (),
    )
    if not draft.variant or not annex:
        return view
    if variant is None:
        from ..forms import get_variant

        variant = get_variant(draft.variant)
    title = clean_line(variant.annex_title).upper()
    subject = annex_subject(draft)
    forms = annex_forms(draft, variant)
    return replace(view, has_annex=bool(forms), annex_title=f"{title} CỦA {subject}" if subject else title,
                   annex_reference=annex_reference(draft, issuer), forms=forms)


def placeholder_spans(text: str) -> list[str]:
    """The placeholders left in ``text`` ('...', '…', '.../...') standing on their own."""
    return _PLACEHOLDER.findall(text or "")
