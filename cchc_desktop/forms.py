"""The annex form variants: seven "Biểu mẫu" tables, row by row, read from JSON data files.

A variant is data only (``resources/forms/*.json`` and the user's ``<data dir>/forms``);
``docs/form-variants.md`` describes the file. This module holds the model and the registry;
the strict reader lives in :mod:`cchc_desktop.formfile`.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .errors import CchcError

DEFAULT_VARIANT = "A-2024"


class RowKind(str, Enum):
    GROUP = "group"  # heading, no value of its own
    COUNT = "count"  # a whole, non-negative number
    AMOUNT = "amount"  # an amount of money (unit in the row), decimals allowed
    RATE = "rate"  # computed = numerator / denominator * 100
    PERCENT = "percent"  # typed 0..100
    CHOICE = "choice"  # a coded answer, the code is the value


@dataclass(frozen=True)
class Choice:
    code: int
    label: str


@dataclass(frozen=True)
class Indicator:
    """One row of a form (its STT code, label, kind and what the unit column shows)."""

    code: str
    label: str
    kind: RowKind
    unit: str  # unit column; for CHOICE the legend as published; "%" for RATE/PERCENT
    numerator: str | None = None  # RATE only: row codes in the same form
    denominator: str | None = None
    choices: tuple[Choice, ...] = ()
    allow_negative: bool = False  # PERCENT/AMOUNT rows that may be negative
    level: int = -1  # depth: "3" -> 0, "3.2" -> 1; computed from the code when not given
    narrative_keywords: tuple[str, ...] = ()  # compare with percentages in the report text

    def __post_init__(self) -> None:
        if self.level < 0:
            object.__setattr__(self, "level", self.code.count("."))

    @property
    def rate_parts(self) -> tuple[str, str]:
        """(numerator, denominator) row codes of a RATE row; the form reader guarantees both."""
        if self.numerator is None or self.denominator is None:
            raise ValueError(f"row {self.code} is not a rate with both parts")
        return self.numerator, self.denominator

    @property
    def is_input(self) -> bool:
        """True for what the user types (COUNT, AMOUNT, PERCENT, CHOICE)."""
        return self.kind not in (RowKind.GROUP, RowKind.RATE)

    @property
    def is_numeric(self) -> bool:
        """Rows whose value is a number that relations may compare."""
        return self.kind in (RowKind.COUNT, RowKind.AMOUNT, RowKind.PERCENT, RowKind.RATE)

    def choice_label(self, code: int) -> str | None:
        for c in self.choices:
            if c.code == code:
                return c.label
        return None


RELATION_KINDS = ("part_le_whole", "sum_le_whole", "chain_le", "equal_sum")
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Relation:
    """A check between rows.

    ``part_le_whole``: each of ``parts`` <= ``whole``; ``sum_le_whole``: sum(parts) <= whole;
    ``chain_le``: parts[0] <= parts[1] <= ...; ``equal_sum``: whole == sum(parts).
    A reference is a row code of the form, or "F:code" in cross-form relations.
    """

    kind: str
    parts: tuple[str, ...]
    whole: str | None = None
    severity: str = "error"
    message: str | None = None

    def refs(self) -> tuple[str, ...]:
        return self.parts + ((self.whole,) if self.whole else ())


@dataclass(frozen=True)
class AnnexForm:
    number: int
    title: str
    rows: tuple[Indicator, ...]
    relations: tuple[Relation, ...] = ()

    def row(self, code: str) -> Indicator:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(f"Biểu mẫu {self.number} không có dòng {code}.")

    def codes(self) -> list[str]:
        return [r.code for r in self.rows]

    def has_row(self, code: str) -> bool:
        return any(r.code == code for r in self.rows)


@dataclass(frozen=True)
class FormVariant:
    id: str
    name: str
    year: int
    description: str
    annex_title: str
    headers: dict[str, str] = field(hash=False)
    forms: tuple[AnnexForm, ...] = ()
    cross_relations: tuple[Relation, ...] = ()
    source: Path = field(default_factory=Path)

    def form(self, n: int) -> AnnexForm:
        for f in self.forms:
            if f.number == int(n):
                return f
        raise KeyError(f"Mẫu biểu {self.id} không có Biểu mẫu {n}.")

    def resolve(self, ref: str, default_form: int | None = None) -> tuple[int, str]:
        """'7:5.3.1' -> (7, '5.3.1'); a bare code needs ``default_form``."""
        if ":" in ref:
            f, code = ref.split(":", 1)
            return int(f), code
        if default_form is None:
            raise ValueError(f"reference {ref!r} needs a form number")
        return default_form, ref


class FormFileError(CchcError, ValueError):
    """A variant file that cannot be used; ``str()`` names the file, the row and the reason."""

    def __init__(self, file: str | Path, where: str | None, reason: str):
        self.file = Path(file).name if file else ""
        self.where = where
        self.reason = reason
        place = f", {where}" if where else ""
        super().__init__(f"Tệp mẫu biểu «{self.file}»{place}: {reason}")


class UnknownVariantError(CchcError, KeyError):
    """``get_variant`` of an id nobody provides; ``str()`` is the plain Vietnamese message."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def load_variant(path: str | Path) -> FormVariant:
    """Read and strictly validate one variant file; raises :class:`FormFileError`."""
    from .formfile import read_variant_file

    return read_variant_file(Path(path))


# ----- registry ---------------------------------------------------------------------------
_lock = threading.RLock()
_cache: dict[str, FormVariant] | None = None
_errors: list[str] = []


def builtin_forms_dir() -> Path:
    from .resources import resource_path

    return resource_path("forms")


def _user_dir() -> Path | None:
    try:
        from .resources import user_forms_dir

        return user_forms_dir(create=False)
    except Exception:  # noqa: BLE001 - best-effort: no data dir available (platformdirs missing, odd OS): built-ins only
        return None


def _scan(folder: Path | None, errors: list[str], label: str) -> dict[str, FormVariant]:
    found: dict[str, FormVariant] = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            variant = load_variant(path)
        except FormFileError as exc:
            errors.append(f"{label}: {exc}")
            continue
        except OSError as exc:
            errors.append(f"{label}: Không đọc được tệp «{path.name}» ({exc.strerror or exc}).")
            continue
        if variant.id in found:
            errors.append(
                f"{label}: Tệp «{path.name}» trùng mã mẫu biểu «{variant.id}» với tệp "
                f"«{found[variant.id].source.name}»; dùng tệp «{path.name}»."
            )
        found[variant.id] = variant
    return found


def reload_variants() -> dict[str, FormVariant]:
    """Forget the cache and read every variant file again."""
    global _cache
    with _lock:
        errors: list[str] = []
        variants = _scan(builtin_forms_dir(), errors, "Mẫu biểu có sẵn")
        variants.update(_scan(_user_dir(), errors, "Mẫu biểu của người dùng"))
        _cache = dict(sorted(variants.items(), key=lambda kv: (-kv[1].year, kv[0])))
        _errors[:] = errors
        return dict(_cache)


def available_variants() -> dict[str, FormVariant]:
    """Built-in and user variants by id (a user file overrides a built-in one with the same id)."""
    with _lock:
        if _cache is None:
            return reload_variants()
        return dict(_cache)


def variant_load_errors() -> list[str]:
    """Vietnamese messages for variant files that were skipped at the last (re)load."""
    with _lock:
        if _cache is None:
            reload_variants()
        return list(_errors)


def get_variant(variant_id: str) -> FormVariant:
    variants = available_variants()
    try:
        return variants[variant_id]
    except (KeyError, TypeError):  # TypeError: a list or dict where a variant id belongs (a hand-edited file)
        variant_id = str(variant_id)[:60]
        known = ", ".join(variants) or "không có"
        raise UnknownVariantError(
            f"Không tìm thấy mẫu biểu «{variant_id}». Các mẫu biểu hiện có: {known}."
        ) from None

