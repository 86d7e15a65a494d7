"""Data files of the text checks (``resources/text/*.json``): read once, bounded, validated."""
from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from .. import resources
from ..errors import CchcError
from ..files.read import ReadRefusedError, read_text

log = logging.getLogger(__name__)
MAX_BYTES = 2_000_000  # a data file of ours is a few kB; refuse to read junk


class TextDataError(CchcError, ValueError):
    """A data file of the text checks is missing or malformed (message in Vietnamese)."""


def read_json(path: Path) -> Any:
    """A JSON data file of ours, read through the shared bounded reader (``files.read``)."""
    try:
        text = read_text(path, limit=MAX_BYTES, what="tệp dữ liệu")
    except ReadRefusedError as exc:
        raise TextDataError(str(exc), detail=getattr(exc, "detail", "")) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TextDataError(f"Tệp dữ liệu {path.name} không phải JSON hợp lệ (dòng {exc.lineno}).") from exc


@cache
def units() -> dict[str, tuple[str, ...]]:
    """Row unit (folded) -> the unit words of the text (lower case), longest first."""
    from ..textnorm import fold

    data = read_json(resources.resource_path("text", "units.json"))
    table = data.get("units") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise TextDataError("Tệp units.json cần mục «units».")
    out: dict[str, tuple[str, ...]] = {}
    for key, words in table.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise TextDataError(f"units.json: đơn vị «{key}» cần một danh sách từ.")
        out[fold(key).strip()] = tuple(sorted({w.strip().lower() for w in words}, key=len, reverse=True))
    return out


def all_unit_words() -> tuple[str, ...]:
    words = {w for ws in units().values() for w in ws}
    return tuple(sorted(words, key=len, reverse=True))
