"""All findings of a draft: the annex rules (``rules.validate_draft``) plus what is missing
(header fields, empty sections, signer, recipients). Used by the wizard's review step and by
``python main.py validate``. ``Finding.field`` is a dotted path the wizard maps to a step and a widget:
"meta.<name>", "section.<id>", "signer.name", "recipients.items"; annex findings carry
``form`` and ``code`` instead.
"""
from __future__ import annotations

from .checks import TextCheckOptions
from .draft import Draft
from .editing.refs import LegalBasis, MetaField, RecipientLine, SectionField
from .outlines import numbered_sections
from .rules import Finding, validate_draft

REQUIRED_META = (
    ("issuing_body", "Chưa nhập tên cơ quan ban hành."),
    ("place", "Chưa nhập địa danh (dòng ngày tháng)."),
    ("summary", "Chưa nhập trích yếu (tên báo cáo)."),
)
NO_DATE = "Chưa nhập ngày báo cáo: dòng ngày tháng sẽ để trống để ghi tay."
NO_NUMBER = "Chưa có số văn bản: dòng «Số:» sẽ để trống để văn thư ghi."
NO_BASES = "Chưa có căn cứ «Thực hiện ...» nào."
PLACEHOLDER_BASIS = "Căn cứ thứ {n} còn chỗ «{mark}» chưa điền (số, ngày, cơ quan ban hành)."
PLACEHOLDER_META = "{what} còn chỗ «{mark}» chưa điền."
PLACEHOLDER_SECTION = "Mục «{name}» còn chỗ «{mark}» chưa điền."
PLACEHOLDER_RECIPIENT = "Nơi nhận «{line}» còn chỗ «...» chưa điền."
META_NAMES = {"summary": "Trích yếu", "addressee": "Dòng «Kính gửi»", "preamble": "Câu mở đầu",
              "closing": "Câu kết", "issuing_body": "Tên cơ quan ban hành", "place": "Địa danh"}
EMPTY_SECTION = "Mục «{name}» chưa có nội dung."
UNTITLED_SECTION = "Mục «{label}» chưa có tên mục: bản in sẽ chỉ có số thứ tự «{label}» đứng một mình."
NUMBER_WITH_CODE = ("Số văn bản «{number}» có ghi kèm ký hiệu: ô số chỉ ghi con số "
                    "(ký hiệu {code} được thêm tự động), bản in sẽ là «{line}».")
DATE_BEFORE_PERIOD = ("Ngày báo cáo {date} nằm trước kỳ báo cáo ({period}, số liệu tính từ {start}): "
                      "có thể gõ nhầm năm.")
DATE_LONG_AFTER = "Ngày báo cáo {date} cách xa kỳ báo cáo ({period}): có thể gõ nhầm năm."
NO_SIGNER = "Chưa nhập họ tên người ký."
NO_TITLE = "Chưa nhập chức danh người ký."
NO_RECIPIENTS = "Chưa có nơi nhận nào (ngoài dòng «Lưu»)."


def wizard_findings(draft: Draft, clerical: bool = True) -> list[Finding]:
    """What is missing. ``clerical``: also the number and date, which the clerk often fills in
    only when the report is signed (the CLI leaves them out)."""
    out: list[Finding] = []
    for name, message in REQUIRED_META:
        if not getattr(draft.meta, name).strip():
            out.append(Finding("error", message, None, None, field=f"meta.{name}"))
    if clerical and draft.meta.date is None:
        out.append(Finding("warning", NO_DATE, None, None, field="meta.date"))
    if clerical and not draft.meta.number.strip():
        out.append(Finding("warning", NO_NUMBER, None, None, field="meta.number"))
    out.extend(_number_and_date(draft))
    if not draft.meta.legal_bases:
        out.append(Finding("warning", NO_BASES, None, None, field="meta.legal_bases"))
    out.extend(_placeholders(draft))
    from .view import section_names

    names = section_names(draft)
    for _level, label, section in numbered_sections(draft):
        if label and not section.title.strip() and section.form != "paragraph":
            out.append(Finding("warning", UNTITLED_SECTION.format(label=label), None, None,
                               field=f"section.{section.id}", ref=SectionField(section.id, "title")))
        if not section.children and not section.text.strip():
            out.append(Finding("warning", EMPTY_SECTION.format(name=names[section.id]), None, None,
                               field=f"section.{section.id}"))
    if not draft.signer.name.strip():
        out.append(Finding("error", NO_SIGNER, None, None, field="signer.name"))
    if not draft.signer.title.strip():
        out.append(Finding("error", NO_TITLE, None, None, field="signer.title"))
    if not draft.recipients.items:
        out.append(Finding("warning", NO_RECIPIENTS, None, None, field="recipients.items"))
    return out


def _placeholders(draft: Draft) -> list[Finding]:
    """Placeholder dots left where the report prints them ('Công văn số .../... ngày ... của ...',
    'trước ngày .../.../2026'): errors, the report would go out with them. An ellipsis glued to a
    word ('v.v...', 'phường...đã') is prose, not a placeholder."""
    from .view import placeholder_spans, section_names

    out: list[Finding] = []
    for n, basis in enumerate(draft.meta.legal_bases, 1):
        marks = placeholder_spans(basis)
        if marks:
            out.append(Finding("error", PLACEHOLDER_BASIS.format(n=n, mark=marks[0]), None, None,
                               field="meta.legal_bases", ref=LegalBasis(n - 1)))
    for name, what in META_NAMES.items():
        marks = placeholder_spans(getattr(draft.meta, name))
        if marks:
            out.append(Finding("error", PLACEHOLDER_META.format(what=what, mark=marks[0]), None, None,
                               field=f"meta.{name}", ref=MetaField(name)))
    names = section_names(draft)
    for _level, _label, section in numbered_sections(draft):
        for part in ("title", "text"):
            marks = placeholder_spans(getattr(section, part))
            if marks:
                out.append(Finding("error", PLACEHOLDER_SECTION.format(name=names[section.id], mark=marks[0]),
                                   None, None, field=f"section.{section.id}", ref=SectionField(section.id, part)))
    for i, line in enumerate(draft.recipients.items):
        if placeholder_spans(line):
            out.append(Finding("error", PLACEHOLDER_RECIPIENT.format(line=line), None, None,
                               field="recipients.items", ref=RecipientLine(i)))
    return out


def _number_and_date(draft: Draft) -> list[Finding]:
    """A whole reference typed into the number field; a date that cannot belong to the period
    (last year's report copied, or the year mistyped in January)."""
    from .periods import cutoff_range, period_title
    from .vnformat import document_number, plain_number, short_date

    out: list[Finding] = []
    meta = draft.meta
    if "/" in plain_number(meta.number, meta.code):
        out.append(Finding("warning", NUMBER_WITH_CODE.format(
            number=meta.number.strip(), code=meta.code.strip(), line=document_number(meta.number, meta.code)),
            None, None, field="meta.number"))
    if meta.date is None:
        return out
    try:
        title = period_title(draft.period)
        span = cutoff_range(draft.period)
    except ValueError:
        return out
    start = span[0] if span else None
    if draft.period.type == "5y" and draft.period.start_year:
        import datetime as _dt

        start = _dt.date(draft.period.start_year, 1, 1)
    if start is not None and meta.date < start:
        out.append(Finding("warning", DATE_BEFORE_PERIOD.format(date=short_date(meta.date), period=title,
                                                               start=short_date(start)),
                           None, None, field="meta.date"))
    elif meta.date.year > draft.period.year + 1:
        out.append(Finding("warning", DATE_LONG_AFTER.format(date=short_date(meta.date), period=title),
                           None, None, field="meta.date"))
    return out


def annex_findings(draft: Draft, text_options: TextCheckOptions | None = None) -> list[Finding]:
    """The rules over the annex values and the report text (``rules.validate_draft``), never raising.
    ``text_options``: the profile's spelling settings (:class:`cchc_desktop.checks.TextCheckOptions`)."""
    try:
        return validate_draft(draft, text_options)
    except Exception as exc:  # noqa: BLE001 - a broken rule must not hide the rest: logged, said
        from .errors import report_unexpected

        reason = report_unexpected(exc, "checking the annex figures")
        return [Finding("error", f"Không kiểm tra được số liệu phụ lục: {reason}", None, None, field="variant")]


def combine(found: list[Finding], annex: list[Finding]) -> list[Finding]:
    """Errors first, then warnings; within each, the wizard's order (header, text, annex, footer)."""
    head = [f for f in found if not (f.field or "").startswith(("signer", "recipients"))]
    tail = [f for f in found if (f.field or "").startswith(("signer", "recipients"))]
    ordered = head + annex + tail
    return [f for f in ordered if f.severity == "error"] + [f for f in ordered if f.severity != "error"]


def all_findings(draft: Draft, clerical: bool = True, text_options: TextCheckOptions | None = None
                 ) -> list[Finding]:
    """Errors first, then warnings; within each, the wizard's order (header, text, annex, footer)."""
    return combine(wizard_findings(draft, clerical), annex_findings(draft, text_options))
