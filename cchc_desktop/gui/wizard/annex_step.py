"""One step per annex form ("Biểu mẫu 1".."7"): the AnnexFormGrid of that form."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..widgets import AnnexFormGrid
from .base import Step


class AnnexStep(Step):
    def __init__(self, session, form, variant=None, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.form = form
        self.number = str(form.number)
        title = QLabel(f"<b>Biểu mẫu {form.number}.</b> {form.title}")
        title.setWordWrap(True)
        self.grid = AnnexFormGrid(form, dict(session.draft.annex.get(self.number, {})), self,
                                  variant=variant, annex_provider=lambda: self.session.draft.annex)
        self.grid.cellEdited.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.grid, 1)

    @property
    def title(self) -> str:
        return f"Biểu mẫu {self.form.number}"

    def _edited(self, code: str, field: str, text: str) -> None:
        self.session.edit(("annex", self.number, code, field), text)

    def has_content(self) -> bool:
        return bool(self.draft.annex.get(self.number))

    def owns(self, finding) -> bool:
        return finding.form is not None and str(finding.form) == self.number

    def focus_finding(self, finding) -> None:
        if finding.code:
            self.grid.focus_cell(finding.code)
        else:
            self.grid.setFocus()

    def focus_first(self) -> None:
        first = next((r.code for r in self.form.rows if r.is_input), None)
        if first:
            self.grid.focus_cell(first)
        else:
            self.grid.setFocus()
