"""Live figure references: a sentence of the report text that prints a value of the annex tables.

In a section's ``text`` a reference is one token::

    U+E000  <form number> ":" <row code>  U+E001        e.g. "\\ue0003:3.1.2\\ue001"

U+E000 and U+E001 are Unicode private-use characters: no keyboard, input method or paste from
Word or a PDF produces them, so a user cannot type a reference by accident, and the whole token
is ordinary text to everything that stores, copies, undoes, embeds (the DOCX carries the draft
JSON) or copies to the next period. Only the printed outputs (``print_text``) and the editor
(which shows a shaded value) interpret it. A count row prints its value ("1.277"), a rate row its
computed rate with the percent sign ("88,25%"), a percent row its value with "%". A reference
whose row is gone or empty prints "…" and is an error in validate (kind "figure-ref").
Delimiters without a valid body (damaged text) are dropped when printing.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .annex import CellResult, evaluate_annex
from .forms import FormVariant, RowKind, UnknownVariantError, get_variant
from .numbers import format_vn

__all__ = ["OPEN", "CLOSE", "FigureRef", "token", "refs_in", "has_refs", "Printer", "printer",
           "print_text", "MISSING", "strip_tokens"]

OPEN, CLOSE = "\ue000", "\ue001"
MISSING = "…"
TOKEN_RE = re.compile(r"\ue000(\d{1,3}):([0-9]+(?:\.[0-9]+){0,6})\ue001")
_STRAY = re.compile("[\ue000\ue001]")


@dataclass(frozen=True)
class FigureRef:
    form: int
    code: str
    start: int  # position of the token in the text
    end: int

    @property
    def key(self) -> str:
        return f"{self.form}:{self.code}"


def token(form: int | str, code: str) -> str:
    """The token of a reference to row ``code`` of form ``form``."""
    text = f"{OPEN}{int(form)}:{code}{CLOSE}"
    if not TOKEN_RE.fullmatch(text):
        raise ValueError(f"not a row reference: {form!r}, {code!r}")
    return text


def has_refs(text: str | None) -> bool:
    return bool(text and OPEN in text)


def refs_in(text: str) -> Iterator[FigureRef]:
    for m in TOKEN_RE.finditer(text or ""):
        yield FigureRef(int(m.group(1)), m.group(2), m.start(), m.end())


def strip_tokens(text: str) -> str:
    """``text`` with every reference printed as its key (for logs and plain exports)."""
    return _STRAY.sub("", TOKEN_RE.sub(lambda m: f"[{m.group(1)}:{m.group(2)}]", text))


def printed_value(res: CellResult | None) -> str | None:
    """What a reference to this row prints, None when it has nothing to print."""
    if res is None or res.error is not None:
        return None
    kind = res.indicator.kind
    if kind is RowKind.RATE:
        if res.computed is not None:
            return f"{format_vn(res.computed, 2)}%"
        if res.typed and res.value is not None:
            return f"{format_vn(res.value, 2)}%"
        return None
    if res.value is None:
        return None
    if kind is RowKind.PERCENT:
        return f"{format_vn(res.value, 2)}%"
    if kind in (RowKind.COUNT, RowKind.AMOUNT):
        return format_vn(res.value)
    return None


class Printer:
    """Prints texts with references for one draft state (the annex is evaluated once)."""

    def __init__(self, variant: FormVariant | None, annex: Mapping[Any, Any] | None):
        self.variant = variant
        self.evaluated = evaluate_annex(variant, annex) if variant is not None else {}

    def cell(self, form: int, code: str) -> CellResult | None:
        return self.evaluated.get(form, {}).get(code)

    def value(self, form: int, code: str) -> str | None:
        return printed_value(self.cell(form, code))

    def __call__(self, text: str) -> str:
        if not has_refs(text):
            return text
        out = TOKEN_RE.sub(lambda m: self.value(int(m.group(1)), m.group(2)) or MISSING, text)
        return _STRAY.sub("", out)


def printer(draft: Any) -> Printer:
    """A :class:`Printer` for ``draft`` (no variant, or an unknown one: every reference is missing)."""
    variant = None
    if getattr(draft, "variant", None):
        try:
            variant = get_variant(draft.variant)
        except (UnknownVariantError, KeyError):
            variant = None
    return Printer(variant, getattr(draft, "annex", None))


def print_text(draft: Any, text: str) -> str:
    """``text`` as printed: references replaced by the current values."""
    return printer(draft)(text) if has_refs(text) else text
