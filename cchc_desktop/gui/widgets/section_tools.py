"""What a section's text editor needs beyond typing: figure chips drawn with the tables' current
values, the spell-check underline, «Chèn số liệu» and «Thêm vào từ điển». Inactive until
:meth:`SectionTextTools.attach` gives it the draft (and a spell service)."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor, QTextDocument

from ...figrefs import Printer, printer
from ...forms import get_variant
from . import figure_text
from .spell_highlight import SpellHighlighter

log = logging.getLogger(__name__)
_NUMBER_AT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?%?|\d+(?:[.,]\d+)?%?")


class SectionTextTools(QObject):
    def __init__(self, pane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.editor = pane.text_edit
        self.draft_getter: Callable | None = None
        self.service = None
        self.on_add_word: Callable[[str], None] | None = None
        self._printer: Printer | None = None
        self._stamp: str | None = None
        self._docs: list[QTextDocument] = []
        self.editor.figure_lookup = self.value
        self.editor.insertFigureRequested.connect(self.insert_figure)
        self.editor.addWordRequested.connect(self._add_word)

    # ----- set up -------------------------------------------------------------------------------
    def attach(self, draft_getter: Callable, service=None, on_add_word: Callable[[str], None] | None = None) -> None:
        self.draft_getter, self.service, self.on_add_word = draft_getter, service, on_add_word
        self.editor.spell = service
        self.editor.figures_enabled = bool(getattr(draft_getter(), "variant", None))
        for doc in self._docs:
            self._highlight(doc)
        self.refresh()

    def prepare(self, doc: QTextDocument) -> None:
        """A new section document: chips drawn, spelling underlined."""
        figure_text.install(doc, self.value)
        self._docs.append(doc)
        doc.destroyed.connect(lambda *_, d=doc: self._docs.remove(d) if d in self._docs else None)
        self._highlight(doc)

    def _highlight(self, doc: QTextDocument) -> None:
        if self.service is not None and not getattr(doc, "_spell", None):
            doc._spell = SpellHighlighter(doc, self.service)

    # ----- values -------------------------------------------------------------------------------
    def value(self, form: int, code: str) -> str | None:
        if self._printer is None:
            if self.draft_getter is None:
                return None
            self._printer = printer(self.draft_getter())
        return self._printer.value(form, code)

    def refresh(self) -> None:
        """The tables changed: chips show the new values (a text edit alone redraws nothing)."""
        draft = self.draft_getter() if self.draft_getter else None
        stamp = repr(getattr(draft, "annex", None)) + str(getattr(draft, "variant", ""))
        if stamp == self._stamp:
            return
        self._stamp = stamp
        self._printer = None
        for doc in self._docs:
            figure_text.refresh(doc)
        self.editor.viewport().update()

    # ----- «Chèn số liệu» ------------------------------------------------------------------------
    def insert_figure(self) -> None:
        from .insert_figure import InsertFigureDialog

        draft = self.draft_getter() if self.draft_getter else None
        if draft is None or not draft.variant:
            return
        try:
            variant = get_variant(draft.variant)
        except Exception:
            log.exception("no variant for «Chèn số liệu»")
            return
        self._printer = None
        cursor = self.editor.textCursor()
        target, span = self._figure_at(cursor, variant)
        dialog = InsertFigureDialog(variant, printer(draft), target, self.editor)
        if not dialog.exec() or dialog.chosen is None:
            return
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        if span is not None:  # the figure under the cursor (or selected, with its unit): its number
            block = cursor.block()
            cursor.setPosition(block.position() + span[0])
            cursor.setPosition(block.position() + span[1], QTextCursor.MoveMode.KeepAnchor)
        if cursor.hasSelection():
            cursor.removeSelectedText()
        figure_text.insert_ref(cursor, *dialog.chosen)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def _figure_at(self, cursor: QTextCursor, variant) -> tuple[tuple[int, str] | None, tuple[int, int] | None]:
        """The row the figure under the cursor speaks of, and the span of its number."""
        from ...annex import evaluate_annex
        from ...checks.textcheck import match_figures, targets

        block = cursor.block()
        text = block.text()
        a = min(cursor.anchor(), cursor.position()) - block.position()
        b = max(cursor.anchor(), cursor.position()) - block.position()
        getter = self.draft_getter
        if getter is None:
            return None, None
        try:
            matches = match_figures(text, targets(variant), evaluate_annex(variant, getter().annex))
        except Exception:
            log.exception("figure under the cursor")
            return None, None
        for m in matches:
            if m.figure.start <= b and a <= m.figure.end:
                t = m.targets[0]
                number = _NUMBER_AT.match(text, m.figure.start)
                end = number.end() if number else m.figure.end
                if t.row.kind.value in ("rate", "percent") and m.figure.kind == "fraction":
                    end = m.figure.end
                return (t.form, t.code), (m.figure.start, end)
        return None, None

    def _add_word(self, word: str) -> None:
        if self.service is not None:
            self.service.add_word(word)
        if self.on_add_word is not None:
            self.on_add_word(word)
