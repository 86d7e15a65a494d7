"""A read-only HTML rendering of the document text for the preview pane and the history
dialog. It prints the computed report (``view.ReportView``): the same words the DOCX, the Excel
cover and the mail use, never re-derived here. It is a preview, not the printed layout (the
DOCX is); the page says so."""
from __future__ import annotations

from html import escape

from ..draft import Draft
from ..view import ReportView, build_view

NOTICE = "Bản xem trước nội dung (chỉ để đọc; bố cục chính xác xem trong tệp Word đã xuất)"
SIGNED = "(đã ký)"
FORM_ROWS = "{count} dòng có số liệu; bảng xem trong tệp Word hoặc Excel"
STYLE = {"part": "font-weight:bold;", "part_ordinal": "font-weight:bold; text-align:center;",
         "heading1": "font-weight:bold;", "heading2": "font-weight:bold; font-style:italic;",
         "heading3": "font-weight:bold;", "text": ""}


def _p(text: str, style: str = "", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<p{attr} style="margin:2px 0; {style}">{escape(text)}</p>'


def _lines(lines: list[str] | tuple[str, ...], bold: bool = False) -> str:
    out = [escape(x) for x in lines if x]
    return "<br>".join(f"<b>{x}</b>" for x in out) if bold else "<br>".join(out)


def view_html(view: ReportView) -> str:
    parts = [f'<p class="note" style="color:#555; font-style:italic; margin-bottom:8px;">{escape(NOTICE)}</p>']
    left = [_lines(view.parent_agency.split("\n"))] if view.parent_agency else []
    left.append(_lines(view.issuing_body.split("\n"), bold=True))
    left.append(escape(view.document_number))
    right = ("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br><i>"
             + _lines(view.date_line.split("\n")) + "</i>")
    parts.append('<table width="100%" cellpadding="2"><tr>'
                 f'<td width="40%" align="center" valign="top">{"<br>".join(left)}</td>'
                 f'<td width="60%" align="center" valign="top">{right}</td></tr></table>')
    parts.append(f'<p align="center" style="margin-top:12px;"><b>{escape(view.title)}</b><br>'
                 f'<b>{escape(view.summary)}</b></p>')
    if view.addressee_line:
        parts.append(_p(view.addressee_line, "text-align:center;"))
    parts.extend(_p(line, "text-indent:24px;") for line in view.opening)
    for b in view.body:
        if b.kind == "part_ordinal":
            parts.append(_p(b.label, STYLE["part_ordinal"] + " margin-top:6px;"))
            if b.title:
                parts.append(_p(b.title, STYLE["part_ordinal"]))
        elif b.kind == "runin":
            lead = f"<b><i>{escape(b.lead)}</i></b>" if b.emphasis == "bi" else f"<b>{escape(b.lead)}</b>"
            parts.append(f'<p style="margin:2px 0; text-indent:24px;">{lead} {escape(b.rest)}</p>')
        else:
            top = "" if b.kind == "text" else " margin-top:6px;"
            parts.append(_p(b.text, STYLE.get(b.kind, "") + top + " text-indent:24px;"))
    parts.extend(_p(line, "text-indent:24px;") for line in view.closing)
    signer = _lines(view.authority_lines, bold=True)
    signer += f'<br><br><i class="note">{SIGNED}</i><br><br><b>' + escape(view.signer_name) + "</b>"
    parts.append('<table width="100%" cellpadding="2" style="margin-top:12px;"><tr>'
                 f'<td width="50%" valign="top"><b><i>Nơi nhận:</i></b><br>'
                 f'<span style="font-size:small;">{_lines(view.recipients)}</span></td>'
                 f'<td width="50%" align="center" valign="top">{signer}</td></tr></table>')
    if view.has_annex:
        parts.append(_p("PHỤ LỤC", "margin-top:16px; font-weight:bold; text-align:center;"))
        parts.append(_p(view.annex_title, "font-weight:bold; text-align:center;"))
        parts.append(_p(view.annex_reference, "font-style:italic; text-align:center;"))
        for form in view.forms:
            parts.append(_p(form.heading, "margin-top:6px; font-weight:bold; text-align:center;"))
            parts.append(_p(form.title, "font-weight:bold; text-align:center;"))
            filled = sum(1 for r in form.rows if r.value)
            parts.append(_p(FORM_ROWS.format(count=filled), "color:#555; font-size:small; text-align:center;",
                            cls="note"))
    return "<html><body style=\"font-family:'Times New Roman',serif;\">" + "".join(parts) + "</body></html>"


def draft_html(draft: Draft) -> str:
    try:
        view = build_view(draft)
    except KeyError:  # a variant file missing on this machine: the words still show, without the annex
        view = build_view(draft, annex=False)
    return view_html(view)
