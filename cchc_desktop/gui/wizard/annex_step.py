"""One step per annex form ("Biểu mẫu 1".."7"): the AnnexFormGrid of that form."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...editing import AnnexCell
from ..widgets import AnnexFormGrid
from .base import Step

PANEL_KEY = "annex.findings_panel"  # setting: {"open": bool, "height": px}


class AnnexStep(Step):
    def __init__(self, session, form, variant=None, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.form = form
        self.number = str(form.number)
        title = QLabel(f"<b>Biểu mẫu {form.number}.</b> {form.title}")
        title.setWordWrap(True)
        self.grid = AnnexFormGrid(form, None, self, variant=variant, editor=session.editor)
        self._applying = False
        self.grid.panelToggled.connect(lambda _on: self._remember_panel())
        self.grid.elsewhereRequested.connect(self.findingActivated.emit)
        self.grid.splitter.splitterMoved.connect(lambda *_: self._remember_panel())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.grid, 1)

    @property
    def title(self) -> str:
        return f"Biểu mẫu {self.form.number}"

    # ----- the findings panel: folded or its height, the same on every form, remembered -----
    def entered(self) -> None:
        saved = self._setting()
        self._applying = True
        try:
            self.grid.set_panel_open(bool(saved.get("open", True)))
            height = saved.get("height")
            total = sum(self.grid.splitter.sizes())
            if isinstance(height, int) and self.grid.toggle.isChecked() and 0 < height < total:
                self.grid.splitter.setSizes([total - height, height])
        finally:
            self._applying = False

    def _setting(self) -> dict:
        try:
            value = self.session.store.get_setting(PANEL_KEY)
        except Exception:  # noqa: BLE001 - best-effort: comfort only
            return {}
        return value if isinstance(value, dict) else {}

    def _remember_panel(self) -> None:
        if self._applying:
            return
        sizes = self.grid.splitter.sizes()
        value = {"open": self.grid.toggle.isChecked(), "height": sizes[1] if len(sizes) > 1 else None}
        from ..later import write_soon

        store = self.session.store
        write_soon(store, PANEL_KEY, lambda: store.set_setting(PANEL_KEY, value), "remembering the findings panel")

    def refresh(self, change, initiator) -> None:
        if initiator is not self.grid.model and (change.everything or self.number in change.annex_forms()):
            self.grid.model.reload()

    def set_findings(self, findings) -> None:
        """This form's findings, and the notes about its rows placed elsewhere (a sentence of the
        text that quotes another figure than the table: issue 13 item 13)."""
        related = [f for f in findings if not self.owns(f) and isinstance(f.related, AnnexCell)
                   and f.related.form == self.number]
        self.grid.show_findings([f for f in findings if self.owns(f)] + related)

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
