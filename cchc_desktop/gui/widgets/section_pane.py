"""The right side of the outline editor: one section's number, title, guidance and text.

Each section keeps its own text document while the editor lives, so switching sections
keeps each section's undo history. The pane only reports edits; the outline editor applies them.

Period placeholders (``{kỳ báo cáo}``, ``{kỳ tới}``) are shown as the words they print ("6 tháng
cuối năm 2025"), tinted in the text, and named in a note under the title. What the user types
is followed through each edit (``editing.period.PhraseTracker``): a phrase left as shown is stored
as its placeholder again, a phrase the user changed is stored as typed, and a kept phrase that
moves to or from a sentence start shows the capital it prints with. A new period refills the
texts and clears their undo history (undo must not bring back last period's words as typing).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextDocumentLayout,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...draft import Period, Section
from ...editing.period import PhraseTracker, Shown, shown_phrases
from ...figrefs import TOKEN_RE
from ...textnorm import clean_line, clean_text
from . import figure_text
from .figure_text import OBJECT_CHAR
from .period_phrases import NOTE_STYLE, PHRASE_TINT, T_PHRASE_NAME, note_text
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
T_LEVEL_STYLE = "Số &cấp này:"
T_LEVEL_STYLE_TIP = "Kiểu số của mọi mục cùng cấp trong văn bản (trừ nơi mục cha chọn kiểu riêng)"
T_CHILD_STYLE = "Số mục c&on:"
T_CHILD_STYLE_TIP = "Kiểu số riêng cho các mục con của mục này, ví dụ «Phần thứ hai» đánh 1., 2."
T_FORM = "Cách &in:"
T_BY_LEVEL = "Theo cấp (mặc định)"
STYLE_NAMES = (("part_ordinal", "Phần thứ nhất, thứ hai, ..."), ("roman", "I., II., III."), ("arabic", "1., 2., 3."),
               ("decimal", "1.1., 1.2."), ("alpha", "a) b) c) d) đ) e) g)"),
               ("alpha_no_dd", "a) b) c) d) e) g) (bỏ đ)"),
               ("dash", "Gạch đầu dòng «-»"), ("plus", "Dấu «+»"), ("star", "Dấu «*»"), ("none", "Không đánh số"))
FORM_NAMES = (("heading", "Đề mục, nội dung xuống dòng"), ("runin", "Đề mục chạy liền nội dung"),
              ("paragraph", "Đoạn văn có số, không tiêu đề"))


class SectionPane(QWidget):
    titleEdited = Signal(str, str)  # section id, title as typed
    textEdited = Signal(str, str)  # section id, text as stored (clean, NFC)
    levelStyleChosen = Signal(int, str)  # outline level, numbering style of that level
    childStyleChosen = Signal(str, str)  # section id, style of its children ("" = by level)
    formChosen = Signal(str, str)  # section id, how it prints (heading, runin, paragraph)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._docs: dict[str, QTextDocument] = {}
        self._section: Section | None = None
        self._loading = False
        # the period the placeholders are filled with (set by the outline editor); what each
        # text and the title were shown as, to map the user's edits back
        self.period_of: Callable[[], Period | None] = lambda: None
        self._text_tracks: dict[str, PhraseTracker] = {}
        self._plain: dict[str, str] = {}  # each document's text when last read (see _on_text_changed)
        self._steps: dict[str, tuple[int, int]] = {}  # each document's undo/redo step counts
        self._title_track = PhraseTracker()

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
        self.phrase_note = QLabel(self)
        self.phrase_note.setObjectName("periodPhraseNote")
        self.phrase_note.setWordWrap(True)
        self.phrase_note.setAccessibleName(T_PHRASE_NAME)
        self.phrase_note.setStyleSheet(f"#periodPhraseNote {{ {NOTE_STYLE.format(tint=PHRASE_TINT)} }}")
        self.phrase_note.setVisible(False)

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

        self._level = 0
        self.level_style = self._combo(STYLE_NAMES, T_LEVEL_STYLE_TIP)
        self.child_style = self._combo(((("", T_BY_LEVEL),) + STYLE_NAMES), T_CHILD_STYLE_TIP)
        self.form_choice = self._combo(FORM_NAMES, "")
        self.level_style.activated.connect(self._emit_level)
        self.child_style.activated.connect(lambda _i: self._emit_section(self.childStyleChosen, self.child_style))
        self.form_choice.activated.connect(lambda _i: self._emit_section(self.formChosen, self.form_choice))
        style_row = QGridLayout()
        for i, (caption, combo) in enumerate(((T_LEVEL_STYLE, self.level_style), (T_CHILD_STYLE, self.child_style),
                                              (T_FORM, self.form_choice))):
            label = QLabel(caption, self)
            label.setBuddy(combo)
            style_row.addWidget(label, i, 0)
            style_row.addWidget(combo, i, 1)
        style_row.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.phrase_note)
        layout.addLayout(style_row)
        layout.addWidget(self.guidance)
        layout.addWidget(text_caption)
        layout.addWidget(self.text_edit, 1)

    def _combo(self, items, tip: str) -> QComboBox:
        combo = QComboBox(self)
        for value, text in items:
            combo.addItem(text, value)
        # narrow when the window is (a 1366x768 screen at 150 %): the list still opens full width
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setToolTip(tip)
        combo.setAccessibleName(tip or T_FORM.replace("&", "").rstrip(":"))
        return combo

    def _emit_level(self, _index: int = 0) -> None:
        if not self._loading and self._section is not None:
            self.levelStyleChosen.emit(self._level, self.level_style.currentData())

    def _emit_section(self, signal, combo: QComboBox) -> None:
        if not self._loading and self._section is not None:
            signal.emit(self._section.id, combo.currentData() or "")

    def show_numbering(self, level: int, level_style: str, node: Section | None) -> None:
        """The numbering choices of the shown section: its level's style, its children's, its form."""
        self._level = level
        self._loading = True
        try:
            self.level_style.setCurrentIndex(max(0, self.level_style.findData(level_style)))
            self.child_style.setCurrentIndex(max(0, self.child_style.findData(node.numbering or "") if node else 0))
            self.form_choice.setCurrentIndex(max(0, self.form_choice.findData(node.form) if node else 0))
            for combo in (self.level_style, self.child_style, self.form_choice):
                combo.setEnabled(node is not None)
        finally:
            self._loading = False

    def show_section(self, node: Section | None, number: str = "") -> None:
        """Show ``node`` (None: an empty, disabled pane) without emitting edits."""
        self._section = node
        self._loading = True
        try:
            self.number_label.setText(number if node else "")
            self.title_edit.setText(self._title_track.reset(node.title if node else "", self.period_of()).shown)
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
        self._show_phrases()

    def set_title(self, title: str) -> None:
        """Reflect a rename made elsewhere (inline in the tree): ``title`` as stored."""
        base = self._shown(title)
        if self.title_text() == title and self.title_edit.text() == base.shown:
            return
        self._loading = True
        self.title_edit.setText(self._title_track.reset(title, self.period_of()).shown)
        self._loading = False
        self._show_phrases()

    def title_text(self) -> str:
        """The title as typed, as it is stored (the phrases left as shown are placeholders)."""
        return self._title_track.stored(clean_line(self.title_edit.text()))

    def shown_title(self, title: str) -> Shown:
        """A stored title as this pane shows it (the tree's inline rename shows the same)."""
        return self._shown(title)

    def set_number(self, number: str) -> None:
        self.number_label.setText(number)

    def reload_section(self, node: Section, new_period: bool = False) -> None:
        """The section's text changed elsewhere (kept as one undo step), or the period its phrases
        are filled with (``new_period``: the undo history is cleared, since undoing the refill
        would bring back last period's words as if the user had typed them)."""
        doc = self._docs.get(node.id)
        if doc is None:
            return
        track = self._text_tracks.setdefault(node.id, PhraseTracker())
        base = track.reset(node.text, self.period_of())
        if clean_text(figure_text.stored_text(doc)) != base.shown:
            self._loading = True
            try:
                cursor = QTextCursor(doc)
                cursor.select(QTextCursor.SelectionType.Document)
                figure_text.insert_text(cursor, base.shown)  # figure references become chips again
            finally:
                self._loading = False
        if new_period:
            doc.clearUndoRedoStacks()
        if self._section is not None and node.id == self._section.id:
            self._show_phrases()

    def reload_phrases(self, sections: dict[str, Section]) -> None:
        """The period changed: every title and text shows the new period's words."""
        for section_id in list(self._docs):
            if section_id in sections:
                self.reload_section(sections[section_id], new_period=True)
        if self._section is not None:
            self.set_title(self._section.title)

    def shown_span(self, section_id: str, span: tuple[int, int]) -> tuple[int, int]:
        """A span of the stored text (a finding's words) in the text as shown."""
        from ...editing.period import shown_position

        track = self._text_tracks.get(section_id)
        if track is None:
            return span
        return (shown_position(track.state, span[0]), shown_position(track.state, span[1]))

    def forget(self, live_ids: set[str]) -> None:
        """Drop the documents of sections that no longer exist."""
        for gone in set(self._docs) - live_ids:
            self._docs.pop(gone).deleteLater()
            self._text_tracks.pop(gone, None)
            self._plain.pop(gone, None)
            self._steps.pop(gone, None)

    # ----- internals ---------------------------------------------------------------------------
    def _document(self, node: Section) -> QTextDocument:
        doc = self._docs.get(node.id)
        if doc is None:
            doc = QTextDocument(self)
            doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
            doc.setDefaultFont(self.text_edit.font())
            doc.setDocumentMargin(8)
            self.text_tools.prepare(doc)
            track = self._text_tracks[node.id] = PhraseTracker(node.text, self.period_of())
            figure_text.load_text(doc, track.state.shown)
            doc.setModified(False)
            doc.contentsChanged.connect(lambda sid=node.id, d=doc: self._on_text_changed(sid, d))
            self._docs[node.id] = doc
        return doc

    def stored_section_text(self, section_id: str) -> str | None:
        """The text of a section's document as it is stored (placeholders for the kept phrases)."""
        doc = self._docs.get(section_id)
        if doc is None:
            return None
        track = self._text_tracks.setdefault(section_id, PhraseTracker())
        return track.stored(clean_text(figure_text.stored_text(doc)))

    def _on_text_changed(self, section_id: str, doc: QTextDocument) -> None:
        plain = doc.toPlainText()  # C++: cheap next to reading the document for its figures
        if plain == self._plain.get(section_id) and OBJECT_CHAR not in plain:
            return  # formats only (the spelling underline of each block): nothing was typed
        self._plain[section_id] = plain
        steps = (doc.availableUndoSteps(), doc.availableRedoSteps())
        before = self._steps.get(section_id, (0, 0))
        undo_or_redo = steps[0] < before[0] or steps[1] < before[1]
        self._steps[section_id] = steps
        if not self._loading:
            self.textEdited.emit(section_id, self.stored_section_text(section_id) or "")
            track = self._text_tracks.get(section_id)
            if track is not None and track.state.shown != plain and not undo_or_redo:
                QTimer.singleShot(0, lambda: self._recase_text(section_id, doc))
            if self._section is not None and section_id == self._section.id:
                self._show_phrases()

    def _recase_text(self, section_id: str, doc: QTextDocument) -> None:
        """A kept phrase now at (or no longer at) a sentence start shows the capital it prints
        with. The letter is its own undo step (Qt joins no step to a typed one): undoing it is
        left alone, so a second undo takes the user's edit back."""
        track = self._text_tracks.get(section_id)
        text = clean_text(figure_text.stored_text(doc))
        if track is None or track.state.shown == text or len(track.state.shown) != len(text):
            return
        self._loading = True
        try:
            for s, _e, _t in track.state.spans:
                want = track.state.shown[s]
                cursor = _doc_cursor(doc, text, s, s + 1) if text[s] != want else None
                if cursor is not None:
                    cursor.insertText(want)
        finally:
            self._loading = False

    def _on_title_edited(self, _text: str) -> None:
        if not self._loading and self._section is not None:
            self.titleEdited.emit(self._section.id, self.title_text())
            self._recase_title()
            self._show_phrases()

    def _recase_title(self) -> None:
        typed, shown = self.title_edit.text(), self._title_track.state.shown
        if typed == shown or len(typed) != len(shown) or typed.lower() != shown.lower():
            return  # (spaces the line cleaning folds: left as typed)
        at = self.title_edit.cursorPosition()
        self._loading = True
        self.title_edit.setText(shown)
        self.title_edit.setCursorPosition(at)
        self._loading = False

    # ----- period phrases ------------------------------------------------------------------------
    def _shown(self, stored: str) -> Shown:
        period = self.period_of()
        return shown_phrases(stored, period) if period is not None else Shown(stored, stored)

    def _show_phrases(self) -> None:
        """The note naming the phrases the app fills in this section, and their tint in the text."""
        phrases: list[str] = []
        self.title_text()  # the title tracker follows the field
        state = self._title_track.state
        phrases += [state.shown[a:b] for a, b, _t in state.spans]
        selections = []
        node = self._section
        doc = self._docs.get(node.id) if node is not None else None
        if doc is not None and node is not None and self.text_edit.document() is doc:
            text = clean_text(figure_text.stored_text(doc))
            tint = QTextCharFormat()
            tint.setBackground(QColor(PHRASE_TINT))
            self.stored_section_text(node.id)  # the tracker follows the document
            spans = self._text_tracks[node.id].state.spans if text == self._text_tracks[node.id].state.shown else ()
            for a, b, _t in spans:
                phrases.append(text[a:b])
                cursor = _doc_cursor(doc, text, a, b)
                if cursor is not None:
                    sel = QTextEdit.ExtraSelection()
                    sel.cursor, sel.format = cursor, tint
                    selections.append(sel)
        self.text_edit.setExtraSelections(selections)
        self.phrase_note.setText(note_text(phrases))
        self.phrase_note.setVisible(bool(phrases))


def _doc_cursor(doc: QTextDocument, text: str, start: int, end: int) -> QTextCursor | None:
    """A cursor on ``text[start:end]`` (positions in the stored text) in ``doc``, where a figure
    reference is one character; None when the document does not hold those words there."""
    def to_doc(pos: int) -> int:
        return pos - sum(m.end() - m.start() - 1 for m in TOKEN_RE.finditer(text, 0, pos))

    a, b = to_doc(start), to_doc(end)
    if b > doc.characterCount() - 1:
        return None
    cursor = QTextCursor(doc)
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    shown = cursor.selectedText().replace("\u2029", "\n")
    return cursor if shown == text[start:end] else None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
