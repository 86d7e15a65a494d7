"""Period placeholders shown as the words they print, in the one-line and multi-line fields of the
general step and in its list of legal bases (the section pane has its own, with chips).

A field shows ``{kỳ tới}`` as "6 tháng cuối năm 2025"; its phrases are followed through each edit
(``editing.period.PhraseTracker``): a phrase left as shown is stored as its placeholder again, a
phrase the user changed is stored as typed, words typed equal to a phrase stay words.
``T_PHRASE_NOTE`` names the phrases the app fills.
"""
from __future__ import annotations

from collections.abc import Callable

from ...draft import Period
from ...editing.period import PhraseTracker, Shown, kept_spans, shown_phrases, stored_from_shown
from ...textnorm import clean_line, clean_text

T_PHRASE_NOTE = ("Cụm kỳ báo cáo do phần mềm điền: {phrases}. Cụm này tự đổi theo kỳ báo cáo "
                 "(cả khi «Tạo kỳ tiếp theo»); sửa chữ trong cụm thì phần mềm giữ đúng chữ bạn gõ.")
T_PHRASE_NAME = "Cụm kỳ báo cáo do phần mềm điền"
PHRASE_TINT = "#e2edfb"  # a light blue: the filled phrases in a text, and the note's own tint
NOTE_STYLE = "background: {tint}; color: #24405f; border-radius: 3px; padding: 2px 6px;"


def note_text(phrases: list[str]) -> str:
    unique = list(dict.fromkeys(phrases))
    return T_PHRASE_NOTE.format(phrases=", ".join(f"«{p}»" for p in unique)) if unique else ""


class PhraseField:
    """One text field (``VnLineEdit`` or ``PlainTextEditor``) showing a stored value's phrases filled."""

    def __init__(self, widget, period_of: Callable[[], Period | None], multiline: bool = False):
        self.widget, self.period_of, self.multiline = widget, period_of, multiline
        self.tracker = PhraseTracker()

    def _typed(self) -> str:
        if self.multiline:
            return clean_text(self.widget.plain_text())
        return clean_line(self.widget.text())

    def show(self, stored: str) -> None:
        """Put ``stored`` in the field as it prints (the caller blocks its own edit handler)."""
        shown = self.tracker.reset(stored, self.period_of()).shown
        if self.multiline:
            self.widget.setPlainText(shown)
        else:
            self.widget.setText(shown)

    def stored(self) -> str:
        """The field's text as it is stored: the phrases kept as shown are placeholders."""
        return self.tracker.stored(self._typed())

    def phrases(self) -> list[str]:
        self.stored()  # the tracker follows the field
        return self.tracker.state.phrases()

    def recase(self) -> None:
        """A kept phrase moved to or from a sentence start shows the capital it prints with (the
        caller blocks its own edit handler)."""
        typed, shown = self._typed(), self.tracker.state.shown
        if typed == shown or len(typed) != len(shown) or typed.lower() != shown.lower():
            return
        if self.multiline:
            from PySide6.QtGui import QTextCursor

            doc = self.widget.document()
            if doc.toPlainText() != typed:
                return
            for s, _e, _t in self.tracker.state.spans:
                if typed[s] != shown[s]:
                    cursor = QTextCursor(doc)
                    cursor.setPosition(s)
                    cursor.setPosition(s + 1, QTextCursor.MoveMode.KeepAnchor)
                    cursor.joinPreviousEditBlock()
                    cursor.insertText(shown[s])
                    cursor.endEditBlock()
        elif self.widget.text() == typed:
            at = self.widget.cursorPosition()
            self.widget.setText(shown)
            self.widget.setCursorPosition(at)


class PhraseList:
    """The same for a ``ListEditor`` (legal bases): each line shown filled, mapped back on edit.

    A line equal to one shown is that line's stored value; a line edited in place (the list kept
    its length) is mapped against the line it was; a new line is stored as typed."""

    def __init__(self, editor, period_of: Callable[[], Period | None]):
        self.editor, self.period_of = editor, period_of
        self.bases: list[Shown] = []

    def show(self, stored: list[str]) -> None:
        period = self.period_of()
        self.bases = [shown_phrases(s, period) if period is not None else Shown(s, s) for s in stored]
        self.editor.set_items([b.shown for b in self.bases])

    def stored(self, typed: list[str]) -> list[str]:
        """The lines as stored; the list's state becomes the base of the next edit (lines move,
        come and go: each edit is mapped against the list as it was just before)."""
        out, bases = [], []
        for i, line in enumerate(typed):
            base = self._base_of(typed, i)
            out.append(stored_from_shown(line, base) if base is not None else line)
            spans = tuple(kept_spans(line, base)) if base is not None else ()
            bases.append(Shown(out[-1], line, spans))
        self.bases = bases
        return out

    def _base_of(self, typed: list[str], i: int) -> Shown | None:
        line = typed[i]
        same = next((b for b in self.bases if b.shown == line), None)
        if same is not None:
            return same
        return self.bases[i] if len(typed) == len(self.bases) else None

    def phrases(self) -> list[str]:
        return [p for b in self.bases for p in b.phrases()]
