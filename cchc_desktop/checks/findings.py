"""The findings of the text checks: a :class:`~cchc_desktop.rules.Finding` that also says *where
in the text* (section and character span) and *what kind* ("text-table", "spelling",
"stale-copy", "figure-ref") it is, so the GUI can underline the words and ``validate --json``
can place them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..editing.refs import AnnexCell, SectionField
from ..rules import Finding

__all__ = ["TextFinding", "KINDS", "snippet"]

KINDS = ("text-table", "spelling", "stale-copy", "figure-ref")


@dataclass(frozen=True)
class TextFinding(Finding):
    """``ref`` is the words in the section text (``SectionField`` with a span); ``related`` the
    annex row the figure speaks of (``AnnexCell``), so the review step can jump to either."""

    kind: str = "text-table"
    section_id: str | None = None
    span: tuple[int, int] | None = None  # the words in the section text (start, end)
    sentence: tuple[int, int] | None = None  # the whole sentence (start, end)
    suggestion: str | None = None  # spelling: the replacement; text-table: the table's value

    def __post_init__(self) -> None:
        if self.ref is None and self.section_id is not None:
            object.__setattr__(self, "ref", SectionField(self.section_id, "text", self.span))
        if self.related is None and self.form is not None and self.code is not None:
            object.__setattr__(self, "related", AnnexCell(str(self.form), self.code, "value"))
        super().__post_init__()

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["kind"] = self.kind
        if self.section_id is not None:
            d["section"] = self.section_id
        if self.span is not None:
            d["start"], d["end"] = self.span
        if self.sentence is not None:
            d["sentence"] = list(self.sentence)
        if self.form is not None and self.code is not None:
            d["row"] = {"kind": "annex", "form": str(self.form), "code": self.code, "part": "value"}
        if self.suggestion is not None:
            d["suggestion"] = self.suggestion
        return d


def snippet(text: str, start: int, end: int, around: tuple[int, int] | None = None, width: int = 150) -> str:
    """The sentence ``text[start:end]`` shortened to about ``width`` characters around ``around``."""
    sentence = text[start:end].strip()
    if len(sentence) <= width:
        return sentence
    focus = (around[0] - start) if around else 0
    a = max(0, focus - width * 2 // 3)
    b = min(len(sentence), a + width)
    if a > 0:
        a = sentence.rfind(" ", 0, a) + 1
    if b < len(sentence) and sentence.find(" ", b) != -1:
        b = sentence.find(" ", b)
    return ("…" if a > 0 else "") + sentence[a:b].strip() + ("…" if b < len(sentence) else "")
