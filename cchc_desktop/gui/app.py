"""Start the application: ``main(argv) -> int``.

Sets the app name, a Vietnamese locale and Qt's strings in Vietnamese, the window icon, opens
the store (``CCHC_DATA_DIR`` honoured through ``resources.data_dir``), asks for the commune
profile at first start, and shows the home window.

``CCHC_TEST_SCRIPT``: path of a Python file executed once the home window is up, with
``app``, ``home`` and ``store`` in its namespace. The end-to-end tests use it to type into a
running app (and then kill it).
"""
from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import APP_NAME, __version__
from ..resources import resource_path

ORG_NAME = "CCHC Desktop"
STORE_FAILED = "Không mở được dữ liệu của phần mềm."
DAILY_BACKUP_DELAY_MS = 1500


def app_icon() -> QIcon:
    """The PNG sizes; the SVG only when they are missing (its icon engine plugin costs ~1-2 ms
    of start-up and the PNGs cover every size the window and taskbar ask for)."""
    icon = QIcon()
    for name in ("app.png", "app-64.png", "app-32.png"):
        path = resource_path("icons", name)
        if path.exists():
            icon.addFile(str(path))
    svg = resource_path("icons", "app.svg")
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon


def install_translations(app: QApplication) -> list[QTranslator]:
    """Vietnamese for Qt's own strings: qtbase_vi.qm when one exists, and our table always."""
    from .vi_translator import VietnameseQtTranslator

    installed: list[QTranslator] = []
    ours = VietnameseQtTranslator(app)
    app.installTranslator(ours)
    installed.append(ours)
    qm = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qm.load(QLocale(QLocale.Language.Vietnamese), "qtbase", "_", folder):
        app.installTranslator(qm)  # installed last, asked first
        installed.append(qm)
    return installed


def keep_none_alive() -> None:
    """PySide6 6.12 (abi3 build) drops one reference to ``None`` for every ``None`` a Qt call
    returns. On Python < 3.12 ``None`` is an ordinary refcounted object, so a long session would
    eventually free it and crash ("none_dealloc"). Give it a huge reference count once; on 3.12+
    ``None`` is immortal, and before 6.12 there is no such bug: nothing is done (and ``ctypes``,
    ~2 ms, is not imported at start-up)."""
    import PySide6

    affected = tuple(PySide6.__version_info__[:2]) >= (6, 12)
    if sys.version_info < (3, 12) and affected and not getattr(keep_none_alive, "done", False):
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 30
        setattr(keep_none_alive, "done", True)  # noqa: B010 - a flag on the function, read by getattr above


def create_application(argv: list[str]) -> QApplication:
    keep_none_alive()
    existing = QApplication.instance()
    if existing is None:
        # the style given on the command line is the one Qt creates: no default style built and
        # then replaced by setStyle (~5 ms of start-up); a -style of the user's own still wins
        app = QApplication([*argv[:1], "-style", "Fusion", *argv[1:]])
    else:
        if not isinstance(existing, QApplication):
            raise RuntimeError("a QCoreApplication without widgets is already running")
        app = existing
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    app.setWindowIcon(app_icon())
    setattr(app, "_cchc_translators", install_translations(app))  # noqa: B010 - keep them alive with the app
    return app


def open_store():
    from ..store import Store

    return Store()


def refuse_empty_store_with_copies() -> None:
    """A zero-byte store while copies exist is a lost file (a full disk, a cut copy), not a first
    start: raise ``StoreDamagedError`` so the recovery offers the copies instead of starting empty."""
    from ..resources import data_dir
    from ..store import DB_NAME, StoreDamagedError

    path = data_dir() / DB_NAME
    try:
        empty = path.is_file() and path.stat().st_size == 0
    except OSError:
        return
    if not empty:
        return
    from ..store.backups import Backups  # only for a zero-byte file: ~1.5 ms of every start otherwise

    if Backups(path).copies():
        raise StoreDamagedError(path, "tệp rỗng (0 byte) trong khi vẫn còn bản sao lưu")


def start(app: QApplication, store):
    """The home window, after the first-start profile dialog when there is no profile yet."""
    from .home_window import HomeWindow

    home = HomeWindow(store)
    home.setWindowIcon(app.windowIcon())
    home.show()
    resume_garbage_collection()
    if not store.has_profile() and not getattr(store, "read_only", False):
        QTimer.singleShot(0, lambda: home.edit_profile(first_start=True))
    # the daily copy is not needed for the first paint; a failure is a status-bar message
    QTimer.singleShot(DAILY_BACKUP_DELAY_MS, home.run_daily_backup)
    return home


def resume_garbage_collection() -> None:
    """``main.py`` turns the cyclic garbage collector off while the app starts: turn it back on,
    first moving every object alive now (modules, Qt wrappers, the home window: they live as long
    as the app) out of its reach (``gc.freeze``), so that the first collection does not walk them
    all. Nothing happens when the collector was not turned off (tests, a caller of ``main``)."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _run_test_script(app, home, store) -> None:
    script = os.environ.get("CCHC_TEST_SCRIPT")
    if script:  # compiled and run here (runpy would import runpy and pkgutil first: ~1 ms of the bench)
        with open(script, "rb") as fh:
            code = compile(fh.read(), script, "exec")
        exec(code, {"__name__": "__cchc_test_script__", "__file__": script,
                    "app": app, "home": home, "store": store})


NO_DISPLAY = ("Không tìm thấy màn hình đồ họa để mở cửa sổ phần mềm (máy này không có DISPLAY/WAYLAND_DISPLAY). "
              "Hãy chạy trên máy có màn hình, hoặc dùng các lệnh không cần cửa sổ: python main.py --help")


def _no_display() -> bool:
    """Linux/BSD without X or Wayland and no platform chosen: Qt would abort (exit 134)."""
    if sys.platform.startswith(("win", "darwin")) or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    if _no_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from ..logsetup import setup_logging

    setup_logging()
    app = create_application(list(argv if argv is not None else sys.argv))
    from . import crash

    crash.install()
    from ..store import StoreError
    from .messages import error

    try:
        refuse_empty_store_with_copies()
        store = open_store()
    except StoreError as exc:  # damaged or newer file: say so, offer the newest daily copy
        resume_garbage_collection()  # a dialog may stay open for long: not without the collector
        from ..resources import data_dir
        from ..store import DB_NAME
        from .store_recovery import recover

        store = recover(exc, getattr(exc, "path", None) or data_dir() / DB_NAME, open_store)
        if store is None:
            return 1
    except Exception as exc:  # noqa: BLE001 - e.g. no permission on the data folder
        resume_garbage_collection()
        from ..errors import report_unexpected

        error(None, STORE_FAILED, detail=report_unexpected(exc, "opening the store"))
        return 1
    home = start(app, store)
    if os.environ.get("CCHC_TEST_SCRIPT"):
        QTimer.singleShot(0, lambda: _run_test_script(app, home, home.store))
    code = 1
    try:
        code = app.exec()
        return code
    finally:
        for window in list(home.windows.values()):
            window.session.flush(window.session.close_patience)
        from .later import writes

        writes().finish(wait=2.0)  # settings and marks still waiting for a busy store: one last try
        try:
            home.store.release_all_locks()  # home.store: a restore from a copy replaces it
            home.store.close()
        except Exception:
            logging.getLogger(__name__).warning("closing the store at exit failed", exc_info=True)


def fast_exit(code: int) -> None:
    """Quit in ~50 ms instead of ~250 (issue 13 item 19, ``bench/bench_quit.py``): once the store
    is closed and every background task has finished, tearing down the Python heap and Qt's
    objects one by one saves nothing for the user. Skipped under a debugger, coverage or
    ``CCHC_SLOW_EXIT=1``. Called by ``main.py`` after ``main()`` returned (tests call ``main()``
    in their own process and keep it)."""
    if os.environ.get("CCHC_SLOW_EXIT") or sys.gettrace() is not None or "coverage" in sys.modules:
        return
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)  # an export still writing finishes first
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)
