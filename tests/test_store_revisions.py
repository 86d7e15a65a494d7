"""Revisions: taken at the right moments, deduplicated, bounded, and restorable."""
from __future__ import annotations

import datetime as dt

import pytest

from cchc_desktop.draft import Draft, Section
from cchc_desktop.store import DraftNotFoundError, Store


def make_draft() -> Draft:
    d = Draft()
    d.meta.summary = "Công tác cải cách hành chính 6 tháng đầu năm 2024"
    d.outline = [Section(title="Công tác chỉ đạo", text="Bản đầu.")]
    return d


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "cchc.sqlite3")
    yield s
    s.close()


def _age_revisions(store: Store, draft_id: str, minutes: float) -> None:
    """Pretend the existing revisions were taken ``minutes`` ago."""
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes)).isoformat()
    with store.db.write() as con:
        con.execute("UPDATE revisions SET created_at = ? WHERE draft_id = ?", (past, draft_id))


def test_taken_at_create_and_save_draft_and_on_demand(store):
    d = make_draft()
    draft_id = store.create_draft(d)
    assert [r.reason for r in store.revisions(draft_id)] == ["Tạo mới"]
    d.outline.append(Section(title="Kiến nghị", text="Không."))
    store.save_draft(d)
    rid = store.snapshot(draft_id, "Trước khi gửi")  # identical to the last one: not stored again
    revs = store.revisions(draft_id)
    assert [r.reason for r in revs] == ["Lưu toàn bộ", "Tạo mới"] and rid == revs[0].id
    assert revs[0].size > revs[1].size > 0 and revs[0].draft_id == draft_id
    store.save_field(draft_id, ("meta", "place"), "Quang Khải")
    assert store.snapshot(draft_id, "Trước khi gửi") != rid
    assert store.revisions(draft_id)[0].reason == "Trước khi gửi"


def test_save_field_snapshots_only_after_the_interval(store):
    draft_id = store.create_draft(make_draft())
    sid = store.load_draft(draft_id).outline[0].id
    for i in range(20):  # typing: no revision per keystroke
        store.save_field(draft_id, ("section", sid, "text"), "Bản đầu." + "x" * i)
    assert len(store.revisions(draft_id)) == 1
    _age_revisions(store, draft_id, 6)  # the user comes back after a break
    store.save_field(draft_id, ("section", sid, "text"), "Phiên mới")
    revs = store.revisions(draft_id)
    assert [r.reason for r in revs] == ["Tự động", "Tạo mới"]
    # the automatic revision holds the state *before* the new session's first edit
    assert store.load_revision(revs[0].id).outline[0].text == "Bản đầu." + "x" * 19
    store.save_field(draft_id, ("section", sid, "text"), "Phiên mới 2")
    assert len(store.revisions(draft_id)) == 2


def test_restore_revision_keeps_the_current_state_first(store):
    d = make_draft()
    draft_id = store.create_draft(d)
    first = store.revisions(draft_id)[0].id
    sid = d.outline[0].id
    store.save_field(draft_id, ("section", sid, "text"), "Bản đã sửa.")
    store.save_field(draft_id, ("meta", "number"), "45")
    store.restore_revision(draft_id, first)
    now = store.load_draft(draft_id)
    assert now.outline[0].text == "Bản đầu." and now.meta.number == ""
    assert now.id == draft_id
    reasons = [r.reason for r in store.revisions(draft_id)]
    assert reasons[:2] == ["Đã khôi phục", "Trước khi khôi phục"]
    before = store.revisions(draft_id)[1].id
    assert store.load_revision(before).outline[0].text == "Bản đã sửa."
    # and a restore can be undone
    store.restore_revision(draft_id, before)
    assert store.load_draft(draft_id).meta.number == "45"
    # the summary columns follow a restore
    assert store.draft_summary(draft_id).number == "45"


def test_restore_rejects_a_revision_of_another_draft(store):
    a, b = store.create_draft(make_draft()), store.create_draft(make_draft())
    with pytest.raises(DraftNotFoundError):
        store.restore_revision(a, store.revisions(b)[0].id)
    with pytest.raises(DraftNotFoundError):
        store.load_revision(999999)


def test_revisions_are_bounded_and_thinned(tmp_path):
    with Store(tmp_path / "s.sqlite3", max_revisions=20) as s:
        draft_id = s.create_draft(make_draft())
        for i in range(100):
            s.save_field(draft_id, ("meta", "number"), str(i))
            s.snapshot(draft_id, f"lần {i}")
        revs = s.revisions(draft_id)
        assert len(revs) == 20
        assert revs[-1].reason == "Tạo mới"  # the first state is always kept
        assert [r.reason for r in revs[:10]] == [f"lần {i}" for i in range(99, 89, -1)]  # newest dense
        older = [int(r.reason.split()[1]) for r in revs[10:-1]]
        assert older == sorted(older, reverse=True) and older[-1] < 60  # older history spread out


def test_purge_removes_revisions(store):
    draft_id = store.create_draft(make_draft())
    rid = store.revisions(draft_id)[0].id
    store.purge_draft(draft_id)
    with pytest.raises(DraftNotFoundError):
        store.load_revision(rid)
