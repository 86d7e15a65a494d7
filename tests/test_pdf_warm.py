"""The warm LibreOffice converter (pdf_warm): PDF/A through it, restarted once, then the cold path;
never two; nothing left running after stop; no UNO Python -> the cold path."""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from cchc_desktop import pdf_warm
from cchc_desktop.pdf import convert_to_pdf, find_soffice

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.soffice, pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")]


@pytest.fixture(scope="module")
def docx(tmp_path_factory):
    from cchc_desktop.draft import Draft
    from cchc_desktop.render import render_docx

    draft = Draft.from_json((ROOT / "examples" / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    return render_docx(draft, tmp_path_factory.mktemp("warm") / "bao-cao.docx").path


@pytest.fixture
def warm(tmp_path, monkeypatch):
    soffice = find_soffice()
    if not soffice or pdf_warm.find_uno_python(soffice) is None:
        pytest.skip("no LibreOffice Python with uno (Debian: python3-uno)")
    conv = pdf_warm.WarmConverter(soffice, lock_dir=tmp_path)
    monkeypatch.setattr(pdf_warm._registry, "converter", conv)
    assert conv.start()
    yield conv
    conv.stop()


def running(profile: Path) -> list[str]:
    """Processes whose command line names ``profile`` (soffice.bin of that warm LibreOffice)."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if str(profile) in cmd:
                found.append(cmd)
    return found


def test_warm_converts_to_pdfa(warm, docx, tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    for i in range(2):
        convert_to_pdf(docx, tmp_path / f"r{i}.pdf")
    assert warm.converted == 2, "both went through the warm LibreOffice"
    with pikepdf.open(tmp_path / "r1.pdf") as pdf:
        assert pdf.open_metadata().get("pdfaid:part") == "2" and len(pdf.pages) > 5


def test_dead_converter_restarts_once_then_cold(warm, docx, tmp_path):
    os.killpg(warm.office.pid, signal.SIGKILL)
    warm.office.wait()
    convert_to_pdf(docx, tmp_path / "a.pdf")
    assert (warm.restarts, warm.converted, warm.failed) == (1, 1, False)
    os.killpg(warm.office.pid, signal.SIGKILL)
    warm.office.wait()
    convert_to_pdf(docx, tmp_path / "b.pdf")  # the cold path
    assert warm.failed and warm.converted == 1
    assert (tmp_path / "b.pdf").stat().st_size > 10_000
    convert_to_pdf(docx, tmp_path / "c.pdf")
    assert warm.converted == 1, "given up: the cold path from now on"


def test_never_two_and_nothing_left_after_stop(warm, tmp_path):
    second = pdf_warm.WarmConverter(warm.soffice, lock_dir=tmp_path)
    assert not second.start() and second.failed, "the lock is held by the first"
    profile = warm.profile
    assert running(profile)
    warm.stop()
    assert not running(profile) and not profile.exists()
    third = pdf_warm.WarmConverter(warm.soffice, lock_dir=tmp_path)
    try:
        assert third.start(), "the lock was released"
    finally:
        third.stop()


def test_without_uno_python_the_cold_path_is_used(docx, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_UNO_PYTHON", str(tmp_path / "no-python"))
    soffice = find_soffice()
    if not soffice:
        pytest.skip("no LibreOffice")
    conv = pdf_warm.WarmConverter(soffice, lock_dir=tmp_path)
    monkeypatch.setattr(pdf_warm._registry, "converter", conv)
    assert not conv.start() and conv.failed
    convert_to_pdf(docx, tmp_path / "cold.pdf")
    assert conv.converted == 0 and (tmp_path / "cold.pdf").stat().st_size > 10_000


def test_quit_does_not_wait_and_leaves_nothing_for_long(warm, tmp_path):
    """At quit (pdf_warm.stop) the converter is told to end and the app does not wait for
    LibreOffice's own shutdown; LibreOffice exits on its own soon after, and the next start
    sweeps the profile it left."""
    import time

    profile = warm.profile
    assert running(profile)
    pdf_warm.stop()  # the registry holds `warm` (fixture): what aboutToQuit and atexit call
    assert pdf_warm.current() is None and warm.office is None and warm.bridge is None
    deadline = time.monotonic() + 20
    while running(profile) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(profile), "LibreOffice ended on its own after SIGTERM"
    nxt = pdf_warm.WarmConverter(find_soffice() or "", lock_dir=tmp_path)
    try:
        assert nxt.start(), "the lock was released at quit"
        assert not profile.exists(), "the next start swept the profile left at quit"
    finally:
        nxt.stop()


def test_libreoffice_does_not_outlive_a_killed_app(tmp_path):
    """The app killed (kill -9) with its warm LibreOffice running: the bridge sees its stdin
    close and ends LibreOffice, so no soffice is left running for ever."""
    import subprocess
    import time

    soffice = find_soffice()
    if not soffice or pdf_warm.find_uno_python(soffice) is None:
        pytest.skip("no LibreOffice Python with uno (Debian: python3-uno)")
    script = (
        "import sys, time\n"
        "from cchc_desktop import pdf_warm\n"
        "from pathlib import Path\n"
        f"conv = pdf_warm.WarmConverter({soffice!r}, lock_dir=Path({str(tmp_path)!r}))\n"
        "assert conv.start()\n"
        "print(conv.profile, flush=True)\n"
        "time.sleep(600)\n")
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert app.stdout is not None
        profile = app.stdout.readline().strip()
        assert profile and running(Path(profile))
    finally:
        app.kill()
        app.wait()
    deadline = time.monotonic() + 30
    while running(Path(profile)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(Path(profile))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_a_warm_libreoffice_of_a_dead_app_is_ended_at_the_next_start():
    """A warm LibreOffice whose app and bridge were both killed (SIGKILL: no bridge left to tell it
    to quit) ran for an hour on the test machine. The next start ends every process whose pipe
    names an app pid that is gone, and leaves those of a live app alone. Stand-ins with the same
    command line are used (a real LibreOffice would do the same, slower)."""
    import subprocess
    import time

    gone = subprocess.Popen(["true"])
    gone.wait()
    stand_in = "import time; time.sleep(120)"
    orphan = subprocess.Popen([sys.executable, "-c", stand_in, f"--accept=pipe,name=cchc-{gone.pid}-1;urp;"])
    living = subprocess.Popen([sys.executable, "-c", stand_in, f"--accept=pipe,name=cchc-{os.getpid()}-1;urp;"])
    try:
        time.sleep(0.2)
        assert pdf_warm.WarmConverter._end_orphans() >= 1
        assert orphan.wait(10) != 0, "the orphan was ended"
        assert living.poll() is None, "a live app's LibreOffice is left alone"
    finally:
        for p in (orphan, living):
            if p.poll() is None:
                p.kill()
                p.wait()
