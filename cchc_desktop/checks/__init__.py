"""Checks of the report text: figures against the tables, live figure references, spelling,
numbers copied from last period and not updated. Qt-free. One entry point,
:func:`text_findings`, called by :func:`cchc_desktop.rules.validate_draft`.

Finding kinds (``TextFinding.kind``, ``validate --json``): "text-table", "stale-copy",
"figure-ref", "spelling". Every finding names the section and the character span.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ..annex import evaluate_annex
from ..forms import FormVariant
from ..outlines import numbered_sections
from .findings import TextFinding

if TYPE_CHECKING:
    from ..draft import Draft

log = logging.getLogger(__name__)

__all__ = ["text_findings", "TextFinding", "TextCheckOptions", "section_texts"]


class TextCheckOptions:
    """What the profile decides: the tone style and the user's own words; ``spelling`` off in
    tests or for speed."""

    def __init__(self, tone_style: str | None = None, user_words: frozenset[str] | set[str] = frozenset(),
                 spelling: bool = True, hunspell: bool = True):
        self.tone_style = tone_style
        self.user_words = frozenset(w.lower() for w in user_words)
        self.spelling = spelling
        self.hunspell = hunspell


def section_texts(draft: Any) -> list[tuple[str, str, str]]:
    """(section id, printed label + title, text) of every section with text, in order."""
    out = []
    for _level, label, section in numbered_sections(draft):
        if section.text.strip():
            out.append((section.id, " ".join(x for x in (label, section.title) if x).strip(), section.text))
    return out


def text_findings(draft: Draft, variant: FormVariant | None, options: TextCheckOptions | None = None
                  ) -> list[TextFinding]:
    """Every text finding of ``draft``: text-table, stale-copy, figure-ref, spelling."""
    from .refcheck import ref_findings
    from .spelling import SpellOptions, check_spelling
    from .textcheck import check_text

    options = options or TextCheckOptions()
    sections = section_texts(draft)
    out: list[TextFinding] = []
    if variant is not None:
        evaluated = evaluate_annex(variant, getattr(draft, "annex", None))
        origin = getattr(draft, "origin", None)
        previous = evaluate_annex(variant, origin.get("annex")) if origin else None
        out += check_text(variant, evaluated, sections, previous)
    out += ref_findings(variant, getattr(draft, "annex", None), sections)
    if options.spelling:
        try:
            out += check_spelling(sections, SpellOptions(options.tone_style, options.user_words, options.hunspell))
        except Exception:
            log.exception("spelling check failed")
    return out
