"""A read-only HTML rendering of the document text for the preview pane and the history
dialog: header, title, legal bases, sections, closing, recipients, signer. It is a preview,
not the printed layout (the DOCX is); the page says so."""
from __future__ import annotations

from html import escape

from ..draft import Draft
from ..figrefs import printer
from ..outlines import numbered_sections
from ..vnformat import date_line, document_number, recipient_lines, title_for_kind

NOTICE = "Bản xem trước nội dung (chỉ để đọc; bố cục chính xác xem trong tệp Word đã xuất)"


def _p(text: str, style: str = "") -> str:
    return f'<p style="margin:2px 0; {style}">{escape(text)}</p>'


def _paragraphs(text: str) -> str:
    return "".join(_p(line, "text-indent:24px;") for line in text.splitlines() if line.strip())


def draft_html(draft: Draft) -> str:
    m = draft.meta
    parts = [f'<p style="color:#555; font-style:italic; margin-bottom:8px;">{escape(NOTICE)}</p>']
    left_lines = [escape(m.parent_agency.upper())] if m.parent_agency else []
    left_lines.append(f"<b>{escape(m.issuing_body.upper())}</b>")
    left_lines.append(escape(document_number(m.number, m.code)))
    left = "<br>".join(left_lines)
    right = ("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br><i>"
             + escape(date_line(m.place, m.date, draft.period.year)) + "</i>")
    parts.append('<table width="100%" cellpadding="2"><tr>'
                 f'<td width="40%" align="center" valign="top">{left}</td>'
                 f'<td width="60%" align="center" valign="top">{right}</td></tr></table>')
    parts.append(f'<p align="center" style="margin-top:12px;"><b>{escape(title_for_kind(draft.kind))}</b><br>'
                 f'<b>{escape(m.summary)}</b></p>')
    if m.addressee:
        parts.append(_p(f"Kính gửi: {m.addressee}", "text-align:center;"))
    for basis in m.legal_bases:
        parts.append(_p(f"Thực hiện {basis};", "text-indent:24px;"))
    if m.preamble:
        parts.append(_paragraphs(m.preamble))
    figures = printer(draft)
    for level, label, section in numbered_sections(draft):
        title = f"{label} {section.title}".strip()
        weight = "font-weight:bold;" if level < 2 else "font-style:italic;"
        parts.append(_p(title, f"{weight} margin-top:6px; text-indent:24px;"))
        if section.text.strip():
            parts.append(_paragraphs(figures(section.text)))
    if m.closing:
        parts.append(_paragraphs(m.closing))
    lines = recipient_lines(draft.recipients, addressed=bool(m.addressee.strip()))
    recipients = "<br>".join(escape(x) for x in lines)
    signer = "<br>".join(f"<b>{escape(x)}</b>" for x in draft.signer.authority_lines())
    signer += "<br><br><i>(đã ký)</i><br><br><b>" + escape(draft.signer.name) + "</b>"
    parts.append('<table width="100%" cellpadding="2" style="margin-top:12px;"><tr>'
                 f'<td width="50%" valign="top"><b><i>Nơi nhận:</i></b><br>'
                 f'<span style="font-size:small;">{recipients}</span></td>'
                 f'<td width="50%" align="center" valign="top">{signer}</td></tr></table>')
    by_number = sorted(draft.annex.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0)
    filled = {form: len(rows) for form, rows in by_number}
    if draft.variant:
        listing = ", ".join(f"Biểu mẫu {form}: {count} ô" for form, count in filled.items()) or "chưa nhập số liệu"
        parts.append(_p(f"PHỤ LỤC (mẫu biểu {draft.variant}): {listing}.", "margin-top:12px; font-weight:bold;"))
    return "<html><body style=\"font-family:'Times New Roman',serif;\">" + "".join(parts) + "</body></html>"
