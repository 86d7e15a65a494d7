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

__all__ = ["text_findings", "TextFinding", "TextCheckOptions", "section_texts", "meta_texts"]


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
    from ..view import section_names

    names = section_names(draft)
    out = []
    for _level, _label, section in numbered_sections(draft):
        if section.text.strip():
            out.append((section.id, names[section.id], section.text))
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
        try:  # a broken data file must not hide the other checks
            spell = SpellOptions(options.tone_style, options.user_words, options.hunspell)
            out += check_spelling(sections, spell, meta_texts(draft))
        except Exception:
            log.exception("spelling check failed")
    return out


META_LABELS = (("summary", "Trích yếu"), ("addressee", "Kính gửi"), ("preamble", "Đoạn mở đầu"),
               ("closing", "Đoạn kết"))


def meta_texts(draft: Any) -> list[tuple[Any, str, str]]:
    """(editing reference, Vietnamese label, text) of the header texts a reader reads: the
    summary, the addressee, the legal bases, the opening and closing paragraphs."""
    from ..editing.refs import LegalBasis, MetaField

    meta = getattr(draft, "meta", None)
    if meta is None:
        return []
    out: list[tuple[Any, str, str]] = []
    for name, label in META_LABELS:
        text = getattr(meta, name, "") or ""
        if text.strip():
            out.append((MetaField(name), label, text))
    for i, basis in enumerate(getattr(meta, "legal_bases", []) or []):
        if basis.strip():
            out.append((LegalBasis(i), f"Căn cứ thứ {i + 1}", basis))
    return out
