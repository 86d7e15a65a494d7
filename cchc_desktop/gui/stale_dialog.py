"""«So sánh với kỳ trước»: a next-period draft beside the draft it was copied from.

Left the text of last period, right this period's, section by section; sentences whose figures
were copied and not updated are highlighted («số liệu chưa cập nhật so với kỳ trước»). Below,
every annex value of both periods, changed ones in bold. Read-only; the data comes from
:func:`cchc_desktop.checks.stale.compare`.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..checks.stale import STALE_LABEL, Comparison
from ..figrefs import strip_tokens

T_TITLE = "So sánh với kỳ trước"
T_SUMMARY = ("Báo cáo này được tạo từ báo cáo kỳ trước ({period}). Câu tô vàng: {label} "
             "({count} câu). Sửa số trong câu, hoặc chọn số rồi bấm Ctrl+Shift+S («Chèn số liệu») để câu "
             "tự theo bảng.")
T_NO_SOURCE = "(báo cáo kỳ trước không còn trong máy: chỉ so sánh được số liệu)"
T_NEW_SECTION = "(mục mới)"
T_NO_SOURCE_CELL = "(không còn báo cáo kỳ trước)"
T_HEAD = ("Mục", "Kỳ trước", "Kỳ này")
T_VALUES = ("Biểu mẫu / dòng", "Chỉ tiêu", "Kỳ trước", "Kỳ này")
T_CLOSE = "Đóng"
HIGHLIGHT = "#fff3b0"


def _highlighted(text: str, spans) -> str:
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        out.append(escape(text[pos:s.start]))
        out.append(f'<span style="background:{HIGHLIGHT};" title="{escape(STALE_LABEL)}">'
                   f"{escape(text[s.start:s.end])}</span>")
        pos = s.end
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def comparison_html(comp: Comparison, printer, has_source: bool = True) -> str:
    rows = []
    for sec in comp.sections:
        if sec.old_text is None:
            old = f"<i>{escape(T_NEW_SECTION if has_source else T_NO_SOURCE_CELL)}</i>"
        else:
            old = escape(strip_tokens(sec.old_text)).replace("\n", "<br>")
        new = _highlighted(sec.new_text, sec.stale)
        new = printer(new)  # references print their current values
        mark = f'<br><b style="color:#8a5a00;">{escape(STALE_LABEL)}</b>' if sec.stale else ""
        rows.append(f'<tr><td valign="top" width="18%"><b>{escape(sec.label)}</b>{mark}</td>'
                    f'<td valign="top" width="41%">{old}</td><td valign="top" width="41%">{new}</td></tr>')
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in T_HEAD)
    return ('<table width="100%" cellspacing="0" cellpadding="6" border="1" style="border-collapse:collapse;">'
            f"<tr>{head}</tr>{''.join(rows)}</table>")


class StaleDialog(QDialog):
    def __init__(self, comp: Comparison, printer, period_title: str, has_source: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(T_TITLE)
        summary = QLabel(T_SUMMARY.format(period=period_title, label=STALE_LABEL, count=comp.stale_count)
                         + ("" if has_source else " " + T_NO_SOURCE))
        summary.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Lời văn kỳ trước và kỳ này")
        self.browser.setHtml(comparison_html(comp, printer, has_source))
        self.values = QTableWidget(len(comp.values), 4)
        self.values.setAccessibleName("Số liệu kỳ trước và kỳ này")
        self.values.setHorizontalHeaderLabels(list(T_VALUES))
        self.values.verticalHeader().setVisible(False)
        self.values.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        bold = QFont(self.font())
        bold.setBold(True)
        for r, v in enumerate(comp.values):
            cells = (f"{v.form} · {v.code}", v.label, v.old, v.new)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if v.old != v.new:
                    item.setFont(bold)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.values.setItem(r, c, item)
        self.values.setColumnWidth(0, 110)
        self.values.setColumnWidth(1, 520)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.browser)
        splitter.addWidget(self.values)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(T_CLOSE, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1100, 720)


def open_for(session, parent: QWidget | None = None) -> StaleDialog | None:
    """The dialog for the session's draft (None when it was not made by «Tạo kỳ tiếp theo»)."""
    from ..checks.stale import compare
    from ..draft import Period
    from ..figrefs import printer
    from ..forms import get_variant
    from ..periods import period_title

    draft = session.draft
    origin = getattr(draft, "origin", None)
    if not origin:
        return None
    source = None
    try:
        source = session.store.load_draft(origin.get("id"))
    except Exception:  # noqa: BLE001 - best-effort: deleted or unreadable: compare the values only
        source = None
    variant = None
    if draft.variant:
        try:
            variant = get_variant(draft.variant)
        except Exception:  # noqa: BLE001 - best-effort: the review step lists the variant error
            variant = None
    comp = compare(draft, variant, source)
    if comp is None:
        return None
    try:
        title = period_title(Period.from_dict(comp.source_period))
    except Exception:  # noqa: BLE001 - best-effort: only the summary line shows it
        title = ""
    return StaleDialog(comp, printer(draft), title, source is not None, parent)
