"""Shared helpers of the kill tests: run a child, SIGKILL it at a random moment, collect acks."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def rounds(default: int) -> int:
    """``CCHC_KILL_ROUNDS`` (the knob for long runs: e.g. 500), else ``default`` (CI size)."""
    try:
        return max(1, int(os.environ.get("CCHC_KILL_ROUNDS", default)))
    except ValueError:
        return default


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_and_kill(args: list[str], delay: float, wait_ready: bool = True, timeout: float = 60) -> list[str]:
    """Start ``python args...``; SIGKILL it ``delay`` seconds after it printed ``ready`` (or after
    the start when ``wait_ready`` is false); return every stdout line it printed before dying."""
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=child_env(), cwd=str(ROOT), text=True, bufsize=1)
    lines: list[str] = []
    ready = threading.Event()

    def reader():
        for line in proc.stdout:
            line = line.rstrip("\n")
            if line == "ready":
                ready.set()
            lines.append(line)
        ready.set()  # EOF: died (or finished) before/after ready

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    if wait_ready and not ready.wait(timeout):
        proc.kill()
        raise AssertionError("the child never became ready")
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout)
    t.join(timeout)
    err = proc.stderr.read()
    proc.stderr.close()
    if proc.returncode != -signal.SIGKILL:
        raise AssertionError(f"child ended on its own (rc {proc.returncode}) before the kill:\n{err[-3000:]}")
    return lines
