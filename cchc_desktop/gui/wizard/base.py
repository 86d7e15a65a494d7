"""What every wizard step has: a title, a state from the findings, focusing a finding by its
typed reference, and a refresh of only what a change notice names."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ...rules import Finding

EMPTY, PARTIAL, ERROR, DONE = "empty", "partial", "error", "done"
STATE_TEXT = {EMPTY: "chưa nhập", PARTIAL: "đang nhập", ERROR: "có lỗi", DONE: "xong"}


class Step(QWidget):
    """A page of the wizard. Subclasses set ``title`` and implement the hooks below."""

    findingActivated = Signal(object)  # a finding whose place is on another step (the window goes there)

    @property
    def title(self) -> str:
        """The step's title in the list and on its page; subclasses override it."""
        return ""

    step_id = ""  # stable id in the wizard's step registry (``steps.py``)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        session.notice.connect(self._on_notice)

    @property
    def draft(self):
        return self.session.draft

    @property
    def editor(self):
        return self.session.editor

    def _on_notice(self, change, initiator) -> None:
        self.refresh(change, initiator)

    # ----- hooks ------------------------------------------------------------------------
    def refresh(self, change, initiator) -> None:
        """Show what ``change`` changed; skip the widget that is ``initiator`` (it already shows it)."""

    def set_findings(self, findings: list[Finding]) -> None:
        """The window's findings after a check (steps that show some of them override this)."""

    def owns(self, finding: Finding) -> bool:
        return finding.ref is not None and self.owns_ref(finding.ref)

    def owns_ref(self, ref) -> bool:
        return False

    def has_content(self) -> bool:
        return True

    def focus_finding(self, finding: Finding) -> None:
        self.focus_first()

    def focus_first(self) -> None:
        self.focusNextChild()

    def entered(self) -> None:
        """The user arrived on this step."""

    # ----- shared -----------------------------------------------------------------------
    def state(self, findings: list[Finding]) -> str:
        mine = [f for f in findings if self.owns(f)]
        if any(f.severity == "error" for f in mine):
            return ERROR
        if not self.has_content():
            return EMPTY
        return PARTIAL if mine else DONE

    def set_read_only(self) -> None:
        """Show, never change: text stays selectable and copyable, controls are disabled."""
        for w in self.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
                w.setReadOnly(True)
            elif isinstance(w, QAbstractItemView):
                w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            elif isinstance(w, (QAbstractButton, QComboBox, QAbstractSpinBox)):
                w.setEnabled(False)


def field_of(finding: Finding) -> str:
    return finding.field or ""
