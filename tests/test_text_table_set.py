"""Precision and recall of the text-table check on a written set of sentences (item 1 of issue 14).

``tests/fixtures/text_table_sentences.json``: 108 sentences in the samples' styles, half agreeing
with a table (or speaking of no row), half with a planted disagreement naming the row. A planted
one counts as found only when the warning names that row; any warning on a true sentence, or on
another row, is a false alarm. The figures are printed (``pytest -s``) and kept in
docs/text-checks.md; the floors below are what the check must not fall under.
"""
from __future__ import annotations

import json
from pathlib import Path

from cchc_desktop.annex import evaluate_annex
from cchc_desktop.checks.textcheck import check_text
from cchc_desktop.forms import get_variant

SET = Path(__file__).parent / "fixtures" / "text_table_sentences.json"
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.85


def score(sentences, tables):
    evaluated = {}
    for vid, table in tables.items():
        variant = get_variant(vid)
        annex = {f: {c: {"value": v} for c, v in rows.items()} for f, rows in table.items()}
        evaluated[vid] = (variant, evaluate_annex(variant, annex))
    tp = fp = fn = 0
    misses, alarms = [], []
    for s in sentences:
        variant, ev = evaluated[s["variant"]]
        found = {f"{f.form}:{f.code}" for f in check_text(variant, ev, [("s", "Mục thử", s["text"])])}
        if s["expect"] == "ok":
            if found:
                fp += 1
                alarms.append((s["text"], found))
            continue
        if s["row"] in found:
            tp += 1
        else:
            fn += 1
            misses.append(s["text"])
        if found - {s["row"]}:
            fp += 1
            alarms.append((s["text"], found - {s["row"]}))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn, misses, alarms


def test_the_set_is_big_and_balanced():
    data = json.loads(SET.read_text(encoding="utf-8"))
    kinds = [s["expect"] for s in data["sentences"]]
    assert len(kinds) >= 60
    assert kinds.count("ok") == kinds.count("mismatch")
    for s in data["sentences"]:
        if s["expect"] == "mismatch":
            form, code = s["row"].split(":")
            assert get_variant(s["variant"]).form(int(form)).has_row(code), s


def test_precision_and_recall_floors():
    data = json.loads(SET.read_text(encoding="utf-8"))
    precision, recall, tp, fp, fn, misses, alarms = score(data["sentences"], data["tables"])
    print(f"\ntext-table: {tp} found, {fp} false alarms, {fn} missed; "
          f"precision {precision:.2f}, recall {recall:.2f}")
    for part in ("dev", "held-out", "held-out-2"):
        subset = [s for s in data["sentences"] if s.get("set", "dev") == part]
        p, r, *_ = score(subset, data["tables"])
        print(f"  {part}: {len(subset)} sentences, precision {p:.2f}, recall {r:.2f}")
    assert not alarms, alarms
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR, misses


def test_a_broken_table_value_is_never_compared():
    data = json.loads(SET.read_text(encoding="utf-8"))
    tables = json.loads(json.dumps(data["tables"]))
    for rows in tables["A-2024"].values():
        for code in rows:
            rows[code] = "x"  # nothing readable: no figure can be judged
    found = score([s for s in data["sentences"] if s["variant"] == "A-2024"], {"A-2024": tables["A-2024"]})
    assert found[1] == 0.0 and found[3] == 0  # no true positive, no false alarm
