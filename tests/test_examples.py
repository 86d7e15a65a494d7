"""The two example drafts (real reports of 2024 and 2023) load, round-trip and keep their data."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc_desktop.draft import Draft

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
P1 = EXAMPLES / "phuong-1-6t-2024.json"
QK = EXAMPLES / "quang-khai-6t-2023.json"


def load(path: Path) -> Draft:
    return Draft.from_json(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def p1() -> Draft:
    return load(P1)


@pytest.fixture(scope="module")
def qk() -> Draft:
    return load(QK)


@pytest.mark.parametrize("path", [P1, QK], ids=lambda p: p.stem)
def test_round_trip(path: Path):
    draft = load(path)
    d = draft.to_dict()
    assert Draft.from_dict(d).to_dict() == d
    assert Draft.from_json(draft.to_json()).to_dict() == d
    # the file is already in the model's canonical form: loading changes nothing
    assert json.loads(path.read_text(encoding="utf-8")) == d


@pytest.mark.parametrize("path", [P1, QK], ids=lambda p: p.stem)
def test_section_ids_unique_and_text_clean(path: Path):
    draft = load(path)
    ids = [s.id for _, s in draft.iter_sections()]
    assert len(ids) == len(set(ids))
    for _, s in draft.iter_sections():
        assert s.title and not s.title[0].isdigit(), s.title  # numbers are the app's job
        for para in s.text.split("\n") if s.text else []:
            assert para == para.strip() and para, (s.id, para)
            assert "  " not in para
            assert not para.startswith(("-", "+")) or para[:2] in ("- ", "+ "), para
            assert not para.startswith("http"), para  # PDF link artefacts removed


def test_meta(p1: Draft, qk: Draft):
    assert (p1.kind, p1.period.type, p1.period.year, p1.variant) == ("periodic", "6m", 2024, "A-2024")
    assert (qk.kind, qk.period.type, qk.period.year, qk.variant) == ("periodic", "6m", 2023, "B-2023")
    assert p1.meta.number == "" and p1.meta.date is None
    assert qk.meta.number == "45" and qk.meta.date.isoformat() == "2023-06-09"
    assert p1.meta.place == "Phường 1" and qk.meta.place == "Quang Khải"
    assert p1.meta.legal_bases == ["chế độ báo cáo Cải cách hành chính định kỳ"]
    assert len(qk.meta.legal_bases) == 2
    assert qk.meta.legal_bases[0].startswith("Công văn số 281/UBND-NV ngày 07/3/2022")
    assert qk.meta.preamble == "UBND xã báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023 như sau:"
    assert p1.meta.closing.endswith("của UBND phường./.")
    assert qk.meta.closing == ("Trên đây là báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023 "
                               "của UBND xã Quang Khải./.")


def test_parts(p1: Draft, qk: Draft):
    assert [s.title for s in p1.outline] == [
        "Công tác chỉ đạo, điều hành Cải cách hành chính",
        "Kết quả thực hiện công tác cải cách hành chính",
        "Duy trì và nâng cao chỉ số quản trị và hành chính công (PAPI):",
        "Đánh giá chung:",  # printed "III." a second time in the sample
        "Phương hướng, nhiệm vụ cải cách hành chính 6 tháng cuối năm",
    ]
    assert [s.title for s in qk.outline] == [
        "VỀ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "KẾT QUẢ THỰC HIỆN",
        "ĐÁNH GIÁ CHUNG",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023",
        "KIẾN NGHỊ VÀ ĐỀ XUẤT",  # printed "IV." a second time in the sample
    ]


def test_outline_shape(p1: Draft, qk: Draft):
    # part II: six reform areas in both; 002's area 2 has subsections 2.1..2.7
    assert len(p1.outline[1].children) == 6 and len(qk.outline[1].children) == 6
    assert len(qk.outline[1].children[1].children) == 7
    assert [c.title for c in p1.outline[1].children[5].children][3] == (
        "Kết quả xây dựng, phát triển ứng dụng, dịch vụ phục vụ người dân, doanh nghiệp:")
    assert p1.outline[1].children[0].children[0].text == "Không"
    # text standing directly under "6." before 6.1 in sample 002
    assert qk.outline[1].children[5].text.split("\n") == [
        "- Kết quả hoàn thiện thể chế phục vụ xây dựng, phát triển Chính quyền điện tử, Chính quyền số ở địa phương.",
        "- Kiện toàn Ban chỉ đạo xây dựng Chính quyền điện tử xã Quang Khải.",
    ]
    assert qk.outline[0].children[4].text.split("\n")[-1] == "(Có phụ lục văn bản kèm theo)"
    hotich = p1.outline[1].children[1].children[0].text.split("\n")
    assert "* Về lĩnh vực Hộ tịch" in hotich
    assert all("Trên đây là báo cáo" not in s.text for _, s in p1.iter_sections())
    assert all("Trên đây là báo cáo" not in s.text for _, s in qk.iter_sections())


def test_annex_values(p1: Draft, qk: Draft):
    assert p1.annex_cell(3, "1.4.1")["value"] == "137"  # part larger than its whole, as printed
    assert p1.annex_cell(3, "1.4")["value"] == "124"
    assert p1.annex_cell(1, "2")["value"] == "57,69"
    assert p1.annex_cell(1, "3.1")["value"] == "01"
    assert p1.annex_cell(7, "5.4")["value"] == "100"
    assert p1.annex_cell(7, "5.3.2")["value"] == ""  # blank in the sample
    assert "2" not in p1.annex["2"]  # the "0" printed on a group row is not kept
    assert qk.annex_cell(4, "3.1")["value"] == "17/100%"
    assert qk.annex_cell(4, "3.2")["value"] == "13/76,47%"
    assert qk.annex_cell(6, "1.1")["value"] == "10 tỷ"
    assert qk.annex_cell(6, "1.2")["value"] == "0tỷ"
    assert qk.annex_cell(3, "3.3")["value"] == "971"
    assert qk.annex_cell(2, "1.2")["value"] == "0"
    assert "2.1" not in qk.annex["6"]
    assert min(float(c) for c in qk.annex["7"] if c.count(".") == 1 and c.startswith("6")) == 6.4
    for draft in (p1, qk):
        assert sorted(draft.annex, key=int) == [str(i) for i in range(1, 8)]
        for rows in draft.annex.values():
            for code, cell in rows.items():
                assert not code.endswith(".") and cell["value"] and cell["note"] == ""
    assert sum(len(r) for r in p1.annex.values()) == 78
    assert sum(len(r) for r in qk.annex.values()) == 93


def test_recipients_and_signers(p1: Draft, qk: Draft):
    assert p1.recipients.items == [
        "UBND thị xã (B/c)", "Phòng Nội vụ thị xã", "Phòng Tư pháp thị xã", "Phòng VH-TT thị xã",
        "Phòng TC-KH thị xã", "Đảng ủy, HĐND phường", "CT, PCT UBND phường",
    ]
    assert p1.recipients.archive == ""
    assert qk.recipients.items == [
        "UBND huyện Tứ Kỳ", "Phòng Nội vụ huyện", "Đảng ủy, HĐND, Lãnh đạo UBND xã",
        "MTTQ, các đoàn thể chính trị - xã hội cấp xã", "Công chức UBND xã",
    ]
    assert qk.recipients.archive == "VP"
    assert p1.signer.authority_lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert p1.signer.name == "Lê Thị Huệ"
    assert qk.signer.authority_lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert qk.signer.name == "Nguyễn Đức Thuận" and not qk.signer.deputy


def test_nfc(p1: Draft, qk: Draft):
    import unicodedata

    for path in (P1, QK):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)
