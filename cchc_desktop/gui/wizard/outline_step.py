"""One step per part of the outline (I, II, III, ...): the OutlineEditor for that part."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from .. import text_tools
from ..widgets import OutlineEditor
from .base import Step, field_of


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
        self.editor = OutlineEditor(session.draft, part_id, self)
        self.editor.fieldEdited.connect(self.session.edit)
        self.editor.structureChanged.connect(self.session.outline_changed)
        text_tools.attach_outline_editor(self.editor, session)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)

    @property
    def part(self):
        return self.editor.part

    @property
    def title(self) -> str:  # "II. Kết quả thực hiện ..."
        return f"{self.label} {self.part.title}".strip()

    def has_content(self) -> bool:
        def walk(s):
            return bool(s.text.strip()) or any(walk(c) for c in s.children)
        return walk(self.part)

    def owns(self, finding) -> bool:
        f = field_of(finding)
        return f.startswith("section.") and f.partition(".")[2] in _ids(self.part)

    def focus_finding(self, finding) -> None:
        self.editor.select_section(field_of(finding).partition(".")[2])
        text_tools.select_span(self.editor.text_edit, getattr(finding, "span", None))
        self.editor.text_edit.setFocus()

    def focus_first(self) -> None:
        self.editor.text_edit.setFocus()
