"""A commune's report, read-only, as the province received it: the document text (DOCX, JSON),
its annex values and the findings of the commune's own rules. Opening it changes nothing."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..annex import evaluate_annex
from ..consolidate.model import Submission
from ..consolidate.readers import full_draft
from ..forms import RowKind, get_variant
from ..rules import Finding

SOURCES = {"docx": "tệp Word", "xlsx": "bảng tính Excel", "json": "tệp dự thảo"}


def annex_html(sub: Submission) -> str:
    if not sub.variant:
        return ""
    variant = get_variant(sub.variant)
    evaluated = evaluate_annex(variant, sub.annex)
    parts = ["<h3>PHỤ LỤC – SỐ LIỆU</h3>"]
    for form in variant.forms:
        parts.append(f"<p><b>Biểu mẫu {form.number}. {escape(form.title)}</b></p>"
                     '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
                     "<tr><th>STT</th><th>Chỉ tiêu</th><th>Đơn vị</th><th>Số liệu</th><th>Ghi chú</th></tr>")
        for ind in form.rows:
            res = evaluated[form.number][ind.code]
            value = res.display if ind.kind is not RowKind.GROUP else ""
            style = ' style="background:#f4c7c3"' if res.error else ""
            label = f"<b>{escape(ind.label)}</b>" if ind.level == 0 else escape(ind.label)
            parts.append(f"<tr><td align='center'>{escape(ind.code)}</td><td>{label}</td>"
                         f"<td align='center'>{escape(ind.unit)}</td><td align='right'{style}>{escape(value)}</td>"
                         f"<td>{escape(res.note)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def findings_html(findings: list[Finding]) -> str:
    if not findings:
        return "<p><i>Không có lỗi hay cảnh báo nào theo quy tắc kiểm tra của phần mềm.</i></p>"
    items = "".join(f"<li>{'<b>Lỗi</b>' if f.severity == 'error' else 'Cảnh báo'}: {escape(f.message)}</li>"
                    for f in findings)
    return f"<h3>KIỂM TRA SỐ LIỆU</h3><ul>{items}</ul>"


def report_html(sub: Submission) -> str:
    from .preview import draft_html

    head = (f'<p style="color:#555"><i>Báo cáo của {escape(sub.commune)}, đọc từ {SOURCES.get(sub.source, "tệp")} '
            f"«{escape(sub.name)}» (chỉ xem, không sửa được).</i></p>")
    body = ""
    if sub.source != "xlsx":
        try:
            body = draft_html(full_draft(sub))
        except Exception as exc:  # noqa: BLE001 - the file changed or vanished since it was read (logged)
            from ..errors import report_unexpected

            body = f"<p><b>Không đọc lại được tệp:</b> {escape(report_unexpected(exc, 'reading a report again'))}</p>"
    else:
        body = "<p><i>Bảng tính chỉ có số liệu phụ lục, không có phần lời văn của báo cáo.</i></p>"
    return head + findings_html(sub.findings) + body + annex_html(sub)


class ReportViewer(QDialog):
    def __init__(self, sub: Submission, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{sub.commune} – {sub.name} (chỉ xem)")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Nội dung báo cáo của xã")
        self.browser.setReadOnly(True)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(report_html(sub))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 120, fm.height() * 40)
