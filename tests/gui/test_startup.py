"""Start-up stays lean: the real app (``main.py``) shows the home window with the real list
without importing what is only needed later (documents, workbooks, mail, the keyring, the
draft model, the form catalogues). Speed itself is measured by ``bench/bench_startup.py``."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from cchc_desktop.gui import drafts_model

from .conftest import ROOT, sample_profile

pytestmark = pytest.mark.gui

LATER = ("openpyxl", "docx", "docxtpl", "jinja2", "keyring", "cchc_desktop.mail", "cchc_desktop.render",
         "cchc_desktop.forms", "cchc_desktop.draft", "cchc_desktop.xlsx_export", "cchc_desktop.pdf",
         "cchc_desktop.gui.wizard", "cchc_desktop.gui.profile_dialog", "cchc_desktop.gui.new_draft_dialog",
         "cchc_desktop.gui.backup_actions", "cchc_desktop.editing", "cchc_desktop.gui.session", "PySide6.QtUiTools",
         "ctypes", "socket", "runpy", "hashlib", "fcntl", "cchc_desktop.files",
         "pyhanko", "email", "lxml", "cchc_desktop.checks", "cchc_desktop.rules", "cchc_desktop.signing",
         "cchc_desktop.view", "cchc_desktop.usecases", "cchc_desktop.store.backups")


def test_home_window_shows_the_list_without_later_modules(tmp_path):
    from cchc_desktop.draft import Period
    from cchc_desktop.outlines import new_draft
    from cchc_desktop.store import Store

    data = tmp_path / "data"
    with Store(data / "cchc.sqlite3") as store:
        store.save_profile(sample_profile())
        store.create_draft(new_draft("periodic", Period(type="6m", year=2024), None, store.load_profile()))
    script = tmp_path / "up.py"
    script.write_text(
        "import sys\n"
        "print('ROWS', home.model.rowCount(), home.model.data(home.model.index(0, 1)))\n"
        "print('HEADER', home.table.horizontalHeader().model().headerData(1, "
        "__import__('PySide6.QtCore').QtCore.Qt.Orientation.Horizontal))\n"
        "print('LOADED', ' '.join(sorted(sys.modules)))\n"
        "import gc\n"
        "print('GC', gc.isenabled(), gc.get_freeze_count() > 1000)\n"
        "app.quit()\n", encoding="utf-8")
    env = dict(os.environ, CCHC_DATA_DIR=str(data), CCHC_TEST_SCRIPT=str(script), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, os.path.join(ROOT, "main.py")], env=env, capture_output=True, text=True,
                         timeout=120, cwd=ROOT).stdout
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in out.splitlines() if " " in line}
    assert lines["ROWS"] == "1 6 tháng đầu năm 2024"  # the real list, period titles included
    assert lines["HEADER"] == "Kỳ báo cáo"
    loaded = set(lines["LOADED"].split())
    early = sorted(m for m in loaded if any(m == name or m.startswith(name + ".") for name in LATER))
    # the test script itself imported PySide6.QtCore.Qt above, after the window was shown
    assert early == [], early
    # main.py paused the cyclic collector while starting; it is on again, the start-up objects frozen
    assert lines["GC"] == "True True"


def test_collector_left_alone_when_it_was_on():
    """``resume_garbage_collection`` freezes nothing when main.py did not pause the collector
    (a test, or another caller of ``gui.app.main``)."""
    import gc

    from cchc_desktop.gui.app import resume_garbage_collection

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    resume_garbage_collection()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_role_numbers_are_qts():
    assert drafts_model.DISPLAY_ROLE == Qt.ItemDataRole.DisplayRole.value
    assert drafts_model.TOOLTIP_ROLE == Qt.ItemDataRole.ToolTipRole.value
    assert drafts_model.ACCESSIBLE_TEXT_ROLE == Qt.ItemDataRole.AccessibleTextRole.value
    assert drafts_model.USER_ROLE == Qt.ItemDataRole.UserRole.value


def test_without_a_display_the_app_says_so_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["CCHC_DATA_DIR"] = str(tmp_path)
    r = subprocess.run([sys.executable, os.path.join(ROOT, "main.py")], env=env, capture_output=True,
                       text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 2
    assert "Không tìm thấy màn hình đồ họa" in r.stderr and "Traceback" not in r.stderr
