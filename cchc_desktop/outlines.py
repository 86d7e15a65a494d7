"""Document kinds, their default outlines (data in ``resources/outlines``), new drafts, numbering."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .draft import NUMBERING_STYLES, Draft, Meta, Period, Recipients, Section, Signer, new_id  # noqa: F401
from .errors import CchcError
from .periods import OUTLOOK_TOKEN, PERIOD_TOKEN, outlook_title, period_title
from .resources import resource_path

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX"]
ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


class OutlineError(CchcError, ValueError):
    pass


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    name: str
    title: str
    code: str
    annexes: bool
    period_types: tuple[str, ...]
    numbering: tuple[str, ...]
    legal_bases: tuple[str, ...]
    preamble: str
    closing: str
    outline: tuple[dict[str, Any], ...]


@cache
def document_kind(kind: str) -> DocumentKind:
    path = resource_path("outlines", f"{kind}.json")
    if not path.exists():
        raise OutlineError(f"Không có dàn ý cho loại văn bản «{kind}».")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return DocumentKind(
            kind=data["kind"], name=data["name"], title=data["title"], code=data["code"],
            annexes=bool(data.get("annexes")), period_types=tuple(data["period_types"]),
            numbering=tuple(data["numbering"]), legal_bases=tuple(data.get("legal_bases", [])),
            preamble=data.get("preamble", ""), closing=data.get("closing", ""),
            outline=tuple(data["outline"]),
        )
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise OutlineError(f"Tệp dàn ý {path.name} bị lỗi: {exc}") from exc


def document_kinds() -> list[DocumentKind]:
    return [document_kind(k) for k in ("periodic", "five_year", "self_inspection")]


def _fill(text: str, values: dict[str, Any]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def _build_sections(nodes: Iterable[dict[str, Any]], values: dict[str, Any]) -> list[Section]:
    return [
        Section(id=new_id()[:12], title=_fill(n.get("title", ""), values),
                guidance=_fill(n.get("guidance", ""), values), text="",
                children=_build_sections(n.get("children", []), values),
                numbering=n.get("numbering") or None, form=n.get("form") or "heading")
        for n in nodes
    ]


NO_ANNEX = "none"  # ``new --variant none``: a report without the annex forms


def new_draft(kind: str = "periodic", period: Period | None = None, variant: str | None = None,
              profile: Any = None) -> Draft:
    """A fresh draft of ``kind`` with the default outline, prefilled from the commune profile if given.

    ``variant``: the annex form variant; ``"none"`` for no annex. Without it a kind with annexes
    (periodic) takes the profile's or "A-2024", the others none. Period words in the outline's
    titles and text are the placeholders ``{kỳ báo cáo}`` / ``{kỳ tới}``
    (``periods.fill_period_phrases``: a draft moved to the next period prints the next words), and
    so are those of the summary, the opening and the closing sentence (shown filled everywhere:
    the home list, window titles, messages).
    """
    spec = document_kind(kind)
    period = period or Period(type=spec.period_types[0], year=2025)
    if period.type not in spec.period_types and period.type != "custom":
        raise OutlineError(f"Kỳ «{period.type}» không dùng cho loại văn bản «{spec.name}».")
    if period.type == "5y" and period.start_year is None:
        period = Period(type="5y", year=period.year, start_year=period.year - 4)
    meta = Meta(code=spec.code)
    signer = Signer()
    recipients = Recipients()
    if profile is not None:
        meta.parent_agency = getattr(profile, "parent_agency", "") or ""
        meta.issuing_body = getattr(profile, "issuing_body", "") or ""
        meta.issuing_body_short = getattr(profile, "issuing_body_short", "") or ""
        meta.place = getattr(profile, "place", "") or ""
        signers = getattr(profile, "signers", None) or []
        if signers:
            s = signers[0]
            signer.name = getattr(s, "name", "")
            signer.deputy = bool(getattr(s, "deputy", False))
            signer.title = getattr(s, "title", "") or ("PHÓ CHỦ TỊCH" if signer.deputy else "CHỦ TỊCH")
        lists = getattr(profile, "recipient_lists", None) or []
        if lists:
            recipients = Recipients(items=list(lists[0].items), archive=lists[0].archive)
        if spec.annexes:
            variant = variant or getattr(profile, "default_variant", None)
    short = meta.issuing_body_short or "UBND xã"
    values = {
        "issuing_body_short": short,
        "year": period.year,
        "period_title": PERIOD_TOKEN,
        "period_range": PERIOD_TOKEN,
        "outlook_title": OUTLOOK_TOKEN,
    }
    words = dict(values, period_title=period_title(period), period_range=period_title(period),
                 outlook_title=outlook_title(period) or "kỳ tới")
    off = (variant or "").strip().lower() == NO_ANNEX
    chosen = None if off else (variant or ("A-2024" if spec.annexes else None))
    d = Draft(kind=kind, period=period, variant=chosen, meta=meta,
              numbering=list(spec.numbering), outline=_build_sections(spec.outline, values),
              recipients=recipients, signer=signer)
    if off and spec.annexes:
        d.annex_off_variant = "A-2024"  # turning the annex on later starts from the usual forms
    from .vnformat import default_summary  # local: vnformat imports this module's siblings

    meta.summary = default_summary(d, placeholder=True)
    meta.legal_bases = [_fill(b, words) for b in spec.legal_bases]
    meta.preamble = _fill(spec.preamble, values)  # placeholders: the words the user adds stay theirs
    meta.closing = _fill(spec.closing, values)
    return d


# Vietnamese order of points in legal documents: no f, j, w, z; đ after d (some documents skip it).
VI_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u",
              "v", "x", "y")
VI_LETTERS_NO_DD = tuple(x for x in VI_LETTERS if x != "đ")
BULLETS = {"dash": "-", "plus": "+", "star": "*"}


def _letters(index: int, letters: tuple[str, ...]) -> str:
    """a..y, then aa, ab, ... (never reached by a real document, but never a wrong letter)."""
    n = len(letters)
    if index < n:
        return letters[index]
    return _letters(index // n - 1, letters) + letters[index % n]


def number_label(style: str, index: int, parent_labels: list[str]) -> str:
    """The printed number of the ``index``-th (0-based) section with this style.

    roman 'I.', arabic '1.', decimal '1.2.' (parent's arabic number + own), alpha 'a)' .. 'đ)' ..
    (alpha_no_dd without đ), part_ordinal 'Phần thứ nhất', dash '-', plus '+', star '*', none ''.
    """
    n = index + 1
    if style == "roman":
        return (ROMAN[index] if index < len(ROMAN) else str(n)) + "."
    if style == "arabic":
        return f"{n}."
    if style == "decimal":
        parent = parent_labels[-1].rstrip(".") if parent_labels else ""
        parent = parent if parent.replace(".", "").isdigit() else ""
        return f"{parent}.{n}." if parent else f"{n}."
    if style in ("alpha", "alpha_no_dd"):
        return _letters(index, VI_LETTERS if style == "alpha" else VI_LETTERS_NO_DD) + ")"
    if style == "part_ordinal":
        word = ORDINALS[index] if index < len(ORDINALS) else str(n)
        return f"Phần thứ {word}"
    return BULLETS.get(style, "")


def level_style(draft: Draft, level: int) -> str:
    styles = list(draft.numbering) or ["roman", "arabic", "decimal", "alpha"]
    return styles[level] if level < len(styles) else "none"


def styled_sections(draft: Draft, outline: list[Section] | None = None) -> list[tuple[int, str, str, Section]]:
    """(level, numbering style, printed number, section) depth-first. A section's ``numbering``
    overrides its children's style; otherwise the draft's style of that level. Numbers come from
    position, so reordering never leaves two "III.". ``outline``: another outline (the draft's
    without its empty sections) numbered with the draft's styles."""
    out: list[tuple[int, str, str, Section]] = []

    def walk(nodes: list[Section], level: int, parents: list[str], style: str) -> None:
        for i, node in enumerate(nodes):
            label = number_label(style, i, parents)
            out.append((level, style, label, node))
            if node.children:
                walk(node.children, level + 1, parents + [label], node.numbering or level_style(draft, level + 1))

    walk(draft.outline if outline is None else outline, 0, [], level_style(draft, 0))
    return out


def numbered_sections(draft: Draft) -> list[tuple[int, str, Section]]:
    """(level, printed number, section) depth-first, numbers from position and the draft's styles."""
    return [(level, label, node) for level, _style, label, node in styled_sections(draft)]
