"""Store speed: a field save (p50/p99) on the largest example, and the home list of 10,000 drafts.

    python bench/bench_store.py [--quick] [--saves 1000]

Budgets (docs/performance.md): save p99 <= 10 ms, list of 10,000 drafts <= 100 ms. Prints the
figures and "OVER BUDGET" when one is missed; never exits non-zero for a missed budget (CI runs
it for the record, timings on shared runners are noisy). Also prints what a save would cost
with ``synchronous=FULL`` (power-cut durability of the last second of typing, see
docs/reliability.md), for information.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_desktop.draft import Draft  # noqa: E402
from cchc_desktop.store import Store  # noqa: E402
from cchc_desktop.store.connection import now_iso  # noqa: E402
from cchc_desktop.store.drafts import dump  # noqa: E402

SAVE_P99_MS = 10.0
LIST_MS = 100.0


def largest_example() -> Path:
    return max((ROOT / "examples").glob("*.json"), key=lambda p: p.stat().st_size)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench_saves(folder: Path, n: int, synchronous: str | None = None) -> tuple[list[float], int]:
    example = largest_example()
    draft = Draft.from_json(example.read_text(encoding="utf-8"))
    with Store(folder / f"save-{synchronous or 'default'}.sqlite3") as store:
        if synchronous:
            store.db.con.execute(f"PRAGMA synchronous = {synchronous}")
        store.create_draft(draft)
        section = next(s for _, s in draft.iter_sections() if s.text)
        text = section.text
        fields = [("section", section.id, "text"), ("meta", "number"), ("annex", "1", "1", "value")]
        times = []
        for i in range(n):  # the user typing: mostly the section text, sometimes a number
            path = fields[0] if i % 5 else fields[1 + (i // 5) % 2]
            if path == fields[0]:
                text += "a"
                value = text
            else:
                value = str(i)
            t = time.perf_counter()
            store.save_field(draft.id, path, value)
            times.append((time.perf_counter() - t) * 1000)
        size = len(dump(store.load_draft(draft.id))[0].encode())
    return times, size


def fill_10000(store: Store) -> None:
    base = Draft.from_json(largest_example().read_text(encoding="utf-8"))
    places = ("Quang Khải", "Tứ Kỳ", "Đông Hà", "Phường 1")
    with store.db.write() as con:  # the same insert create_draft does, in one transaction
        for i in range(10_000):
            base.id = f"{i:032x}"
            base.period.year = 2000 + i % 25
            base.period.type = ("q1", "6m", "q3", "year")[i % 4]
            base.meta.summary = f"Công tác cải cách hành chính số {i}"
            base.meta.place = places[i % len(places)]
            doc, data = dump(base)
            store.drafts._insert(con, base.id, doc, data, now_iso())


def bench_list(folder: Path, repeat: int) -> dict[str, tuple[float, int]]:
    out = {}
    with Store(folder / "list.sqlite3") as store:
        t = time.perf_counter()
        fill_10000(store)
        print(f"  (10,000 drafts of {largest_example().name} inserted in {time.perf_counter() - t:.1f} s)")
        cases = [("all, newest first (home)", {}), ("all, by period", {"sort": "period"}),
                 ("search 'quang khai'", {"search": "quang khai"}), ("trash", {"deleted_only": True})]
        for label, kwargs in cases:
            times, n = [], 0
            for _ in range(repeat):
                t = time.perf_counter()
                n = len(store.list_drafts(**kwargs))
                times.append((time.perf_counter() - t) * 1000)
            out[label] = (statistics.median(times), n)
    return out


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER BUDGET"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer saves and repeats (CI)")
    ap.add_argument("--saves", type=int, default=None)
    args = ap.parse_args(argv)
    n_saves = args.saves or (300 if args.quick else 2000)
    repeat = 3 if args.quick else 9
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        folder = Path(tmp)
        times, size = bench_saves(folder, n_saves)
        p50, p99 = statistics.median(times), pct(times, 99)
        print(f"field save, {largest_example().name} ({size / 1024:.0f} KB as stored), {n_saves} saves: "
              f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {max(times):.2f} ms "
              f"[budget p99 <= {SAVE_P99_MS:g} ms: {verdict(p99 <= SAVE_P99_MS)}]")
        full, _ = bench_saves(folder, max(100, n_saves // 3), synchronous="FULL")
        print(f"  for information, with synchronous=FULL (every save on disk before it returns): "
              f"p50 {statistics.median(full):.2f} ms, p99 {pct(full, 99):.2f} ms")
        lists = bench_list(folder, repeat)
        for label, (ms, n) in lists.items():
            budget = f" [budget <= {LIST_MS:g} ms: {verdict(ms <= LIST_MS)}]" if label.startswith("all, newest") else ""
            print(f"list_drafts {label}: {ms:.1f} ms median of {repeat}, {n} rows{budget}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
