"""The opening of the report: legal bases with their lead word, and the reporting sentence.

Users choose (``Meta.basis_lead``, ``bases_joined``, ``preamble_separate``) between the samples'
one paragraph "Thực hiện A; B; UBND xã báo cáo ... như sau:" and one paragraph per basis, with
the reporting sentence in its own paragraph; a basis typed with its own lead word ("Căn cứ kết
quả kiểm tra ...") keeps it.
"""
from __future__ import annotations

import re
import unicodedata

from ..textnorm import clean_line, clean_text

LEADS = {"thực hiện": "Thực hiện", "căn cứ": "Căn cứ", "theo": "Theo"}
_LEAD = re.compile(r"(?i)^(thực\s+hiện|căn\s+cứ|theo)(\s*:\s*|\s+|$)")


# Anything ``clean_text`` would change; text stored by the draft is clean already, so the view
# checks it in one pass instead of cleaning megabytes again at every render.
_UNCLEAN = re.compile("[\r\u2028\u2029\x0b\x0c\x85\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u2000-\u200a"
                      "\u202f\u205f\u3000\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def text_lines(text: str) -> list[str]:
    """One printed paragraph per non-empty line, surrounding white space trimmed."""
    if _UNCLEAN.search(text) or not unicodedata.is_normalized("NFC", text):
        text = clean_text(text)
    return [line.strip() for line in text.split("\n") if line.strip()]


def split_basis(text: str) -> tuple[str | None, str]:
    """(the lead word typed by the official, or None; the basis without it, bullet and closing
    ';' or '.' dropped)."""
    text = clean_line(text).lstrip("-–+•* ").rstrip(";.,: ")
    m = _LEAD.match(text)
    if not m:
        return None, text
    return LEADS[" ".join(m.group(1).lower().split())], text[m.end():].strip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def opening_paragraphs(bases: list[str], preamble: str, lead: str = "Thực hiện", joined: bool = True,
                       preamble_separate: bool = False) -> list[str]:
    """The printed opening paragraphs."""
    parsed = [split_basis(b) for b in bases]
    parsed = [(own, rest) for own, rest in parsed if rest]
    lines = text_lines(preamble)
    if not parsed:
        return lines
    if joined:
        parts, current = [], None
        for i, (own, rest) in enumerate(parsed):
            word = own or (lead if i == 0 else None)
            if word and word != current:
                parts.append(f"{word if i == 0 else word.lower()} {rest}")
                current = word
            else:
                parts.append(rest)
        paragraphs = [_cap("; ".join(parts)) + ";"]
        glue = " "
    else:
        paragraphs = [_cap(" ".join(x for x in (own or lead, rest) if x)) + ";" for own, rest in parsed]
        glue = " "
    if lines and not preamble_separate:
        last = paragraphs[-1] if joined else paragraphs[-1][:-1] + ","
        paragraphs[-1] = f"{last}{glue}{lines[0]}"
        lines = lines[1:]
    return paragraphs + lines
