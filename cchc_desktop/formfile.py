"""Strict reader of a form-variant JSON file (format: ``resources/forms.schema.json``).

Every problem raises :class:`~cchc_desktop.forms.FormFileError` naming the file, the place
(form number and row code, or the JSON position) and the reason, in Vietnamese, so a
province officer editing the file by hand can fix it.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any, NoReturn

from .forms import (
    RELATION_KINDS,
    SEVERITIES,
    AnnexForm,
    Choice,
    FormFileError,
    FormVariant,
    Indicator,
    Relation,
    RowKind,
)

CODE_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
HEADER_KEYS = ("stt", "indicator", "results", "unit", "value", "note")
TOP_KEYS = {"id", "name", "year", "description", "annex_title", "headers", "forms", "cross_relations"}
FORM_KEYS = {"number", "title", "rows", "relations"}
ROW_KEYS = {"code", "label", "kind", "unit", "numerator", "denominator", "choices", "legend",
            "allow_negative", "narrative_keywords"}
REL_KEYS = {"kind", "parts", "whole", "codes", "severity", "message"}
KIND_NAMES = ", ".join(k.value for k in RowKind)
NUMERIC_KINDS = (RowKind.COUNT, RowKind.AMOUNT, RowKind.PERCENT, RowKind.RATE)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


class _Reader:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str | None, reason: str) -> NoReturn:
        raise FormFileError(self.path, where, reason)

    # ----- small typed getters ------------------------------------------------------
    def check_keys(self, obj: Any, allowed: set[str], where: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            self.fail(where, "cần một đối tượng JSON { ... }.")
        for key in obj:
            if key.startswith(("_", "$")):  # comments and "$schema" are allowed anywhere
                continue
            if key not in allowed:
                self.fail(where, f"khóa «{key}» không hợp lệ (các khóa được dùng: {', '.join(sorted(allowed))}).")
        return obj

    def text(self, obj: dict[str, Any], key: str, where: str, required: bool = True, default: str = "") -> str:
        if key not in obj or obj[key] is None:
            if required:
                self.fail(where, f"thiếu «{key}».")
            return default
        value = obj[key]
        if not isinstance(value, str):
            self.fail(where, f"«{key}» phải là một chuỗi chữ.")
        value = _nfc(value)
        if required and not value:
            self.fail(where, f"«{key}» không được để trống.")
        return value

    def integer(self, obj: dict[str, Any], key: str, where: str) -> int:
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"«{key}» phải là một số nguyên.")
        return value

    def flag(self, obj: dict[str, Any], key: str, where: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self.fail(where, f"«{key}» phải là true hoặc false.")
        return value

    # ----- the file -----------------------------------------------------------------
    def read(self) -> FormVariant:
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            self.fail(None, f"không đọc được tệp ({exc.strerror or exc}).")
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.fail(None, "tệp phải được lưu với bảng mã UTF-8.")
        except json.JSONDecodeError as exc:
            self.fail(f"dòng {exc.lineno}, cột {exc.colno}", f"không phải JSON hợp lệ ({exc.msg}).")
        top = self.check_keys(data, TOP_KEYS, "phần đầu tệp")
        where = "phần đầu tệp"
        vid = self.text(top, "id", where)
        if not ID_RE.match(vid):
            self.fail(where, f"mã mẫu biểu «{vid}» chỉ được gồm chữ không dấu, số, '-', '_' và '.'.")
        year = self.integer(top, "year", where)
        if not 1990 <= year <= 2200:
            self.fail(where, f"năm {year} không hợp lệ.")
        headers = self.check_keys(top.get("headers"), set(HEADER_KEYS), "«headers»")
        header_texts = {k: self.text(headers, k, "«headers»") for k in HEADER_KEYS}
        forms_raw = top.get("forms")
        if not isinstance(forms_raw, list) or not forms_raw:
            self.fail(where, "«forms» phải là một danh sách các biểu mẫu, không được rỗng.")
        forms = [self.form(f, i) for i, f in enumerate(forms_raw)]
        numbers = [f.number for f in forms]
        dup = sorted({n for n in numbers if numbers.count(n) > 1})
        if dup:
            self.fail(where, f"Biểu mẫu {dup[0]} xuất hiện nhiều lần.")
        forms.sort(key=lambda f: f.number)
        by_number = {f.number: f for f in forms}
        cross_raw = top.get("cross_relations", [])
        if not isinstance(cross_raw, list):
            self.fail(where, "«cross_relations» phải là một danh sách.")
        cross = tuple(
            self.relation(r, f"«cross_relations»[{i}]", by_number, None) for i, r in enumerate(cross_raw)
        )
        return FormVariant(
            id=vid,
            name=self.text(top, "name", where),
            year=year,
            description=self.text(top, "description", where, required=False),
            annex_title=self.text(top, "annex_title", where),
            headers=header_texts,
            forms=tuple(forms),
            cross_relations=cross,
            source=self.path,
        )

    def form(self, obj: Any, index: int) -> AnnexForm:
        where = f"«forms»[{index}]"
        self.check_keys(obj, FORM_KEYS, where)
        number = self.integer(obj, "number", where)
        if number < 1:
            self.fail(where, "số thứ tự biểu mẫu («number») phải từ 1 trở lên.")
        where = f"Biểu mẫu {number}"
        title = self.text(obj, "title", where)
        rows_raw = obj.get("rows")
        if not isinstance(rows_raw, list) or not rows_raw:
            self.fail(where, "«rows» phải là danh sách các dòng, không được rỗng.")
        rows: list[Indicator] = []
        seen: dict[str, int] = {}
        for i, r in enumerate(rows_raw):
            row = self.row(r, number, i)
            if row.code in seen:
                self.fail(f"{where}, dòng {row.code}", "mã dòng bị trùng (đã có ở trên).")
            parent = row.code.rsplit(".", 1)[0] if "." in row.code else None
            if parent is not None and parent not in seen:
                self.fail(f"{where}, dòng {row.code}", f"dòng cha {parent} không có (hoặc nằm sau dòng này).")
            seen[row.code] = i
            rows.append(row)
        by_code = {r.code: r for r in rows}
        for row in rows:  # rate parts are checked once every row is known
            if row.kind is RowKind.RATE:
                for part in row.rate_parts:
                    target = by_code.get(part)
                    if target is None:
                        self.fail(f"{where}, dòng {row.code}",
                                  f"tỷ lệ dựa trên dòng {part} nhưng biểu mẫu không có dòng này.")
                    if target.kind not in (RowKind.COUNT, RowKind.AMOUNT):
                        self.fail(f"{where}, dòng {row.code}",
                                  f"tử số và mẫu số của tỷ lệ phải là dòng số lượng hoặc số tiền; "
                                  f"dòng {part} là «{target.kind.value}».")
        form = AnnexForm(number=number, title=title, rows=tuple(rows))
        rel_raw = obj.get("relations", [])
        if not isinstance(rel_raw, list):
            self.fail(where, "«relations» phải là một danh sách.")
        relations = tuple(
            self.relation(r, f"{where}, «relations»[{i}]", {number: form}, number) for i, r in enumerate(rel_raw)
        )
        return AnnexForm(number=number, title=title, rows=tuple(rows), relations=relations)

    def row(self, obj: Any, form: int, index: int) -> Indicator:
        where = f"Biểu mẫu {form}, dòng thứ {index + 1}"
        if not isinstance(obj, dict):
            self.fail(where, "cần một đối tượng JSON { ... }.")
        code = obj.get("code")
        if isinstance(code, (int, float)) and not isinstance(code, bool):
            self.fail(where, f"mã dòng phải ghi trong ngoặc kép, ví dụ \"{code}\" (không phải {code}).")
        if not isinstance(code, str) or not CODE_RE.match(code.strip()):
            self.fail(where, f"mã dòng «{code}» không hợp lệ (cần dạng 1, 2.1, 3.2.1; không có dấu chấm ở cuối).")
        code = code.strip()
        where = f"Biểu mẫu {form}, dòng {code}"
        self.check_keys(obj, ROW_KEYS, where)
        label = self.text(obj, "label", where)
        kind_raw = obj.get("kind")
        try:
            kind = RowKind(kind_raw)
        except ValueError:
            self.fail(where, f"loại dòng «{kind_raw}» không hợp lệ (chọn một trong: {KIND_NAMES}).")
        unit = self.text(obj, "unit", where, required=False)
        allow_negative = self.flag(obj, "allow_negative", where)
        if allow_negative and kind not in (RowKind.PERCENT, RowKind.AMOUNT):
            self.fail(where, "«allow_negative» chỉ dùng cho dòng «percent» hoặc «amount».")
        for key in ("numerator", "denominator"):
            if key in obj and kind is not RowKind.RATE:
                self.fail(where, f"«{key}» chỉ dùng cho dòng tỷ lệ tính từ hai dòng («rate»).")
        for key in ("choices", "legend"):
            if key in obj and kind is not RowKind.CHOICE:
                self.fail(where, f"«{key}» chỉ dùng cho dòng lựa chọn («choice»).")
        numerator = denominator = None
        choices: tuple[Choice, ...] = ()
        if kind is RowKind.RATE:
            numerator = self.text(obj, "numerator", where)
            denominator = self.text(obj, "denominator", where)
            if numerator == denominator:
                self.fail(where, "tử số và mẫu số của tỷ lệ phải là hai dòng khác nhau.")
        if kind in (RowKind.RATE, RowKind.PERCENT):
            if unit and unit != "%":
                self.fail(where, f"dòng tỷ lệ có đơn vị tính là «%», không phải «{unit}».")
            unit = "%"
        if kind is RowKind.CHOICE:
            choices = self.choices(obj.get("choices"), where)
            legend = self.text(obj, "legend", where, required=False)
            if unit:
                self.fail(where, "dòng lựa chọn ghi chú giải ở «legend», không dùng «unit».")
            unit = legend or "; ".join(f"{c.label} = {c.code}" for c in choices)
        keywords: tuple[str, ...] = ()
        if "narrative_keywords" in obj:
            raw = obj["narrative_keywords"]
            if not isinstance(raw, list) or not raw or not all(isinstance(k, str) and k.strip() for k in raw):
                self.fail(where, "«narrative_keywords» phải là danh sách các từ khóa (chuỗi chữ, không rỗng).")
            if kind not in NUMERIC_KINDS:
                self.fail(where, "«narrative_keywords» chỉ dùng cho dòng có số liệu (count, amount, percent, rate).")
            if any(len(_nfc(k)) > 120 for k in raw) or len(raw) > 40:
                self.fail(where, "«narrative_keywords»: tối đa 40 từ khóa, mỗi từ khóa tối đa 120 ký tự.")
            keywords = tuple(_nfc(k) for k in raw)
        return Indicator(
            code=code, label=label, kind=kind, unit=unit, numerator=numerator, denominator=denominator,
            choices=choices, allow_negative=allow_negative, narrative_keywords=keywords,
        )

    def choices(self, raw: Any, where: str) -> tuple[Choice, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(where, "dòng lựa chọn cần «choices»: danh sách các lựa chọn {\"code\", \"label\"}, "
                             "không được rỗng.")
        out: list[Choice] = []
        for i, c in enumerate(raw):
            w = f"{where}, lựa chọn thứ {i + 1}"
            self.check_keys(c, {"code", "label"}, w)
            code = self.integer(c, "code", w)
            if code < 0:
                self.fail(w, "mã lựa chọn phải là số nguyên không âm.")
            label = self.text(c, "label", w)
            if any(o.code == code for o in out):
                self.fail(where, f"mã lựa chọn {code} bị trùng.")
            if any(o.label.casefold() == label.casefold() for o in out):
                self.fail(where, f"nhãn lựa chọn «{label}» bị trùng.")
            out.append(Choice(code=code, label=label))
        return tuple(out)

    def relation(self, obj: Any, where: str, forms: dict[int, AnnexForm], own: int | None) -> Relation:
        self.check_keys(obj, REL_KEYS, where)
        kind = obj.get("kind")
        if kind not in RELATION_KINDS:
            self.fail(where, f"loại ràng buộc «{kind}» không hợp lệ (chọn một trong: {', '.join(RELATION_KINDS)}).")
        severity = obj.get("severity", "error")
        if severity not in SEVERITIES:
            self.fail(where, "«severity» phải là «error» (lỗi) hoặc «warning» (cảnh báo).")
        message = self.text(obj, "message", where, required=False) or None
        if kind == "chain_le":
            if "parts" in obj or "whole" in obj:
                self.fail(where, "ràng buộc «chain_le» ghi các dòng trong «codes», không dùng «parts»/«whole».")
            parts = self.refs(obj.get("codes"), "codes", where, 2)
            whole = None
        else:
            if "codes" in obj:
                self.fail(where, f"ràng buộc «{kind}» dùng «parts» và «whole», không dùng «codes».")
            parts = self.refs(obj.get("parts"), "parts", where, 1)
            whole = obj.get("whole")
            if not isinstance(whole, str) or not whole.strip():
                self.fail(where, f"ràng buộc «{kind}» cần «whole» (dòng tổng).")
            whole = whole.strip()
        refs = parts + ((whole,) if whole else ())
        if len(set(refs)) != len(refs):
            self.fail(where, "một dòng được nêu hai lần trong cùng ràng buộc.")
        for ref in refs:
            self.check_ref(ref, where, forms, own)
        return Relation(kind=kind, parts=parts, whole=whole, severity=severity, message=message)

    def refs(self, raw: Any, key: str, where: str, minimum: int) -> tuple[str, ...]:
        if not isinstance(raw, list) or len(raw) < minimum or not all(isinstance(x, str) and x.strip() for x in raw):
            self.fail(where, f"«{key}» phải là danh sách ít nhất {minimum} mã dòng.")
        return tuple(x.strip() for x in raw)

    def check_ref(self, ref: str, where: str, forms: dict[int, AnnexForm], own: int | None) -> None:
        if own is None:
            m = re.match(r"^([0-9]+):(.+)$", ref)
            if not m:
                self.fail(where, f"«{ref}»: ràng buộc giữa các biểu mẫu ghi dòng theo dạng «số biểu mẫu:mã dòng», "
                                 f"ví dụ «7:5.3.1».")
            number, code = int(m.group(1)), m.group(2)
            if number not in forms:
                self.fail(where, f"«{ref}»: không có Biểu mẫu {number}.")
        else:
            if ":" in ref:
                self.fail(where, f"«{ref}»: ràng buộc trong một biểu mẫu chỉ ghi mã dòng; "
                                 f"ràng buộc giữa các biểu mẫu đặt trong «cross_relations».")
            number, code = own, ref
        form = forms[number]
        if not form.has_row(code):
            self.fail(where, f"dòng {code} không có trong Biểu mẫu {number}.")
        row = form.row(code)
        if row.kind not in NUMERIC_KINDS:
            self.fail(where, f"dòng {code} của Biểu mẫu {number} là «{row.kind.value}», không so sánh được; "
                             f"ràng buộc chỉ dùng dòng có số.")


def read_variant_file(path: Path) -> FormVariant:
    return _Reader(path).read()
