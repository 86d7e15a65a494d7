"""The draft model: JSON round trip, NFC, versions, field paths."""
import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.draft import FORMAT_VERSION, Draft, DraftFormatError, Period, Section
from cchc_desktop.editing import (
    AnnexCell,
    MetaField,
    OutlineField,
    RecipientsField,
    SectionField,
    SignerField,
    apply_edits,
    edit,
)
from cchc_desktop.outlines import new_draft


def sample() -> Draft:
    d = new_draft("periodic", Period("6m", 2024), variant="A-2024")
    d.meta.issuing_body = "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
    d.meta.date = dt.date(2024, 6, 9)
    d.outline[0].text = "- Mặt trận & các đoàn thể <TN&TKQ> \"quote\" {x} 100%\n+ Kế hoạch số 02/KH-UBND"
    apply_edits(d, [(AnnexCell(3, "1.4.1", "value"), "137"), (AnnexCell(3, "1.4.1", "note"), "ghi chú")])
    return d


def test_json_round_trip_is_exact():
    d = sample()
    again = Draft.from_json(d.to_json())
    assert again.to_dict() == d.to_dict()


def test_decomposed_text_is_stored_nfc():
    nfd = unicodedata.normalize("NFD", "Cải cách hành chính Quang Khải")
    d = Draft.from_dict({**sample().to_dict(), "meta": {"issuing_body": nfd, "place": nfd}})
    assert d.meta.issuing_body == unicodedata.normalize("NFC", nfd)
    edit(d, SectionField(d.outline[0].id, "text"), nfd + "\r\nDòng hai\x07")
    assert d.outline[0].text == unicodedata.normalize("NFC", nfd) + "\nDòng hai"
    # Word's manual line break (VT) separates lines rather than vanishing (tests/test_cli_review.py)
    edit(d, SectionField(d.outline[0].id, "text"), "Dòng một\x0bDòng hai")
    assert d.outline[0].text == "Dòng một\nDòng hai"


def test_newer_version_is_refused_clearly():
    data = sample().to_dict()
    data["version"] = FORMAT_VERSION + 1
    with pytest.raises(DraftFormatError, match="phiên bản mới hơn"):
        Draft.from_dict(data)


def test_older_version_is_upgraded():
    data = sample().to_dict()
    data["version"] = 0
    data["recipients"] = ["UBND huyện Tứ Kỳ", "Phòng Nội vụ huyện"]
    d = Draft.from_dict(data)
    assert d.recipients.items == ["UBND huyện Tứ Kỳ", "Phòng Nội vụ huyện"]
    assert d.to_dict()["version"] == FORMAT_VERSION


@pytest.mark.parametrize("text, fragment", [
    ("{not json", "bị hỏng"),
    ('{"format": "other"}', "không phải tệp dự thảo"),
    ('[1, 2]', "không phải tệp dự thảo"),
    ('{"format": "cchc-draft", "version": 1, "kind": "poem", "period": {"year": 2024}}', "không được hỗ trợ"),
    ('{"format": "cchc-draft", "version": 1, "kind": "periodic", "period": {"type": "6m", "year": "x"}}', "Kỳ báo cáo"),
    ('{"format": "cchc-draft", "version": 1, "kind": "periodic", "period": {"type": "6m", "year": 2024}, '
     '"meta": {"date": "9/6/2023"}}', "Ngày"),
])
def test_broken_files_give_vietnamese_messages(text, fragment):
    with pytest.raises(DraftFormatError, match=fragment):
        Draft.from_json(text)


def test_field_paths_get_and_set():
    d = sample()
    sid = d.outline[1].children[0].id
    edit(d, MetaField("place"), "  Quang   Khải ")
    edit(d, MetaField("date"), "2023-06-09")
    edit(d, SectionField(sid, "text"), "Đoạn văn")
    edit(d, AnnexCell("7", "5.4.1", "value"), "299")
    edit(d, RecipientsField("items"), ["UBND huyện", "", "Lưu trữ"])
    edit(d, SignerField("deputy"), 1)
    assert d.get_field(("meta", "place")) == "Quang Khải"
    assert d.get_field(("meta", "date")) == "2023-06-09"
    assert d.get_field(("section", sid, "text")) == "Đoạn văn"
    assert d.get_field(("annex", "7", "5.4.1", "value")) == "299"
    assert d.recipients.items == ["UBND huyện", "Lưu trữ"]
    assert d.signer.deputy is True
    edit(d, AnnexCell("7", "5.4.1", "value"), "")
    assert "7" not in d.annex
    with pytest.raises(KeyError):
        edit(d, MetaField("nonsense"), "x")
    with pytest.raises(KeyError):
        edit(d, SectionField("missing", "text"), "x")


def test_whole_outline_replacement_keeps_structure():
    d = sample()
    outline = [s.to_dict() for s in d.outline]
    outline.reverse()
    edit(d, OutlineField(), outline)
    assert [s.title for s in d.outline] == [x["title"] for x in outline]


def test_signer_authority_lines():
    d = sample()
    d.signer.deputy = True
    d.signer.title = "Phó Chủ tịch"
    assert d.signer.authority_lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    d.signer.deputy = False
    d.signer.title = "CHỦ TỊCH"
    assert d.signer.authority_lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=60, deadline=None)
@given(title=_text, body=_text, value=_text)
def test_any_text_round_trips_as_nfc(title, body, value):
    d = sample()
    edit(d, SectionField(d.outline[0].id, "title"), title)
    edit(d, SectionField(d.outline[0].id, "text"), body)
    edit(d, AnnexCell("1", "1", "value"), value)
    again = Draft.from_json(json.dumps(d.to_dict(), ensure_ascii=False))
    assert again.to_dict() == d.to_dict()
    for s in (again.outline[0].title, again.outline[0].text):
        assert unicodedata.is_normalized("NFC", s)


def test_sections_iterate_depth_first():
    a2 = Section(title="A2", children=[Section(title="A2a")])
    d = Draft(outline=[Section(title="A", children=[Section(title="A1"), a2]), Section(title="B")])
    assert [(p, s.title) for p, s in d.iter_sections()] == [
        ((0,), "A"), ((0, 0), "A1"), ((0, 1), "A2"), ((0, 1, 0), "A2a"), ((1,), "B")]
