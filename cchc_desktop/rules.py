"""Checks of a draft: the annex values (data-driven from the variant file) and the narrative.

Each finding names the form and the row in Vietnamese («Biểu mẫu 3, dòng 1.4.1: ...»).
Errors are mistakes that must be fixed before sending; warnings are likely mistakes.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .annex import CellResult, cell_text, evaluate_annex, exact_rate
from .editing.refs import FieldRef, ref_from_legacy
from .forms import FormVariant, Relation, RowKind, UnknownVariantError, get_variant
from .numbers import NumberParseError, format_vn, matches_rate, parse_value
from .textnorm import fold

if TYPE_CHECKING:
    from .checks import TextCheckOptions
    from .draft import Draft

__all__ = ["Finding", "check_annex", "check_narrative", "validate_draft"]

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Finding:
    """One problem found in a draft. ``ref`` is the typed place it is about (``editing.refs``,
    the same references edits use): the wizard selects that place from it, never from the
    message. Left out, it is derived from ``form``/``code`` or the dotted ``field``.
    ``related``: a second place worth a jump (the sentence of a text-vs-table note)."""

    severity: str  # "error" | "warning"
    message: str  # Vietnamese, names form and row
    form: int | None
    code: str | None
    field: str | None = None  # for findings outside the annex, e.g. "meta.date"
    ref: FieldRef | None = None
    related: FieldRef | None = None

    def __post_init__(self) -> None:
        if self.ref is None:
            object.__setattr__(self, "ref", ref_from_legacy(self.form, self.code, self.field))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"form": self.form, "code": self.code, "severity": self.severity,
                             "message": self.message}
        if self.field is not None:
            d["field"] = self.field
        if self.ref is not None:
            d["ref"] = self.ref.to_dict()
        if self.related is not None:
            d["related"] = self.related.to_dict()
        return d


def _where(form: int, code: str) -> str:
    return f"Biểu mẫu {form}, dòng {code}"


def _pct(value: Decimal | None) -> str:
    return f"{format_vn(value, 2)}%"


# ----- one cell -----------------------------------------------------------------------------
def _cell_findings(form: int, res: CellResult, results: Mapping[str, CellResult]) -> list[Finding]:
    row, where = res.indicator, _where(form, res.code)

    def err(msg: str) -> list[Finding]:
        return [Finding("error", f"{where}: {msg}", form, res.code)]

    if row.kind is RowKind.GROUP:
        if res.raw and res.raw not in ("0", "-"):
            return [Finding("warning", f"{where}: đây là dòng tiêu đề nhóm, không ghi số liệu; "
                                       f"giá trị \"{res.raw}\" hãy ghi vào dòng con phù hợp.", form, res.code)]
        return []
    if res.error is not None:
        return err(res.error)
    value = res.value
    if row.kind is RowKind.AMOUNT and value is not None and value < 0 and not row.allow_negative:
        return err(f"số tiền không thể là số âm (đã ghi {format_vn(value)}).")
    if row.kind is RowKind.PERCENT and value is not None:
        if row.allow_negative:
            if value < -_HUNDRED:
                return err(f"tỷ lệ tăng, giảm không thể nhỏ hơn -100% (đã ghi {_pct(value)}).")
        elif value < 0 or value > _HUNDRED:
            return err(f"tỷ lệ phải từ 0 đến 100% (đã ghi {format_vn(value)}).")
    if row.kind is RowKind.CHOICE and value is not None:
        if all(Decimal(c.code) != value for c in row.choices):
            return err(f"mã {format_vn(value)} không có trong chú giải; chỉ được ghi: {row.unit}.")
    if row.kind is RowKind.RATE and res.typed:
        return _typed_rate_findings(form, res, results)
    return []


def _typed_rate_findings(form: int, res: CellResult, results: Mapping[str, CellResult]) -> list[Finding]:
    """A RATE row is computed by the app; a typed value (old reports) must agree with its parts."""
    row, where = res.indicator, _where(form, res.code)
    num_code, den_code = row.rate_parts
    num, den = results[num_code], results[den_code]
    typed = res.value
    if typed is None:  # a lone dash: harmless, the printed column shows the computed rate
        return []
    shown = _pct(typed)

    def err(msg: str) -> list[Finding]:
        return [Finding("error", f"{where}: {msg}", form, res.code)]

    if typed < 0 or typed > _HUNDRED:
        hint = ""
        if res.computed is not None:
            hint = f"; theo dòng {num.code} và {den.code} tỷ lệ đúng là " \
                   f"{format_vn(num.value)}/{format_vn(den.value)} = {_pct(res.computed)}"
        return err(f"dòng tỷ lệ (%) đã ghi {format_vn(typed)}, tỷ lệ phải từ 0 đến 100"
                   f" (có thể là số lượng ghi nhầm dòng){hint}.")
    if num.error is not None or den.error is not None:
        return []  # the part's own error is reported; the rate cannot be checked yet
    if den.value == 0:
        if typed != 0:
            return err(f"đã ghi {shown} nhưng dòng {den.code} bằng 0: tỷ lệ không xác định khi mẫu số "
                       f"bằng 0 (bảng in sẽ ghi \"-\").")
        return []
    blank = [c.code for c in (num, den) if c.value is None]
    if blank:
        rows = " và ".join(f"dòng {c}" for c in blank)
        return err(f"đã ghi {shown} nhưng {rows} còn trống, nên không tính được tỷ lệ; "
                   f"hãy nhập {rows}.")
    exact = exact_rate(results, row)
    if exact is not None and not matches_rate(typed, exact):
        return err(f"đã ghi {shown} nhưng {format_vn(num.value)}/{format_vn(den.value)} = "
                   f"{_pct(res.computed)} (dòng {num.code}/dòng {den.code}); tỷ lệ được tính tự động, "
                   f"hãy xóa số đã ghi ở dòng này.")
    return []


# ----- relations ------------------------------------------------------------------------------
def _relation_finding(variant: FormVariant, rel: Relation, evaluated: Mapping[int, Mapping[str, CellResult]],
                      own: int | None) -> Finding | None:
    """The finding of one relation, attached to the offending row, or None when it holds.

    Blank rows are left out (a relation is checked on what is filled in); a row that does not
    parse is reported on its own and makes sums unknowable, so those relations wait.
    """
    def get(ref: str) -> tuple[int, str, Decimal | None, bool]:
        f, code = variant.resolve(ref, own)
        res = evaluated[f][code]
        return f, code, res.number, res.error is not None

    def name(f: int, code: str, at: int) -> str:
        return f"dòng {code}" if f == at else f"Biểu mẫu {f}, dòng {code}"

    def label(f: int, code: str) -> str:
        return variant.form(f).row(code).label

    def make(f: int, code: str, default: str, detail: str) -> Finding:
        return Finding(rel.severity, f"{_where(f, code)}: {rel.message or default} ({detail}).", f, code)

    if rel.kind == "chain_le":
        filled = [(f, c, v) for f, c, v, bad in map(get, rel.parts) if v is not None and not bad]
        for (f1, c1, v1), (f2, c2, v2) in zip(filled, filled[1:]):
            if v1 > v2:  # name the offending pair, not the rule ("Dòng 5.1.2 (160) lớn hơn dòng 5.1.1 (150)")
                return Finding(rel.severity, f"Biểu mẫu {f1}: dòng {c1} ({format_vn(v1)}) lớn hơn "
                               f"{name(f2, c2, f1)} ({format_vn(v2)}); «{label(f1, c1)}» không thể nhiều hơn "
                               f"«{label(f2, c2)}».", f1, c1)
        return None
    if rel.whole is None:  # the form reader requires a whole for these kinds
        return None
    wf, wc, whole, wbad = get(rel.whole)
    if whole is None or wbad:
        return None
    parts = [get(r) for r in rel.parts]
    if rel.kind == "part_le_whole":
        for f, c, v, bad in parts:
            if v is not None and not bad and v > whole:
                return make(f, c, "số liệu thành phần không thể lớn hơn dòng tổng",
                            f"{format_vn(v)} > {format_vn(whole)} ở {name(wf, wc, f)} «{label(wf, wc)}»")
        return None
    if any(p[3] for p in parts):
        return None
    present = [(f, c, v) for f, c, v, _ in parts if v is not None]
    if not present:
        return None
    total = sum((v for _, _, v in present), Decimal(0))
    expr = " + ".join(f"{name(f, c, wf)} ({format_vn(v)})" for f, c, v in present)
    if rel.kind == "sum_le_whole" and total > whole:
        return make(wf, wc, "tổng các dòng thành phần không thể lớn hơn dòng tổng",
                    f"{expr} = {format_vn(total)} > {format_vn(whole)}")
    if rel.kind == "equal_sum" and len(present) == len(parts) and total != whole:
        return make(wf, wc, "dòng tổng phải bằng tổng các dòng thành phần",
                    f"đã ghi {format_vn(whole)} nhưng {expr} = {format_vn(total)}")
    return None


# ----- public API ------------------------------------------------------------------------------
def _order_key(variant: FormVariant | None) -> Callable[[Finding], tuple[int, int, int]]:
    def key(f: Finding) -> tuple[int, int, int]:
        row_index = 0
        if variant is not None and f.form is not None and f.code is not None:
            try:
                row_index = variant.form(f.form).codes().index(f.code)
            except (KeyError, ValueError):
                row_index = 0
        return (0 if f.severity == "error" else 1, f.form or 0, row_index)
    return key


def _orphan_findings(variant: FormVariant, annex: Mapping[Any, Any]) -> list[Finding]:
    """Values kept for rows the variant does not have (e.g. after changing the variant): they
    would not be printed, so say so instead of dropping them silently."""
    findings = []
    numbers = {f.number for f in variant.forms}
    for form_key, cells in annex.items():
        try:
            number = int(form_key)
        except (TypeError, ValueError):
            number = None
        codes = set(variant.form(number).codes()) if number in numbers else set()
        for code, cell in (cells or {}).items() if isinstance(cells, Mapping) else ():
            text = cell_text(cell).strip()
            if text and code not in codes:
                findings.append(Finding(
                    "warning", f"{_where(number if number is not None else form_key, code)}: mẫu biểu "
                    f"«{variant.name}» không có dòng này; số liệu \"{text}\" sẽ không được in.",
                    number, str(code)))
    return findings


def check_annex(variant: FormVariant, annex: Mapping[Any, Any] | None) -> list[Finding]:
    """Findings of the annex values (parse errors, ranges, legends, typed rates, relations)."""
    evaluated = evaluate_annex(variant, annex)
    findings: list[Finding] = _orphan_findings(variant, annex or {})
    for form in variant.forms:
        results = evaluated[form.number]
        for res in results.values():
            findings.extend(_cell_findings(form.number, res, results))
    # at most one relation finding per cell (the first, most specific one): a wrong cell
    # often breaks several relations and one message is enough to fix it
    flagged: set[tuple[int | None, str | None]] = set()
    rels: list[tuple[Relation, int | None]] = [(rel, form.number) for form in variant.forms for rel in form.relations]
    rels += [(rel, None) for rel in variant.cross_relations]
    rels.sort(key=lambda rc: 0 if rc[0].severity == "error" else 1)
    for rel, own in rels:
        finding = _relation_finding(variant, rel, evaluated, own)
        if finding is not None and (finding.form, finding.code) not in flagged:
            flagged.add((finding.form, finding.code))
            findings.append(finding)
    findings.sort(key=_order_key(variant))
    return findings


_PERCENT_RE = re.compile(r"(?<![\d.,])([+-]?\d[\d.,]*)\s*%")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[^\s\d])")


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a section text; a line break inside a sentence (text pasted from a PDF:
    the next line starts in lower case or with a digit, or the line ends with ',', '-', '(')
    does not end the paragraph."""
    paragraphs: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            if paragraphs and paragraphs[-1]:
                paragraphs.append("")
            continue
        prev = paragraphs[-1] if paragraphs else ""
        continues = prev and (line[0].islower() or line[0].isdigit() or prev[-1] in ",-(/")
        if continues and not line.startswith(("- ", "+ ", "• ")):
            paragraphs[-1] = f"{prev} {line}"
        else:
            paragraphs.append(line)
    return [p for p in paragraphs if p]


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in _paragraphs(text):
        out += [re.sub(r"\s+", " ", p).strip() for p in _SENTENCE_END.split(paragraph) if p.strip()]
    return out


def _snippet(sentence: str, around: int, before: int = 110, after: int = 40) -> str:
    """The part of a long sentence around position ``around`` (where the percentage is)."""
    sentence = sentence.lstrip("-+•* ").strip()
    start, end = max(0, around - before), min(len(sentence), around + after)
    if start > 0:
        start = sentence.rfind(" ", 0, start) + 1
    if end < len(sentence):
        end = max(sentence.find(" ", end), around + 1) if sentence.find(" ", end) != -1 else len(sentence)
    text = sentence[start:end].strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(sentence) else "")


def check_narrative(variant: FormVariant, annex: Mapping[Any, Any] | None, texts: Iterable[str]) -> list[Finding]:
    """Rows with ``narrative_keywords``: the percentage the text gives must match the table."""
    watched = [(form, row) for form in variant.forms for row in form.rows if row.narrative_keywords]
    if not watched:
        return []
    evaluated = evaluate_annex(variant, annex)
    sentences = [s for t in texts if t for s in _sentences(t)]
    findings: list[Finding] = []
    for form, row in watched:
        res = evaluated[form.number][row.code]
        if res.error is not None:
            continue
        value = res.computed if row.kind is RowKind.RATE else res.value
        if row.kind is RowKind.RATE and value is None and res.typed:
            value = res.value
        keys = [fold(k) for k in row.narrative_keywords]
        for sentence in sentences:
            folded = fold(sentence)
            if not any(k in folded for k in keys):
                continue
            sentence = sentence.lstrip("-+•* ").strip()
            written: list[Decimal] = []
            first: int | None = None
            for m in _PERCENT_RE.finditer(sentence):
                try:
                    w = parse_value(m.group(1), RowKind.PERCENT)
                except NumberParseError:
                    continue
                if w is not None:
                    written.append(w)
                    first = m.start() if first is None else first
            if not written:
                continue
            if value is not None and any(matches_rate(w, value) for w in written):
                continue
            table = f"bảng ghi {_pct(value)}" if value is not None else "bảng để trống"
            findings.append(Finding(
                "warning",
                f"{_where(form.number, row.code)}: phần thuyết minh ghi «{_snippet(sentence, first or 0)}» "
                f"({', '.join(_pct(w) for w in written)}) nhưng {table}.",
                form.number, row.code,
            ))
    return findings


def validate_draft(draft: Draft, text_options: TextCheckOptions | None = None) -> list[Finding]:
    """All findings of a draft: annex rules and text checks; errors first, then form/row order."""
    from .checks import text_findings  # the text checks (figures, references, spelling, stale copies)
    if not draft.variant:
        return list(text_findings(draft, None, text_options))
    try:
        variant = get_variant(draft.variant)
    except UnknownVariantError as exc:
        return [Finding("error", str(exc), None, None, field="variant")]
    annex = getattr(draft, "annex", {}) or {}
    findings = check_annex(variant, annex)
    findings += text_findings(draft, variant, text_options)
    findings.sort(key=_order_key(variant))
    return findings
