"""Memory: resident set of the app with the largest example open in the wizard, against a bare
PySide6 window, each in a fresh offscreen process.

    python bench/bench_memory.py [--quick]

The app is ``main.py`` (data folder with the largest example and a profile); through
``CCHC_TEST_SCRIPT`` it opens the draft in its wizard window, lets the event loop settle, then
prints its RSS (VmRSS). There is no fixed budget in the issue: the figure and the ratio are
recorded in docs/performance.md. Never exits non-zero for a figure.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from apprun import BARE, ROOT, RSS, env_for, make_data_dir, run_until

APP_SCRIPT = RSS + r"""
from PySide6.QtCore import QTimer
window = home.open_draft({draft_id!r})
assert window is not None, "the draft did not open"
def report():
    print(f"rss {{rss_kb()}} steps {{type(window).__name__}}", flush=True)
    window.close()
    app.quit()
QTimer.singleShot({settle_ms}, report)
"""
BARE_SCRIPT = RSS + 'print(f"rss {rss_kb()}", flush=True)\n'


def rss_of(lines: list[str]) -> int:
    return int(next(x for x in lines if x.startswith("rss ")).split()[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one run each (CI)")
    args = ap.parse_args(argv)
    runs = 1 if args.quick else 3
    with tempfile.TemporaryDirectory(prefix="cchc-bench-mem-") as tmp:
        tmp = Path(tmp)
        draft_id = make_data_dir(tmp / "data")
        app_script = tmp / "open.py"
        app_script.write_text(APP_SCRIPT.format(draft_id=draft_id, settle_ms=1500), encoding="utf-8")
        bare_script = tmp / "bare.py"
        bare_script.write_text(BARE_SCRIPT, encoding="utf-8")
        bare, app = [], []
        for _ in range(runs):
            bare.append(rss_of(run_until([sys.executable, "-c", BARE, str(bare_script)],
                                         env_for(tmp / "data", None), "rss")[1]))
            app.append(rss_of(run_until([sys.executable, str(ROOT / "main.py")],
                                        env_for(tmp / "data", app_script), "rss")[1]))
    b, a = statistics.median(bare), statistics.median(app)
    example = max((ROOT / "examples").glob("*.json"), key=lambda p: p.stat().st_size).name
    print(f"bare PySide6 QMainWindow: RSS {b / 1024:.0f} MB")
    print(f"CCHC Desktop, {example} open in the wizard: RSS {a / 1024:.0f} MB "
          f"(+{(a - b) / 1024:.0f} MB, ratio {a / b:.2f}; no budget set, recorded in docs/performance.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
