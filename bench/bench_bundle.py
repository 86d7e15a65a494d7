"""Benchmark the frozen one-folder build against running from source: size and start-up time.

    python bench/bench_bundle.py [--quick] [--dist dist/cchc-desktop]

Prints the bundle size (MB, files, largest parts, and zipped as it is handed out) and, as median and best
of several runs after one warm-up run (warm disk cache, the case a user sees from the second start on):
  * ``cchc --version``              frozen  vs  ``python main.py --version``
  * ``cchc render <example>``       frozen  vs  ``python main.py render <example>``
  * GUI to the home window (offscreen, a fresh data folder each time, first-start profile dialog
    included), measured by the app itself through CCHC_TEST_SCRIPT (see tools/smoke_bundle.py)
with the ratio frozen / source (below 1: the bundle is faster). On a busy machine (CI runs other
work beside it) the medians wander; the ratio of the best runs is the steadier figure. Needs a built bundle
(``bash .ci/bundle.sh``); without one it says so. Never fails: always exit status 0.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

IS_WIN = sys.platform == "win32"
EXAMPLE = ROOT / "examples" / "phuong-1-6t-2024.json"


def bundle_size(dist: Path) -> None:
    files = [p for p in dist.rglob("*") if p.is_file() and not p.is_symlink()]
    total = sum(p.stat().st_size for p in files)
    print(f"bundle size: {total / 2**20:.1f} MB in {len(files)} files ({dist})")
    parts: dict[str, int] = {}
    internal = dist / "_internal"
    for p in files:
        rel = p.relative_to(internal if internal in p.parents else dist)
        key = "/".join(rel.parts[:3]) if rel.parts[0] == "PySide6" else rel.parts[0]
        parts[key] = parts.get(key, 0) + p.stat().st_size
    for key, size in sorted(parts.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {size / 2**20:7.1f} MB  {key}")


def zip_size(dist: Path) -> None:
    """What users download: the folder as a zip (deflate, level 6, like Windows' Compress-Archive)."""
    import zipfile

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cchc-zip-") as tmp:
        target = Path(tmp) / "bundle.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for p in sorted(dist.rglob("*")):
                if p.is_file():
                    zf.write(p, Path(dist.name) / p.relative_to(dist))
        print(f"as a zip: {target.stat().st_size / 2**20:.1f} MB (made in {time.perf_counter() - started:.0f} s)")


def time_command(cmd: list, env: dict, cwd: Path, runs: int) -> list[float] | None:
    """Wall times of ``cmd`` over ``runs`` runs after one warm-up; None if it fails."""
    samples = []
    for i in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run([str(c) for c in cmd], env=env, cwd=str(cwd), capture_output=True, timeout=300)
        took = time.perf_counter() - started
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            print(f"  ({' '.join(map(str, cmd[-3:]))} failed with {done.returncode}: {err[0]})")
            return None
        if i:
            samples.append(took)
    return samples


def time_gui(cmd: list, env: dict, tmp: Path, runs: int) -> list[float] | None:
    from smoke_bundle import gui_hooks, start_gui

    if "CCHC_TEST_SCRIPT" not in gui_hooks():
        print("  (the GUI has no CCHC_TEST_SCRIPT hook: time to the home window not measured)")
        return None
    samples = []
    for i in range(runs + 1):
        data = Path(tempfile.mkdtemp(prefix="gui-", dir=tmp))
        result = start_gui(cmd, dict(env, CCHC_DATA_DIR=str(data)), tmp, data / "shown.json", timeout=90)
        if result["exit"] != 0 or result["shown_after"] is None:
            print(f"  (GUI run failed: exit {result['exit']}, {result['reason']})")
            return None
        if i:
            samples.append(result["shown_after"])
    return samples


def row(label: str, frozen: list[float] | None, source: list[float] | None) -> None:
    """Median and best of each; the ratio of medians (and of bests, which a busy machine disturbs less)."""
    def fmt(v):
        return f"{statistics.median(v) * 1000:6.0f} ms (best {min(v) * 1000:4.0f})" if v else "   n/a" + " " * 16

    if frozen and source:
        ratio = (f"{statistics.median(frozen) / statistics.median(source):4.2f}x "
                 f"(best {min(frozen) / min(source):4.2f}x)")
    else:
        ratio = "n/a"
    print(f"  {label:<26} frozen {fmt(frozen)}   source {fmt(source)}   frozen/source {ratio}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (CI)")
    parser.add_argument("--dist", default=str(ROOT / "dist" / "cchc-desktop"))
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 10
    gui_runs = 2 if args.quick else 5
    dist = Path(args.dist).resolve()
    cli = dist / ("cchc.exe" if IS_WIN else "cchc")
    app = dist / ("cchc-desktop.exe" if IS_WIN else "cchc-desktop")
    print(f"== bench_bundle: frozen build vs source ({runs} runs each after a warm-up run; median, best)")
    if not cli.is_file():
        print(f"no bundle at {dist}: build it with 'bash .ci/bundle.sh' first; nothing measured")
        return 0
    bundle_size(dist)
    zip_size(dist)
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CCHC_DATA_DIR=str(tmp / "data"),
                   PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="")
        env.pop("PYTHONPATH", None)
        source = [sys.executable, str(ROOT / "main.py")]
        print("start-up:")
        row("--version", time_command([cli, "--version"], env, tmp, runs),
            time_command(source + ["--version"], env, tmp, runs))
        if EXAMPLE.is_file():
            row(f"render {EXAMPLE.stem}", time_command([cli, "render", EXAMPLE, "-o", tmp / "f.docx"], env, tmp, runs),
                time_command(source + ["render", EXAMPLE, "-o", tmp / "s.docx"], env, tmp, runs))
        row("GUI to home window", time_gui([app], env, tmp, gui_runs), time_gui(source, env, tmp, gui_runs))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it never fails the run
        print(f"bench_bundle: could not finish: {type(exc).__name__}: {exc}")
        sys.exit(0)
