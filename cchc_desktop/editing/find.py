"""Find and replace across the whole report (Ctrl+F / Ctrl+H in the wizard), Qt-free.

Searched: every section's title and text, the opening and closing sentences and the legal
bases, in the order they print. A match is a typed reference (``SectionField`` with a span, a
``MetaField``...) so the window selects it like a finding. Matching ignores case and, when asked,
Vietnamese accents ("quang khai" finds "Quang Khải"); the text is NFC, so a match's span in the
folded text is the span in the text itself (folding keeps one character per character).
Replacing is one ``DraftEditor.set_many``: one change, one notice, one save, one undo in History.

Period placeholders are searched as the words the editors show and the report prints ("6 tháng
cuối năm 2025", not "{kỳ tới}"); ``Match.start``/``end`` are in that shown text. A replacement
that touches such a phrase stores the user's words there (``editing.period.stored_from_shown``);
the phrases it leaves alone stay placeholders. A section text's ``span`` (selected by the window
like a finding's) is in the stored text, as findings' spans are.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .period import Shown, stored_from_shown, stored_position
from .refs import FieldRef, LegalBasis, MetaField, SectionField

if TYPE_CHECKING:
    from ..draft import Draft
    from .editor import Change, DraftEditor


@dataclass(frozen=True)
class Match:
    ref: FieldRef  # the field; for a section text or title, with ``span`` set on a SectionField
    start: int
    end: int
    context: str  # the words around it, for a list of results


def _fold_char(ch: str, accents: bool) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if accents:
        return low
    base = unicodedata.normalize("NFD", low)
    out = "d" if low == "đ" else base[0]
    return out if len(out) == 1 else low


def _fold(text: str, accents: bool) -> str:
    """One character for one character, so spans carry over to the original text."""
    return "".join(_fold_char(ch, accents) for ch in text)


def searchable(draft: Draft) -> list[tuple[FieldRef, str]]:
    """(field, text as shown) of everything Find looks through, in print order."""
    return [(ref, _shown(draft, text).shown) for ref, text in _stored(draft)]


def _shown(draft: Draft, text: str) -> Shown:
    from .period import shown_phrases

    return shown_phrases(text, draft.period)


def _stored(draft: Draft) -> list[tuple[FieldRef, str]]:
    out: list[tuple[FieldRef, str]] = []
    for i, basis in enumerate(draft.meta.legal_bases):
        out.append((LegalBasis(i), basis))
    out.append((MetaField("preamble"), draft.meta.preamble))
    for _, section in draft.iter_sections():
        out.append((SectionField(section.id, "title"), section.title))
        out.append((SectionField(section.id, "text"), section.text))
    out.append((MetaField("closing"), draft.meta.closing))
    return [(ref, text) for ref, text in out if text]


def find_all(draft: Draft, needle: str, *, accents: bool = True) -> list[Match]:
    """Every occurrence of ``needle`` (case ignored; accents too unless ``accents``)."""
    if not needle:
        return []
    key = _fold(unicodedata.normalize("NFC", needle), accents)
    matches: list[Match] = []
    for ref, stored in _stored(draft):
        base = _shown(draft, stored)
        text = base.shown
        folded = _fold(text, accents)
        start = folded.find(key)
        while start != -1:
            end = start + len(key)
            span = (stored_position(base, start), stored_position(base, end, end=True))
            where = SectionField(ref.section_id, ref.part, span) if isinstance(ref, SectionField) else ref
            lo, hi = max(0, start - 30), min(len(text), end + 30)
            context = ("…" if lo else "") + text[lo:hi].replace("\n", " ") + ("…" if hi < len(text) else "")
            matches.append(Match(where, start, end, context))
            start = folded.find(key, end)
    return matches


def replace_all(editor: DraftEditor, needle: str, replacement: str, *, accents: bool = True,
                only: Match | None = None, initiator: Any = "find") -> tuple[int, Change | None]:
    """Replace every match (or only ``only``); returns (how many, the editor's change)."""
    matches = [only] if only is not None else find_all(editor.draft, needle, accents=accents)
    by_field: dict[FieldRef, list[Match]] = {}
    for m in matches:
        by_field.setdefault(m.ref.field, []).append(m)
    edits: list[tuple[FieldRef, Any]] = []
    for field, found in by_field.items():
        base = _shown(editor.draft, editor.get(field))
        text = base.shown
        for m in sorted(found, key=lambda m: m.start, reverse=True):
            text = text[:m.start] + replacement + text[m.end:]
        edits.append((field, stored_from_shown(text, base)))
    change = editor.set_many(edits, initiator=initiator) if edits else None
    return len(matches), change
