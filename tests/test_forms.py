"""The form variants: the two built-in files, the strict reader, the registry and user files."""
from __future__ import annotations

import copy
import json
import re
import unicodedata
from pathlib import Path

import pytest

from cchc_desktop import forms
from cchc_desktop.forms import (
    DEFAULT_VARIANT,
    AnnexForm,
    FormFileError,
    FormVariant,
    Indicator,
    RowKind,
    available_variants,
    get_variant,
    load_variant,
    reload_variants,
    variant_load_errors,
)
from cchc_desktop.resources import resource_path

FORMS_DIR = resource_path("forms")
A_FILE = FORMS_DIR / "A-2024.json"
B_FILE = FORMS_DIR / "B-2023.json"
SCHEMA = resource_path("forms.schema.json")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets an empty user data dir and a fresh registry."""
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    reload_variants()
    yield
    monkeypatch.delenv("CCHC_DATA_DIR")
    reload_variants()


@pytest.fixture(scope="module")
def a() -> FormVariant:
    return load_variant(A_FILE)


@pytest.fixture(scope="module")
def b() -> FormVariant:
    return load_variant(B_FILE)


def raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ----- built-in data ----------------------------------------------------------------------
def test_builtin_variants(a, b):
    assert (a.id, a.year, a.name) == ("A-2024", 2024, "Mẫu 2024 (một phần / toàn trình)")
    assert (b.id, b.year) == ("B-2023", 2023)
    for v in (a, b):
        assert [f.number for f in v.forms] == [1, 2, 3, 4, 5, 6, 7]
        assert v.annex_title == "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ"
        assert v.headers["stt"] == "STT" and v.headers["results"] == "Kết quả thống kê"
        assert v.headers["unit"] == "Đơn vị tính" and v.headers["note"] == "Ghi chú"
        assert v.source.name.endswith(".json")
    assert a.headers["indicator"] == "Chỉ tiêu thống kê" and a.headers["value"] == "Số liệu"
    assert b.headers["indicator"] == "Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo hàng quý, 6 tháng, năm)"
    assert b.headers["value"] == "Số lượng/Tỷ lệ"
    assert DEFAULT_VARIANT == "A-2024"


def test_form_titles(a, b):
    assert [f.title for f in a.forms] == [
        "Công tác chỉ đạo điều hành CCHC", "Cải cách thể chế", "Cải cách thủ tục hành chính",
        "Cải cách tổ chức bộ máy", "Cải cách chế độ công vụ", "Cải cách tài chính công",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    ]
    assert b.form(4).title == "Cải cách bộ máy hành chính Nhà nước"


def test_codes_exactly_as_published(a, b):
    assert a.form(7).codes() == [
        "1", "2", "3", "3.1", "4", "4.1", "5", "5.1", "5.1.1", "5.1.2", "5.1.3", "5.2", "5.2.1", "5.2.2",
        "5.2.3", "5.3", "5.3.1", "5.3.2", "5.4", "5.4.1", "5.4.2", "5.5", "5.5.1", "5.5.2",
    ]
    assert b.form(6).codes() == ["1", "1.1", "1.2", "2", "2.2", "2.3", "2.4", "2.4.1", "2.4.2", "2.4.3", "2.5", "2.6"]
    assert "2.1" not in b.form(6).codes()
    b7 = b.form(7).codes()
    assert b7[b7.index("6") + 1] == "6.4" and "6.1" not in b7
    assert b.form(3).codes()[:8] == ["1", "1.1", "1.2", "1.3", "1.4", "1.4.1", "1.4.2", "1.4.3"]
    assert b.form(1).codes()[-1] == "6" and "6.1" not in b.form(1).codes()  # no propaganda group in B
    assert [len(f.rows) for f in a.forms] == [22, 12, 17, 4, 8, 6, 24]
    assert [len(f.rows) for f in b.forms] == [19, 13, 25, 14, 11, 12, 29]


def test_row_kinds_and_units(a, b):
    f1 = a.form(1)
    assert f1.row("1").kind is RowKind.COUNT and f1.row("1").unit == "Văn bản"
    rate = f1.row("2")
    assert (rate.kind, rate.numerator, rate.denominator, rate.unit) == (RowKind.RATE, "2.2", "2.1", "%")
    assert f1.row("3").kind is RowKind.GROUP
    survey = f1.row("5")
    assert survey.kind is RowKind.CHOICE and survey.unit == "Có = 1; Không = 0"
    assert [(c.code, c.label) for c in survey.choices] == [(1, "Có"), (0, "Không")]
    assert [(c.code, c.label) for c in f1.row("5.2").choices] == [(0, "Trực tuyến"), (1, "Phát phiếu"), (2, "Kết hợp")]
    assert a.form(5).row("1.1").kind is RowKind.PERCENT and a.form(5).row("1.1").unit == "%"
    assert a.form(6).row("6").allow_negative and not a.form(6).row("5").allow_negative
    assert a.form(6).row("4").narrative_keywords == ("giải ngân",)
    assert b.form(6).row("1").kind is RowKind.RATE and b.form(6).row("1").narrative_keywords == ("giải ngân",)
    assert b.form(6).row("1.1").kind is RowKind.AMOUNT and b.form(6).row("1.1").unit == "Tỷ đồng"
    assert b.form(7).row("1").unit == "Chưa = 0; Hoàn thành = 1"
    assert b.form(1).row("5.1").unit == "Phiếu"
    assert b.form(4).row("2.5").kind is RowKind.PERCENT
    assert a.form(4).row("1").unit == "Đúng quy định = 1; Không đúng quy định = 2"


def test_levels_and_is_input(a):
    f = a.form(1)
    assert (f.row("3").level, f.row("3.2").level, f.row("3.2.1").level) == (0, 1, 2)
    inputs = {k: Indicator("9", "x", k, "").is_input for k in RowKind}
    assert inputs == {RowKind.GROUP: False, RowKind.COUNT: True, RowKind.AMOUNT: True, RowKind.RATE: False,
                      RowKind.PERCENT: True, RowKind.CHOICE: True}
    with pytest.raises(KeyError):
        f.row("9.9")
    with pytest.raises(KeyError):
        a.form(8)


def test_labels_are_proper_vietnamese(a, b):
    for v in (a, b):
        for f in v.forms:
            for r in f.rows:
                text = r.label
                assert text == unicodedata.normalize("NFC", text) and text == text.strip()
                assert "  " not in text and not text.endswith(".")
                assert "VBQPPPL" not in text and "banh hành" not in text and "toàn tình" not in text
                assert "cá bộ" not in text and "SốVBQPPL" not in text and " đo " not in text
                assert not re.search(r"\bSố Đơn vị\b", text)
    assert a.form(2).row("2").label == "Kiểm tra, xử lý VBQPPL"
    assert a.form(2).row("3.1").label == "Số VBQPPL đã rà soát thuộc thẩm quyền"
    assert a.form(4).row("1").label.startswith("Sắp xếp tổ chức bộ máy, ban hành")


def test_relations_present(a, b):
    kinds = {(r.kind, r.whole, r.parts) for r in a.form(1).relations}
    assert ("sum_le_whole", "4.1", ("4.2", "4.3", "4.4")) in kinds
    assert ("part_le_whole", "1.4", ("1.4.1",)) in {(r.kind, r.whole, r.parts) for r in a.form(3).relations}
    chains = [r.parts for r in a.form(7).relations if r.kind == "chain_le"]
    assert ("5.1.3", "5.1.2", "5.1.1") in chains and ("5.2.3", "5.2.2", "5.2.1") in chains
    eq = [r for r in a.cross_relations if r.kind == "equal_sum"]
    assert eq and eq[0].whole == "7:5.3.1" and eq[0].parts == ("7:5.1.2", "7:5.2.2")
    b3 = {(r.kind, r.whole, r.parts) for r in b.form(3).relations}
    assert ("sum_le_whole", "1.4", ("1.4.1", "1.4.2", "1.4.3")) in b3
    assert ("part_le_whole", "2.1", ("2.2",)) in {(r.kind, r.whole, r.parts) for r in b.form(4).relations}
    # every rate has its x.2 <= x.1 check
    for v in (a, b):
        for f in v.forms:
            for r in f.rows:
                if r.kind is RowKind.RATE:
                    assert any(r.numerator in rel.parts[:-1] + ((rel.parts[-1],) if rel.whole else ())
                               and (rel.whole == r.denominator or r.denominator in rel.parts)
                               for rel in f.relations), (v.id, f.number, r.code)


def test_files_match_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in (A_FILE, B_FILE):
        assert list(validator.iter_errors(raw(path))) == []
    broken = raw(A_FILE)
    broken["forms"][0]["rows"][1].pop("numerator")
    assert list(validator.iter_errors(broken))


def test_schema_documents_every_property():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert sub.get("description"), name
            for key, v in node.items():
                if key != "allOf":  # conditions, not documentation
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(schema)
    assert schema["description"]


# ----- strict reader: broken files ----------------------------------------------------------
def write(tmp_path: Path, data, name="Tinh-X.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def mutate(fn):
    data = copy.deepcopy(raw(A_FILE))
    fn(data)
    return data


def _row(data, form, code):
    return next(r for r in data["forms"][form - 1]["rows"] if r["code"] == code)


BREAKAGES = [
    ("not json", lambda: '{"id": "X", ', "dòng 1", "JSON"),
    ("unknown kind", lambda: mutate(lambda d: _row(d, 3, "1.4").update(kind="number")),
     "Biểu mẫu 3, dòng 1.4", "loại dòng «number»"),
    ("duplicate code", lambda: mutate(lambda d: d["forms"][2]["rows"].append(
        {"code": "1.4.1", "label": "Lặp", "kind": "count", "unit": "Thủ tục"})), "Biểu mẫu 3, dòng 1.4.1", "trùng"),
    ("rate part missing", lambda: mutate(lambda d: _row(d, 7, "5.4").update(numerator="5.4.9")),
     "Biểu mẫu 7, dòng 5.4", "5.4.9"),
    ("rate part not a count", lambda: mutate(lambda d: _row(d, 7, "5.1").update(numerator="5.2")),
     "Biểu mẫu 7, dòng 5.1", "dòng 5.2 là «rate»"),
    ("empty choices", lambda: mutate(lambda d: _row(d, 1, "5").update(choices=[])), "Biểu mẫu 1, dòng 5", "choices"),
    ("duplicate choice code", lambda: mutate(lambda d: _row(d, 1, "7").update(
        choices=[{"code": 1, "label": "Có"}, {"code": 1, "label": "Không"}])),
     "Biểu mẫu 1, dòng 7", "mã lựa chọn 1 bị trùng"),
    ("relation to missing row", lambda: mutate(lambda d: d["forms"][2]["relations"].append(
        {"kind": "part_le_whole", "parts": ["1.4.2"], "whole": "1.4"})), "Biểu mẫu 3", "dòng 1.4.2 không có"),
    ("relation to a choice row", lambda: mutate(lambda d: d["forms"][0]["relations"].append(
        {"kind": "part_le_whole", "parts": ["5.1"], "whole": "5"})), "Biểu mẫu 1", "«choice»"),
    ("cross relation without form", lambda: mutate(lambda d: d["cross_relations"].append(
        {"kind": "part_le_whole", "parts": ["5.3.1"], "whole": "3:1.4"})), "cross_relations", "7:5.3.1"),
    ("typo in key", lambda: mutate(lambda d: _row(d, 2, "1").update(untis="Văn bản")), "Biểu mẫu 2, dòng 1", "«untis»"),
    ("missing label", lambda: mutate(lambda d: _row(d, 2, "1.1").update(label="  ")), "Biểu mẫu 2, dòng 1.1", "label"),
    ("trailing dot code", lambda: mutate(lambda d: _row(d, 2, "1.1").update(code="1.1.")),
     "Biểu mẫu 2, dòng thứ 2", "1.1."),
    ("numeric code", lambda: mutate(lambda d: _row(d, 2, "1").update(code=1)), "Biểu mẫu 2, dòng thứ 1", "ngoặc kép"),
    ("orphan row", lambda: mutate(lambda d: d["forms"][4]["rows"].append(
        {"code": "9.1", "label": "Mồ côi", "kind": "count", "unit": "Người"})), "Biểu mẫu 5, dòng 9.1", "dòng cha 9"),
    ("choices on a count", lambda: mutate(lambda d: _row(d, 2, "1").update(choices=[{"code": 1, "label": "Có"}])),
     "Biểu mẫu 2, dòng 1", "«choices»"),
    ("bad severity", lambda: mutate(lambda d: d["forms"][0]["relations"][0].update(severity="fatal")),
     "Biểu mẫu 1", "severity"),
    ("duplicate form", lambda: mutate(lambda d: d["forms"][1].update(number=1)),
     "phần đầu tệp", "Biểu mẫu 1 xuất hiện nhiều lần"),
    ("missing id", lambda: mutate(lambda d: d.pop("id")), "phần đầu tệp", "«id»"),
    ("bad headers", lambda: mutate(lambda d: d["headers"].pop("value")), "headers", "«value»"),
    ("unit on a rate", lambda: mutate(lambda d: _row(d, 1, "2").update(unit="Nhiệm vụ")), "Biểu mẫu 1, dòng 2", "«%»"),
    ("negative allowed on a count", lambda: mutate(lambda d: _row(d, 1, "1").update(allow_negative=True)),
     "Biểu mẫu 1, dòng 1", "allow_negative"),
]


@pytest.mark.parametrize("name, make, where, reason", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_malformed_file_names_file_row_reason(tmp_path, name, make, where, reason):
    path = write(tmp_path, make())
    with pytest.raises(FormFileError) as exc:
        load_variant(path)
    message = str(exc.value)
    assert "Tinh-X.json" in message, message
    assert where in message, message
    assert reason in message, message
    assert isinstance(exc.value, ValueError)


def test_not_utf8(tmp_path):
    path = tmp_path / "cp1258.json"
    path.write_bytes('{"name": "Mẫu"}'.encode("utf-16"))
    with pytest.raises(FormFileError, match="UTF-8"):
        load_variant(path)


def test_comments_and_bom_allowed(tmp_path):
    data = raw(A_FILE)
    data["_ghi_chu"] = "Tệp của tỉnh"
    data["forms"][0]["rows"][0]["_ghi_chu"] = "dòng 1"
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert load_variant(path).form(1).row("1").label == "Số văn bản chỉ đạo CCHC đã ban hành"


def test_legend_defaults_to_choices(tmp_path):
    data = raw(A_FILE)
    _row(data, 1, "7").pop("legend")
    assert load_variant(write(tmp_path, data)).form(1).row("7").unit == "Không = 0; Có = 1"


# ----- registry and user folder -------------------------------------------------------------
def user_dir(tmp_path) -> Path:
    path = tmp_path / "data" / "forms"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_available_builtin_only():
    variants = available_variants()
    assert set(variants) == {"A-2024", "B-2023"}
    assert list(variants) == ["A-2024", "B-2023"]  # newest first
    assert variant_load_errors() == []
    assert get_variant("B-2023").year == 2023


def test_unknown_variant_message():
    with pytest.raises(KeyError) as exc:
        get_variant("Z-1999")
    assert str(exc.value).startswith("Không tìm thấy mẫu biểu «Z-1999»")
    assert "A-2024" in str(exc.value)


def test_user_variant_appears_and_broken_is_reported(tmp_path):
    folder = user_dir(tmp_path)
    data = raw(A_FILE)
    data.update(id="QuangTri-2025", name="Mẫu Quảng Trị 2025", year=2025)
    write(folder, data, "QuangTri-2025.json")
    broken = raw(A_FILE)
    broken.update(id="Hong-2025")
    _row(broken, 7, "5.4").update(denominator="5.4.7")
    write(folder, broken, "hong.json")
    write(folder, "không phải JSON", "rac.json")
    assert "QuangTri-2025" not in available_variants()  # cached until reload
    variants = reload_variants()
    assert list(variants)[0] == "QuangTri-2025"
    assert get_variant("QuangTri-2025").name == "Mẫu Quảng Trị 2025"
    assert get_variant("QuangTri-2025").source == folder / "QuangTri-2025.json"
    assert "Hong-2025" not in variants and {"A-2024", "B-2023"} <= set(variants)
    errors = variant_load_errors()
    assert len(errors) == 2
    assert any("hong.json" in e and "Biểu mẫu 7, dòng 5.4" in e and "5.4.7" in e for e in errors)
    assert any("rac.json" in e and "JSON" in e for e in errors)


def test_user_file_overrides_builtin(tmp_path):
    folder = user_dir(tmp_path)
    data = raw(B_FILE)
    data["name"] = "Mẫu 2023 (đã sửa)"
    write(folder, data, "b-sua.json")
    reload_variants()
    assert get_variant("B-2023").name == "Mẫu 2023 (đã sửa)"
    assert get_variant("B-2023").source.parent == folder
    assert variant_load_errors() == []


def test_missing_user_folder_is_fine(tmp_path):
    assert not (tmp_path / "data" / "forms").exists()
    assert set(reload_variants()) == {"A-2024", "B-2023"}


def test_form_file_error_attributes(tmp_path):
    path = write(tmp_path, mutate(lambda d: _row(d, 3, "1.4").update(kind="số")))
    with pytest.raises(FormFileError) as exc:
        load_variant(path)
    err = exc.value
    assert err.file == "Tinh-X.json" and err.where == "Biểu mẫu 3, dòng 1.4" and "count" in err.reason


def test_model_types(a):
    assert isinstance(a.form(3), AnnexForm)
    assert isinstance(forms.RELATION_KINDS, tuple)
    assert a.resolve("7:5.3.1") == (7, "5.3.1") and a.resolve("5.3.1", 7) == (7, "5.3.1")


def test_variants_are_hashable_values(a):
    assert hash(a) == hash(load_variant(A_FILE)) and a == load_variant(A_FILE)
    assert len({a.form(1).row("2"), a.form(1).row("2")}) == 1
