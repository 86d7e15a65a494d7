"""The store: drafts, fine-grained saves, listing, trash, profile, settings, bad files."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.draft import Draft, DraftFormatError, Section
from cchc_desktop.editing import AnnexCell, MetaField, apply_edits, edit, ref_from_path
from cchc_desktop.store import (
    SCHEMA_VERSION,
    DraftNotFoundError,
    Profile,
    RecipientList,
    SignerEntry,
    Store,
    StoreDamagedError,
    StoreError,
    StoreNewerError,
)


def make_draft(summary="Công tác cải cách hành chính 6 tháng đầu năm 2024", year=2024, ptype="6m") -> Draft:
    d = Draft()
    d.period.type, d.period.year = ptype, year
    d.meta.summary = summary
    d.meta.issuing_body = "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
    d.meta.place = "Quang Khải"
    d.outline = [Section(title="Công tác chỉ đạo, điều hành", text="Nội dung."),
                 Section(title="Kiến nghị", text="Không.")]
    return d


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "cchc.sqlite3")
    yield s
    s.close()


def test_new_store_is_wal_with_latest_schema(store):
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    assert store.schema_version == SCHEMA_VERSION


def test_default_path_honours_cchc_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    with Store() as s:
        assert s.path == tmp_path / "data" / "cchc.sqlite3"
        assert s.path.exists()


def test_create_load_roundtrip(store):
    d = make_draft()
    apply_edits(d, [(AnnexCell(1, "1", "value"), "12"), (AnnexCell(1, "1", "note"), "ghi chú")])
    draft_id = store.create_draft(d)
    assert draft_id == d.id
    loaded = store.load_draft(draft_id)
    assert loaded.to_dict() == d.to_dict()
    with pytest.raises(StoreError):
        store.create_draft(d)  # same id twice


def test_missing_draft_is_a_vietnamese_store_error(store):
    with pytest.raises(DraftNotFoundError) as info:
        store.load_draft("khong-co")
    assert isinstance(info.value, KeyError) and isinstance(info.value, StoreError)
    assert "Không tìm thấy dự thảo" in str(info.value)
    with pytest.raises(DraftNotFoundError):
        store.save_field("khong-co", ("meta", "place"), "x")


def test_save_field_every_kind_of_path(store):
    d = make_draft()
    draft_id = store.create_draft(d)
    sid = d.outline[0].id
    first = store.draft_summary(draft_id).updated_at
    edits = [
        (("meta", "place"), "Quang Trung"),
        (("meta", "number"), "45"),
        (("meta", "date"), "2024-06-14"),
        (("section", sid, "text"), "Đoạn một.\nĐoạn hai."),
        (("annex", "3", "1.4", "value"), "7"),
        (("annex", "3", "1.4", "note"), "tạm tính"),
        (("recipients", "items"), ["Sở Nội vụ tỉnh", "Lưu trữ"]),
        (("signer", "name"), "Nguyễn Văn Bình"),
        (("signer", "deputy"), True),
    ]
    stamps = [store.save_field(draft_id, path, value) for path, value in edits]
    assert stamps == sorted(stamps) and stamps[0] > first
    # the same pipeline as the editor's: the same value again (after cleaning) writes nothing
    assert store.save_field(draft_id, MetaField("place"), "  Quang   Trung ") == stamps[-1]
    assert store.draft_summary(draft_id).updated_at == stamps[-1]
    loaded = store.load_draft(draft_id)
    for path, value in edits:
        assert loaded.get_field(path) == value
    new_outline = [s.to_dict() for s in reversed(loaded.outline)]
    store.save_field(draft_id, ("outline",), new_outline)
    assert [s.title for s in store.load_draft(draft_id).outline] == ["Kiến nghị", "Công tác chỉ đạo, điều hành"]
    summary = store.draft_summary(draft_id)
    assert summary.number == "45" and summary.updated_at == store.draft_summary(draft_id).updated_at


def test_bad_field_or_value_changes_nothing(store):
    draft_id = store.create_draft(make_draft())
    before = store.load_draft(draft_id).to_dict()
    with pytest.raises(KeyError):
        store.save_field(draft_id, ("meta", "no_such_field"), "x")
    with pytest.raises(DraftFormatError):
        store.save_field(draft_id, ("meta", "date"), "14/06/2024")
    assert store.load_draft(draft_id).to_dict() == before
    store.save_field(draft_id, ("meta", "place"), "Sau lỗi")  # the cache was not poisoned
    assert store.load_draft(draft_id).meta.place == "Sau lỗi"


def test_save_field_sees_writes_of_another_connection(tmp_path):
    """Two Store objects (two windows) on one file: the cache must never hide the other's write."""
    a, b = Store(tmp_path / "s.sqlite3"), Store(tmp_path / "s.sqlite3")
    try:
        draft_id = a.create_draft(make_draft())
        a.save_field(draft_id, ("meta", "place"), "A1")
        b.save_field(draft_id, ("meta", "number"), "9")
        a.save_field(draft_id, ("signer", "name"), "A2")
        b.save_field(draft_id, ("meta", "code"), "BC-UBND")
        loaded = a.load_draft(draft_id)
        assert (loaded.meta.place, loaded.meta.number, loaded.signer.name) == ("A1", "9", "A2")
    finally:
        a.close()
        b.close()


FIELD_STRATEGY = st.one_of(
    st.tuples(st.just(("meta", "place")), st.text(max_size=30)),
    st.tuples(st.just(("meta", "summary")), st.text(max_size=60)),
    st.tuples(st.just(("meta", "closing")), st.text(max_size=60)),
    st.tuples(st.sampled_from([("annex", "1", "1", "value"), ("annex", "7", "5.3.1", "value"),
                               ("annex", "1", "1", "note")]), st.text(max_size=10)),
    st.tuples(st.just(("signer", "name")), st.text(max_size=30)),
    st.tuples(st.just(("recipients", "items")), st.lists(st.text(max_size=20), max_size=4)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(FIELD_STRATEGY, max_size=12))
def test_save_field_matches_the_model(tmp_path_factory, edits):
    """Whatever sequence of one-field saves, the stored draft equals the same edits in memory."""
    with Store(tmp_path_factory.mktemp("h") / "s.sqlite3") as s:
        model = make_draft()
        draft_id = s.create_draft(model.copy())
        for path, value in edits:
            edit(model, ref_from_path(path), value)
            s.save_field(draft_id, path, value)
        got, want = s.load_draft(draft_id).to_dict(), model.to_dict()
        got.pop("updated"), want.pop("updated")
        assert got == want


def test_list_search_sort_and_summary_columns(store):
    ids = {}
    for ptype, year, summary in [("q1", 2024, "Công tác cải cách hành chính Quý I năm 2024"),
                                 ("6m", 2024, "Công tác cải cách hành chính 6 tháng đầu năm 2024"),
                                 ("year", 2023, "Báo cáo kết quả năm 2023")]:
        ids[ptype] = store.create_draft(make_draft(summary, year, ptype))
    store.save_field(ids["year"], ("meta", "number"), "45")
    assert [s.id for s in store.list_drafts()][0] == ids["year"]  # most recently updated first
    assert [s.period_type for s in store.list_drafts(sort="period", descending=False)] == ["year", "q1", "6m"]
    assert {s.id for s in store.list_drafts("quy i")} == {ids["q1"]}  # no accents needed
    assert {s.id for s in store.list_drafts("QUANG KHAI 2024")} == {ids["q1"], ids["6m"]}
    assert {s.id for s in store.list_drafts("45/BC-UBND")} == {ids["year"]}
    assert store.list_drafts("100%_") == []  # LIKE wildcards are literal
    s = store.draft_summary(ids["6m"])
    assert (s.kind, s.period_type, s.year, s.variant, s.state) == ("periodic", "6m", 2024, "A-2024", "drafting")
    assert s.issuing_body == "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI" and s.deleted_at is None
    with pytest.raises(ValueError):
        store.list_drafts(sort="drop table")


def test_trash_delete_restore_purge(store):
    keep, gone = store.create_draft(make_draft()), store.create_draft(make_draft("Bị xoá"))
    store.delete_draft(gone)
    assert [s.id for s in store.list_drafts()] == [keep]
    trash = store.list_drafts(deleted_only=True)
    assert [s.id for s in trash] == [gone] and trash[0].deleted_at
    assert {s.id for s in store.list_drafts(include_deleted=True)} == {keep, gone}
    assert store.load_draft(gone).meta.summary == "Bị xoá"  # still readable in the trash
    store.restore_draft(gone)
    assert {s.id for s in store.list_drafts()} == {keep, gone}
    store.delete_draft(gone)
    store.purge_draft(gone)
    assert store.list_drafts(include_deleted=True)[0].id == keep
    with pytest.raises(DraftNotFoundError):
        store.load_draft(gone)
    assert store.revisions(gone) == []
    with pytest.raises(DraftNotFoundError):
        store.restore_draft(gone)


def test_empty_trash(store):
    a, b = store.create_draft(make_draft()), store.create_draft(make_draft())
    store.delete_draft(a)
    assert store.empty_trash(older_than="2000-01-01") == 0
    assert store.empty_trash() == 1
    assert [s.id for s in store.list_drafts(include_deleted=True)] == [b]


def test_mark_exported(store):
    draft_id = store.create_draft(make_draft())
    store.mark_exported(draft_id, "/tmp/bao-cao.docx")
    s = store.draft_summary(draft_id)
    assert s.state == "exported" and s.export_path == "/tmp/bao-cao.docx" and s.exported_at
    store.mark_drafting(draft_id)
    assert store.draft_summary(draft_id).state == "drafting"


def test_profile_roundtrip_never_keeps_a_password(store):
    assert not store.has_profile()
    assert store.load_profile() == Profile()
    p = Profile(
        issuing_body="ỦY BAN NHÂN DÂN XÃ QUANG KHẢI", issuing_body_short="UBND xã Quang Khải",
        place="Quang Khải", signers=[SignerEntry("Trần Thị Hoa", "CHỦ TỊCH"),
                                     SignerEntry("Nguyễn Văn Bình", "PHÓ CHỦ TỊCH", deputy=True)],
        recipient_lists=[RecipientList("Gửi tỉnh", ["Sở Nội vụ tỉnh", "TT Đảng ủy xã"], "VT")],
        upper_level_name="Sở Nội vụ", upper_level_email="snv@example.vn",
        mail={"smtp_host": "smtp.example.vn", "smtp_port": "587", "security": "starttls",
              "username": "vp", "sender": "vp@example.vn", "password": "bí mật"},
    )
    store.save_profile(p)
    assert store.has_profile()
    got = store.load_profile()
    assert got.signers == p.signers and got.recipient_lists == p.recipient_lists
    assert got.mail == {"smtp_host": "smtp.example.vn", "smtp_port": 587, "security": "starttls",
                        "username": "vp", "sender": "vp@example.vn"}
    raw = sqlite3.connect(store.path).execute("SELECT value FROM settings").fetchall()
    assert "bí mật" not in str(raw)
    assert Profile.from_dict(got.to_dict()) == got


def test_settings(store):
    assert store.get_setting("geometry", [1, 2]) == [1, 2]
    store.set_setting("geometry", {"w": 800, "tên": "Cửa sổ"})
    store.set_setting("geometry", {"w": 900})
    assert store.get_setting("geometry") == {"w": 900}
    store.delete_setting("geometry")
    assert store.get_setting("geometry") is None


def test_backup_to_is_a_consistent_openable_copy(store, tmp_path):
    draft_id = store.create_draft(make_draft())
    target = store.backup_to(tmp_path / "backups" / "copy.sqlite3")
    assert target.exists() and not target.with_name("copy.sqlite3.part").exists()
    with Store(target) as copy:
        assert copy.load_draft(draft_id).meta.summary.startswith("Công tác")


# ----- bad files -----------------------------------------------------------------------------
def _refused(path: Path, error):
    before = path.read_bytes()
    with pytest.raises(error) as info:
        Store(path)
    assert path.read_bytes() == before, "a refused file must never be written"
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    return str(info.value)


def test_garbage_file_is_refused_untouched(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    path.write_bytes(b"Day khong phai co so du lieu\n" * 200)
    msg = _refused(path, StoreDamagedError)
    assert "bị hỏng" in msg and str(path) in msg


def test_truncated_file_is_refused_untouched(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    with Store(path) as s:
        for _ in range(50):
            s.create_draft(make_draft("Báo cáo " + "x" * 2000))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, StoreDamagedError)


def test_corrupted_pages_are_refused_untouched(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    with Store(path) as s:
        for _ in range(50):
            s.create_draft(make_draft("Báo cáo " + "x" * 2000))
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2: page * 6] = b"\xff" * (page * 4)  # smash some b-tree pages, keep the header
    path.write_bytes(bytes(data))
    msg = _refused(path, StoreDamagedError)
    assert "không bị ghi đè" in msg


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE thing (x)")
    con.commit()
    con.close()
    assert "chương trình khác" in _refused(path, StoreDamagedError)


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    with Store(path):
        pass
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    msg = _refused(path, StoreNewerError)
    assert "phiên bản mới hơn" in msg and "cập nhật" in msg
    assert not list(tmp_path.glob("*.bak"))


def test_empty_file_becomes_a_new_store(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    path.write_bytes(b"")
    with Store(path) as s:
        assert s.list_drafts() == []


def test_background_checkpoint_keeps_the_wal_small(tmp_path):
    """The store checkpoints off the caller's thread; the WAL is reused, not grown forever."""
    import time

    with Store(tmp_path / "cchc.sqlite3") as s:
        d = make_draft()
        d.outline[0].text = "Nội dung dài. " * 8000  # ~110 KB
        draft_id = s.create_draft(d)
        wal = s.path.with_name(s.path.name + "-wal")
        for i in range(40):
            s.save_field(draft_id, ("meta", "number"), str(i))
        first = wal.stat().st_size
        time.sleep(1.5)  # the checkpoint thread runs every 0.5 s after writes
        for i in range(40):
            s.save_field(draft_id, ("meta", "number"), str(i + 100))
        assert wal.stat().st_size < first * 1.5, (first, wal.stat().st_size)
    assert not wal.exists() or wal.stat().st_size == 0  # closing the last connection cleans up


def test_checkpoint_thread_starts_at_the_first_write(tmp_path):
    """Opening (and reading) starts no thread: start-up does not wait for one; the first write
    starts it; closing works either way."""
    import threading

    def checkpointers():
        return [t for t in threading.enumerate() if t.name == "cchc-store-checkpoint"]

    before = len(checkpointers())
    with Store(tmp_path / "cchc.sqlite3") as s:
        s.list_drafts()
        assert len(checkpointers()) == before
    with Store(tmp_path / "cchc.sqlite3") as s:
        s.create_draft(make_draft())
        assert len(checkpointers()) == before + 1
        s.save_field(s.list_drafts()[0].id, ("meta", "number"), "7")
        assert len(checkpointers()) == before + 1
    assert len(checkpointers()) == before


def test_killed_mid_checkpoint_opens_from_its_wal(tmp_path):
    """A process killed while checkpointing leaves page 1 saying more pages than the file has
    yet; the WAL still holds them. That store is sound and must open with every draft (it was
    once reported as truncated, and the user was sent to the backups)."""
    import shutil

    live = tmp_path / "live" / "cchc.sqlite3"
    live.parent.mkdir()
    with Store(live) as s:
        ids = [s.create_draft(make_draft(f"Báo cáo {i}")) for i in range(5)]
    con = sqlite3.connect(live, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("CREATE TABLE pad (x BLOB)")
    for _ in range(200):
        con.execute("INSERT INTO pad VALUES (randomblob(4000))")
    crashed = tmp_path / "crashed" / "cchc.sqlite3"
    crashed.parent.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(str(live) + suffix, str(crashed) + suffix)
    con.close()
    data = bytearray(crashed.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[28:32] = (len(data) // page_size + 150).to_bytes(4, "big")  # page 1 already new
    data[92:96] = data[24:28]
    crashed.write_bytes(bytes(data))
    with Store(crashed) as s:
        assert sorted(d.id for d in s.list_drafts()) == sorted(ids)


def test_truncated_file_without_wal_is_still_refused(tmp_path):
    path = tmp_path / "cchc.sqlite3"
    with Store(path) as s:
        for _ in range(50):
            s.create_draft(make_draft("Báo cáo " + "x" * 2000))
    data = bytearray(path.read_bytes())
    data[28:32] = (int.from_bytes(data[28:32], "big") + 100).to_bytes(4, "big")
    path.write_bytes(bytes(data))
    path.with_name(path.name + "-wal").write_bytes(b"")  # an empty WAL holds nothing
    _refused(path, StoreDamagedError)
