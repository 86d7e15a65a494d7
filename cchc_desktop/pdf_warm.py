"""One warm LibreOffice for PDF export and printing: a conversion in well under a second after the first.

A cold ``soffice --convert-to`` starts LibreOffice each time (1-4 s, more on an office PC). Here one
LibreOffice listens on a private pipe (``--accept=pipe,...``) and a small bridge script, run by
LibreOffice's own Python (the one with the ``uno`` module: ``program/python.exe`` on Windows,
``python3`` with python3-uno on Debian), loads each DOCX and stores it as PDF/A through UNO. Our
process talks to the bridge with JSON lines on its stdin/stdout; no network port is opened.

- :meth:`WarmConverter.start` runs in the background (the GUI calls :func:`start_background` when a
  report window opens); :meth:`stop` ends both processes (the GUI calls it when the app quits).
- Never two: a lock file in the temp folder is held while a warm LibreOffice runs; a second app
  instance (or a second start) uses the cold path.
- A converter that dies or stops answering is restarted once; if that fails too,
  :func:`convert_to_pdf` goes on with the cold path for the rest of the session.
- No LibreOffice Python with ``uno``: no warm converter; the cold path (or Word on Windows) as before.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

START_TIMEOUT = 90.0
CONVERT_TIMEOUT = 120.0
LOCK_NAME = "cchc-lo-warm.lock"

# Run by LibreOffice's Python: connect to the listening LibreOffice, then convert on request.
BRIDGE = r'''
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

def reply(**kw):
    sys.stdout.write(json.dumps(kw) + "\n")
    sys.stdout.flush()

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
ctx, deadline = None, time.time() + float(sys.argv[2])
while ctx is None:
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % sys.argv[1])
    except Exception as exc:
        if time.time() > deadline:
            reply(ok=False, error="connect: %s" % exc)
            sys.exit(1)
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
reply(ok=True, ready=True)
for line in sys.stdin:
    req = json.loads(line)
    if req.get("cmd") == "quit":
        break
    doc = None
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(req["src"]), "_blank", 0,
                                           (prop("Hidden", True), prop("ReadOnly", True)))
        args = [prop("FilterName", req["filter"])]
        if req.get("options"):
            args.append(prop("FilterOptions", req["options"]))
        doc.storeToURL(uno.systemPathToFileUrl(req["dst"]), tuple(args))
        reply(ok=True)
    except Exception as exc:
        reply(ok=False, error="%s: %s" % (type(exc).__name__, exc))
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:
                pass
# "quit", or the end of stdin: the app that started us has gone (quit, crash or kill -9), so
# LibreOffice must not outlive it
try:
    desktop.terminate()
except Exception:
    pass
'''


class WarmError(Exception):
    """The warm converter cannot do this conversion (the caller falls back to the cold path)."""


def find_uno_python(soffice: str) -> str | None:
    """A Python that can ``import uno`` for this LibreOffice, or None."""
    env = os.environ.get("CCHC_UNO_PYTHON")
    if env:
        return env if Path(env).is_file() else None
    program = Path(soffice).resolve().parent
    candidates = [program / "python.exe", program / "python", program.parent / "Resources" / "python"]
    if sys.platform not in ("win32", "darwin"):
        candidates += [Path(p) for p in (shutil.which("python3"), "/usr/bin/python3") if p]
    for c in candidates:
        if c.is_file() and _imports_uno(str(c)):
            return str(c)
    return None


def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30, check=False,
                              stdin=subprocess.DEVNULL, env=_clean_env(), **_no_window())
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"):  # ours must not leak into LibreOffice's Python
        env.pop(key, None)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def _no_window() -> dict[str, Any]:
    if sys.platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    return {}


def _own_group() -> dict[str, Any]:
    """A process group of its own: ``soffice`` is a launcher whose child (soffice.bin) does the work,
    and ending the launcher alone would leave LibreOffice running."""
    if sys.platform == "win32":
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) | getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        return {"creationflags": flags}
    return {"start_new_session": True}


def _end_tree(proc: subprocess.Popen[Any], force: bool) -> None:
    """Terminate (or kill) ``proc`` and everything it started."""
    if sys.platform == "win32":
        args = ["taskkill", "/T", "/PID", str(proc.pid)] + (["/F"] if force else [])
        subprocess.run(args, capture_output=True, check=False, timeout=30, **_no_window())
        return
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL if force else signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass


PROFILE_PREFIX = "cchc-lo-warm-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


class _Lock:
    """An exclusive lock file (fcntl / msvcrt), held while the warm LibreOffice runs."""

    def __init__(self, path: Path):
        self.path = path
        self.fh: IO[str] | None = None

    def acquire(self) -> bool:
        try:
            fh = open(self.path, "a+")  # held open: closing it releases the lock
        except OSError:
            return False
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        self.fh = fh
        return True

    def release(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()  # closing releases the lock
            finally:
                self.fh = None


class WarmConverter:
    def __init__(self, soffice: str, uno_python: str | None = None, lock_dir: Path | None = None):
        self.soffice = soffice
        self.uno_python = uno_python
        self.lock = _Lock((lock_dir or Path(tempfile.gettempdir())) / LOCK_NAME)
        self.office: subprocess.Popen[bytes] | None = None
        self.bridge: subprocess.Popen[str] | None = None
        self.replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self.profile: Path | None = None
        self.busy = threading.Lock()
        self.restarts = 0
        self.converted = 0   # conversions done warm (the tests and the bench read it)
        self.failed = False  # gave up: the cold path from now on
        self.ready = threading.Event()

    # ----- life -------------------------------------------------------------------------------
    def start(self) -> bool:
        """Start LibreOffice and the bridge; True when ready. Safe to call from a thread."""
        if self.ready.is_set():
            return True
        if self.failed:
            return False
        if self.lock.fh is None and not self.lock.acquire():
            log.info("another warm LibreOffice holds %s: cold path", self.lock.path)
            self.failed = True
            return False
        self.uno_python = self.uno_python or find_uno_python(self.soffice)
        if not self.uno_python:
            log.info("no LibreOffice Python with uno: cold path")
            self._give_up()
            return False
        try:
            self._spawn()
        except (OSError, WarmError) as exc:
            log.warning("warm LibreOffice did not start: %s", exc)
            self._kill()
            self._give_up()
            return False
        self.ready.set()
        return True

    @staticmethod
    def _sweep_profiles() -> None:
        """Remove private profiles left by converters stopped without waiting. Called holding the
        lock, i.e. when no other warm LibreOffice of this user runs."""
        for old in Path(tempfile.gettempdir()).glob(PROFILE_PREFIX + "*"):
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def _end_orphans() -> int:
        """End warm LibreOffice processes whose app is gone (its pid is in the pipe name,
        ``cchc-<pid>-...``): a bridge killed with SIGKILL cannot tell LibreOffice to quit, and a
        LibreOffice of a dead app would run for ever (one was found running an hour after its test).
        Linux only (/proc); returns how many processes were ended."""
        import re
        import signal

        proc = Path("/proc")
        if not proc.is_dir():
            return 0
        owner = re.compile(rb"--accept=pipe,name=cchc-(\d+)-")
        ended = 0
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid != os.getuid():
                    continue
                found = owner.search((entry / "cmdline").read_bytes())
            except OSError:
                continue
            if found is None or _alive(int(found.group(1))):
                continue
            try:
                os.kill(int(entry.name), signal.SIGTERM)
                ended += 1
            except OSError:
                continue
        if ended:
            log.info("ended %d warm LibreOffice process(es) left by an app that is gone", ended)
        return ended

    def _spawn(self) -> None:
        self._end_orphans()
        self._sweep_profiles()
        self.profile = Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX))
        pipe = f"cchc-{os.getpid()}-{int(time.time() * 1000) % 100000}"
        self.office = subprocess.Popen(
            [self.soffice, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--invisible",
             "--nologo", "--norestore", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_clean_env(),
            **_own_group())
        assert self.uno_python is not None
        self.bridge = subprocess.Popen(
            [self.uno_python, "-c", BRIDGE, pipe, str(START_TIMEOUT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", env=_clean_env(), **_no_window())
        self.replies = queue.Queue()
        assert self.bridge.stdout is not None
        threading.Thread(target=self._read, args=(self.bridge.stdout, self.replies), daemon=True).start()
        first = self._reply(START_TIMEOUT + 5)
        if not first.get("ready"):
            raise WarmError(first.get("error", "no answer"))

    @staticmethod
    def _read(stream: IO[str], out: queue.Queue[dict[str, Any]]) -> None:
        for line in stream:
            try:
                out.put(json.loads(line))
            except ValueError:
                continue
        out.put({"ok": False, "error": "bridge exited", "dead": True})

    def _reply(self, timeout: float) -> dict[str, Any]:
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            raise WarmError(f"no answer in {timeout:.0f} s") from None

    def stop(self) -> None:
        """End the bridge and LibreOffice, remove the private profile, release the lock."""
        with self.busy:
            if self.bridge is not None and self.bridge.poll() is None and self.bridge.stdin is not None:
                try:
                    self.bridge.stdin.write('{"cmd": "quit"}\n')
                    self.bridge.stdin.flush()
                except OSError:
                    pass
            self._kill(grace=5.0)
            self.ready.clear()
            self.lock.release()

    def stop_nowait(self) -> None:
        """End the bridge and LibreOffice without waiting for them (the app is quitting: quit must
        take a fraction of a second, and LibreOffice's own shutdown takes 2-3 s). Both get SIGTERM
        (Windows: taskkill /T) and exit on their own; the private profile they may still be
        writing is left and swept by the next start (``_sweep_profiles``), which runs under the
        same lock, so it never removes a running converter's profile."""
        if self.bridge is not None and self.bridge.poll() is None:
            try:
                self.bridge.terminate()
            except OSError:
                pass
        if self.office is not None and self.office.poll() is None:
            _end_tree(self.office, force=False)
        self.bridge = self.office = None
        self.profile = None
        self.ready.clear()
        self.lock.release()

    def _kill(self, grace: float = 0.0) -> None:
        if self.bridge is not None:
            try:
                self.bridge.wait(grace)
            except subprocess.TimeoutExpired:
                pass
            if self.bridge.poll() is None:
                self.bridge.kill()
                self.bridge.wait()
        if self.office is not None:
            # the launcher may have exited already while soffice.bin (same group) still runs
            _end_tree(self.office, force=False)
            try:
                self.office.wait(10)
            except subprocess.TimeoutExpired:
                pass
            time.sleep(0.2)
            _end_tree(self.office, force=True)
            try:
                self.office.wait(5)
            except subprocess.TimeoutExpired:
                pass
        self.bridge = self.office = None
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    def _give_up(self) -> None:
        self.failed = True
        self.ready.clear()
        self.lock.release()

    @property
    def alive(self) -> bool:
        return (self.ready.is_set() and self.office is not None and self.office.poll() is None
                and self.bridge is not None and self.bridge.poll() is None)

    # ----- work -------------------------------------------------------------------------------
    def convert(self, src: Path, dst: Path, filter_name: str, options: str = "",
                timeout: float = CONVERT_TIMEOUT) -> None:
        """Convert with the warm LibreOffice; raises WarmError when the caller should go cold."""
        if self.failed or not self.ready.is_set():
            raise WarmError("not running")
        with self.busy:
            for attempt in (0, 1):
                if not self.alive:
                    self._restart()
                try:
                    self._ask(src, dst, filter_name, options, timeout)
                    self.converted += 1
                    return
                except WarmError as exc:
                    if self.alive and "dead" not in str(exc):
                        raise  # LibreOffice answered: this document cannot be converted this way
                    log.warning("warm LibreOffice died (%s)%s", exc, "; restarting once" if not attempt else "")
            raise WarmError("died twice")

    def _ask(self, src: Path, dst: Path, filter_name: str, options: str, timeout: float) -> None:
        assert self.bridge is not None and self.bridge.stdin is not None
        request = {"src": str(Path(src).resolve()), "dst": str(Path(dst).resolve()), "filter": filter_name,
                   "options": options}
        try:
            self.bridge.stdin.write(json.dumps(request) + "\n")
            self.bridge.stdin.flush()
        except OSError as exc:
            raise WarmError(f"dead: {exc}") from None
        try:
            answer = self._reply(timeout)
        except WarmError:
            self._kill()  # hung: kill it, the next call restarts (or goes cold)
            raise WarmError("dead: timeout") from None
        if answer.get("dead"):
            raise WarmError("dead: bridge exited")
        if not answer.get("ok"):
            raise WarmError(str(answer.get("error", "failed")))

    def _restart(self) -> None:
        if self.restarts >= 1:
            self._kill()
            self._give_up()
            raise WarmError("gave up after one restart")
        self.restarts += 1
        self._kill()
        try:
            self._spawn()
        except (OSError, WarmError) as exc:
            self._kill()
            self._give_up()
            raise WarmError(f"restart failed: {exc}") from None


# ----- the app's one converter --------------------------------------------------------------------
class _Registry:
    """Holds the one warm converter of this process (set by the GUI, read by pdf.convert_to_pdf)."""

    def __init__(self) -> None:
        self.converter: WarmConverter | None = None
        self.guard = threading.Lock()
        self.at_exit = False


_registry = _Registry()


def current() -> WarmConverter | None:
    return _registry.converter


def enabled() -> bool:
    """``CCHC_WARM_OFFICE=0`` turns the warm converter off (the test suite does, except its own tests)."""
    return os.environ.get("CCHC_WARM_OFFICE", "1") != "0"


def start_background(soffice: str | None = None) -> WarmConverter | None:
    """Start the warm converter in a background thread (once per process); returns it, or None when
    LibreOffice is not installed. Stopped by :func:`stop`, at the latest when the process exits."""
    with _registry.guard:
        if _registry.converter is not None:
            return _registry.converter
        if not _registry.at_exit:
            import atexit

            atexit.register(stop)
            _registry.at_exit = True
        if soffice is None:
            from .pdf import find_soffice

            soffice = find_soffice()
        if not soffice:
            return None
        conv = WarmConverter(soffice)
        _registry.converter = conv
    threading.Thread(target=conv.start, name="cchc-lo-warm", daemon=True).start()
    return conv


def stop() -> None:
    """Stop this process's warm converter without waiting for LibreOffice to exit (at quit)."""
    with _registry.guard:
        conv, _registry.converter = _registry.converter, None
    if conv is not None:
        conv.stop_nowait()
