"""The right side of the outline editor: one section's number, title, guidance and text.

Each section keeps its own text document while the editor lives, so switching sections
keeps each section's undo history. The pane only reports edits; the outline editor applies them.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextDocumentLayout, QVBoxLayout, QWidget

from ...draft import Section
from ...textnorm import clean_text
from . import figure_text
from .section_tools import SectionTextTools
from .text_edit import PlainTextEditor, VnLineEdit

# Vietnamese UI text of the pane.
T_TITLE_NAME = "Tiêu đề mục"
T_TEXT_NAME = "Nội dung mục"
T_GUIDE_NAME = "Hướng dẫn viết mục"
T_GUIDE_PREFIX = "Hướng dẫn:"
T_TITLE_LABEL = "&Tiêu đề:"
T_TEXT_LABEL = "&Nội dung:"
T_TEXT_PLACEHOLDER = ("Nhập nội dung của mục. Mỗi ý một dòng; liệt kê bằng «- » hoặc «+ » ở đầu dòng "
                      "(có thể dán từ Word hoặc báo cáo kỳ trước).")


class SectionPane(QWidget):
    titleEdited = Signal(str, str)  # section id, title as typed
    textEdited = Signal(str, str)  # section id, text as stored (clean, NFC)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._docs: dict[str, QTextDocument] = {}
        self._section: Section | None = None
        self._loading = False

        self.number_label = QLabel(self)
        bold = QFont(self.font())
        bold.setBold(True)
        self.number_label.setFont(bold)
        title_caption = QLabel(T_TITLE_LABEL, self)
        self.title_edit = VnLineEdit(self)
        self.title_edit.setAccessibleName(T_TITLE_NAME)
        title_caption.setBuddy(self.title_edit)
        self.title_edit.textEdited.connect(self._on_title_edited)
        title_row = QHBoxLayout()
        title_row.addWidget(title_caption)
        title_row.addWidget(self.number_label)
        title_row.addWidget(self.title_edit, 1)

        self.guidance = QLabel(self)
        self.guidance.setObjectName("outlineGuidance")
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.RichText)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guidance.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.guidance.setAccessibleName(T_GUIDE_NAME)
        self.guidance.setFrameShape(QFrame.Shape.StyledPanel)
        self.guidance.setMargin(8)
        self.guidance.setStyleSheet("#outlineGuidance { background: #f3f6fa; border: 1px solid #d5dde8;"
                                    " border-radius: 4px; color: #4a5563; }")

        self.text_edit = PlainTextEditor(self, join_lines=True)
        self.text_tools = SectionTextTools(self)  # figure chips, spelling, «Chèn số liệu»
        self.text_edit.setAccessibleName(T_TEXT_NAME)
        self.text_edit.setPlaceholderText(T_TEXT_PLACEHOLDER)
        text_font = self.text_edit.font()
        text_font.setPointSizeF(text_font.pointSizeF() + 1)
        self.text_edit.setFont(text_font)
        text_caption = QLabel(T_TEXT_LABEL, self)
        text_caption.setBuddy(self.text_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.guidance)
        layout.addWidget(text_caption)
        layout.addWidget(self.text_edit, 1)

    def show_section(self, node: Section | None, number: str = "") -> None:
        """Show ``node`` (None: an empty, disabled pane) without emitting edits."""
        self._section = node
        self._loading = True
        try:
            self.number_label.setText(number if node else "")
            self.title_edit.setText(node.title if node else "")
            self.title_edit.setEnabled(node is not None)
            guidance = node.guidance.strip() if node else ""
            self.guidance.setText(f"<b>{T_GUIDE_PREFIX}</b> {_html(guidance)}")
            self.guidance.setVisible(bool(guidance))
            self.text_edit.setEnabled(node is not None)
            if node is not None:
                self.text_edit.setDocument(self._document(node))
                self.text_edit.moveCursor(self.text_edit.textCursor().MoveOperation.End)
        finally:
            self._loading = False

    def set_title(self, title: str) -> None:
        """Reflect a rename made elsewhere (inline in the tree)."""
        if self.title_edit.text() != title:
            self._loading = True
            self.title_edit.setText(title)
            self._loading = False

    def set_number(self, number: str) -> None:
        self.number_label.setText(number)

    def reload_section(self, node: Section) -> None:
        """The section's text changed elsewhere: put it in its document (kept as one undo step)."""
        doc = self._docs.get(node.id)
        if doc is None or clean_text(figure_text.stored_text(doc)) == node.text:
            return
        self._loading = True
        try:
            from PySide6.QtGui import QTextCursor

            cursor = QTextCursor(doc)
            cursor.select(QTextCursor.SelectionType.Document)
            figure_text.insert_text(cursor, node.text)  # figure references become chips again
        finally:
            self._loading = False

    def forget(self, live_ids: set[str]) -> None:
        """Drop the documents of sections that no longer exist."""
        for gone in set(self._docs) - live_ids:
            self._docs.pop(gone).deleteLater()

    # ----- internals ---------------------------------------------------------------------------
    def _document(self, node: Section) -> QTextDocument:
        doc = self._docs.get(node.id)
        if doc is None:
            doc = QTextDocument(self)
            doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
            doc.setDefaultFont(self.text_edit.font())
            doc.setDocumentMargin(8)
            self.text_tools.prepare(doc)
            figure_text.load_text(doc, node.text)
            doc.setModified(False)
            doc.contentsChanged.connect(lambda sid=node.id, d=doc: self._on_text_changed(sid, d))
            self._docs[node.id] = doc
        return doc

    def _on_text_changed(self, section_id: str, doc: QTextDocument) -> None:
        if not self._loading:
            self.textEdited.emit(section_id, clean_text(figure_text.stored_text(doc)))

    def _on_title_edited(self, text: str) -> None:
        if not self._loading and self._section is not None:
            self.titleEdited.emit(self._section.id, text)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
