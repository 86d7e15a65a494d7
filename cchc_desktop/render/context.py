"""The template context: every string the document prints, computed here from the draft.

The Word template holds placeholders and loops only (``docs/template-variables.md`` lists
them); totals, rates, numbers, dates and labels are all decided in Python. ``CONTEXT_KEYS``
is the documented set that ``template_check`` compares a custom template with.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..draft import Draft, Section
from ..view import Block, FormView, ReportView, build_view
from ..view.opening import text_lines as _text_lines
from ..view.report import BLOCK_KINDS as VIEW_BLOCK_KINDS

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
    "body": ("danh sách khối nội dung: mỗi khối có kind, level, label, title, text "
             "(đề mục chạy liền: lead, rest, emphasis)"),
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
BLOCK_FIELDS = ("kind", "level", "label", "title", "text", "lead", "rest", "emphasis")
FORM_FIELDS = ("number", "heading", "title", "headers", "rows")
HEADER_FIELDS = ("stt", "indicator", "results", "unit", "value", "note")
ROW_FIELDS = ("code", "stt", "label", "unit", "value", "note", "style", "kind", "level", "group")

BLOCK_KINDS = VIEW_BLOCK_KINDS


def text_lines(text: str) -> list[str]:
    """One printed paragraph per non-empty line, surrounding white space trimmed."""
    return _text_lines(text)


def body_blocks(draft: Draft) -> list[dict[str, Any]]:
    """The body blocks as the template reads them (dicts of :class:`view.Block`)."""
    return [_block(b) for b in build_view(draft).body]


def preamble_paragraphs(draft: Draft) -> list[str]:
    """The opening paragraphs as printed (``view.opening``)."""
    return list(build_view(draft).opening)


def _block(b: Block) -> dict[str, Any]:
    return {"kind": b.kind, "level": b.level, "label": b.label, "title": b.title, "text": b.text, "lead": b.lead,
            "rest": b.rest, "emphasis": b.emphasis}


def _form(f: FormView) -> dict[str, Any]:
    return {"number": f.number, "heading": f.heading, "title": f.title, "headers": f.headers,
            "rows": [{"code": r.code, "stt": r.stt, "label": r.label, "unit": r.unit, "value": r.value, "note": r.note,
                      "kind": r.kind, "level": r.level, "group": r.group, "style": r.style} for r in f.rows]}


def context_from_view(view: ReportView) -> dict[str, Any]:
    """The template context: the view's strings under the documented keys (CONTEXT_KEYS)."""
    return {
        "kind": view.kind,
        "parent_agency": view.parent_agency,
        "issuing_body": view.issuing_body,
        "issuing_body_short": view.issuing_body_short,
        "document_number": view.document_number,
        "date_line": view.date_line,
        "title": view.title,
        "summary": view.summary,
        "addressee_line": view.addressee_line,
        "preamble_paragraphs": list(view.opening),
        "body": [_block(b) for b in view.body],
        "closing_paragraphs": list(view.closing),
        "recipients": list(view.recipients),
        "authority_lines": list(view.authority_lines),
        "signer_name": view.signer_name,
        "period_title": view.period_title,
        "has_annex": view.has_annex,
        "annex_title": view.annex_title,
        "annex_reference": view.annex_reference,
        "forms": [_form(f) for f in view.forms],
    }


def build_context(draft: Draft, variant: FormVariant | None = None, *,
                  omit_empty: bool = False) -> dict[str, Any]:
    """Everything the template prints. ``variant`` defaults to the draft's (``forms.get_variant``)."""
    return context_from_view(build_view(draft, variant, omit_empty=omit_empty))


__all__ = ["CONTEXT_KEYS", "REQUIRED_KEYS", "ANNEX_KEYS", "build_context", "context_from_view", "body_blocks",
           "text_lines", "Section"]
