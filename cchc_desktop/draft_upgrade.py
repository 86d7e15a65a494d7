"""Older draft formats brought to the current one, one exact step per version.

A draft arrives in an old format from the store, from a JSON file, or embedded in a DOCX that was
sent months ago; each step keeps what the older version printed (``tests/test_draft_upgrade.py``
renders the version-1 fixtures again and compares the text).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

FORMAT_NAME = "cchc-draft"


def _upgrade_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (pre-release) kept annex values as bare strings and recipients as a list."""
    data = dict(data)
    if isinstance(data.get("recipients"), list):
        data["recipients"] = {"items": data["recipients"], "archive": "VT"}
    data["version"] = 1
    return data


_V1_STYLES = ("part_ordinal", "roman", "arabic", "decimal", "alpha", "none")


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the annex switch, per-section numbering and heading forms, the opening
    options and custom periods. Version 1 printed the annex of a periodic report only: a variant
    on another kind becomes a kept (hidden) annex, so nothing new is printed. Styles version 1 did
    not know printed no number: they become ``none``. The new fields take the values that print
    what version 1 printed (lead word "Thực hiện", bases joined, heading form)."""
    data = dict(data)
    if data.get("kind") != "periodic" and data.get("variant"):
        data["annex_off_variant"], data["variant"] = data["variant"], None
    numbering = data.get("numbering")
    if isinstance(numbering, list):
        data["numbering"] = [x if x in _V1_STYLES else "none" for x in numbering]
    meta = data.get("meta")
    if isinstance(meta, dict):
        meta = dict(meta)
        meta.setdefault("basis_lead", "Thực hiện")
        meta.setdefault("bases_joined", True)
        meta.setdefault("preamble_separate", False)
        data["meta"] = meta
    data["version"] = 2
    return data


_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _upgrade_0_to_1, 1: _upgrade_1_to_2}
FORMAT_VERSION = max(_UPGRADES) + 1


def upgrade(data: Any) -> dict[str, Any]:
    """Bring a draft dict of any known version to the current one; refuse what is not ours."""
    from .draft import DraftFormatError

    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise DraftFormatError("Đây không phải tệp dự thảo của CCHC Desktop.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise DraftFormatError("Tệp dự thảo không ghi rõ phiên bản định dạng.")
    if version > FORMAT_VERSION:
        raise DraftFormatError(
            f"Tệp dự thảo được tạo bởi phiên bản mới hơn của phần mềm (định dạng {version}, "
            f"phiên bản này đọc được đến {FORMAT_VERSION}). Hãy cập nhật CCHC Desktop."
        )
    while version < FORMAT_VERSION:
        data = _UPGRADES[version](data)
        version = data["version"]
    current: dict[str, Any] = data
    return current
