"""The template context: every string the document prints, computed here from the draft.

The Word template holds placeholders and loops only (``docs/template-variables.md`` lists
them); totals, rates, numbers, dates and labels are all decided in Python. ``CONTEXT_KEYS``
is the documented set that ``template_check`` compares a custom template with.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..draft import Draft, Period, Section
from ..figrefs import printer
from ..outlines import numbered_sections
from ..textnorm import clean_line, clean_text
from ..vnformat import (
    commune_name,
    date_line,
    document_number,
    recipient_lines,
    reference_number,
    short_date,
    title_for_kind,
)

if TYPE_CHECKING:
    from ..forms import FormVariant

# Context keys with what they hold; the documentation and the template check use this.
CONTEXT_KEYS: dict[str, str] = {
    "kind": "loại văn bản: periodic, five_year, self_inspection",
    "parent_agency": "cơ quan cấp trên, CHỮ IN HOA (rỗng nếu không có)",
    "issuing_body": "cơ quan ban hành, CHỮ IN HOA (xuống dòng sau «ỦY BAN NHÂN DÂN» khi tên dài)",
    "issuing_body_short": "tên ngắn của cơ quan ban hành (UBND xã ...)",
    "document_number": "dòng «Số: 45/BC-UBND»",
    "date_line": "dòng địa danh, ngày tháng năm",
    "title": "tên loại văn bản: BÁO CÁO hoặc THÔNG BÁO",
    "summary": "trích yếu nội dung",
    "addressee_line": "dòng «Kính gửi: ...» (rỗng nếu không có)",
    "preamble_paragraphs": "danh sách đoạn mở đầu (căn cứ, «... báo cáo như sau:»)",
    "body": "danh sách khối nội dung: mỗi khối có kind, label, title, text",
    "closing_paragraphs": "danh sách đoạn kết («Trên đây là báo cáo ...»)",
    "recipients": "danh sách dòng nơi nhận («- ...;», dòng cuối «- Lưu: VT.»)",
    "authority_lines": "danh sách dòng thẩm quyền ký (TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH ...)",
    "signer_name": "họ tên người ký",
    "period_title": "kỳ báo cáo («6 tháng đầu năm 2024»)",
    "has_annex": "có phụ lục biểu mẫu hay không",
    "annex_title": "tiêu đề phụ lục, CHỮ IN HOA",
    "annex_reference": "dòng «(Kèm theo Báo cáo số ... ngày ... của ...)»",
    "forms": "danh sách biểu mẫu: number, heading, title, headers, rows",
}

# Keys a template must use to make an official document (any kind), and those of the annex.
REQUIRED_KEYS = ("issuing_body", "document_number", "date_line", "title", "summary", "preamble_paragraphs",
                 "body", "closing_paragraphs", "recipients", "authority_lines", "signer_name")
ANNEX_KEYS = ("has_annex", "annex_title", "annex_reference", "forms")

# Attributes of the items of the lists above (for the template check and the documentation).
BLOCK_FIELDS = ("kind", "level", "label", "title", "text")
FORM_FIELDS = ("number", "heading", "title", "headers", "rows")
HEADER_FIELDS = ("stt", "indicator", "results", "unit", "value", "note")
ROW_FIELDS = ("code", "stt", "label", "unit", "value", "note", "style", "kind", "level", "group")

# Numbering style of a level -> kind of heading block (its paragraph style in the template).
HEADING_KIND = {"part_ordinal": "part_ordinal", "roman": "part", "arabic": "heading1", "decimal": "heading2",
                "alpha": "heading3", "none": "heading3"}
BLOCK_KINDS = ("part_ordinal", "part", "heading1", "heading2", "heading3", "text")

_BODY_PREFIX = re.compile(r"(?i)^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+")


def text_lines(text: str) -> list[str]:
    """One printed paragraph per non-empty line, surrounding white space trimmed."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def _upper(text: str) -> str:
    return clean_line(text).upper()


def body_blocks(draft: Draft) -> list[dict[str, Any]]:
    """The outline as printed: heading blocks with their numbers and a text block per line."""
    styles = list(draft.numbering) or ["roman", "arabic", "decimal", "alpha"]
    blocks: list[dict[str, Any]] = []
    figures = printer(draft)  # live figure references print the tables' current values
    for level, label, section in numbered_sections(draft):
        style = styles[level] if level < len(styles) else "none"
        kind = HEADING_KIND.get(style, "heading3")
        title = clean_line(section.title)
        if kind in ("part", "part_ordinal"):
            title = title.upper()
        text = " ".join(x for x in (label, title) if x)
        if text:
            blocks.append({"kind": kind, "level": level, "label": label, "title": title, "text": text})
        for line in text_lines(figures(section.text)):
            blocks.append({"kind": "text", "level": level, "label": "", "title": "", "text": line})
    return blocks


def _basis(text: str) -> str:
    """One legal basis as it goes after 'Thực hiện': the bullet and a 'Thực hiện' typed by the
    official (copied from last year's report) dropped, no closing ';' or '.'."""
    text = clean_line(text).lstrip("-–+•* ").rstrip(";.,: ")
    return re.sub(r"^thực\s+hiện(\s*:\s*|\s+|$)", "", text, flags=re.IGNORECASE)


def preamble_paragraphs(draft: Draft) -> list[str]:
    """'Thực hiện A; B; <preamble>' as one paragraph (the samples' usage), more if it has lines."""
    bases = [b for b in (_basis(x) for x in draft.meta.legal_bases) if b]
    lines = text_lines(draft.meta.preamble)
    if bases:
        lead = "Thực hiện " + "; ".join(bases) + ";"
        if lines:
            lines[0] = f"{lead} {lines[0]}"
        else:
            lines = [lead]
    return lines


def issuing_body_text(draft: Draft) -> str:
    """The issuing body in capitals; 'ỦY BAN NHÂN DÂN' on a line of its own when the name is long
    (the usual two-line form: 'ỦY BAN NHÂN DÂN' / 'XÃ QUANG KHẢI')."""
    text = _upper(draft.meta.issuing_body)
    m = re.match(r"^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(.+)$", text)
    if m and len(text) > 20:
        return f"{m.group(1)}\n{m.group(2)}"
    return text


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


def annex_reference(draft: Draft) -> str:
    kind_word = "Thông báo" if draft.kind == "self_inspection" else "Báo cáo"
    number = reference_number(draft.meta.number, draft.meta.code)
    issuer = clean_line(draft.meta.issuing_body_short) or clean_line(draft.meta.issuing_body)
    tail = f" của {issuer}" if issuer else ""
    return f"(Kèm theo {kind_word} số {number} ngày {short_date(draft.meta.date)}{tail})"


def _row_style(kind: str, level: int) -> str:
    if kind == "group":
        return f"g{min(level, 2)}"
    return f"r{min(level, 2)}" if level <= 2 else "r3"


def annex_forms(draft: Draft, variant: FormVariant) -> list[dict[str, Any]]:
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
            rows.append({
                "code": ind.code,
                "stt": ind.code,
                "label": clean_line(ind.label),
                "unit": clean_line(ind.unit),
                "value": res.display if res is not None else "",
                "note": clean_line(res.note) if res is not None else "",
                "kind": kind,
                "level": ind.level,
                "group": kind == "group",
                "style": _row_style(kind, ind.level),
            })
        forms.append({"number": form.number, "heading": f"Biểu mẫu {form.number}", "title": clean_line(form.title),
                      "headers": dict(headers), "rows": rows})
    return forms


def wants_annex(draft: Draft) -> bool:
    return draft.kind == "periodic" and bool(draft.variant)


def build_context(draft: Draft, variant: FormVariant | None = None) -> dict[str, Any]:
    """Everything the template prints. ``variant`` defaults to the draft's (``forms.get_variant``)."""
    from ..periods import period_title

    meta = draft.meta
    ctx: dict[str, Any] = {
        "kind": draft.kind,
        "parent_agency": _upper(meta.parent_agency),
        "issuing_body": issuing_body_text(draft),
        "issuing_body_short": clean_line(meta.issuing_body_short),
        "document_number": document_number(meta.number, meta.code),
        "date_line": date_line(meta.place, meta.date, draft.period.year),
        "title": title_for_kind(draft.kind),
        "summary": clean_line(meta.summary),
        "addressee_line": addressee_line(draft),
        "preamble_paragraphs": preamble_paragraphs(draft),
        "body": body_blocks(draft),
        "closing_paragraphs": text_lines(meta.closing),
        "recipients": recipient_lines(draft.recipients, addressed=bool(addressee_line(draft))),
        "authority_lines": draft.signer.authority_lines(),
        "signer_name": clean_line(draft.signer.name),
        "period_title": _safe_period_title(period_title, draft),
        "has_annex": False,
        "annex_title": "",
        "annex_reference": "",
        "forms": [],
    }
    if wants_annex(draft):
        if variant is None:
            from ..forms import get_variant

            variant = get_variant(draft.variant or "")  # wants_annex() saw it set
        title = clean_line(variant.annex_title).upper()
        subject = annex_subject(draft)
        ctx["annex_title"] = f"{title} CỦA {subject}" if subject else title
        ctx["annex_reference"] = annex_reference(draft)
        ctx["forms"] = annex_forms(draft, variant)
        ctx["has_annex"] = bool(ctx["forms"])
    return ctx


def _safe_period_title(fn: Callable[[Period], str], draft: Draft) -> str:
    try:
        return fn(draft.period)
    except ValueError:
        return ""


__all__ = ["CONTEXT_KEYS", "REQUIRED_KEYS", "ANNEX_KEYS", "build_context", "body_blocks", "text_lines",
           "Section"]
