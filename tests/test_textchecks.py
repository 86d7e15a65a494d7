"""The text checks without Qt: figures found in sentences, figure references printed everywhere,
spelling (Hunspell, confusions, tone style), stale copies after "Tạo kỳ tiếp theo", and what
``validate --json`` carries."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from cchc_desktop import figrefs
from cchc_desktop.checks import TextCheckOptions, text_findings
from cchc_desktop.checks import data as textdata
from cchc_desktop.checks.sentences import figures, sentences
from cchc_desktop.checks.spelling import SpellOptions, check_spelling, confusions, engine_available, scan
from cchc_desktop.checks.tone import NEW, OLD, style_of, to_style
from cchc_desktop.completeness import all_findings
from cchc_desktop.draft import Draft, Period, Section
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.formfile import read_variant_file
from cchc_desktop.forms import FormFileError
from cchc_desktop.render.context import body_blocks
from cchc_desktop.render.docx_render import render_docx_bytes
from cchc_desktop.render.embed import read_embedded_draft
from cchc_desktop.store.nextperiod import next_period_draft

ROOT = Path(__file__).resolve().parent.parent
UNITS = textdata.all_unit_words()
NO_SPELL = TextCheckOptions(spelling=False)


def of_kind(draft, kind):
    return [f for f in all_findings(draft, clerical=False, text_options=NO_SPELL) if getattr(f, "kind", "") == kind]


def kinds(findings):
    return [getattr(f, "kind", None) for f in findings]


def report(text: str, annex: dict | None = None, variant: str = "A-2024") -> Draft:
    d = Draft(variant=variant)
    d.period = Period("6m", 2025)
    d.outline = [Section(title="Kết quả giải quyết TTHC", text=text)]
    for form, rows in (annex or {}).items():
        for code, value in rows.items():
            apply_edits(d, [(AnnexCell(form, code, "value"), value)])
    return d


# ----- sentences and figures ------------------------------------------------------------------
def test_figures_read_vietnamese_numbers_and_skip_dates_and_document_numbers():
    text = ("Ngày 14/6/2025, theo Kế hoạch số 16/KH-UBND, UBND xã giải quyết đúng hạn 1.190 hồ sơ "
            "(đạt 99,5%); số hóa 296/298 hồ sơ; khoảng 300 phiếu; mức độ 3, 4 là 62 TTHC.")
    figs = figures(text, UNITS)
    got = [(f.kind, f.value, f.unit, f.approx) for f in figs]
    assert ("count", Decimal(1190), "hồ sơ", False) in got
    assert ("percent", Decimal("99.5"), "%", False) in got
    assert ("fraction", Decimal(296), "hồ sơ", False) in got
    assert ("count", Decimal(300), "phiếu", True) in got
    assert ("count", Decimal(62), "tthc", False) in got
    values = {f.value for f in figs}
    assert not values & {Decimal(14), Decimal(6), Decimal(2025), Decimal(16), Decimal(3), Decimal(4)}


def test_sentences_keep_positions():
    text = "- Một câu. Hai câu có 12 hồ sơ.\n+ Ba câu"
    got = sentences(text)
    assert [s.text for s in got] == ["Một câu.", "Hai câu có 12 hồ sơ.", "Ba câu"]
    assert all(text[s.start:s.end] == s.text for s in got)


# ----- text against table ----------------------------------------------------------------------
def test_the_trial_sentence_of_the_issue_is_flagged_with_sentence_and_row():
    d = report("Trong kỳ, UBND xã giải quyết đúng hạn 1.190 hồ sơ (đạt 99,5%).",
               {3: {"3.1.1": "1.198", "3.1.2": "1.190"}})
    found = of_kind(d, "text-table")
    assert len(found) == 1
    f = found[0]
    assert (f.form, f.code) == (3, "3.1") and "99,5%" in f.message and "99,33%" in f.message
    assert "giải quyết đúng hạn 1.190 hồ sơ" in f.message and "Kết quả giải quyết TTHC" in f.message
    text = d.outline[0].text
    assert text[f.span[0]:f.span[1]] == "99,5%"
    assert f.field == f"section.{d.outline[0].id}"


def test_a_row_left_blank_is_not_judged_and_an_agreeing_figure_is_quiet():
    assert "text-table" not in kinds(text_findings(report("Giải quyết đúng hạn 1.190 hồ sơ."), None, NO_SPELL))
    d = report("Giải quyết đúng hạn 1.190 hồ sơ, đạt 99,33%.", {3: {"3.1.1": "1.198", "3.1.2": "1.190"}})
    from cchc_desktop.forms import get_variant

    assert text_findings(d, get_variant("A-2024"), NO_SPELL) == []


def test_examples_flag_only_real_disagreements():
    """No correct sentence of the two real reports is flagged; what is flagged is a real
    disagreement of text and table (docs/text-checks.md lists them)."""
    expected = {"phuong-1-6t-2024.json": {(6, "4", "92,36%")},
                "quang-khai-6t-2023.json": {(3, "1.4", "164 TTHC"), (4, "3.3", "0 người")}}
    for name, want in expected.items():
        d = Draft.from_json((ROOT / "examples" / name).read_text(encoding="utf-8"))
        from cchc_desktop.forms import get_variant

        found = [f for f in text_findings(d, get_variant(d.variant), NO_SPELL) if f.kind == "text-table"]
        texts = {s.id: s.text for _, s in d.iter_sections()}
        got = {(f.form, f.code, texts[f.section_id][f.span[0]:f.span[1]]) for f in found}
        assert got == want


# ----- form files -------------------------------------------------------------------------------
def _variant_with(tmp_path, row: dict) -> Path:
    data = json.loads((ROOT / "resources/forms/A-2024.json").read_text(encoding="utf-8"))
    data["id"] = "T-1"
    data["forms"][0]["rows"][0] = row
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_province_adds_keywords_to_a_count_row(tmp_path):
    row = {"code": "1", "label": "Số văn bản", "kind": "count", "unit": "Văn bản",
           "narrative_keywords": ["văn bản chỉ đạo", "văn bản điều hành"]}
    v = read_variant_file(_variant_with(tmp_path, row))
    assert v.form(1).row("1").narrative_keywords == ("văn bản chỉ đạo", "văn bản điều hành")


@pytest.mark.parametrize("row, fragment", [
    ({"code": "1", "label": "Nhóm", "kind": "group", "narrative_keywords": ["x"]}, "dòng có số liệu"),
    ({"code": "1", "label": "S", "kind": "count", "unit": "Văn bản", "narrative_keywords": "x"}, "danh sách"),
    ({"code": "1", "label": "S", "kind": "count", "unit": "Văn bản", "narrative_keywords": ["x" * 200]}, "120 ký tự"),
])
def test_the_strict_reader_refuses_bad_keywords(tmp_path, row, fragment):
    with pytest.raises(FormFileError) as exc:
        read_variant_file(_variant_with(tmp_path, row))
    assert fragment in str(exc.value) and "Biểu mẫu 1, dòng 1" in str(exc.value)


# ----- live figure references --------------------------------------------------------------------
def test_reference_token_prints_the_current_value_and_survives_json_and_copy():
    tok = figrefs.token(7, "5.4")
    d = report(f"Tỷ lệ hồ sơ trực tuyến đạt {tok}; đã tiếp nhận {figrefs.token(7, '5.4.1')} hồ sơ.",
               {7: {"5.4.1": "1.277", "5.4.2": "1.127"}})
    assert figrefs.print_text(d, d.outline[0].text) == "Tỷ lệ hồ sơ trực tuyến đạt 88,25%; đã tiếp nhận 1.277 hồ sơ."
    again = Draft.from_json(d.to_json())
    assert again.outline[0].text == d.outline[0].text
    assert next_period_draft(again).outline[0].text == d.outline[0].text
    apply_edits(d, [(AnnexCell(7, "5.4.1", "value"), "1.300")])
    assert "đạt 86,69%" in figrefs.print_text(d, d.outline[0].text)


def test_a_user_cannot_type_a_token_and_damaged_ones_print_nothing():
    with pytest.raises(ValueError):
        figrefs.token(3, "3.1; rm")
    text = "Giải quyết \ue000 3:3.1\ue001 và \ue001 hồ sơ"  # damaged: spaces inside, stray delimiter
    assert list(figrefs.refs_in(text)) == []
    assert figrefs.print_text(report(text), text) == "Giải quyết  3:3.1 và  hồ sơ"


def test_a_reference_to_a_deleted_value_is_missing_in_validate_and_prints_an_ellipsis():
    d = report(f"Đã tiếp nhận {figrefs.token(7, '5.4.1')} hồ sơ; dòng lạ {figrefs.token(3, '9.9')}.",
               {7: {"5.4.1": "1.277"}})
    def refs():
        return sorted(of_kind(d, "figure-ref"), key=lambda f: f.span)

    assert [f.span for f in refs()] == [(38, 45)]  # only the row the variant lacks
    apply_edits(d, [(AnnexCell(7, "5.4.1", "value"), "")])
    found = refs()
    assert [f.severity for f in found] == ["error", "error"]
    assert "dòng 5.4.1" in found[0].message and "đang trống" in found[0].message and found[0].code == "5.4.1"
    assert "9.9" in found[1].message and "không có dòng này" in found[1].message
    assert figrefs.print_text(d, d.outline[0].text) == "Đã tiếp nhận … hồ sơ; dòng lạ …."


def test_references_print_as_plain_text_in_the_docx_and_its_embedded_draft_keeps_them(tmp_path):
    d = report(f"Tổng số hồ sơ đã tiếp nhận là {figrefs.token(7, '5.4.1')} hồ sơ.", {7: {"5.4.1": "1.277"}})
    d.meta.issuing_body, d.meta.summary, d.signer.name = "ỦY BAN NHÂN DÂN XÃ A", "Báo cáo CCHC", "Nguyễn Văn A"
    blob = render_docx_bytes(d)
    doc = Document(io.BytesIO(blob))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng số hồ sơ đã tiếp nhận là 1.277 hồ sơ." in body
    assert "\ue000" not in body and "\ue001" not in body
    out = tmp_path / "r.docx"
    out.write_bytes(blob)
    assert read_embedded_draft(out).outline[0].text == d.outline[0].text
    assert any("1.277 hồ sơ" in b["text"] for b in body_blocks(d))


# ----- spelling ------------------------------------------------------------------------------------
def test_the_confusions_list_has_forty_real_pairs_each_flagged_with_its_suggestion():
    raw = json.loads((ROOT / "resources/text/confusions.json").read_text(encoding="utf-8"))["confusions"]
    assert len(raw) >= 40 and all(c["source"] for c in raw)
    assert len({c["wrong"] for c in raw}) == len(raw)
    for c in raw:
        sentence = f"UBND xã đã {c['wrong']} trong kỳ."
        hits = [m for m in scan(sentence, SpellOptions(hunspell=False), None) if m.kind == "confusion"]
        assert [(m.word, m.suggestion) for m in hits] == [(c["wrong"], c["right"])], c
        right = f"UBND xã đã {c['right']} trong kỳ."
        assert [m for m in scan(right, SpellOptions(hunspell=False), None) if m.kind == "confusion"] == [], c
    assert len(confusions()[1]) == len(raw)


def test_confusion_keeps_the_capital_and_reports_section_and_position():
    text = "Sử lý hồ sơ đúng hạn. Công tác tuyên chuyền được đẩy mạnh."
    found = check_spelling([("s1", "I. Chỉ đạo", text)], SpellOptions(hunspell=False))
    assert [(f.suggestion, text[f.span[0]:f.span[1]]) for f in found] == [("Xử lý", "Sử lý"),
                                                                             ("tuyên truyền", "tuyên chuyền")]
    assert all(f.kind == "spelling" and f.section_id == "s1" for f in found)


@pytest.mark.skipif(not engine_available(), reason="chunspell not installed")
def test_hunspell_flags_real_typos_and_accepts_abbreviations_addresses_and_user_words():
    text = ("Phần mềm tủ tục qủa biểu mẫy của UBND, CCHC, TTHC tại https://phuong1.quangtri.gov.vn "
            "và email vanthu@xa.gov.vn, online; Zalo, hòa giải, thuỷ lợi.")
    found = scan(text, SpellOptions(), None)
    words = [(m.word, m.kind) for m in found]
    assert ("tủ tục", "confusion") in words and ("qủa", "confusion") in words and ("mẫy", "unknown") in words
    assert all(w not in {"UBND", "CCHC", "TTHC", "phuong", "online", "hòa", "thuỷ"} for w, _ in words)
    quiet = scan("biểu mẫy", SpellOptions(user_words=frozenset({"mẫy"})), None)
    assert quiet == []


def test_tone_placement_styles():
    assert (style_of("hòa"), style_of("hoà"), style_of("Ủy"), style_of("quý"), style_of("hoàn")) == \
        (OLD, NEW, OLD, None, None)
    assert to_style("thủy", NEW) == "thuỷ" and to_style("Uỷ", OLD) == "Ủy" and to_style("khoẻ", OLD) == "khỏe"
    text = "Hòa giải, thủy lợi, hòa nhập và hoà bình."
    auto = check_spelling([("s", "I", text)], SpellOptions(hunspell=False))
    assert [(f.suggestion) for f in auto] == ["hòa"]  # the minority style is the odd one out
    set_new = check_spelling([("s", "I", text)], SpellOptions(tone_style=NEW, hunspell=False))
    assert [f.suggestion for f in set_new] == ["Hoà", "thuỷ", "hoà"]


# ----- stale copies ----------------------------------------------------------------------------------
def six_month() -> Draft:
    d = report("Số nhiệm vụ được giao 15 nhiệm vụ, hoàn thành đúng hạn 13 nhiệm vụ.\n"
               "Tổng số hồ sơ TTHC đã tiếp nhận là 1.277 hồ sơ, trong đó tiếp nhận trực tuyến 1.127 hồ sơ.\n"
               "Giải quyết đúng hạn 1.190 hồ sơ, đạt 99,33%.",
               {1: {"4.1": "15", "4.2": "13"}, 3: {"3.1.1": "1.198", "3.1.2": "1.190"},
                7: {"5.4.1": "1.277", "5.4.2": "1.127"}})
    return d


def test_next_period_copy_keeps_its_origin_through_json_and_docx(tmp_path):
    q3 = next_period_draft(six_month(), clear_values="none")
    assert q3.origin["annex"]["3"]["3.1.2"]["value"] == "1.190" and q3.origin["period"]["type"] == "6m"
    again = Draft.from_json(q3.to_json())
    assert again.origin == q3.origin
    assert "origin" not in six_month().to_dict()


def test_three_changed_values_give_three_stale_sentences():
    q3 = next_period_draft(six_month(), clear_values="none")
    apply_edits(q3, [(AnnexCell(1, "4.1", "value"), "9")])
    apply_edits(q3, [(AnnexCell(7, "5.4.1", "value"), "640")])
    apply_edits(q3, [(AnnexCell(3, "3.1.2", "value"), "600")])
    apply_edits(q3, [(AnnexCell(3, "3.1.1", "value"), "601")])
    found = of_kind(q3, "stale-copy")
    text = q3.outline[0].text
    assert sorted(text[f.span[0]:f.span[1]] for f in found) == ["1.190 hồ sơ", "1.277 hồ sơ", "15 nhiệm vụ", "99,33%"]
    assert len({f.sentence for f in found}) == 3
    assert all("chưa cập nhật so với kỳ trước" in f.message for f in found)
    assert "text-table" not in kinds(all_findings(q3, clerical=False, text_options=NO_SPELL))


def test_compare_gives_the_side_by_side_view_data():
    from cchc_desktop.checks.stale import compare
    from cchc_desktop.forms import get_variant

    source = six_month()
    q3 = next_period_draft(source, clear_values="none")
    apply_edits(q3, [(AnnexCell(1, "4.1", "value"), "9")])
    comp = compare(q3, get_variant("A-2024"), source)
    assert comp.stale_count == 1 and comp.sections[0].old_text == source.outline[0].text
    change = next(v for v in comp.values if (v.form, v.code) == (1, "4.1"))
    assert (change.old, change.new) == ("15", "9")
    assert compare(source, get_variant("A-2024")) is None


# ----- validate --json -------------------------------------------------------------------------------
def test_validate_json_carries_kinds_sections_positions_and_rows(tmp_path):
    q3 = next_period_draft(six_month(), clear_values="none")
    apply_edits(q3, [(AnnexCell(1, "4.1", "value"), "9")])
    q3.outline[0].text += "\nCông tác sử lý hồ sơ. Đã tiếp nhận " + figrefs.token(3, "3.1.1") + " hồ sơ; " \
        + "giải quyết đúng hạn 1.100 hồ sơ."
    path = tmp_path / "q3.json"
    path.write_text(q3.to_json(), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate", str(path), "--json"],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    out = json.loads(r.stdout)
    by_kind = {}
    for f in out:
        by_kind.setdefault(f.get("kind"), []).append(f)
    assert {"stale-copy", "text-table", "spelling"} <= set(by_kind)
    stale = by_kind["stale-copy"][0]
    assert stale["section"] == q3.outline[0].id and stale["row"] == {"kind": "annex", "form": "1", "code": "4.1",
                                                                     "part": "value"}
    assert q3.outline[0].text[stale["start"]:stale["end"]] == "15 nhiệm vụ"
    tt = by_kind["text-table"][0]
    assert q3.outline[0].text[tt["start"]:tt["end"]] == "1.100 hồ sơ" and tt["code"] == "3.1.2"
    sp = next(f for f in by_kind["spelling"] if f.get("suggestion") == "xử lý")
    assert q3.outline[0].text[sp["start"]:sp["end"]] == "sử lý" and sp["ref"]["section_id"] == q3.outline[0].id
    assert sp["ref"]["span"] == [sp["start"], sp["end"]] and tt["related"]["code"] == "3.1.2"


def test_header_texts_are_spell_checked_with_their_own_place():
    from cchc_desktop.editing.refs import LegalBasis, MetaField
    from cchc_desktop.forms import get_variant

    d = report("Nội dung đúng chính tả.")
    d.meta.summary = "Báo cáo công tác sử lý hồ sơ"
    d.meta.legal_bases = ["Kế hoạch số 02/KH-UBND về tuyên chuyền CCHC"]
    found = [f for f in text_findings(d, get_variant("A-2024"), TextCheckOptions(hunspell=False))
             if f.kind == "spelling"]
    got = {(type(f.ref).__name__, f.suggestion, f.message.split(":")[0]) for f in found}
    assert got == {("MetaField", "xử lý", "Trích yếu"), ("LegalBasis", "tuyên truyền", "Căn cứ thứ 1")}
    assert next(f for f in found if isinstance(f.ref, MetaField)).ref == MetaField("summary")
    assert next(f for f in found if isinstance(f.ref, LegalBasis)).ref == LegalBasis(0)
    assert d.meta.summary[found[0].span[0]:found[0].span[1]] in ("sử lý", "tuyên chuyền")


def test_a_broken_or_huge_data_file_is_refused_in_vietnamese(tmp_path):
    from cchc_desktop.checks.data import MAX_BYTES, TextDataError, read_json
    from cchc_desktop.errors import CchcError

    bad = tmp_path / "units.json"
    bad.write_text("{oops", encoding="utf-8")
    with pytest.raises(TextDataError) as exc:
        read_json(bad)
    assert "không phải JSON" in str(exc.value) and isinstance(exc.value, CchcError)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 10))
    with pytest.raises(TextDataError) as exc:
        read_json(big)
    assert "quá lớn" in str(exc.value)
