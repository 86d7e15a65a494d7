"""Period phrases followed through edits: the cost per keystroke and per find-and-replace.

    python bench/bench_phrases.py [--repeat 3] [--quick]

The texts of the attack's repro_12: ``{kỳ báo cáo}``, N identical lines "-", "Hết {kỳ báo cáo}." (a
pasted column of dashes or zeros: the worst case for a line diff). For N = 1,000 .. 20,000 prints
the best of --repeat:
- keystroke: ``PhraseTracker.update`` for one character typed at the end, after one at the top
  (what the outline editor runs on each key);
- two places at once: ``stored_from_shown`` for a text edited at the top and in the middle and at
  the end in one go (what find-and-replace runs);
- scrambled: a text of N random numbers with a phrase in the middle, every word moved (the diff
  runs out of its budget and gives up: the bound).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc_desktop.draft import Period
from cchc_desktop.editing.period import PhraseTracker, shown_phrases, stored_from_shown

YEAR = Period(type="year", year=2025)


def best(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return min(out) * 1000


def row(n: int, repeat: int) -> str:
    stored = "{kỳ báo cáo}\n" + "-\n" * n + "Hết {kỳ báo cáo}."
    tracker = PhraseTracker(stored, YEAR)
    tracker.update("A " + tracker.state.shown)
    letters = iter("BCDEFGHIJKLMNOPQRSTUVWXYZ" * 4)

    def key() -> None:  # a new letter each time: never a text the tracker has seen
        tracker.update(tracker.state.shown + next(letters))

    base = shown_phrases(stored, YEAR)
    half = len(base.shown) // 2
    edited = "Trong " + base.shown[:half] + "-\n" + base.shown[half:] + " Xong."
    assert stored_from_shown(edited, base).count("{kỳ báo cáo}") == 2
    rng = random.Random(3)
    noise = " ".join(str(rng.randrange(10**6)) for _ in range(n))
    scrambled_base = shown_phrases("A " + noise + " {kỳ báo cáo} " + noise + " B", YEAR)
    scrambled = "C " + " ".join(reversed(scrambled_base.shown.split())) + " D"
    return (f"{n:>7} {len(stored):>8} {best(key, repeat):>13.2f} "
            f"{best(lambda: stored_from_shown(edited, base), repeat):>14.1f} "
            f"{best(lambda: stored_from_shown(scrambled, scrambled_base), repeat):>13.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one run of each (CI: .ci/run passes --quick to every bench)")
    args = ap.parse_args()
    if args.quick:
        args.repeat = 1
    print(f"{'lines':>7} {'chars':>8} {'keystroke ms':>13} {'two places ms':>14} {'scrambled ms':>13}")
    for n in (1_000, 4_000, 8_000, 20_000):
        print(row(n, args.repeat))


if __name__ == "__main__":
    main()
