"""Shared by bench_startup.py and bench_memory.py: a data folder with the largest example and a
commune profile, and running the real app (``main.py``) or a bare PySide6 window in a fresh
process that prints a line when its window is up."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1100, 700)
w.show()
def up():
    print("shown", time.process_time(), flush=True)  # CPU seconds of this process so far
    exec(open(sys.argv[1]).read()) if len(sys.argv) > 1 else None
    app.quit()
QTimer.singleShot(0, up)
app.exec()
"""

RSS = r"""
def rss_kb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""


def largest_example() -> Path:
    return max((ROOT / "examples").glob("*.json"), key=lambda p: p.stat().st_size)


def make_data_dir(folder: Path) -> str:
    """A data folder holding the largest example and a profile; returns the draft id."""
    sys.path.insert(0, str(ROOT))
    from cchc_desktop.draft import Draft
    from cchc_desktop.store import Profile, Store

    draft = Draft.from_json(largest_example().read_text(encoding="utf-8"))
    with Store(folder / "cchc.sqlite3") as store:
        if not store.exists(draft.id):
            store.create_draft(draft)
        p = Profile()
        p.issuing_body = draft.meta.issuing_body
        p.place = draft.meta.place
        store.save_profile(p)
    return draft.id


def env_for(data_dir: Path, script: Path | None) -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM") or "offscreen"
    env["CCHC_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CCHC_TEST_SCRIPT", None)
    if script is not None:
        env["CCHC_TEST_SCRIPT"] = str(script)
    return env


def run_until(cmd: list[str], env: dict, marker: str, timeout: float = 120) -> tuple[float, list[str]]:
    """Seconds from spawning ``cmd`` to its printing a line starting with ``marker``; all lines."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT), text=True)
    lines, elapsed = [], None
    try:
        deadline = t0 + timeout
        for line in proc.stdout:
            line = line.strip()
            lines.append(line)
            if elapsed is None and line.startswith(marker):
                elapsed = time.perf_counter() - t0
            if time.perf_counter() > deadline:
                break
        proc.wait(timeout=max(1, deadline - time.perf_counter()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if elapsed is None:
        err = proc.stderr.read()
        raise RuntimeError(f"{cmd[-1] if cmd else cmd} never printed {marker!r}:\n{err[-2000:]}")
    proc.stderr.close()
    return elapsed, lines
