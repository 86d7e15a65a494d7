"""Smoke-test the frozen one-folder build in dist/cchc-desktop/ the way a user would run it.

    python tools/smoke_bundle.py [--dist dist/cchc-desktop] [--strict]

Checks, each against the built programs only (never the source tree's Python code):
  1. ``cchc-desktop --version`` prints the version of cchc_desktop/__init__.py; every data file of
     resources/, templates/ and ui/ is in the bundle at the same relative path.
  2. ``render`` of both examples to DOCX in a temp folder; each file opens with python-docx and has text.
  3. A province variant dropped into <CCHC_DATA_DIR>/forms/ (a copy of A-2024 with id TEST-2099) is
     accepted by the frozen ``new --variant TEST-2099``: data, not code, and no rebuild.
  3b. Ký số: ``render --pdf`` (PDF/A), ``verify`` of the unsigned PDF, then, when SoftHSM2 is
     installed, ``sign`` with a token made here and ``verify`` against its test CA.
  4. The GUI started offscreen (QT_QPA_PLATFORM=offscreen, CCHC_DATA_DIR=<temp>) reaches its home
     window and exits by itself: through the app's CCHC_TEST_SCRIPT hook a small script notes the
     visible windows in a marker file (and what the variant choosers offer: the TEST-2099 file of
     check 3 must be there), checks that Qt finds its plugins inside the bundle and that modules the
     code imports lazily load, closes the windows and quits. Without such a hook the GUI must stay
     alive for 8 s without printing a traceback, then it is terminated.
A feature the build does not have yet (no ``render`` command, no GUI entry) is reported as SKIP;
with --strict a SKIP fails too. Exit status 0 when nothing failed, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("phuong-1-6t-2024.json", "quang-khai-6t-2023.json")
IS_WIN = sys.platform == "win32"
GUI_WAIT_S = 8.0
GUI_TIMEOUT_S = 60.0


class Result:
    def __init__(self) -> None:
        self.passed, self.failed, self.skipped = [], [], []

    def ok(self, name: str, detail: str = "") -> None:
        self.passed.append(name)
        print(f"PASS  {name}" + (f": {detail}" if detail else ""), flush=True)

    def fail(self, name: str, detail: str) -> None:
        self.failed.append(name)
        print(f"FAIL  {name}: {detail}", flush=True)

    def skip(self, name: str, detail: str) -> None:
        self.skipped.append(name)
        print(f"SKIP  {name}: {detail}", flush=True)


def source_version() -> str:
    text = (ROOT / "cchc_desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M).group(1)


def program(dist: Path, name: str) -> Path:
    return dist / (name + (".exe" if IS_WIN else ""))


def base_env(data_dir: Path) -> dict:
    env = dict(os.environ)
    env["CCHC_DATA_DIR"] = str(data_dir)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    for key in ("PYTHONPATH", "PYTHONHOME"):  # the bundle must not lean on the source tree
        env.pop(key, None)
    return env


def run(cmd: list, env: dict, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], env=env, cwd=str(cwd), capture_output=True,
                          timeout=timeout, encoding="utf-8", errors="replace")


def tail(text: str, lines: int = 15) -> str:
    return "\n        ".join((text or "").strip().splitlines()[-lines:])


def check_version(res: Result, cli: Path, env: dict, tmp: Path) -> None:
    done = run([cli, "--version"], env, tmp)
    want = source_version()
    if done.returncode == 0 and want in done.stdout:
        res.ok("--version", done.stdout.strip())
    else:
        res.fail("--version", f"exit {done.returncode}, want {want!r}; out={done.stdout!r} err={tail(done.stderr)}")


def commands_of(cli: Path, env: dict, tmp: Path) -> str:
    return run([cli, "--help"], env, tmp).stdout


def check_data(res: Result, dist: Path) -> None:
    """Every data file of resources/, templates/ and ui/ is in the bundle, same size, same relative path."""
    internal = dist / "_internal"
    root = internal if internal.is_dir() else dist
    missing, differ, count = [], [], 0
    for folder in ("resources", "templates", "ui"):
        for src in sorted((ROOT / folder).rglob("*")):
            rel = src.relative_to(ROOT)
            if (not src.is_file() or "__pycache__" in rel.parts or any(p.startswith(".") for p in rel.parts)
                    or src.suffix in {".py", ".pyc", ".tmp"} or src.name.startswith(("~$", ".~lock"))):
                continue
            count += 1
            frozen = root / rel
            if not frozen.is_file():
                missing.append(str(rel))
            elif frozen.stat().st_size != src.stat().st_size:
                differ.append(str(rel))
    if missing or differ:
        res.fail("data files", f"missing {missing[:5]}{'...' if len(missing) > 5 else ''}, "
                               f"different {differ[:5]} (rebuild: bash .ci/bundle.sh)")
    else:
        res.ok("data files", f"{count} files of resources/, templates/, ui/ in the bundle at the same paths")


def check_render(res: Result, cli: Path, env: dict, tmp: Path) -> None:
    help_text = run([cli, "render", "--help"], env, tmp)
    if help_text.returncode != 0 or "render" not in commands_of(cli, env, tmp):
        res.skip("render examples", "the build has no 'render' command yet")
        return
    uses_o = bool(re.search(r"(^|\s)-o\b|--output\b", help_text.stdout))
    try:
        import docx  # python-docx, from the build environment, only to read the output back
    except ImportError:
        docx = None
    for name in EXAMPLES:
        src = ROOT / "examples" / name
        out = tmp / (Path(name).stem + ".docx")
        cmd = [cli, "render", src, "-o", out] if uses_o else [cli, "render", src, out]
        started = time.perf_counter()
        done = run(cmd, env, tmp)
        took = time.perf_counter() - started
        if done.returncode != 0 or not out.is_file():
            res.fail(f"render {name}", f"exit {done.returncode}; {tail(done.stderr or done.stdout)}")
            continue
        if docx is None:
            res.ok(f"render {name}", f"{out.stat().st_size} bytes in {took:.1f}s (python-docx missing: not opened)")
            continue
        try:
            document = docx.Document(str(out))
            words = sum(len(p.text.split()) for p in document.paragraphs)
            cells = sum(len(t.rows) for t in document.tables)
        except Exception as exc:  # noqa: BLE001 (any failure to open is the finding)
            res.fail(f"render {name}", f"python-docx cannot open {out.name}: {exc}")
            continue
        if words < 50:
            res.fail(f"render {name}", f"only {words} words in {out.name}")
        else:
            res.ok(f"render {name}", f"{out.stat().st_size // 1024} KiB, {words} words, "
                                     f"{len(document.tables)} tables / {cells} rows, {took:.1f}s")


def check_signing(res: Result, cli: Path, env: dict, tmp: Path) -> None:
    """The frozen ``render --pdf`` (PDF/A), then ``sign`` with a SoftHSM2 token and ``verify`` it
    (the token and a test CA made here with the build environment's python-pkcs11 and cryptography)."""
    name = "ký số: render --pdf, sign (SoftHSM2), verify"
    import shutil as _shutil

    if not _shutil.which("soffice"):
        res.skip(name, "LibreOffice is not installed")
        return
    out = tmp / "ky-so.docx"
    done = run([cli, "render", ROOT / "examples" / EXAMPLES[1], "-o", out, "--pdf"], env, tmp, timeout=300)
    pdf = out.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        res.fail(name, f"render --pdf: exit {done.returncode}; {tail(done.stderr or done.stdout)}")
        return
    unsigned = run([cli, "verify", pdf], env, tmp)
    if unsigned.returncode != 1 or "không có chữ ký số" not in unsigned.stdout:
        res.fail(name, f"verify of an unsigned PDF: exit {unsigned.returncode}; "
                       f"{tail(unsigned.stderr or unsigned.stdout)}")
        return
    sys.path.insert(0, str(ROOT))
    try:
        from tests.signing.softhsm import TokenSpec, make_ca, make_tokens, softhsm_lib
    except ImportError as exc:
        res.skip(name, f"test helpers not importable ({exc}); verify of an unsigned PDF passed")
        return
    if softhsm_lib() is None:
        res.skip(name, "SoftHSM2 is not installed; verify of an unsigned PDF passed")
        return
    ca = make_ca()
    token = make_tokens(tmp / "hsm", ca, [TokenSpec("SMOKE")])["SMOKE"]
    env2 = dict(env, CCHC_PIN=token.pin, **token.env)
    signed = tmp / "ky-so-da-ky.pdf"
    done = run([cli, "sign", pdf, "--pkcs11-lib", token.lib, "--token", token.label, "-o", signed], env2, tmp)
    if done.returncode != 0 or not signed.is_file():
        res.fail(name, f"sign: exit {done.returncode}; {tail(done.stderr or done.stdout)}")
        return
    checked = run([cli, "verify", signed, "--ca", ca.pem_file(tmp / "ca.pem")], env2, tmp)
    if checked.returncode != 0 or "mọi chữ ký hợp lệ" not in checked.stdout:
        res.fail(name, f"verify: exit {checked.returncode}; {tail(checked.stdout + checked.stderr)}")
        return
    res.ok(name, f"PDF/A {pdf.stat().st_size // 1024} KiB signed by the frozen cchc and verified (pyHanko)")


def check_user_variant(res: Result, cli: Path, env: dict, tmp: Path, data_dir: Path) -> None:
    name = "user variant TEST-2099 from <data>/forms"
    builtin = ROOT / "resources" / "forms" / "A-2024.json"
    if not builtin.is_file():
        res.skip(name, "resources/forms/A-2024.json is missing")
        return
    variant = json.loads(builtin.read_text(encoding="utf-8"))
    variant.pop("$schema", None)
    variant["id"] = "TEST-2099"
    variant["name"] = "Mẫu thử của tỉnh (smoke test)"
    variant["year"] = 2099
    forms_dir = data_dir / "forms"
    forms_dir.mkdir(parents=True, exist_ok=True)
    (forms_dir / "TEST-2099.json").write_text(json.dumps(variant, ensure_ascii=False, indent=1), encoding="utf-8")
    out = tmp / "test-2099.json"
    done = run([cli, "new", "--kind", "periodic", "--period", "6m", "--year", "2099", "--variant", "TEST-2099",
                "-o", out], env, tmp)
    if done.returncode != 0 or not out.is_file():
        res.fail(name, f"exit {done.returncode}; {tail(done.stderr or done.stdout)}")
        return
    draft = json.loads(out.read_text(encoding="utf-8"))
    if draft.get("variant") != "TEST-2099":
        res.fail(name, f"draft has variant {draft.get('variant')!r}")
        return
    # and an unknown id is still refused, so the pass above is not an accept-anything
    bad = run([cli, "new", "--year", "2099", "--variant", "NOPE-1", "-o", tmp / "nope.json"], env, tmp)
    if bad.returncode == 0:
        res.fail(name, "an unknown variant NOPE-1 was accepted too")
        return
    res.ok(name, done.stdout.strip())


# Run inside the app through its CCHC_TEST_SCRIPT hook (cchc_desktop/gui/app.py) once the home window
# is up: note what is on screen in the marker file, then close every window and quit, so the normal
# shutdown path (session flush, store close) runs too.
GUI_SCRIPT = r"""
import json, os, time
from PySide6.QtCore import QLibraryInfo, QTimer
from PySide6.QtWidgets import QApplication

tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
info = {"home": type(home).__name__, "home_visible": home.isVisible(), "title": home.windowTitle(),
        "visible_windows": [type(w).__name__ + ": " + w.windowTitle() for w in tops],
        "platform": QApplication.platformName(), "t": time.time(),
        "qt_prefix": QLibraryInfo.path(QLibraryInfo.LibraryPath.PrefixPath),
        "qt_plugins": QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)}
# What the variant choosers offer (the first-start profile dialog has one): a province's file
# dropped into <data>/forms must be listed next to the built-in ones.
from PySide6.QtWidgets import QComboBox
info["combo_items"] = [cb.itemText(i) for w in tops for cb in w.findChildren(QComboBox) for i in range(cb.count())]

# Libraries the app imports lazily (inside functions) must be in the bundle too.
import importlib
missing = []
for mod in os.environ.get("CCHC_SMOKE_IMPORTS", "").split(","):
    if mod:
        try:
            importlib.import_module(mod)
        except Exception as exc:
            missing.append(f"{mod}: {type(exc).__name__}: {exc}")
info["import_failures"] = missing
try:
    import keyring
    info["keyring"] = type(keyring.get_keyring()).__module__
except Exception as exc:
    info["keyring"] = f"{type(exc).__name__}: {exc}"
# ICU inside the bundle (its data is trimmed on Linux, tools/trim_icu.py): Vietnamese collation
# (file dialogs sort with it) and case mapping must come out as with the full data.
import functools
from PySide6.QtCore import QCollator, QLocale
_coll = QCollator(QLocale("vi_VN"))
_words = ["Đức", "Dũng", "an", "Ân", "Ăn", "ba", "Bà", "Yên", "ý"]
info["collation"] = sorted(_words, key=functools.cmp_to_key(_coll.compare))
info["upper"] = QLocale("vi_VN").toUpper("đường ống ư")
marker = os.environ["CCHC_SMOKE_MARKER"]
with open(marker + ".tmp", "w", encoding="utf-8") as fh:
    json.dump(info, fh, ensure_ascii=False)
os.replace(marker + ".tmp", marker)

def _finish():
    for w in QApplication.topLevelWidgets():
        w.close()
    app.quit()

_timer = QTimer()
_timer.timeout.connect(_finish)   # again and again, in case a modal dialog's loop was running
_timer.start(int(os.environ.get("CCHC_SMOKE_EXIT_MS", "500")))
app._cchc_smoke_timer = _timer
"""


def lazy_imports() -> list[str]:
    """Third-party modules and PySide6 modules the app's code imports anywhere (also inside functions)."""
    names = {"docx", "docxtpl", "jinja2.sandbox", "openpyxl", "keyring", "platformdirs", "pkcs11", "pypdf",
             "pyhanko.sign.signers", "pyhanko.sign.pkcs11", "pyhanko.sign.validation", "pyhanko.sign.timestamps",
             "pyhanko_certvalidator"}
    for path in (ROOT / "cchc_desktop").rglob("*.py"):
        text = path.read_text(encoding="utf-8", errors="replace")
        names.update(f"PySide6.{m}" for m in re.findall(r"\bPySide6\.(Qt\w+)", text))
    return sorted(names)


def gui_hooks() -> set:
    """Which start-up hooks the GUI code knows: CCHC_TEST_SCRIPT (run a script in the app), CCHC_SMOKE_EXIT_MS."""
    gui = ROOT / "cchc_desktop" / "gui"
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in gui.rglob("*.py")) if gui.is_dir() else ""
    return {h for h in ("CCHC_TEST_SCRIPT", "CCHC_SMOKE_EXIT_MS") if h in text}


def start_gui(cmd: list, env: dict, tmp: Path, marker: Path, timeout: float = GUI_TIMEOUT_S,
              wait_without_hook: float = GUI_WAIT_S) -> dict:
    """Start the GUI; return when it exits by itself, or after ``wait_without_hook`` seconds when it
    has no hook to exit, or at ``timeout``. Used by the smoke test and by bench/bench_bundle.py."""
    hooks = gui_hooks()
    script = tmp / "smoke_gui_script.py"
    script.write_text(GUI_SCRIPT, encoding="utf-8")
    env = dict(env, CCHC_SMOKE_MARKER=str(marker), CCHC_SMOKE_EXIT_MS="500",
               CCHC_SMOKE_IMPORTS=",".join(lazy_imports()))
    if "CCHC_TEST_SCRIPT" in hooks:
        env["CCHC_TEST_SCRIPT"] = str(script)
    self_exit = bool(hooks)
    log = tmp / f"gui-{time.time_ns()}.log"
    spawned = time.time()
    started = time.perf_counter()
    shown_at = None
    with open(log, "w+", encoding="utf-8", errors="replace") as fh:
        proc = subprocess.Popen([str(c) for c in cmd], env=env, cwd=str(tmp), stdout=fh, stderr=subprocess.STDOUT)
        exited, reason = None, ""
        while True:
            elapsed = time.perf_counter() - started
            if shown_at is None and marker.exists():
                shown_at = elapsed
            code = proc.poll()
            if code is not None:
                exited = code
                break
            if elapsed > timeout or (elapsed > wait_without_hook and not self_exit):
                reason = f"still running after {elapsed:.0f}s"
                break
            time.sleep(0.02)
        if exited is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        fh.seek(0)
        output = fh.read()
    if shown_at is None and marker.exists():
        shown_at = time.perf_counter() - started
    info = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else None
    if info and "t" in info:  # the app's own clock at the moment the home window was up
        shown_at = info["t"] - spawned
    return {"exit": exited, "reason": reason, "output": output, "seconds": time.perf_counter() - started,
            "shown_after": shown_at, "info": info, "self_exit": self_exit}


def _inside(path: str | None, folder: Path) -> bool:
    try:
        return bool(path) and Path(path).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


def _variant_missing(info: dict, data_dir: Path) -> bool:
    """A chooser lists the built-in A-2024 but not the user's TEST-2099 (when that file was dropped)."""
    items = info.get("combo_items") or []
    if not (data_dir / "forms" / "TEST-2099.json").is_file() or not any("A-2024" in t for t in items):
        return False
    return not any("TEST-2099" in t for t in items)


def _icu_differs(info: dict) -> str:
    """'' when the bundle's Vietnamese collation and upper case equal the build environment's Qt."""
    try:
        import functools

        from PySide6.QtCore import QCollator, QLocale
    except ImportError:
        return ""
    coll = QCollator(QLocale("vi_VN"))
    want = sorted(["Đức", "Dũng", "an", "Ân", "Ăn", "ba", "Bà", "Yên", "ý"], key=functools.cmp_to_key(coll.compare))
    upper = QLocale("vi_VN").toUpper("đường ống ư")
    if info.get("collation") != want or info.get("upper") != upper:
        return f"bundle {info.get('collation')} / {info.get('upper')!r}, expected {want} / {upper!r}"
    return ""


def check_gui(res: Result, app: Path, env: dict, tmp: Path, data_dir: Path) -> None:
    name = "GUI offscreen to home window"
    if not (ROOT / "cchc_desktop" / "gui" / "app.py").is_file():
        res.skip(name, "cchc_desktop/gui/app.py does not exist yet")
        return
    run_ = start_gui([app], env, tmp, data_dir / "smoke-window-shown.json")
    output, took, exited = run_["output"], run_["seconds"], run_["exit"]
    crashed = re.search(r"Traceback|Fatal Python error|Segmentation fault|could not load the Qt platform plugin"
                        r"|No module named", output, re.I)
    if crashed:
        res.fail(name, f"{crashed.group(0)} after {took:.1f}s:\n        {tail(output, 25)}")
    elif exited is not None and exited != 0:
        res.fail(name, f"exit {exited} after {took:.1f}s:\n        {tail(output, 25)}")
    elif run_["self_exit"] and exited is None:
        res.fail(name, f"did not exit by itself ({run_['reason']}):\n        {tail(output, 25)}")
    elif run_["self_exit"] and not (run_["info"] and run_["info"].get("home_visible")):
        res.fail(name, f"exited without showing the home window (marker: {run_['info']}):\n        {tail(output, 25)}")
    elif run_["self_exit"] and run_["info"].get("import_failures"):
        res.fail(name, "modules missing from the bundle: " + "; ".join(run_["info"]["import_failures"]))
    elif run_["self_exit"] and not _inside(run_["info"].get("qt_plugins"), app.parent):
        res.fail(name, f"Qt looks for its plugins outside the bundle: {run_['info'].get('qt_plugins')!r} "
                       f"(prefix {run_['info'].get('qt_prefix')!r}); the embedded qt.conf is missing")
    elif run_["self_exit"] and _icu_differs(run_["info"]):
        res.fail(name, f"ICU in the bundle sorts or upper-cases Vietnamese differently: {_icu_differs(run_['info'])}")
    elif run_["self_exit"] and _variant_missing(run_["info"], data_dir):
        res.fail(name, f"the user variant TEST-2099 in <data>/forms is not offered by the variant chooser "
                       f"next to A-2024: {run_['info'].get('combo_items')}")
    elif run_["self_exit"]:
        info = run_["info"]
        res.ok(name, f"{info['home']} «{info['title']}» shown after {run_['shown_after']:.1f}s "
                     f"(windows: {'; '.join(info['visible_windows'])}; Qt plugins from the bundle; "
                     f"{len(lazy_imports())} lazily imported modules load; keyring backend {info.get('keyring')}; "
                     f"user variant in the chooser: {any('TEST-2099' in t for t in info.get('combo_items', []))}), "
                     f"exited 0 after {took:.1f}s")
    else:
        res.ok(name, f"alive and quiet for {took:.1f}s, then terminated ({run_['reason']}; no self-exit hook)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(ROOT / "dist" / "cchc-desktop"), help="the one-folder build")
    parser.add_argument("--strict", action="store_true", help="a skipped check fails the run")
    args = parser.parse_args(argv)
    dist = Path(args.dist).resolve()
    app, cli = program(dist, "cchc-desktop"), program(dist, "cchc")
    res = Result()
    print(f"== smoke test of {dist}", flush=True)
    for exe in (app, cli):
        if not exe.is_file():
            res.fail("bundle", f"{exe} not found; build it first (bash .ci/bundle.sh)")
            return 1
    with tempfile.TemporaryDirectory(prefix="cchc-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        data_dir = tmp / "data"
        data_dir.mkdir()
        env = base_env(data_dir)
        # The windowed program must also answer --version on Linux (console there); on Windows the
        # console twin 'cchc' is the one that prints, so both are asked.
        check_version(res, cli, env, tmp)
        if not IS_WIN:
            check_version(res, app, env, tmp)
        check_data(res, dist)
        check_render(res, cli, env, tmp)
        check_user_variant(res, cli, env, tmp, data_dir)
        check_signing(res, cli, env, tmp)
        check_gui(res, app, env, tmp, data_dir)
    failed = len(res.failed) + (len(res.skipped) if args.strict else 0)
    total = len(res.passed) + len(res.failed) + len(res.skipped)
    # (worded unlike a test runner's closing line: the test suite's count is the one CI reads)
    print(f"== smoke result: {len(res.passed)} of {total} checks passed "
          f"({len(res.failed)} failed, {len(res.skipped)} skipped)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
