"""Start-up: fresh process to the home window shown, against a bare PySide6 QMainWindow shown.

    python bench/bench_startup.py [--quick] [--runs 7] [--compare OTHER_CHECKOUT]

Both run offscreen in fresh subprocesses (imports included, as the user waits for them); the
app is ``main.py`` with a data folder holding the largest example and a profile (so no
first-start dialog), and reports through ``CCHC_TEST_SCRIPT``, which ``gui/app.py`` runs once
the home window is up. Median of N. Budget: app <= 1.5x bare. Prints "OVER BUDGET" when
missed; never exits non-zero for it. ``--compare DIR`` also starts the ``main.py`` of another
checkout (e.g. ``git archive main | tar -x -C /tmp/base``), interleaved with the two others, for
before/after figures taken under the same load.
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
    ap.add_argument("--compare", type=Path, default=None, help="another checkout's root, timed as well")
    args = ap.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    with tempfile.TemporaryDirectory(prefix="cchc-bench-start-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        make_data_dir(data)
        script = tmp / "up.py"
        script.write_text('import time\nprint("shown", time.process_time(), flush=True)\napp.quit()\n',
                          encoding="utf-8")
        env = env_for(data, script)
        other_env = None
        if args.compare:
            other_env = dict(env, PYTHONPATH=str(args.compare.resolve()))
        # one warm-up of each so both read Python and Qt from the OS cache alike
        run_until([sys.executable, "-c", BARE], env, "shown")
        run_until([sys.executable, str(ROOT / "main.py")], env, "shown")
        if other_env:
            run_until([sys.executable, str(args.compare / "main.py")], other_env, "shown")
        bare, app, other = [], [], []
        cpu: dict[str, list[float]] = {"bare": [], "app": [], "other": []}

        def run(cmd, env, into, name):
            elapsed, lines = run_until(cmd, env, "shown")
            into.append(elapsed)
            cpu[name].append(float(next(x for x in lines if x.startswith("shown")).split()[1]))

        for _ in range(runs):  # interleaved: load on the machine hits both alike
            run([sys.executable, "-c", BARE], env, bare, "bare")
            run([sys.executable, str(ROOT / "main.py")], env, app, "app")
            if other_env:
                run([sys.executable, str(args.compare / "main.py")], other_env, other, "other")
    b, a = statistics.median(bare), statistics.median(app)
    ratio = a / b
    print(f"bare PySide6 QMainWindow shown: {b * 1000:.0f} ms (median of {runs}; min {min(bare) * 1000:.0f})")
    print(f"CCHC Desktop home window shown: {a * 1000:.0f} ms (median of {runs}; min {min(app) * 1000:.0f})")
    if other:
        o = statistics.median(other)
        print(f"{args.compare}: {o * 1000:.0f} ms (median of {runs}; min {min(other) * 1000:.0f}); "
              f"ratio {o / b:.2f} (min/min {min(other) / min(bare):.2f})")
    cb, ca = statistics.median(cpu["bare"]), statistics.median(cpu["app"])
    line = f"CPU time to shown (this process, less moved by other load): bare {cb * 1000:.0f}, app {ca * 1000:.0f}"
    if other:
        line += f", {args.compare.name} {statistics.median(cpu['other']) * 1000:.0f}"
    print(f"{line} ms (medians); ratio app/bare {ca / cb:.2f}")
    verdict = "ok" if ratio <= BUDGET_RATIO else "OVER BUDGET"
    print(f"ratio app/bare: {ratio:.2f} (min/min {min(app) / min(bare):.2f}) [budget <= {BUDGET_RATIO}x: {verdict}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
