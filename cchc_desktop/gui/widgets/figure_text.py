"""Live figure references inside a section's text document.

The stored text holds a reference as a private-use token (``cchc_desktop.figrefs``). In the
editor the token is one inline object (U+FFFC with a char format that carries the row key): it
is drawn as a shaded chip showing the row's current value, the caret steps over it as over one
letter, Backspace deletes it whole, undo brings it back. When the tables change, only the
drawing changes (:func:`refresh`): the text, the undo history and the saved draft stay as they
are. :func:`stored_text` turns the document back into the stored text.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPyTextObject, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from ... import figrefs

OBJECT_TYPE = int(QTextFormat.ObjectTypes.UserObject) + 17
KEY_PROPERTY = int(QTextFormat.Property.UserProperty) + 17
OBJECT_CHAR = "\ufffc"
CHIP_BG = QColor("#dbeafe")
MISSING_BG = QColor("#fde2e1")
T_MISSING = "…"

ValueLookup = Callable[[int, str], "str | None"]


class FigureObject(QPyTextObject):
    """Draws a reference: the current value on a light blue chip (light red when missing)."""

    def __init__(self, lookup: ValueLookup, parent=None):
        super().__init__(parent)
        self.lookup = lookup

    def _text(self, fmt) -> tuple[str, bool]:
        key = str(fmt.property(KEY_PROPERTY) or "")
        form, _, code = key.partition(":")
        value = None
        try:
            value = self.lookup(int(form), code)
        except (ValueError, TypeError):
            value = None
        return (value, True) if value else (T_MISSING, False)

    def intrinsicSize(self, doc, pos, fmt):  # noqa: N802 - Qt API
        text, _ = self._text(fmt)
        metrics = QFontMetricsF(fmt.toCharFormat().font())
        return QSizeF(metrics.horizontalAdvance(text) + 6, metrics.height())

    def drawObject(self, painter, rect, doc, pos, fmt):  # noqa: N802 - Qt API
        text, ok = self._text(fmt)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CHIP_BG if ok else MISSING_BG)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(QColor("#1e3a8a") if ok else QColor("#9b1c1c"))
        painter.setFont(fmt.toCharFormat().font())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


def install(doc: QTextDocument, lookup: ValueLookup) -> FigureObject:
    """Register the chip drawer on ``doc`` (keep the returned object alive with the document)."""
    handler = FigureObject(lookup, doc)
    doc.documentLayout().registerHandler(OBJECT_TYPE, handler)
    return handler


def ref_format(key: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setObjectType(OBJECT_TYPE)
    fmt.setProperty(KEY_PROPERTY, key)
    fmt.setToolTip(f"Số liệu lấy từ Biểu mẫu {key.partition(':')[0]}, dòng {key.partition(':')[2]} "
                   "(tự cập nhật theo bảng)")
    return fmt


def insert_text(cursor: QTextCursor, text: str) -> None:
    """Insert ``text`` at ``cursor``: plain characters as plain text, tokens as chips."""
    plain = QTextCharFormat()
    pos = 0
    cursor.beginEditBlock()
    try:
        for ref in figrefs.refs_in(text):
            if ref.start > pos:
                cursor.insertText(_strip(text[pos:ref.start]), plain)
            cursor.insertText(OBJECT_CHAR, ref_format(ref.key))
            pos = ref.end
        if pos < len(text):
            cursor.insertText(_strip(text[pos:]), plain)
    finally:
        cursor.endEditBlock()


def insert_ref(cursor: QTextCursor, form: int, code: str) -> None:
    cursor.insertText(OBJECT_CHAR, ref_format(f"{int(form)}:{code}"))
    cursor.setCharFormat(QTextCharFormat())


def load_text(doc: QTextDocument, text: str) -> None:
    """Replace the content of ``doc`` with the stored ``text`` (no undo step)."""
    if not figrefs.has_refs(text):
        doc.setPlainText(_strip(text))
        return
    undo = doc.isUndoRedoEnabled()
    doc.setUndoRedoEnabled(False)
    doc.setPlainText("")
    insert_text(QTextCursor(doc), text)
    doc.setUndoRedoEnabled(undo)


def _strip(text: str) -> str:
    """No stray delimiter or object character enters the document as text."""
    return text.replace(OBJECT_CHAR, "").replace(figrefs.OPEN, "").replace(figrefs.CLOSE, "")


def stored_text(doc: QTextDocument, start: int = 0, end: int | None = None) -> str:
    """The text to store for ``doc`` (or its characters ``start``..``end``), chips as tokens."""
    out: list[str] = []
    block = doc.begin()
    last = end if end is not None else doc.characterCount()
    first = True
    while block.isValid():
        if block.position() > last:
            break
        if block.position() + block.length() > start:
            if not first:
                out.append("\n")
            first = False
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                a, b = max(frag.position(), start), min(frag.position() + frag.length(), last)
                if a < b:
                    piece = frag.text()[a - frag.position():b - frag.position()]
                    fmt = frag.charFormat()
                    if fmt.objectType() == OBJECT_TYPE:
                        key = str(fmt.property(KEY_PROPERTY) or "")
                        form, _, code = key.partition(":")
                        try:
                            out.append(figrefs.token(int(form), code) * piece.count(OBJECT_CHAR))
                        except ValueError:
                            pass
                    else:
                        out.append(piece.replace(OBJECT_CHAR, ""))
                it += 1
        block = block.next()
    return "".join(out)


def refresh(doc: QTextDocument) -> None:
    """Values changed: lay out and draw the chips again (the text is not touched)."""
    if OBJECT_CHAR in doc.toPlainText():
        doc.markContentsDirty(0, doc.characterCount())
