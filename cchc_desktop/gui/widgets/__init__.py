"""Reusable widgets of the wizard: the annex grid, the outline editor, text and list editors.

Imports are lazy so that a screen using one widget does not load the others.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "AnnexFormGrid": "annex_grid",
    "OutlineEditor": "outline_editor",
    "PlainTextEditor": "text_edit",
    "VnLineEdit": "text_edit",
    "ListEditor": "text_edit",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
