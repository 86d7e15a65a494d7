"""Crash safety of the DOCX export: SIGKILL during ``render_docx`` over an existing report.

After every kill the target is either the previous file, byte for byte, or a complete new
report (a valid zip that python-docx opens and whose embedded draft is the last or the running
export). Temp files the killed process could not remove are only ever of the documented
pattern ``.~<name>*.tmp`` beside the target; they are counted and reported (see
docs/reliability.md), never anything else.
"""
from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

from killing import rounds, run_and_kill
from stress_child_export import summary_for

from cchc_desktop.render.embed import read_embedded_draft

CHILD = str(Path(__file__).with_name("stress_child_export.py"))
OLD = b"PK\x03\x04 not really a docx: the user's previous report, must survive"


def test_sigkill_during_export_leaves_old_or_complete_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "Báo cáo CCHC.docx"
    target.write_bytes(OLD)
    litter_pattern = re.compile(r"^\.~" + re.escape(target.stem[:40]) + r".*\.tmp$")
    rng = random.Random(42)
    n = max(6, rounds(40) // 4)
    last_done, replaced, litter_total = None, 0, 0
    previous_allowed: set[str] = set()
    for r in range(n):
        lines = run_and_kill([CHILD, str(target)], rng.uniform(0.0, 1.2))
        done = [int(x.split()[1]) for x in lines if x.startswith("done ")]
        data = target.read_bytes()
        if data == OLD:
            assert last_done is None and not done, f"round {r}: an export returned but the file is the old one"
        else:
            with zipfile.ZipFile(target) as zf:
                assert zf.testzip() is None, f"round {r}: half-written DOCX"
            import docx

            docx.Document(str(target))
            summary = read_embedded_draft(target).meta.summary
            allowed = {summary_for(i) for i in ([done[-1], done[-1] + 1] if done else [0])}
            if not done:  # this round finished nothing: what the previous round may have left stays
                allowed |= previous_allowed
            assert summary in allowed, f"round {r}: {summary!r} is not the last finished or running export"
            replaced += 1
        if done:
            last_done = done[-1]
        if data != OLD:
            previous_allowed = allowed
        others = [p.name for p in out.iterdir() if p != target]
        bad = [name for name in others if not litter_pattern.match(name)]
        assert not bad, f"round {r}: unexpected files beside the report: {bad}"
        litter_total = len(others)
    print(f"\n{n} kills during export; target replaced by a complete report {replaced} times; "
          f"{litter_total} temp files (.~*.tmp) left by killed exports")
    assert replaced, "no export ever finished: the kills came too early to prove anything"
