"""One step per part of the outline (I, II, III, ...): the OutlineEditor for that part."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...editing import PeriodField, SectionField
from .. import text_tools
from ..widgets import OutlineEditor
from .base import Step


def _ids(section) -> set[str]:
    out = {section.id}
    for c in section.children:
        out |= _ids(c)
    return out


class OutlineStep(Step):
    def __init__(self, session, part_id: str, label: str, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.part_id = part_id
        self.label = label
        self.outline = OutlineEditor(session.draft, part_id, self, editor=session.editor)
        text_tools.attach_outline_editor(self.outline, session)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outline)

    @property
    def part(self):
        return self.outline.part

    def refresh(self, change, initiator) -> None:
        if change.structure or change.everything or change.touches(PeriodField()) \
                or any(self.outline.section(i) for i in change.sections()):
            self.outline.refresh(change, initiator)

    @property
    def title(self) -> str:  # "II. Kết quả thực hiện ..."
        from ...periods import fill_period_phrases  # "{kỳ báo cáo}" shown as the words it prints

        return f"{self.label} {fill_period_phrases(self.part.title, self.session.draft.period)}".strip()

    def has_content(self) -> bool:
        def walk(s):
            return bool(s.text.strip()) or any(walk(c) for c in s.children)
        return walk(self.part)

    def owns_ref(self, ref) -> bool:
        return isinstance(ref, SectionField) and ref.section_id in _ids(self.part)

    def focus_finding(self, finding) -> None:
        ref = finding.ref
        self.outline.select_section(ref.section_id)
        if ref.part == "title":
            self.outline.title_edit.setFocus()
            self.outline.title_edit.selectAll()
            return
        self.outline.text_edit.setFocus()
        # the words a note is about (a figure chip is one character here, a token in the text)
        # (the editor shows the period phrases filled: the span moves with them)
        span = self.outline.pane.shown_span(ref.section_id, ref.span) if ref.span else ref.span
        text_tools.select_span(self.outline.text_edit, span)

    def focus_first(self) -> None:
        self.outline.text_edit.setFocus()
