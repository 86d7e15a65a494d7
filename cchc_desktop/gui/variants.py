"""Annex form variants as choices for combo boxes (id, label shown to the user)."""
from __future__ import annotations


def variant_choices() -> list[tuple[str, str]]:
    try:
        from ..forms import available_variants
    except ImportError:  # pragma: no cover - the forms module is part of the app
        return [("A-2024", "A-2024")]
    out = []
    for variant_id, variant in available_variants().items():
        name = getattr(variant, "name", "") or variant_id
        out.append((variant_id, f"{name} ({variant_id})" if variant_id not in name else name))
    return out or [("A-2024", "A-2024")]
