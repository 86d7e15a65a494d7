"""Where the tone mark sits in "oa", "oe", "uy" at the end of a syllable: hòa / hoà.

Both placements are in use. The *old* style puts the mark on the first vowel (hòa, thủy, khỏe,
Ủy ban); the *new* style on the second (hoà, thuỷ, khoẻ, Uỷ ban). A document should use one
(:func:`style_of`, :func:`to_style`). Syllables with a final consonant (hoàn, khuyến) and "qu"
(quý, quả) have one placement only and are never touched.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["OLD", "NEW", "STYLES", "style_of", "to_style"]

OLD, NEW = "old", "new"
STYLES = (OLD, NEW)
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# a syllable ending in o+a, o+e or u+y (no final consonant), the onset not "q"
_SYLLABLE = re.compile(r"^(?P<onset>[^\W\d_]*?)(?P<v1>[ou])(?P<v2>[ae]|y)$", re.IGNORECASE)
_PAIRS = {"o": "ae", "u": "y"}


@lru_cache(maxsize=50_000)
def _parts(word: str) -> tuple[str, str, str, str, str] | None:
    """(onset, first vowel, second vowel, tone, where) of an ambiguous syllable, else None.
    ``where`` is OLD or NEW: which vowel carries the tone now."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return None
    tone = tones[0]
    bare = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
    m = _SYLLABLE.match(bare)
    if not m or m.group("v2").lower() not in _PAIRS[m.group("v1").lower()]:
        return None
    onset = m.group("onset")
    if onset.lower().endswith("q") or onset.lower() == "g" and m.group("v1").lower() == "u":
        return None  # quý, quả; "gu" + y
    if any(c in "ăâêôơư" for c in onset.lower()):
        return None
    # which letter carries the tone: count base letters up to the tone mark
    letters = 0
    for c in decomposed:
        if c == tone:
            break
        if not unicodedata.combining(c):
            letters += 1
    where = OLD if letters == len(onset) + 1 else NEW if letters == len(onset) + 2 else ""
    if not where:
        return None
    return onset, m.group("v1"), m.group("v2"), tone, where


def style_of(word: str) -> str | None:
    """OLD or NEW for a syllable whose tone placement is a matter of style, else None."""
    parts = _parts(word)
    return parts[4] if parts else None


def to_style(word: str, style: str) -> str:
    """``word`` with its tone mark placed in ``style`` (unchanged when not ambiguous)."""
    parts = _parts(word)
    if parts is None or parts[4] == style:
        return word
    onset, v1, v2, tone, _ = parts
    if style == OLD:
        return unicodedata.normalize("NFC", onset + v1 + tone + v2)
    return unicodedata.normalize("NFC", onset + v1 + v2 + tone)
