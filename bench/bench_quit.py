"""Quit time (issue 13 item 19): from the last window closing to the process being gone.

The real app (``main.py``) opens the largest example, types a few letters into the first
section, then closes its windows (Tệp → Thoát, what Ctrl+Q does); the script prints the moment
the quit starts and the bench measures until the process has exited. Best of N runs.

    python bench/bench_quit.py [--runs 5]
    CCHC_WARM_OFFICE=0 python bench/bench_quit.py     # without the warm LibreOffice (pdf_warm)

A report window starts a warm LibreOffice in the background (``pdf_warm``, when LibreOffice with
its Python is installed); stopping it at quit waits for LibreOffice to exit, which dominates the
figure when it is on (see docs/performance.md).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from apprun import ROOT, env_for, make_data_dir

SCRIPT = r"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

window = home.open_draft(os.environ["CCHC_BENCH_DRAFT"])
window.go_to_step("part-1")
QTest.keyClicks(window.step("part-1").outline.text_edit, "abc")

def quit_now():
    print(f"quit {time.time():.6f}", flush=True)
    home.quit_app()

QTimer.singleShot(300, quit_now)
"""


def one_run(data: Path, draft_id: str, script: Path) -> float:
    env = env_for(data, script)
    env["CCHC_BENCH_DRAFT"] = draft_id
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=str(ROOT), text=True)
    started = None
    for line in proc.stdout:
        if line.startswith("quit "):
            started = float(line.split()[1])
            break
    proc.wait(60)
    ended = time.time()
    if started is None:
        raise RuntimeError(proc.stderr.read()[-2000:])
    return ended - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="CI: 3 runs")
    args = ap.parse_args()
    if args.quick:
        args.runs = 3
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        draft_id = make_data_dir(data)
        script = data / "quit.py"
        script.write_text(SCRIPT, encoding="utf-8")
        times = [one_run(data, draft_id, script) for _ in range(args.runs)]
    print(f"quit (last window closed -> process gone): best {min(times) * 1000:.0f} ms, "
          f"median {sorted(times)[len(times) // 2] * 1000:.0f} ms over {len(times)} runs (target <= 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
