"""Data files of the text checks (``resources/text/*.json``): read once, bounded, validated."""
from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from .. import resources

log = logging.getLogger(__name__)
MAX_BYTES = 2_000_000  # a data file of ours is a few kB; refuse to read junk


class TextDataError(ValueError):
    """A data file of the text checks is missing or malformed (message in Vietnamese)."""


def read_json(path: Path) -> Any:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TextDataError(f"Không đọc được tệp dữ liệu {path.name}: {exc.strerror or exc}.") from exc
    if len(raw) > MAX_BYTES:
        raise TextDataError(f"Tệp dữ liệu {path.name} quá lớn (quá {MAX_BYTES // 1000} kB).")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TextDataError(f"Tệp dữ liệu {path.name} không phải JSON UTF-8 hợp lệ ({exc}).") from exc


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
