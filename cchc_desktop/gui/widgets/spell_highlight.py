"""Red wavy underline under misspelled words, computed off the UI thread.

``SpellService`` owns one worker thread that checks paragraphs (``checks.spelling.scan``) and
a cache paragraph text -> misspellings. ``SpellHighlighter.highlightBlock`` (called by Qt on
every keystroke) only reads the cache: a paragraph not checked yet is queued and drawn without
underline; when the worker answers, the blocks with that text are highlighted again. So a
keystroke never waits for Hunspell.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ...checks.spelling import Misspelling, SpellOptions, scan, speller

log = logging.getLogger(__name__)
CACHE_SIZE = 4000
MAX_PARAGRAPH = 20_000  # characters; a longer paragraph (pasted junk) is not checked


class SpellService(QObject):
    """Checks paragraphs in a background thread; ``checked(text)`` when a result is cached."""

    checked = Signal(str)

    def __init__(self, options: SpellOptions | None = None, style: str | None = None, parent=None):
        super().__init__(parent)
        self.options = options or SpellOptions()
        self.style = style
        self._cache: OrderedDict[str, list[Misspelling]] = OrderedDict()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="spell-check", daemon=True)
        self._thread.start()
        self.highlighters: list[SpellHighlighter] = []
        self.checked.connect(self._rehighlight, Qt.ConnectionType.QueuedConnection)

    # ----- settings -------------------------------------------------------------------------
    def configure(self, options: SpellOptions, style: str | None) -> None:
        """New user words or tone style: forget the cache and check again."""
        with self._lock:
            self.options, self.style = options, style
            self._cache.clear()
        for h in list(self.highlighters):
            h.rehighlight()

    def add_word(self, word: str) -> None:
        words = set(self.options.user_words) | {word.lower()}
        self.configure(SpellOptions(self.options.tone_style, frozenset(words), self.options.hunspell), self.style)

    # ----- results ----------------------------------------------------------------------------
    def lookup(self, text: str) -> list[Misspelling] | None:
        """The cached result of ``text``, or None (then it is queued)."""
        if not text.strip() or len(text) > MAX_PARAGRAPH:
            return []
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
            if text in self._pending:
                return None
            self._pending.add(text)
        self._queue.put(text)
        return None

    def check_now(self, text: str) -> list[Misspelling]:
        """Synchronous check (context menu on one word's paragraph; tests)."""
        return scan(text, self.options, self.style)

    def suggestions(self, word: str) -> list[str]:
        return speller().suggest(word, self.style)

    def stop(self) -> None:
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            if text is None:
                return
            with self._lock:
                options, style = self.options, self.style
            try:
                result = scan(text, options, style)
            except Exception:
                log.exception("spell check of a paragraph failed")
                result = []
            with self._lock:
                self._pending.discard(text)
                self._cache[text] = result
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            self.checked.emit(text)

    def _rehighlight(self, text: str) -> None:
        for h in list(self.highlighters):
            h.rehighlight_text(text)


class SpellHighlighter(QSyntaxHighlighter):
    def __init__(self, doc: QTextDocument, service: SpellService):
        super().__init__(doc)
        self.service = service
        service.highlighters.append(self)
        self.fmt = QTextCharFormat()
        self.fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.fmt.setUnderlineColor(QColor("#d11"))
        doc.destroyed.connect(lambda *_: self._detach())

    def _detach(self) -> None:
        if self in self.service.highlighters:
            self.service.highlighters.remove(self)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        found = self.service.lookup(text)
        for m in found or ():
            self.setFormat(m.start, m.end - m.start, self.fmt)

    def rehighlight_text(self, text: str) -> None:
        doc = self.document()
        if doc is None:
            return
        block = doc.begin()
        while block.isValid():
            if block.text() == text:
                self.rehighlightBlock(block)
            block = block.next()

    def misspelling_at(self, block_text: str, pos: int) -> Misspelling | None:
        for m in self.service.lookup(block_text) or ():
            if m.start <= pos < m.end:
                return m
        return None
