"""Speed figures, PRINTED not asserted (run with -s): save_field on a 100 KB draft, and
listing/searching 10,000 drafts. Timed assertions flake on busy CI machines."""
from __future__ import annotations

import statistics
import time

from cchc_desktop.draft import Draft, Section
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.store import Store
from cchc_desktop.store.connection import now_iso
from cchc_desktop.store.drafts import dump


def big_draft(kb: int = 100) -> Draft:
    d = Draft()
    d.meta.summary = "Công tác cải cách hành chính 6 tháng đầu năm 2024"
    para = "Ủy ban nhân dân xã đã ban hành kế hoạch cải cách hành chính, tuyên truyền, kiểm tra. "
    for i in range(30):
        d.outline.append(Section(title=f"Mục {i}", text=para * 30))
    for form in range(1, 8):
        for row in range(40):
            apply_edits(d, [(AnnexCell(str(form), f"{row}.1", "value"), str(row * 7)),
                            (AnnexCell(str(form), f"{row}.1", "note"), "ghi chú")])
    while len(dump(d)[0].encode()) < kb * 1024:
        d.outline.append(Section(title="Thêm", text=para * 30))
    return d


def _pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def test_save_field_speed_on_a_100kb_draft(tmp_path):
    with Store(tmp_path / "cchc.sqlite3") as store:
        d = big_draft()
        size = len(dump(d)[0].encode())
        draft_id = store.create_draft(d)
        sid = d.outline[3].id
        times = []
        text = d.outline[3].text
        for _ in range(300):  # one save per keystroke
            text += "a"
            t = time.perf_counter()
            store.save_field(draft_id, ("section", sid, "text"), text)
            times.append((time.perf_counter() - t) * 1000)
        # a second window writing in between defeats the parse cache: the slow path
        with Store(store.path) as other:
            cold = []
            for i in range(50):
                other.save_field(draft_id, ("meta", "number"), str(i))
                t = time.perf_counter()
                store.save_field(draft_id, ("annex", "1", "1.1", "value"), str(i))
                cold.append((time.perf_counter() - t) * 1000)
        assert store.load_draft(draft_id).outline[3].text == text
    print(f"\nsave_field, {size / 1024:.0f} KB draft, 300 saves: p50 {statistics.median(times):.2f} ms, "
          f"p99 {_pct(times, 99):.2f} ms, max {max(times):.2f} ms")
    print(f"save_field after another window wrote (re-parse): p50 {statistics.median(cold):.2f} ms, "
          f"p99 {_pct(cold, 99):.2f} ms")


def test_list_drafts_speed_on_10000_drafts(tmp_path):
    with Store(tmp_path / "cchc.sqlite3") as store:
        base = Draft()
        base.outline = [Section(title="Chỉ đạo", text="Nội dung " * 200)]
        t = time.perf_counter()
        with store.db.write() as con:  # bulk insert through the same code path as create_draft
            for i in range(10_000):
                base.id = f"{i:032x}"
                base.period.year = 2000 + i % 25
                base.period.type = ("q1", "6m", "q3", "year")[i % 4]
                base.meta.summary = f"Công tác cải cách hành chính số {i}"
                base.meta.place = ("Quang Khải", "Tứ Kỳ", "Đông Hà")[i % 3]
                doc, data = dump(base)
                store.drafts._insert(con, base.id, doc, data, now_iso())
        fill = time.perf_counter() - t
        timings = {}
        for label, kwargs in [("all, by updated", {}), ("all, by period", {"sort": "period"}),
                              ("search 'quang khai'", {"search": "quang khai"}),
                              ("search 'so 9999'", {"search": "số 9999"}),
                              ("trash", {"deleted_only": True})]:
            t = time.perf_counter()
            rows = store.list_drafts(**kwargs)
            timings[label] = ((time.perf_counter() - t) * 1000, len(rows))
        assert timings["all, by updated"][1] == 10_000
        assert timings["search 'quang khai'"][1] == 3334
    print(f"\n10,000 drafts inserted in {fill:.1f} s")
    for label, (ms, n) in timings.items():
        print(f"list_drafts {label}: {ms:.1f} ms ({n} rows)")
