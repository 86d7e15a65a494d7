"""The DraftEditor: typed references, one clean, one apply, one store write, one notice."""
from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from cchc_desktop.completeness import all_findings
from cchc_desktop.draft import Period
from cchc_desktop.editing import (
    AnnexCell,
    DraftEditor,
    LegalBasis,
    MetaField,
    NumberingField,
    OutlineField,
    PeriodField,
    RecipientLine,
    RecipientsField,
    SectionField,
    SignerField,
    VariantField,
    ref_from_dict,
    ref_from_legacy,
    ref_from_path,
)
from cchc_desktop.outlines import new_draft
from cchc_desktop.rules import Finding
from cchc_desktop.store import Store, StoreError


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "cchc.sqlite3")
    yield s
    s.close()


@pytest.fixture()
def editor(store):
    d = new_draft("periodic", Period("6m", 2025), variant="A-2024")
    store.create_draft(d)
    return DraftEditor.open(store, d.id)


def record(editor):
    seen = []
    editor.subscribe(lambda change, initiator: seen.append((change, initiator)))
    return seen


def test_typed_annex_value_is_one_call_one_save_one_notice(store, editor):
    seen = record(editor)
    writes_before = store.draft_summary(editor.draft_id).updated_at
    grid = object()
    change = editor.set(AnnexCell(3, "1.4.1", "value"), " 1.277\u00a0", initiator=grid)
    assert editor.draft.annex["3"]["1.4.1"] == {"value": "1.277", "note": ""}
    assert seen == [(change, grid)] and change.fields == {AnnexCell("3", "1.4.1", "value")}
    assert change.annex_forms() == {"3"} and editor.has_pending()
    assert store.draft_summary(editor.draft_id).updated_at == writes_before  # not written yet
    editor.save()
    assert editor.saves == 1 and not editor.has_pending()
    assert store.load_draft(editor.draft_id).annex["3"]["1.4.1"]["value"] == "1.277"


def test_text_is_cleaned_once_on_the_way_in(editor):
    sid = editor.draft.outline[0].id
    nfd = unicodedata.normalize("NFD", "Cải cách hành chính")
    editor.set(SectionField(sid, "text"), nfd + "\r\nDòng hai\x07\u200b")
    assert editor.draft.outline[0].text == unicodedata.normalize("NFC", nfd) + "\nDòng hai"
    editor.set(SectionField(sid, "title"), "  Tên   mục \n mới ")
    assert editor.draft.outline[0].title == "Tên mục mới"
    editor.set(MetaField("legal_bases"), ["Kế hoạch 1", "  ", "Công văn\t2"])
    assert editor.draft.meta.legal_bases == ["Kế hoạch 1", "Công văn 2"]
    editor.set(MetaField("date"), "2025-06-30")
    assert editor.draft.meta.date.isoformat() == "2025-06-30"


def test_same_value_again_is_no_change(editor):
    seen = record(editor)
    editor.set(MetaField("place"), "Quang Khải")
    editor.save()
    assert editor.set(MetaField("place"), " Quang  Khải ") is None
    assert len(seen) == 1 and not editor.has_pending()


def test_lines_and_lists(editor):
    editor.set(MetaField("legal_bases"), ["A", "B", "C"])
    change = editor.set(LegalBasis(1), "B sửa")
    assert editor.draft.meta.legal_bases == ["A", "B sửa", "C"]
    assert change.fields == {MetaField("legal_bases")} and change.touches(LegalBasis(2))
    editor.set(LegalBasis(0), "")
    assert editor.draft.meta.legal_bases == ["B sửa", "C"]
    editor.set(RecipientLine(5), "Sở Nội vụ")
    assert editor.draft.recipients.items[-1] == "Sở Nội vụ"
    editor.set(SignerField("deputy"), 1)
    assert editor.draft.signer.deputy is True


def test_read_only_editor_changes_nothing(store, editor):
    ro = DraftEditor.open(store, editor.draft_id, read_only=True)
    assert ro.set(MetaField("place"), "X") is None and ro.draft.meta.place != "X"


def test_another_writer_between_saves_keeps_both(tmp_path, store, editor):
    editor.set(MetaField("place"), "Quang Khải")
    editor.save()
    with Store(tmp_path / "cchc.sqlite3") as other:  # a second process typing another field
        other.save_field(editor.draft_id, ("meta", "summary"), "Báo cáo của người khác")
    editor.set(AnnexCell("1", "1.1"), "12")
    editor.save()
    stored = store.load_draft(editor.draft_id)
    assert stored.meta.summary == "Báo cáo của người khác"
    assert stored.meta.place == "Quang Khải" and stored.annex["1"]["1.1"]["value"] == "12"


def test_failed_save_keeps_the_edit_unsaved(tmp_path, store, editor):
    store.db.con.execute("PRAGMA busy_timeout = 100")
    editor.set(MetaField("place"), "Giữ lại")
    holder = sqlite3.connect(tmp_path / "cchc.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(StoreError):
            editor.save()
        assert editor.has_pending() and editor.pending_fields() == [MetaField("place")]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    editor.save()
    assert store.load_draft(editor.draft_id).meta.place == "Giữ lại"


def test_structure_change_saves_the_live_outline(store, editor):
    seen = record(editor)
    editor.draft.outline.pop()  # what outline_ops does before telling the editor
    change = editor.structure_changed(initiator="tree")
    assert change.structure and seen[-1][1] == "tree"
    editor.save()
    assert len(store.load_draft(editor.draft_id).outline) == len(editor.draft.outline)


def test_reload_replaces_and_notifies_everything(store, editor):
    seen = record(editor)
    store.save_field(editor.draft_id, ("meta", "place"), "Từ nơi khác")
    editor.reload()
    assert editor.draft.meta.place == "Từ nơi khác" and seen[-1][0].everything


@pytest.mark.parametrize("ref", [
    MetaField("place"), LegalBasis(2), PeriodField(), VariantField(), NumberingField(), OutlineField(),
    SectionField("abc", "title"), SectionField("abc", "text", (3, 9)), AnnexCell("3", "1.4.1", "note"),
    RecipientsField("archive"), RecipientLine(0), SignerField("name"),
])
def test_refs_round_trip(ref):
    assert ref_from_dict(ref.to_dict()) == ref
    assert ref_from_path(ref.path) == ref.field


def test_findings_carry_refs(editor):
    editor.set(MetaField("legal_bases"), ["Kế hoạch 1", "Công văn số .../UBND"])
    editor.set(SectionField(editor.draft.outline[0].id, "title"), "")
    editor.set(AnnexCell("3", "1.4.1"), "abc")
    refs = {f.ref for f in all_findings(editor.draft)}
    assert LegalBasis(1) in refs
    assert SectionField(editor.draft.outline[0].id, "title") in refs
    assert AnnexCell("3", "1.4.1", "value") in refs
    assert MetaField("issuing_body") in refs and SignerField("name") in refs
    f = Finding("warning", "x", None, None, field="recipients.items")
    assert f.ref == RecipientsField("items") and f.to_dict()["ref"] == {"kind": "recipients", "name": "items"}
    assert ref_from_legacy(None, None, "section.s1") == SectionField("s1", "text")


def test_find_and_replace_across_the_report(editor):
    from cchc_desktop.editing.find import find_all, replace_all

    first, second = editor.draft.outline[0], editor.draft.outline[1]
    editor.set(SectionField(first.id, "text"), "UBND xã Quang Khải đã ban hành kế hoạch.\nQuang Khải làm tốt.")
    editor.set(SectionField(second.id, "title"), "Kết quả ở QUANG KHẢI")
    editor.set(MetaField("closing"), "Trên đây là báo cáo của UBND xã Quang Khải./.")
    found = find_all(editor.draft, "quang khải")
    assert [m.ref.field for m in found] == [SectionField(first.id, "text")] * 2 + [
        SectionField(second.id, "title"), MetaField("closing")]
    assert found[0].ref.span == (8, 18) and editor.draft.outline[0].text[8:18] == "Quang Khải"
    assert len(find_all(editor.draft, "quang khai")) == 0  # accents count unless told otherwise
    assert len(find_all(editor.draft, "quang khai", accents=False)) == 4
    seen = record(editor)
    count, change = replace_all(editor, "Quang Khải", "Quang Trung")
    assert count == 4 and len(seen) == 1 and len(change.fields) == 3  # one change for all of them
    assert "Quang Khải" not in editor.draft.outline[0].text and "Quang Trung" in editor.draft.meta.closing
    editor.save()
    assert editor.saves == 1


def test_one_apply_validates_everything_before_changing_anything(editor):
    """``apply_edits`` (the editor's and every headless writer's path) cleans and validates the
    whole batch, and checks every place, before it changes the first field."""
    from cchc_desktop.draft import DraftFormatError
    from cchc_desktop.editing import apply_edits

    d = editor.draft
    before = d.to_dict()
    sid = d.outline[0].id
    refused = [
        (MetaField("basis_lead"), "Kính gửi"),  # not a lead word
        (MetaField("TEXT_FIELDS"), "x"),  # not a field
        (SectionField(sid, "numbering"), "hoa_van"),  # not a numbering style
        (SectionField(sid, "form"), "bảng"),  # not a heading form
        (SectionField(sid, "id"), "khác"),  # not editable
        (SectionField("khong-co", "text"), "x"),  # a removed section
        (NumberingField(), ["roman", "hoa_van"]),
        (SignerField("authority_lines"), "x"),
        (AnnexCell("3", "1.4", "formula"), "=1+1"),
        (MetaField("date"), "ngày mai"),  # DraftFormatError
    ]
    for ref, value in refused:
        with pytest.raises((KeyError, DraftFormatError)):
            apply_edits(d, [(MetaField("place"), "Đã đổi"), (AnnexCell("3", "1.4"), "12"), (ref, value)])
        assert d.to_dict() == before, ref  # the valid edits before it were not applied either
    seen = record(editor)
    with pytest.raises(KeyError):
        editor.set_many([(MetaField("place"), "Đã đổi"), (SectionField(sid, "form"), "bảng")])
    assert d.to_dict() == before and not seen and not editor.has_pending()
    assert apply_edits(d, [(MetaField("bases_joined"), 0), (SectionField(sid, "numbering"), "alpha")]) == [
        MetaField("bases_joined"), SectionField(sid, "numbering")]
    assert d.meta.bases_joined is False and d.outline[0].numbering == "alpha"
