"""Start-up: fresh process to the home window shown, against a bare PySide6 QMainWindow shown.

    python bench/bench_startup.py [--quick] [--runs 7]

Both run offscreen in fresh subprocesses (imports included, as the user waits for them); the
app is ``main.py`` with a data folder holding the largest example and a profile (so no
first-start dialog), and reports through ``CCHC_TEST_SCRIPT``, which ``gui/app.py`` runs once
the home window is up. Median of N. Budget: app <= 1.5x bare. Prints "OVER BUDGET" when
missed; never exits non-zero for it.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from apprun import BARE, ROOT, env_for, make_data_dir, run_until

BUDGET_RATIO = 1.5


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 runs each (CI)")
    ap.add_argument("--runs", type=int, default=None)
    args = ap.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    with tempfile.TemporaryDirectory(prefix="cchc-bench-start-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        make_data_dir(data)
        script = tmp / "up.py"
        script.write_text('print("shown", flush=True)\napp.quit()\n', encoding="utf-8")
        env = env_for(data, script)
        # one warm-up of each so both read Python and Qt from the OS cache alike
        run_until([sys.executable, "-c", BARE], env, "shown")
        run_until([sys.executable, str(ROOT / "main.py")], env, "shown")
        bare, app = [], []
        for _ in range(runs):  # interleaved: load on the machine hits both alike
            bare.append(run_until([sys.executable, "-c", BARE], env, "shown")[0])
            app.append(run_until([sys.executable, str(ROOT / "main.py")], env, "shown")[0])
    b, a = statistics.median(bare), statistics.median(app)
    ratio = a / b
    print(f"bare PySide6 QMainWindow shown: {b * 1000:.0f} ms (median of {runs}; min {min(bare) * 1000:.0f})")
    print(f"CCHC Desktop home window shown: {a * 1000:.0f} ms (median of {runs}; min {min(app) * 1000:.0f})")
    verdict = "ok" if ratio <= BUDGET_RATIO else "OVER BUDGET"
    print(f"ratio app/bare: {ratio:.2f} [budget <= {BUDGET_RATIO}x: {verdict}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
