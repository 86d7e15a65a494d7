"""Spell check and text checks of a 20-page report.

    python bench/bench_spelling.py [--repeat 5]

The report: the text of the two real examples (Phường 1: 18 printed pages of text for 33,000
characters; Quang Khải) cut to 37,000 characters, about 20 printed pages. Prints the best of N:
- dictionary load (first Hunspell handle of a thread),
- full spell check without suggestions (what the editor's background worker does for a whole
  report; the editor checks one paragraph at a time, off the UI thread),
- per paragraph: median and slowest (what one edited paragraph costs),
- validate's text findings (spelling with suggestions + figures against tables + references),
- all findings of the review step (annex rules + text + completeness).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc_desktop.checks import TextCheckOptions, section_texts, text_findings
from cchc_desktop.checks.spelling import Speller, SpellOptions, document_style, scan
from cchc_desktop.completeness import all_findings
from cchc_desktop.draft import Draft
from cchc_desktop.forms import get_variant

ROOT = Path(__file__).resolve().parent.parent
TARGET_CHARS = 37_000


def twenty_pages() -> Draft:
    a = Draft.from_json((ROOT / "examples/phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    b = Draft.from_json((ROOT / "examples/quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    extra = [s.text for _, s in b.iter_sections() if s.text.strip()]
    sections = [s for _, s in a.iter_sections() if s.text.strip()]
    total = sum(len(s.text) for s in sections)
    i = 0
    while total < TARGET_CHARS and extra:
        add = extra[i % len(extra)]
        sections[i % len(sections)].text += "\n" + add
        total += len(add) + 1
        i += 1
    return a


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat
    draft = twenty_pages()
    sections = section_texts(draft)
    chars = sum(len(t) for _, _, t in sections)
    paragraphs = [p for _, _, t in sections for p in t.split("\n") if p.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    t0 = time.perf_counter()
    sp = Speller()
    load = time.perf_counter() - t0
    if not sp.available:
        print("chunspell is not installed: nothing to measure")
        return 1
    style = document_style(t for _, _, t in sections)
    opts = SpellOptions()

    def full_scan():
        for _, _, text in sections:
            scan(text, opts, style, sp)

    per = []
    for p in paragraphs:
        t = time.perf_counter()
        scan(p, opts, style, sp)
        per.append(time.perf_counter() - t)
    variant = get_variant(draft.variant)
    full = best(full_scan, repeat)
    texts = best(lambda: text_findings(draft, variant, TextCheckOptions()), repeat)
    review = best(lambda: all_findings(draft), repeat)
    print(f"report: {chars} characters, {words} words, {len(paragraphs)} paragraphs (about 20 pages)")
    print(f"dictionary load: {load * 1000:.0f} ms")
    print(f"full spell check (Hunspell + confusions + tone): {full * 1000:.0f} ms "
          f"({full / words * 1e6:.1f} µs a word)")
    print(f"one paragraph: median {statistics.median(per) * 1000:.2f} ms, slowest {max(per) * 1000:.1f} ms")
    print(f"validate's text findings (with suggestions, figures vs tables): {texts * 1000:.0f} ms")
    print(f"review step's all findings: {review * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
