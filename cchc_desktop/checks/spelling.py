"""Spelling of the report text (finding kind "spelling"): Hunspell with the Vietnamese dictionary,
the list of confusions officials really make, and one tone placement per document.

- Hunspell (``chunspell``, wheels for Windows, Linux, macOS) with ``resources/hunspell/vi_VN``.
  Words are split on anything that is not a letter; ALL-CAPS abbreviations (UBND, TTHC), words
  with digits, web and mail addresses, and ASCII words that cannot be a Vietnamese syllable
  ("online", "code") are not checked. The user's own words (profile) are accepted.
- ``resources/text/confusions.json``: phrases like "sử lý" whose words are each spelled right but
  together wrong; reported with the correction.
- Tone placement (:mod:`.tone`): with a style set (profile), words in the other style are
  reported; without one, the style used less often in the document is.

Without the engine (``chunspell`` not installed) the confusions and the tone style are still
checked and :func:`engine_available` says False.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import resources
from . import data
from .findings import TextFinding
from .tone import NEW, OLD, STYLES, style_of, to_style

log = logging.getLogger(__name__)

__all__ = ["SpellOptions", "Misspelling", "Speller", "speller", "engine_available", "check_spelling",
           "confusions", "words", "scan"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SKIP = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[\w.-]+\.(?:vn|com|net|org|gov|edu|info)\b\S*"
                   r"|\ue000[^\ue001]{0,64}\ue001", re.IGNORECASE)
# an ASCII word that could be a Vietnamese syllable written without marks
_ASCII_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(oai|oay|oeo|uya|uye|uyu|uay|uoi|uou|ieu|yeu|uoi|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ye|"
    r"[aeiouy])(ch|ng|nh|[cmnpt])?$", re.IGNORECASE)
MAX_SUGGESTIONS = 6

MSG_CONFUSION = "Mục «{section}»: «{wrong}» viết sai, đúng là «{right}»."
MSG_UNKNOWN = "Mục «{section}»: từ «{word}» có thể viết sai chính tả{hint}."
MSG_TONE = ("Mục «{section}»: «{word}» đặt dấu thanh kiểu {this}, khác với phần còn lại của văn bản "
            "(kiểu {other}); nên viết «{right}» cho thống nhất.")
STYLE_NAMES = {OLD: "cũ (hòa, thủy)", NEW: "mới (hoà, thuỷ)"}


@dataclass(frozen=True)
class SpellOptions:
    tone_style: str | None = None  # OLD, NEW, or None: the document's own majority
    user_words: frozenset[str] = field(default_factory=frozenset)  # lower case, NFC
    hunspell: bool = True  # False: confusions and tone only


@dataclass(frozen=True)
class Misspelling:
    start: int
    end: int
    word: str
    kind: str  # "confusion" | "unknown" | "tone"
    suggestion: str | None = None


@lru_cache(maxsize=1)
def confusions() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern matching every wrong phrase (whole words, any case, longest first) and the
    correction of each (key: the phrase in lower case, single spaces)."""
    raw = data.read_json(resources.resource_path("text", "confusions.json"))
    items = raw.get("confusions") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise data.TextDataError("Tệp confusions.json cần mục «confusions».")
    table: dict[str, str] = {}
    for item in items:
        wrong, right = (item or {}).get("wrong"), (item or {}).get("right")
        if not (isinstance(wrong, str) and isinstance(right, str) and wrong.strip() and right.strip()):
            raise data.TextDataError(f"confusions.json: mục {item!r} cần «wrong» và «right».")
        table[" ".join(wrong.lower().split())] = right.strip()
    bodies = [r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(table, key=len, reverse=True)]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(bodies) + r")(?!\w)", re.IGNORECASE)
    return pattern, table


@lru_cache(maxsize=1)
def accepted_words() -> frozenset[str]:
    """Words of administrative text the dictionary lacks (``resources/text/words.json``)."""
    raw = data.read_json(resources.resource_path("text", "words.json"))
    items = raw.get("words") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
        raise data.TextDataError("Tệp words.json cần mục «words» (danh sách từ).")
    return frozenset(w.strip().lower() for w in items if w.strip())


class Speller:
    """One Hunspell handle (not thread-safe: one per thread, see :func:`speller`)."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._cache: dict[str, bool] = {}
        self._suggestions: dict[str, tuple[str, ...]] = {}
        try:
            from hunspell import Hunspell  # the chunspell package
        except ImportError:
            log.warning("chunspell is not installed: spelling uses the confusions list only")
            return
        folder = resources.resource_path("hunspell")
        try:
            self._engine = Hunspell("vi_VN", hunspell_data_dir=str(folder))
        except Exception:
            log.exception("the Vietnamese dictionary could not be loaded from %s", folder)

    @property
    def available(self) -> bool:
        return self._engine is not None

    def known(self, word: str) -> bool:
        if self._engine is None:
            return True
        hit = self._cache.get(word)
        if hit is None:
            lookup = to_style(word, NEW)  # the dictionary uses the new placement
            hit = bool(self._engine.spell(lookup)) or bool(self._engine.spell(lookup.lower()))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = hit
        return hit

    def suggest(self, word: str, style: str | None = None) -> list[str]:
        if self._engine is None:
            return []
        raw = self._suggestions.get(word)
        if raw is None:
            raw = self._suggestions[word] = tuple(self._engine.suggest(to_style(word, NEW)))
            if len(self._suggestions) > 5_000:
                self._suggestions.clear()
        out: list[str] = []
        for s in raw:
            s = to_style(s, style) if style else s
            if word[:1].isupper():
                s = s[:1].upper() + s[1:]
            if s not in out:
                out.append(s)
        return out[:MAX_SUGGESTIONS]


_local = threading.local()


def speller() -> Speller:
    """This thread's :class:`Speller` (Hunspell handles are not shared between threads)."""
    sp = getattr(_local, "speller", None)
    if sp is None:
        sp = _local.speller = Speller()
    return sp


def engine_available() -> bool:
    return speller().available


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of the words a spell checker should look at."""
    masked = _SKIP.sub(lambda m: " " * len(m.group(0)), text)
    for m in _WORD.finditer(masked):
        word = m.group(0)
        if len(word) < 2 and not word.isalpha():
            continue
        if word.isupper() and len(word) > 1:
            continue  # UBND, CCHC, TN&TKQ
        if word.isascii() and not _ASCII_SYLLABLE.match(word):
            continue  # online, code, Internet, Voffice
        yield m.start(), m.end(), word


def _case_like(model: str, text: str) -> str:
    if model[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def document_style(texts: Iterable[str]) -> str | None:
    """The tone placement used more often in ``texts`` (None when no word decides it)."""
    counts = {OLD: 0, NEW: 0}
    for text in texts:
        for _, _, w in words(text):
            s = style_of(w)
            if s:
                counts[s] += 1
    if counts[OLD] == counts[NEW]:
        return None if counts[OLD] == 0 else OLD
    return OLD if counts[OLD] > counts[NEW] else NEW


def scan(text: str, options: SpellOptions, style: str | None, sp: Speller | None = None) -> list[Misspelling]:
    """Every misspelling of ``text``: confusions first, then unknown words, then tone style."""
    out: list[Misspelling] = []
    covered: list[tuple[int, int]] = []
    pattern, table = confusions()
    for m in pattern.finditer(text):
        right = table.get(" ".join(str(m.group(0)).lower().split()))
        if right is not None:
            covered.append((m.start(), m.end()))
            out.append(Misspelling(m.start(), m.end(), m.group(0), "confusion", _case_like(m.group(0), right)))
    sp = sp if sp is not None else (speller() if options.hunspell else None)
    ci = 0
    for start, end, word in words(text):
        while ci < len(covered) and covered[ci][1] <= start:
            ci += 1
        if ci < len(covered) and covered[ci][0] < end:
            continue
        if word.lower() in options.user_words or word.lower() in accepted_words():
            continue
        if sp is not None and not sp.known(word):
            out.append(Misspelling(start, end, word, "unknown"))
            continue
        if style in STYLES and style_of(word) not in (None, style):
            out.append(Misspelling(start, end, word, "tone", to_style(word, style)))
    out.sort(key=lambda m: m.start)
    return out


def check_spelling(sections: Iterable[tuple[str, str, str]], options: SpellOptions | None = None,
                   fields: Iterable[tuple[Any, str, str]] = ()) -> list[TextFinding]:
    """Warnings for ``sections`` ((id, printed label + title, text)) and header ``fields``
    ((editing reference, label, text): the summary, the legal bases, the opening...)."""
    options = options or SpellOptions()
    sections = list(sections)
    fields = list(fields)
    style = options.tone_style or document_style([t for _, _, t in sections] + [t for _, _, t in fields])
    out: list[TextFinding] = []
    sp = speller() if options.hunspell else None
    places: list[tuple[str | None, Any, str, str]] = [(sid, None, label, text) for sid, label, text in sections]
    places += [(None, ref, label, text) for ref, label, text in fields]
    for section_id, ref, label, text in places:
        for m in scan(text, options, style, sp):
            if m.kind == "confusion":
                msg = MSG_CONFUSION.format(section=label, wrong=m.word, right=m.suggestion)
            elif m.kind == "tone":
                doc_style = style if style in STYLE_NAMES else OLD
                other = NEW if doc_style == OLD else OLD
                msg = MSG_TONE.format(section=label, word=m.word, this=STYLE_NAMES[other],
                                      other=STYLE_NAMES[doc_style], right=m.suggestion)
            else:
                sugg = sp.suggest(m.word, style)[:3] if sp is not None else []
                hint = f" (gợi ý: {', '.join(sugg)})" if sugg else ""
                msg = MSG_UNKNOWN.format(section=label, word=m.word, hint=hint)
                m = Misspelling(m.start, m.end, m.word, m.kind, sugg[0] if sugg else None)
            if section_id is None:  # a header field: "Trích yếu: «sử lý» ..." instead of "Mục «...»: ..."
                msg = msg.replace(f"Mục «{label}»: ", f"{label}: ", 1)
            out.append(TextFinding("warning", msg, None, None, field=f"section.{section_id}" if section_id else None,
                                   ref=ref, kind="spelling", section_id=section_id, span=(m.start, m.end),
                                   suggestion=m.suggestion))
    return out
