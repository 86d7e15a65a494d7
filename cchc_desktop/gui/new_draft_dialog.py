"""Create a draft: kind, period, year, annex variant; prefilled from the commune profile.

Laid out in ``ui/new_draft_dialog.ui``. ``exec()`` then ``draft()`` for the new Draft (not
yet stored).
"""
from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QLabel, QLineEdit, QSpinBox, QWidget

from ..draft import Period
from ..outlines import NO_ANNEX as NO_ANNEX_ID
from ..outlines import document_kind, document_kinds, new_draft
from ..periods import YEAR_MAX, YEAR_MIN, period_title
from ..store.profile import Profile
from ..vnformat import default_summary
from .messages import CANCEL
from .uiload import child, dispose, load_dialog
from .variants import variant_choices

PERIOD_NAMES = {"q1": "Quý I", "6m": "6 tháng đầu năm", "q3": "Quý III", "9m": "9 tháng",
                "year": "Cả năm", "5y": "Giai đoạn 5 năm", "custom": "Kỳ đột xuất (tự chọn ngày)"}
NO_ANNEX = "Không kèm phụ lục biểu mẫu"
SUMMARY = "Trích yếu: <b>{summary}</b>"
PROFILE_NOTE = "Tên cơ quan, địa danh, người ký và nơi nhận lấy từ hồ sơ của xã ({body})."


def default_period(today: _dt.date | None = None) -> tuple[str, int]:
    """The report a commune is most likely writing now (6-month report in May-July, ...)."""
    today = today or _dt.date.today()
    if today.month <= 1:
        return "year", today.year - 1
    if today.month <= 4:
        return "q1", today.year
    if today.month <= 7:
        return "6m", today.year
    if today.month <= 10:
        return "q3", today.year
    return "year", today.year


class NewDraftDialog:
    def __init__(self, profile: Profile | None = None, parent: QWidget | None = None):
        self.profile = profile
        self._result = None
        self.dialog: QDialog = load_dialog("new_draft_dialog.ui", parent)
        d = self.dialog
        self.kind = child(d, QComboBox, "kindCombo")
        self.period = child(d, QComboBox, "periodCombo")
        self.year = child(d, QSpinBox, "yearSpin")
        self.variant = child(d, QComboBox, "variantCombo")
        self.summary = child(d, QLabel, "summaryLabel")
        self.date_from = child(d, QDateEdit, "fromDate")
        self.date_to = child(d, QDateEdit, "toDate")
        self.period_name = child(d, QLineEdit, "periodTitleEdit")
        self._custom_rows = [self.date_from, self.date_to, self.period_name, child(d, QLabel, "fromLabel"),
                             child(d, QLabel, "toLabel"), child(d, QLabel, "periodTitleLabel")]
        for edit in (self.date_from, self.date_to):  # the years a report may speak of
            edit.setDateRange(QDate(YEAR_MIN, 1, 1), QDate(YEAR_MAX, 12, 31))
        today = QDate.currentDate()
        self.date_from.setDate(QDate(today.year(), 1, 1))
        self.date_to.setDate(today)
        buttons = child(d, QDialogButtonBox, "buttonBox")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Tạo báo cáo")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(CANCEL)
        buttons.accepted.connect(d.accept)
        buttons.rejected.connect(d.reject)
        if profile is not None and profile.issuing_body:
            child(d, QLabel, "profileLabel").setText(PROFILE_NOTE.format(body=profile.issuing_body))
        for spec in document_kinds():
            self.kind.addItem(spec.name, spec.kind)
        for variant_id, label in variant_choices():
            self.variant.addItem(label, variant_id)
        self.variant.addItem(NO_ANNEX, NO_ANNEX_ID)
        wanted = getattr(profile, "default_variant", None)
        if wanted and self.variant.findData(wanted) >= 0:
            self.variant.setCurrentIndex(self.variant.findData(wanted))
        ptype, year = default_period()
        self.year.setValue(year)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentIndexChanged.connect(self._update_summary)
        self.year.valueChanged.connect(self._update_summary)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._update_summary)
        self.period_name.textChanged.connect(self._update_summary)
        self._kind_changed()
        index = self.period.findData(ptype)
        if index >= 0:
            self.period.setCurrentIndex(index)
        fm = d.fontMetrics()
        d.resize(max(d.sizeHint().width(), fm.averageCharWidth() * 70), d.sizeHint().height())

    def _kind_changed(self) -> None:
        spec = document_kind(self.kind.currentData())
        self.period.blockSignals(True)
        self.period.clear()
        for ptype in (*spec.period_types, "custom"):
            self.period.addItem(PERIOD_NAMES.get(ptype, ptype), ptype)
        self.period.blockSignals(False)
        # every kind may carry the annex; a kind without it by default starts without
        wanted = getattr(self.profile, "default_variant", None) if spec.annexes else NO_ANNEX_ID
        index = self.variant.findData(wanted) if wanted else -1
        self.variant.setCurrentIndex(index if index >= 0 else 0)
        self._update_summary()

    def selected_period(self) -> Period:
        ptype = self.period.currentData() or "6m"
        if ptype == "custom":
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
            return Period(type="custom", year=end.year, start=start, end=max(start, end),
                          title=self.period_name.text().strip())
        year = self.year.value()
        return Period(type=ptype, year=year, start_year=year - 4 if ptype == "5y" else None)

    def _update_summary(self) -> None:
        custom = self.period.currentData() == "custom"
        for w in self._custom_rows:
            w.setVisible(custom)
        self.year.setEnabled(not custom)
        try:
            draft = new_draft(self.kind.currentData(), self.selected_period(), None, None)
            self.summary.setText(SUMMARY.format(summary=default_summary(draft)))
        except Exception:  # noqa: BLE001 - best-effort: the label is only a hint
            self.summary.setText(period_title(self.selected_period()))

    def draft(self):
        if self._result is not None:
            return self._result
        spec = document_kind(self.kind.currentData())
        return new_draft(spec.kind, self.selected_period(), self.variant.currentData(), self.profile)

    def exec(self) -> int:
        """Modal; the dialog is deleted once control is back in the event loop (read the
        result right after), not left as a hidden child of the window until it closes."""
        try:
            result = self.dialog.exec()
            if result:
                self._result = self.draft()
            return result
        finally:
            dispose(self.dialog)
