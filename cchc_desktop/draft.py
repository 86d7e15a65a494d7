"""The draft: one report being written (metadata, outline with text, annex values, recipients, signer).

A draft is plain data. Its JSON form is versioned (``docs/draft-format.md``); reading an older
version upgrades it, a newer one is refused with a clear message. All text is NFC. The classes
here read and build drafts; they have no setters: a field of a draft changes only through
``editing.apply_edits`` (the ``DraftEditor`` and every headless writer use it).
"""
from __future__ import annotations

import datetime as _dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .draft_upgrade import FORMAT_NAME, FORMAT_VERSION
from .errors import CchcError
from .textnorm import clean_line, clean_text

KINDS = ("periodic", "five_year", "self_inspection")
# Numbering styles (docs/draft-format.md): part_ordinal "Phần thứ nhất", roman "I.", arabic "1.",
# decimal "1.1.", alpha "a) b) c) d) đ) e) g)" (Vietnamese order), alpha_no_dd (the same without
# đ), dash "-", plus "+", star "*", none.
NUMBERING_STYLES = ("part_ordinal", "roman", "arabic", "decimal", "alpha", "alpha_no_dd", "dash", "plus", "star",
                    "none")
# How a section prints: its heading with the text below, the heading run into the first paragraph,
# or a numbered paragraph without a title.
SECTION_FORMS = ("heading", "runin", "paragraph")
BASIS_LEADS = ("Thực hiện", "Căn cứ", "Theo", "")


class DraftFormatError(CchcError, ValueError):
    """A draft file that cannot be read. ``str()`` is a Vietnamese sentence for the user."""


def new_id() -> str:
    return uuid.uuid4().hex


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Section:
    """A numbered heading of the outline, its text, and its sub-sections at any depth."""

    id: str = field(default_factory=new_id)
    title: str = ""
    guidance: str = ""
    text: str = ""
    children: list[Section] = field(default_factory=list)
    numbering: str | None = None  # style of this section's children; None: the draft's default for that level
    form: str = "heading"  # one of SECTION_FORMS

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "guidance": self.guidance,
            "text": self.text,
            "numbering": self.numbering,
            "form": self.form,
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Section:
        if not isinstance(d, dict):
            raise DraftFormatError("Mục của dàn ý không đúng định dạng.")
        return cls(
            id=str(d.get("id") or new_id()),
            title=clean_line(d.get("title")),
            guidance=clean_text(d.get("guidance")),
            text=clean_text(d.get("text")),
            children=[cls.from_dict(c) for c in d.get("children") or []],
            numbering=_style_or_none(d.get("numbering")),
            form=str(d.get("form")) if d.get("form") in SECTION_FORMS else "heading",
        )


def _style_or_none(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in NUMBERING_STYLES:
        raise DraftFormatError(f"Kiểu đánh số «{value}» không được hỗ trợ.")
    return str(value)


@dataclass
class Period:
    """The reporting period: ``type`` is q1, 6m, 9m, q3, year (periodic), 5y (five-year review) or
    custom (an ad hoc period asked for by the level above: ``start``..``end`` and its own ``title``)."""

    type: str = "6m"
    year: int = 2024
    start_year: int | None = None  # first year of a five-year review (2021 for 2021-2025)
    start: _dt.date | None = None  # custom period only
    end: _dt.date | None = None  # custom period only; ``year`` is its year
    title: str = ""  # custom period only: "từ ngày 01/01/2024 đến ngày 15/8/2024" when empty

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "year": self.year}
        if self.start_year is not None:
            d["start_year"] = self.start_year
        if self.type == "custom":
            d["start"] = self.start.isoformat() if self.start else None
            d["end"] = self.end.isoformat() if self.end else None
            d["title"] = self.title
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Period:
        try:
            p = cls(
                type=str(d.get("type", "6m")),
                year=int(d.get("year", "")),
                start_year=int(d["start_year"]) if d.get("start_year") is not None else None,
            )
        except (TypeError, ValueError, AttributeError) as exc:
            raise DraftFormatError("Kỳ báo cáo không đúng định dạng (cần loại kỳ và năm).") from exc
        if p.type == "custom":
            p.start, p.end = parse_date(d.get("start")), parse_date(d.get("end"))
            p.title = clean_line(d.get("title"))
            if p.start is None or p.end is None or p.end < p.start:
                raise DraftFormatError("Kỳ báo cáo tự chọn cần ngày bắt đầu và ngày kết thúc "
                                       "(không trước ngày bắt đầu).")
            from .periods import YEAR_MAX, YEAR_MIN

            if p.start.year < YEAR_MIN or p.end.year > YEAR_MAX:
                raise DraftFormatError(f"Ngày của kỳ báo cáo tự chọn phải nằm trong các năm {YEAR_MIN}-{YEAR_MAX}.")
            p.year = p.end.year
        return p


@dataclass
class Meta:
    """Everything of the header, title and preamble that is not the outline."""

    parent_agency: str = ""  # "UBND HUYỆN TỨ KỲ"; empty since communes report to the province
    issuing_body: str = ""  # "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
    issuing_body_short: str = ""  # "UBND xã Quang Khải" (closing sentence, annex line)
    place: str = ""  # "Quang Khải"
    number: str = ""  # "45"; empty until the clerk gives it
    code: str = "BC-UBND"
    date: _dt.date | None = None
    summary: str = ""  # trích yếu: "Công tác cải cách hành chính 6 tháng đầu năm 2024"
    addressee: str = ""  # "Kính gửi: ..." (optional)
    legal_bases: list[str] = field(default_factory=list)  # each without the lead word (a typed one is kept)
    preamble: str = ""  # "UBND xã báo cáo ... như sau:"
    closing: str = ""  # "Trên đây là báo cáo ... của UBND xã .../."
    basis_lead: str = "Thực hiện"  # lead word of the legal bases: one of BASIS_LEADS
    bases_joined: bool = True  # all bases in one paragraph ("Thực hiện A; B; ...") or one paragraph each
    preamble_separate: bool = False  # the reporting sentence in a paragraph of its own

    TEXT_FIELDS = (
        "parent_agency", "issuing_body", "issuing_body_short", "place", "number", "code",
        "summary", "addressee", "preamble", "closing",
    )
    FLAG_FIELDS = ("bases_joined", "preamble_separate")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {name: getattr(self, name) for name in self.TEXT_FIELDS}
        d["date"] = self.date.isoformat() if self.date else None
        d["legal_bases"] = list(self.legal_bases)
        d["basis_lead"] = self.basis_lead
        d["bases_joined"] = self.bases_joined
        d["preamble_separate"] = self.preamble_separate
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Meta:
        meta = cls()
        for name in cls.TEXT_FIELDS:
            if name in d:
                value = d.get(name)
                setattr(meta, name, clean_text(value).strip() if name in ("preamble", "closing") else clean_line(value))
        meta.date = parse_date(d.get("date"))
        meta.legal_bases = [clean_line(x) for x in d.get("legal_bases") or [] if clean_line(x)]
        lead = clean_line(d.get("basis_lead", "Thực hiện"))
        meta.basis_lead = lead if lead in BASIS_LEADS else "Thực hiện"
        for name in cls.FLAG_FIELDS:
            if name in d:
                setattr(meta, name, bool(d.get(name)))
        return meta


@dataclass
class Recipients:
    """"Nơi nhận": one recipient a line (the "- ...;" dressing is the renderer's job)."""

    items: list[str] = field(default_factory=list)
    archive: str = "VT"  # "- Lưu: VT." ; "" gives "- Lưu."

    def to_dict(self) -> dict[str, Any]:
        return {"items": list(self.items), "archive": self.archive}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Recipients:
        return cls(items=[clean_line(x) for x in d.get("items") or [] if clean_line(x)],
                   archive=clean_line(d.get("archive", "VT")))


@dataclass
class Signer:
    """The signature block: TM. <collective>, KT. <chief> for a deputy, the title, the name."""

    on_behalf: bool = True  # "TM. ỦY BAN NHÂN DÂN"
    collective: str = "ỦY BAN NHÂN DÂN"
    deputy: bool = False  # True: "KT. CHỦ TỊCH" then the deputy's title
    chief_title: str = "CHỦ TỊCH"
    title: str = "CHỦ TỊCH"  # the signer's own title ("PHÓ CHỦ TỊCH" for a deputy)
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "on_behalf": self.on_behalf, "collective": self.collective, "deputy": self.deputy,
            "chief_title": self.chief_title, "title": self.title, "name": self.name,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Signer:
        s = cls()
        s.on_behalf = bool(d.get("on_behalf", True))
        s.deputy = bool(d.get("deputy", False))
        for name in ("collective", "chief_title", "title", "name"):
            if name in d:
                setattr(s, name, clean_line(d.get(name)))
        return s

    def authority_lines(self) -> list[str]:
        """The capitalised lines above the signature, e.g. TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."""
        import re

        def strip_mark(text: str, mark: str) -> str:  # "TM. ỦY BAN..." typed in full: one "TM." only
            return re.sub(rf"^{mark}(\s*\.\s*|\s+)", "", text.strip(), flags=re.IGNORECASE)

        collective = strip_mark(self.collective, "TM").upper()
        chief = strip_mark(self.chief_title, "KT").upper()
        title = self.title.strip().upper()
        # the whole block typed into the title ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"): keep only the own title
        for prefix in ((f"TM. {collective}", f"TM.{collective}") if self.on_behalf and collective else ()) \
                + ((f"KT. {chief}", f"KT.{chief}") if self.deputy and chief else ()):
            if title.startswith(prefix) and title != prefix:
                title = title[len(prefix):].strip()
        lines: list[str] = []
        if self.on_behalf and collective:
            lines.append(f"TM. {collective}")
        if self.deputy and chief:
            lines.append(f"KT. {chief}")
        if title:
            lines.append(title)
        return lines


@dataclass
class Draft:
    id: str = field(default_factory=new_id)
    kind: str = "periodic"
    period: Period = field(default_factory=Period)
    variant: str | None = "A-2024"  # form variant of the printed annex; None: no annex in the document
    annex_off_variant: str | None = None  # the annex turned off: the variant its kept (hidden) values belong to
    meta: Meta = field(default_factory=Meta)
    numbering: list[str] = field(default_factory=lambda: ["roman", "arabic", "decimal", "alpha"])
    outline: list[Section] = field(default_factory=list)
    # form number ("1".."7") -> row code ("3.2.1") -> {"value": text as typed, "note": text}
    annex: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    recipients: Recipients = field(default_factory=Recipients)
    signer: Signer = field(default_factory=Signer)
    # set by "Tạo kỳ tiếp theo": {"id", "period", "annex"} of the draft this one was copied from,
    # its annex as it was then (stale-copy check, docs/text-checks.md); None for other drafts
    origin: dict[str, Any] | None = None
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)

    # ----- JSON -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "id": self.id,
            "kind": self.kind,
            "period": self.period.to_dict(),
            "variant": self.variant,
            "annex_off_variant": self.annex_off_variant,
            "meta": self.meta.to_dict(),
            "numbering": list(self.numbering),
            "outline": [s.to_dict() for s in self.outline],
            "annex": {f: {c: dict(cell) for c, cell in rows.items()} for f, rows in self.annex.items()},
            "recipients": self.recipients.to_dict(),
            "signer": self.signer.to_dict(),
            **({"origin": _origin_dict(self.origin)} if self.origin else {}),
            "created": self.created,
            "updated": self.updated,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Any) -> Draft:
        data = upgrade(data)
        try:
            return cls._from_current(data)
        except DraftFormatError:
            raise
        except (TypeError, AttributeError, KeyError, ValueError) as exc:
            raise DraftFormatError(
                "Tệp dự thảo bị hỏng: có mục dữ liệu sai kiểu (ví dụ chữ ở chỗ cần danh sách). "
                "Hãy mở bản sao lưu hoặc xuất lại tệp từ máy đã tạo ra nó."
            ) from exc

    @classmethod
    def _from_current(cls, data: dict[str, Any]) -> Draft:
        kind = data.get("kind")
        if kind not in KINDS:
            raise DraftFormatError(f"Loại văn bản «{kind}» không được hỗ trợ.")
        d = cls(
            id=str(data.get("id") or new_id()),
            kind=kind,
            period=Period.from_dict(data.get("period") or {}),
            variant=data.get("variant") or None,
            annex_off_variant=data.get("annex_off_variant") or None,
            meta=Meta.from_dict(data.get("meta") or {}),
            numbering=[_style_or_none(x) or "none"
                       for x in data.get("numbering") or ["roman", "arabic", "decimal", "alpha"]],
            outline=[Section.from_dict(s) for s in data.get("outline") or []],
            annex=_clean_annex(data.get("annex") or {}),
            recipients=Recipients.from_dict(data.get("recipients") or {}),
            signer=Signer.from_dict(data.get("signer") or {}),
            origin=_clean_origin(data.get("origin")),
            created=str(data.get("created") or _now()),
            updated=str(data.get("updated") or _now()),
        )
        return d

    @classmethod
    def from_json(cls, text: str) -> Draft:
        from .files.read import ReadRefusedError, loads_json

        try:
            data = loads_json(text, what="tệp dự thảo")
        except ReadRefusedError as exc:
            raise DraftFormatError(str(exc)) from None
        except (json.JSONDecodeError, TypeError) as exc:
            raise DraftFormatError(
                f"Tệp dự thảo bị hỏng hoặc không phải JSON (dòng {getattr(exc, 'lineno', '?')})."
            ) from exc
        try:
            draft = cls.from_dict(data)
        except DraftFormatError:
            raise
        except (TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:  # a value of the wrong type
            raise DraftFormatError("Tệp dự thảo có giá trị sai kiểu (đã bị sửa ngoài phần mềm hoặc bị hỏng); "
                                   "không đọc được.", detail=f"{type(exc).__name__}: {exc}") from None
        if not isinstance(draft.variant, (str, type(None))) or not isinstance(draft.period.type, str) \
                or not isinstance(draft.period.year, int) or isinstance(draft.period.year, bool):
            raise DraftFormatError("Tệp dự thảo có giá trị sai kiểu (mẫu biểu hoặc kỳ báo cáo); không đọc được.")
        return draft

    def copy(self) -> Draft:
        return Draft.from_dict(self.to_dict())

    # ----- outline helpers --------------------------------------------------------------
    def iter_sections(self) -> Iterator[tuple[tuple[int, ...], Section]]:
        """Every section depth-first with its position path, e.g. (1, 0) = second part, first item."""

        def walk(nodes: list[Section], prefix: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], Section]]:
            for i, node in enumerate(nodes):
                path = prefix + (i,)
                yield path, node
                yield from walk(node.children, path)

        yield from walk(self.outline, ())

    def find_section(self, section_id: str) -> Section | None:
        for _, node in self.iter_sections():
            if node.id == section_id:
                return node
        return None

    # ----- annex helpers ----------------------------------------------------------------
    @property
    def annex_included(self) -> bool:
        """The document carries the annex forms (printed, checked, exported)."""
        return bool(self.variant)

    def annex_cell(self, form: int | str, code: str) -> dict[str, str]:
        return self.annex.get(str(form), {}).get(code, {"value": "", "note": ""})

    # ----- reading one field (changing one: editing.apply_edits, the only writer) ----------
    def get_field(self, path: FieldPath) -> Any:
        return _get_field(self, tuple(path))


FieldPath = tuple[str, ...]  # e.g. ("meta", "place"), ("section", id, "text"), ("annex", "3", "1.4", "value")


def _get_field(d: Draft, path: FieldPath) -> Any:
    head = path[0] if path else None
    if head == "meta" and len(path) == 2:
        value = getattr(d.meta, path[1])
        return value.isoformat() if isinstance(value, _dt.date) else value
    if head == "section" and len(path) == 3:
        node = d.find_section(path[1])
        if node is None:
            raise KeyError(path)
        return getattr(node, path[2])
    if head == "annex" and len(path) == 4:
        return d.annex_cell(path[1], path[2]).get(path[3], "")
    if head == "recipients" and len(path) == 2:
        return getattr(d.recipients, path[1])
    if head == "signer" and len(path) == 2:
        return getattr(d.signer, path[1])
    if head == "outline" and len(path) == 1:
        return [s.to_dict() for s in d.outline]
    if head in ("variant", "kind", "annex_off_variant") and len(path) == 1:
        return getattr(d, head)
    if head == "annex_included" and len(path) == 1:
        return d.annex_included
    if head == "numbering" and len(path) == 1:
        return list(d.numbering)
    if head == "period" and len(path) == 1:
        return d.period.to_dict()
    raise KeyError(f"unknown draft field {path!r}")


def parse_date(value: Any) -> _dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise DraftFormatError(f"Ngày «{value}» không hợp lệ (cần dạng năm-tháng-ngày).") from exc


def _clean_annex(raw: Any) -> dict[str, dict[str, dict[str, str]]]:
    if not isinstance(raw, dict):
        raise DraftFormatError("Phần số liệu phụ lục không đúng định dạng.")
    out: dict[str, dict[str, dict[str, str]]] = {}
    for form, rows in raw.items():
        if not isinstance(rows, dict):
            raise DraftFormatError(f"Số liệu Biểu mẫu {form} không đúng định dạng.")
        clean_rows = {}
        for code, cell in rows.items():
            if isinstance(cell, (str, int, float)):
                cell = {"value": str(cell)}
            if not isinstance(cell, dict):
                raise DraftFormatError(f"Ô số liệu {code} của Biểu mẫu {form} không đúng định dạng.")
            value, note = clean_line(str(cell.get("value") or "")), clean_line(str(cell.get("note") or ""))
            if value or note:
                clean_rows[str(code)] = {"value": value, "note": note}
        if clean_rows:
            out[str(form)] = clean_rows
    return out


def _origin_dict(origin: dict[str, Any]) -> dict[str, Any]:
    annex = origin.get("annex") or {}
    return {"id": origin.get("id", ""), "period": dict(origin.get("period") or {}),
            "annex": {f: {c: dict(cell) for c, cell in rows.items()} for f, rows in annex.items()}}


def _clean_origin(raw: Any) -> dict[str, Any] | None:
    """The "origin" of a next-period draft; a malformed one is dropped (it only feeds a warning)."""
    if not isinstance(raw, dict):
        return None
    try:
        period = Period.from_dict(raw.get("period") or {}).to_dict()
        return {"id": clean_line(str(raw.get("id") or "")), "period": period,
                "annex": _clean_annex(raw.get("annex") or {})}
    except (DraftFormatError, TypeError, ValueError, AttributeError):
        return None


# ----- versions: cchc_desktop/draft_upgrade.py ----------------------------------------------
def upgrade(data: Any) -> dict[str, Any]:
    """Bring a draft dict of any known version to the current one; refuse what is not ours."""
    from .draft_upgrade import upgrade as _upgrade

    return _upgrade(data)
