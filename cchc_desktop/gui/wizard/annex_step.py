"""One step per annex form ("Biểu mẫu 1".."7"): the AnnexFormGrid of that form."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...editing import AnnexCell
from ..widgets import AnnexFormGrid
from .base import Step


class AnnexStep(Step):
    def __init__(self, session, form, variant=None, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.form = form
        self.number = str(form.number)
        title = QLabel(f"<b>Biểu mẫu {form.number}.</b> {form.title}")
        title.setWordWrap(True)
        self.grid = AnnexFormGrid(form, None, self, variant=variant, editor=session.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.grid, 1)

    @property
    def title(self) -> str:
        return f"Biểu mẫu {self.form.number}"

    def refresh(self, change, initiator) -> None:
        if initiator is not self.grid.model and (change.everything or self.number in change.annex_forms()):
            self.grid.model.reload()

    def set_findings(self, findings) -> None:
        self.grid.show_findings([f for f in findings if self.owns(f)])

    def has_content(self) -> bool:
        return bool(self.draft.annex.get(self.number))

    def owns_ref(self, ref) -> bool:
        return isinstance(ref, AnnexCell) and ref.form == self.number

    def focus_finding(self, finding) -> None:
        ref = finding.ref
        if isinstance(ref, AnnexCell):
            self.grid.focus_cell(ref.code, ref.part)
        else:
            self.grid.setFocus()

    def focus_first(self) -> None:
        first = next((r.code for r in self.form.rows if r.is_input), None)
        if first:
            self.grid.focus_cell(first)
        else:
            self.grid.setFocus()
