"""Text hygiene: every piece of user text is stored NFC-normalised and free of control junk."""
from __future__ import annotations

import re
import unicodedata

# Characters Word refuses inside document XML (C0 controls other than tab/newline, and the
# non-characters); they arrive with text pasted from PDFs and would corrupt a DOCX.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Bidirectional controls (embeddings, overrides, isolates, the LRM/RLM/ALM marks): pasted with text
# from web pages, an override such as U+202E reverses the app's own words printed after it.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def nfc(text: str | None) -> str:
    """NFC form of ``text`` ('' for None); decomposed Vietnamese diacritics are composed."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str | None) -> str:
    """What we store for a text field: NFC, unified line breaks, no forbidden characters.

    Line breaks are kept (a section's text is several paragraphs); odd spaces become
    plain spaces; soft hyphens, zero-width marks and bidirectional controls are dropped.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # Word's manual line break (Shift+Enter) and page break reach plain text as VT and FF, and
    # NEL comes from old converters: they separate lines, so dropping them would glue two words
    text = text.replace("\x0b", "\n").replace("\x0c", "\n").replace("\x85", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _BIDI.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str | None) -> str:
    """A one-line field (a name, a title): cleaned, inner runs of white space folded, trimmed."""
    return re.sub(r"\s+", " ", clean_text(text)).strip()


def fold(text: str) -> str:
    """A search key: lower case, no diacritics, đ -> d (so 'quang khai' finds 'Quang Khải')."""
    text = unicodedata.normalize("NFD", nfc(text).lower()).replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))
