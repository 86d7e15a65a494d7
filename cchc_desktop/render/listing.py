"""docxtpl's template class with a quicker, byte-identical ``resolve_listing``.

After rendering, docxtpl turns the "listing" characters a value may hold (tab, ``\\a``, new line,
form feed) into Word markup (``<w:tab/>``, a new paragraph, ``<w:br/>``, a page break). It does
so with three nested regular-expression substitutions over every paragraph, run and text of the
rendered part: about a quarter of bare docxtpl's time on a long report (60 ms of 250 at 160
paragraphs per section, ``bench/bench_render.py --sizes``), although nearly every paragraph
holds none of these characters and comes out unchanged.

:func:`resolve_listing` finds the few paragraphs that hold one (the same paragraph boundaries as
docxtpl's ``<w:p ...>.*?</w:p>``: from a paragraph's start tag to the first ``</w:p>`` after it)
and hands each of them, alone, to docxtpl's own ``resolve_listing``; every other paragraph is
left as it is, which is what docxtpl's substitution gives it. The result is the same string
(``tests/test_render_listing.py`` compares the two on rendered reports and on hostile XML).
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any

# The characters docxtpl's resolve_listing rewrites inside <w:t> (all four, nothing else).
_LISTING = re.compile("[\t\a\n\f]")
# docxtpl's paragraph pattern r"<w:p(?: [^>]*)?>.*?</w:p>" (DOTALL): the lazy ".*?" ends at the
# first "</w:p>"; written unrolled (one way to match each character), which is quicker.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>[^<]*(?:<(?!/w:p>)[^<]*)*</w:p>")


def resolve_listing(xml: str, resolve_one: Any) -> str:
    """``xml`` with the paragraphs holding a listing character passed through ``resolve_one``
    (docxtpl's ``resolve_listing``, applied to that paragraph alone), the rest unchanged."""
    hits = [m.start() for m in _LISTING.finditer(xml)]
    if not hits:
        return xml
    out: list[str] = []
    pos = i = 0
    for m in _PARAGRAPH.finditer(xml):
        start, end = m.span()
        while i < len(hits) and hits[i] < start:
            i += 1
        if i == len(hits):
            break
        if hits[i] < end:
            out.append(xml[pos:start])
            out.append(resolve_one(xml[start:end]))
            pos = end
    if not out:
        return xml
    out.append(xml[pos:])
    return "".join(out)


@cache
def template_class() -> Any:
    """``DocxTemplate`` with :func:`resolve_listing` (built at the first render: docxtpl is
    imported only when a document is made)."""
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):  # type: ignore[misc]  # docxtpl is untyped
        def resolve_listing(self, xml: str) -> str:
            return resolve_listing(xml, super().resolve_listing)

    return Template
