"""How long the report is: words of the text and an estimate of the printed pages (the review
step shows "Khoảng 6.099 chữ, ước 13 trang"). Qt-free.

The page estimate is calibrated on the two real reports in ``examples/`` as printed by the
Word template (A4, Times New Roman 14, the decree's margins): about 800 words and 24 paragraphs
fill a page, plus half a page of header, title and signature block; an annex form prints about
30 rows a page. It is an estimate for planning, said as one ("ước"), never a promise.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .draft import Draft

WORDS_PER_PAGE = 800
PARAGRAPHS_PER_PAGE = 24
FIXED_PAGES = 0.5  # header, title, date line, signature block
ROWS_PER_ANNEX_PAGE = 30


@dataclass(frozen=True)
class TextStats:
    words: int
    paragraphs: int
    body_pages: int  # estimated pages of the report itself
    annex_pages: int  # estimated pages of the annex forms (0 without an annex)


def text_stats(draft: Draft) -> TextStats:
    texts = [*draft.meta.legal_bases, draft.meta.preamble, draft.meta.closing]
    paragraphs = len(draft.meta.legal_bases) + 2
    for _, section in draft.iter_sections():
        texts += [section.title, section.text]
        paragraphs += 1 + sum(1 for line in section.text.split("\n") if line.strip())
    words = sum(len(t.split()) for t in texts if t)
    body = words / WORDS_PER_PAGE + paragraphs / PARAGRAPHS_PER_PAGE + FIXED_PAGES
    annex = 0
    if draft.variant:
        try:
            from .forms import get_variant

            variant = get_variant(draft.variant)
            annex = sum(math.ceil(len(form.rows) / ROWS_PER_ANNEX_PAGE) for form in variant.forms)
        except Exception:  # noqa: BLE001 - best-effort: the review step lists the variant error itself
            annex = 0
    return TextStats(words, paragraphs, max(1, round(body)), annex)
