"""Step "Thông tin chung": header lines, number and code, date, period, summary, legal bases,
opening and closing sentences."""
from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...editing import LegalBasis, MetaField, PeriodField, VariantField
from ...outlines import document_kind
from ...periods import YEAR_MAX, YEAR_MIN
from ..new_draft_dialog import PERIOD_NAMES
from ..widgets import ListEditor, PlainTextEditor, VnLineEdit
from ..widgets.period_phrases import NOTE_STYLE, PHRASE_TINT, T_PHRASE_NAME, PhraseField, PhraseList, note_text
from .base import Step

TITLE = "Thông tin chung"
INTRO = ("Các dòng đầu văn bản. Tên cơ quan và địa danh lấy từ hồ sơ của xã; sửa ở đây chỉ "
         "áp dụng cho báo cáo này.")
LINES = (  # (field, label, accessible name, placeholder)
    ("parent_agency", "Cơ quan &cấp trên:", "Tên cơ quan cấp trên (dòng đầu, có thể để trống)",
     "Để trống nếu báo cáo thẳng lên tỉnh"),
    ("issuing_body", "Cơ quan &ban hành:", "Tên cơ quan ban hành", "ỦY BAN NHÂN DÂN XÃ ..."),
    ("issuing_body_short", "Tên &viết tắt:", "Tên viết tắt của cơ quan ban hành", "UBND xã ..."),
    ("place", "Địa &danh:", "Địa danh ở dòng ngày tháng", "Quang Khải"),
)
NUMBER_LABEL, CODE_LABEL = "Số văn bả&n:", "Ký &hiệu:"
NO_DATE = "Để trống ngày (văn thư ghi tay)"
DATE_LABEL, PERIOD_LABEL, SUMMARY_LABEL = "Ngà&y:", "Kỳ bá&o cáo:", "Trích yế&u:"
ADDRESSEE_LABEL = "&Kính gửi (nếu có):"
BASES_LABEL = "Căn cứ «Thực hiện ...»\n(mỗi dòng một văn bản):"
PREAMBLE_LABEL, CLOSING_LABEL = "Câu &mở đầu:", "Câu kết:"
NO_ANNEX = "Không kèm phụ lục &biểu mẫu"
NO_ANNEX_TIP = ("Báo cáo không in, không kiểm tra và không xuất các biểu mẫu. Số liệu đã nhập được giữ lại "
                "và hiện lại khi bỏ chọn ô này.")
LEAD_LABEL = "Chữ &đầu căn cứ:"
LEADS = (("Thực hiện", "Thực hiện"), ("Căn cứ", "Căn cứ"), ("Theo", "Theo"), ("(không có)", ""))
SEPARATE_BASES = "Mỗi căn cứ một đoạn"
FROM_LABEL, TO_LABEL, CUSTOM_TITLE_LABEL = "Kỳ đột xuất từ &ngày:", "đến ngày:", "Tên &kỳ đột xuất:"
CUSTOM_TITLE_HINT = "để trống: «từ ngày 01/01/2024 đến ngày 15/8/2024»"
SEPARATE_PREAMBLE = "Câu «... như sau:» thành đoạn riêng"
# Fields the report fills period placeholders in (``view.build_view``): shown as the words they print.
PHRASE_FIELDS = ("summary", "addressee", "preamble", "closing")


class GeneralStep(Step):
    title = TITLE

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self._loading = False
        self.fields: dict[str, QWidget] = {}
        self.phrase_fields: dict[str, PhraseField] = {}
        inner = QWidget()
        form = QFormLayout(inner)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        form.addRow(intro)
        m = self.draft.meta
        for name, label, accessible, placeholder in LINES:
            edit = self._line(name, getattr(m, name), accessible, placeholder)
            form.addRow(self._label(label, edit), edit)

        self.number = self._line("number", m.number, "Số văn bản", "để trống nếu chưa lấy số")
        self.code = self._line("code", m.code, "Ký hiệu văn bản", "BC-UBND")
        row = QHBoxLayout()
        row.addWidget(self.number, 1)
        row.addWidget(self._label(CODE_LABEL, self.code))
        row.addWidget(self.code, 2)
        form.addRow(self._label(NUMBER_LABEL, self.number), row)

        self.date = QDateEdit()
        self.date.setAccessibleName("Ngày ban hành")
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        self.no_date = QCheckBox(NO_DATE)
        self.no_date.setAccessibleName("Để trống ngày ban hành")
        d = m.date or _dt.date.today()
        self.date.setDate(QDate(d.year, d.month, d.day))
        self.no_date.setChecked(m.date is None)
        self.date.setEnabled(m.date is not None)
        self.date.dateChanged.connect(self._date_edited)
        self.no_date.toggled.connect(self._no_date_toggled)
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(self.no_date)
        row.addStretch(1)
        form.addRow(self._label(DATE_LABEL, self.date), row)
        self.fields["date"] = self.date

        self.period = QComboBox()
        self.period.setAccessibleName("Kỳ báo cáo")
        for ptype in (*document_kind(self.draft.kind).period_types, "custom"):
            self.period.addItem(PERIOD_NAMES.get(ptype, ptype), ptype)
        self.period.setCurrentIndex(max(0, self.period.findData(self.draft.period.type)))
        self.year = QSpinBox()
        self.year.setAccessibleName("Năm báo cáo")
        self.year.setRange(2015, 2100)
        self.year.setValue(self.draft.period.year)
        self.period.currentIndexChanged.connect(self._period_edited)
        self.year.valueChanged.connect(self._period_edited)
        row = QHBoxLayout()
        row.addWidget(self.period)
        row.addWidget(self.year)
        row.addStretch(1)
        form.addRow(self._label(PERIOD_LABEL, self.period), row)
        self._custom_period(form)
        self.summary = self._line("summary", m.summary, "Trích yếu", "Công tác cải cách hành chính ...")
        form.addRow(self._label(SUMMARY_LABEL, self.summary), self.summary)
        self.addressee = self._line("addressee", m.addressee, "Kính gửi", "")
        form.addRow(self._label(ADDRESSEE_LABEL, self.addressee), self.addressee)

        self.bases = ListEditor([], None, "Căn cứ Thực hiện")
        self.phrase_bases = PhraseList(self.bases, lambda: self.draft.period)
        self.phrase_bases.show(list(m.legal_bases))
        self.bases.itemsChanged.connect(self._bases_edited)
        self.bases.list.setMinimumHeight(self.fontMetrics().height() * 6)
        form.addRow(self._label(BASES_LABEL, self.bases.list), self.bases)
        self.fields["legal_bases"] = self.bases.list

        self.lead = QComboBox()
        self.lead.setAccessibleName("Chữ đầu của căn cứ")
        for text, value in LEADS:
            self.lead.addItem(text, value)
        self.lead.setCurrentIndex(max(0, self.lead.findData(m.basis_lead)))
        self.lead.currentIndexChanged.connect(
            lambda _i: self._loading or self.editor.set(MetaField("basis_lead"), self.lead.currentData(),
                                                        initiator=self.lead))
        self.separate_bases = self._flag("bases_joined", SEPARATE_BASES, not m.bases_joined, invert=True)
        self.separate_preamble = self._flag("preamble_separate", SEPARATE_PREAMBLE, m.preamble_separate)
        column = QVBoxLayout()
        column.addWidget(self.lead, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.separate_bases)
        column.addWidget(self.separate_preamble)
        form.addRow(self._label(LEAD_LABEL, self.lead), column)

        self.preamble = self._text("preamble", m.preamble, "Câu mở đầu")
        form.addRow(self._label(PREAMBLE_LABEL, self.preamble), self.preamble)
        self.closing = self._text("closing", m.closing, "Câu kết")
        form.addRow(self._label(CLOSING_LABEL, self.closing), self.closing)
        self.phrase_note = QLabel()
        self.phrase_note.setObjectName("periodPhraseNote")
        self.phrase_note.setWordWrap(True)
        self.phrase_note.setAccessibleName(T_PHRASE_NAME)
        self.phrase_note.setStyleSheet(f"#periodPhraseNote {{ {NOTE_STYLE.format(tint=PHRASE_TINT)} }}")
        form.addRow(self.phrase_note)
        self._show_phrases()

        self.no_annex = QCheckBox(NO_ANNEX)
        self.no_annex.setAccessibleName("Không kèm phụ lục biểu mẫu")
        self.no_annex.setToolTip(NO_ANNEX_TIP)
        self.no_annex.setChecked(not self.draft.variant)
        self.no_annex.toggled.connect(self._annex_toggled)
        form.addRow(self.no_annex)

        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own: the fields are
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # ----- builders ---------------------------------------------------------------------
    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _line(self, name: str, value: str, accessible: str, placeholder: str) -> VnLineEdit:
        edit = VnLineEdit()
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        self.fields[name] = edit
        if name in PHRASE_FIELDS:  # "{kỳ tới}" shown as the words it prints, mapped back on edit
            self.phrase_fields[name] = PhraseField(edit, lambda: self.draft.period)
            self.phrase_fields[name].show(value)
            edit.textEdited.connect(lambda _t, n=name: self._text_edited(self.fields[n], n))
        else:
            edit.setText(value)
            edit.textEdited.connect(lambda text, n=name, e=edit: self.editor.set(MetaField(n), text, initiator=e))
        return edit

    def _text(self, name: str, value: str, accessible: str) -> PlainTextEditor:
        edit = PlainTextEditor(join_lines=True)
        self.phrase_fields[name] = PhraseField(edit, lambda: self.draft.period, multiline=True)
        self.phrase_fields[name].show(value)
        edit.setAccessibleName(accessible)
        edit.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        edit.textChanged.connect(lambda e=edit, n=name: self._text_edited(e, n))
        self.fields[name] = edit
        return edit

    def _flag(self, name: str, text: str, checked: bool, invert: bool = False) -> QCheckBox:
        box = QCheckBox(text)
        box.setAccessibleName(text)
        box.setChecked(checked)
        box.toggled.connect(lambda on, n=name, b=box: self._loading or self.editor.set(
            MetaField(n), (not on) if invert else on, initiator=b))
        return box

    def _custom_period(self, form: QFormLayout) -> None:
        """From/to dates and the typed title of a custom period, shown when the period is one."""
        self.period_from, self.period_to = QDateEdit(), QDateEdit()
        for edit, name in ((self.period_from, "Kỳ báo cáo từ ngày"), (self.period_to, "Kỳ báo cáo đến ngày")):
            edit.setAccessibleName(name)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setDateRange(QDate(YEAR_MIN, 1, 1), QDate(YEAR_MAX, 12, 31))  # the years a report may speak of
            edit.dateChanged.connect(self._custom_edited)
        self.period_title = VnLineEdit()
        self.period_title.setAccessibleName("Tên kỳ báo cáo")
        self.period_title.setPlaceholderText(CUSTOM_TITLE_HINT)
        self.period_title.textEdited.connect(lambda _t: self._custom_edited())
        row = QHBoxLayout()
        row.addWidget(self.period_from)
        self._to_label = self._label(TO_LABEL, self.period_to)
        row.addWidget(self._to_label)
        row.addWidget(self.period_to)
        row.addStretch(1)
        self._from_label = self._label(FROM_LABEL, self.period_from)
        self._title_label = self._label(CUSTOM_TITLE_LABEL, self.period_title)
        form.addRow(self._from_label, row)
        form.addRow(self._title_label, self.period_title)
        # shown without editing: setting the dates fires dateChanged, which must not save a period
        # whose title is not in its field yet (opening a custom-period report erased its title)
        self._loading = True
        try:
            self._show_custom()
        finally:
            self._loading = False

    def _show_custom(self) -> None:
        """The custom period's fields from the draft, visible only for a custom period."""
        p = self.draft.period
        custom = p.type == "custom"
        for w in (self.period_from, self.period_to, self.period_title, self._from_label, self._to_label,
                  self._title_label):
            w.setVisible(custom)
        self.year.setEnabled(not custom)
        if not custom:
            return
        start, end = p.start or _dt.date(p.year, 1, 1), p.end or _dt.date(p.year, 12, 31)
        self.period_from.setDate(QDate(start.year, start.month, start.day))
        self.period_to.setDate(QDate(end.year, end.month, end.day))
        if self.period_title.text() != p.title:
            self.period_title.setText(p.title)

    # ----- edits (each one call to the editor, this widget as the initiator) -------------
    def _annex_toggled(self, off: bool) -> None:
        if self._loading:
            return
        kept = self.draft.annex_off_variant or self.draft.variant or "A-2024"
        self.editor.set(VariantField(), None if off else kept, initiator=self.no_annex)

    def _text_edited(self, edit: QWidget, name: str) -> None:
        if not self._loading:
            self.editor.set(MetaField(name), self.phrase_fields[name].stored(), initiator=edit)
            self._loading = True
            try:
                self.phrase_fields[name].recase()
            finally:
                self._loading = False
            self._show_phrases()

    def _bases_edited(self, items: list[str]) -> None:
        self.editor.set(MetaField("legal_bases"), self.phrase_bases.stored(items), initiator=self.bases)
        self._show_phrases()

    def _show_phrases(self) -> None:
        """The note naming the period phrases the app fills in these fields, if any."""
        phrases = [p for f in self.phrase_fields.values() for p in f.phrases()] + self.phrase_bases.phrases()
        self.phrase_note.setText(note_text(phrases))
        self.phrase_note.setVisible(bool(phrases))

    def _date_edited(self, qdate: QDate) -> None:
        if not self.no_date.isChecked() and not self._loading:
            value = _dt.date(qdate.year(), qdate.month(), qdate.day()).isoformat()
            self.editor.set(MetaField("date"), value, initiator=self.date)

    def _no_date_toggled(self, on: bool) -> None:
        self.date.setEnabled(not on)
        if self._loading:
            return
        if on:
            self.editor.set(MetaField("date"), None, initiator=self.date)
        else:
            self._date_edited(self.date.date())

    def _period_edited(self) -> None:
        if self._loading:
            return
        ptype = self.period.currentData()
        year = self.year.value()
        if ptype == "custom":
            if self.draft.period.type != "custom":  # a new custom period: the whole year to start with
                self._set_period({"type": "custom", "year": year, "start": f"{year}-01-01",
                                  "end": f"{year}-12-31"})
            self._loading = True
            try:
                self._show_custom()
            finally:
                self._loading = False
            return
        period: dict[str, object] = {"type": ptype, "year": year}
        if ptype == "5y":
            period["start_year"] = year - 4
        self._set_period(period)
        self._show_custom()

    def _custom_edited(self) -> None:
        if self._loading or self.draft.period.type != "custom":
            return
        start, end = (_dt.date(q.year(), q.month(), q.day()) for q in (self.period_from.date(), self.period_to.date()))
        end = max(start, end)  # the end never before the start (as in the new-report dialog)
        self._set_period({"type": "custom", "year": end.year, "start": start.isoformat(),
                          "end": end.isoformat(), "title": self.period_title.text().strip()})

    def _set_period(self, period: dict) -> None:
        """The period and the header words naming it, as one change (``DraftEditor.set_period``)."""
        self.editor.set_period(period, initiator=self.period)

    # ----- notices: show what changed elsewhere (an import, a restore, find and replace) ---
    def refresh(self, change, initiator) -> None:
        self._loading = True
        try:
            m = self.draft.meta
            period_moved = change.touches(PeriodField())
            for name, widget in self.fields.items():
                phrased = self.phrase_fields.get(name)
                if phrased is not None and (period_moved or change.touches(MetaField(name))):
                    # the words shown follow the period; a change made elsewhere is shown
                    if widget is not initiator and (period_moved or phrased.stored() != getattr(m, name)):
                        phrased.show(getattr(m, name))
                    continue
                if widget is initiator or not change.touches(MetaField(name)):
                    continue
                if isinstance(widget, VnLineEdit):
                    if widget.text() != getattr(m, name):
                        widget.setText(getattr(m, name))
                elif isinstance(widget, PlainTextEditor):
                    if widget.plain_text() != getattr(m, name):
                        widget.setPlainText(getattr(m, name))
            if (period_moved or change.touches(MetaField("legal_bases"))) and initiator is not self.bases \
                    and (period_moved or [b.stored for b in self.phrase_bases.bases] != list(m.legal_bases)):
                self.phrase_bases.show(list(m.legal_bases))
            if change.touches(MetaField("date")) and initiator is not self.date:
                self.no_date.setChecked(m.date is None)
                self.date.setEnabled(m.date is not None)
                if m.date is not None:
                    self.date.setDate(QDate(m.date.year, m.date.month, m.date.day))
            if change.touches(PeriodField()) and initiator is not self.period:
                self.period.setCurrentIndex(max(0, self.period.findData(self.draft.period.type)))
                self.year.setValue(self.draft.period.year)
                self._show_custom()
            self._show_phrases()
        finally:
            self._loading = False

    # ----- step hooks -------------------------------------------------------------------
    def owns_ref(self, ref) -> bool:
        return isinstance(ref, (MetaField, LegalBasis, PeriodField, VariantField))

    def focus_finding(self, finding) -> None:
        ref = finding.ref
        if isinstance(ref, LegalBasis):  # "Căn cứ thứ 3 còn chỗ «...»": that line is selected
            self.bases.list.setFocus()
            if 0 <= ref.index < self.bases.list.count():
                self.bases.list.setCurrentRow(ref.index)
                self.bases.list.scrollToItem(self.bases.list.item(ref.index))
            return
        widget = self.fields.get(ref.name) if isinstance(ref, MetaField) else (
            self.period if isinstance(ref, PeriodField) else None)
        if widget is not None:
            widget.setFocus()
            return
        self.focus_first()

    def focus_first(self) -> None:
        self.fields["issuing_body"].setFocus()
