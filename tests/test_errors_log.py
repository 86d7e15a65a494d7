"""One error base, the rotating log, the CLI's guard and the worker's wording."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_desktop.errors import CchcError, report_unexpected, user_message

ROOT = Path(__file__).resolve().parents[1]

ERROR_CLASSES = [
    ("cchc_desktop.commands.common", "CommandInputError"), ("cchc_desktop.draft", "DraftFormatError"),
    ("cchc_desktop.forms", "FormFileError"), ("cchc_desktop.forms", "UnknownVariantError"),
    ("cchc_desktop.gui.import_file", "ImportFileError"), ("cchc_desktop.gui.uiload", "UiFileError"),
    ("cchc_desktop.mail.outbox", "OutboxError"), ("cchc_desktop.mail.sender", "SendError"),
    ("cchc_desktop.numbers", "NumberParseError"), ("cchc_desktop.outlines", "OutlineError"),
    ("cchc_desktop.pdf", "PdfError"), ("cchc_desktop.render.docx_render", "RenderError"),
    ("cchc_desktop.render.embed", "NotOurDocumentError"), ("cchc_desktop.store.backups", "BackupError"),
    ("cchc_desktop.store.errors", "StoreError"), ("cchc_desktop.store.errors", "StoreNewerError"),
    ("cchc_desktop.store.errors", "StoreDamagedError"), ("cchc_desktop.store.errors", "StoreBusyError"),
    ("cchc_desktop.store.errors", "DraftNotFoundError"), ("cchc_desktop.store.errors", "DraftLockedError"),
    ("cchc_desktop.xlsx_export", "XlsxExportError"), ("cchc_desktop.xlsx_import", "XlsxImportError"),
]


@pytest.mark.parametrize("module,name", ERROR_CLASSES)
def test_every_error_class_derives_from_the_base(module, name):
    import importlib

    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, CchcError)


def test_base_carries_message_and_detail():
    exc = CchcError("Không đọc được tệp.", detail="errno 5")
    assert str(exc) == exc.user_message == "Không đọc được tệp."
    assert exc.detail == "errno 5"
    from cchc_desktop.store import DraftNotFoundError

    assert str(DraftNotFoundError("abc")).startswith("Không tìm thấy dự thảo")  # not KeyError's repr


def test_unexpected_error_is_logged_with_traceback_and_worded(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path))
    from cchc_desktop.logsetup import log_path, setup_logging

    assert setup_logging() == log_path() == tmp_path / "logs" / "cchc.log"
    try:
        {}["missing"]
    except KeyError as exc:
        message = report_unexpected(exc, "test")
    assert "không mong đợi" in message and str(log_path()) in message
    for handler in logging.getLogger("cchc_desktop").handlers:
        handler.flush()
    text = log_path().read_text(encoding="utf-8")
    assert "Traceback" in text and "KeyError" in text
    assert user_message(FileNotFoundError(2, "No such file", "/x/a.docx")).startswith("Không tìm thấy")


def test_log_rotates(tmp_path, monkeypatch):
    import cchc_desktop.logsetup as logsetup

    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(logsetup, "MAX_BYTES", 2000)
    logsetup.setup_logging()
    log = logging.getLogger("cchc_desktop.test")
    for i in range(400):
        log.info("line %d %s", i, "x" * 60)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["cchc.log"] + [f"cchc.log.{i}" for i in range(1, logsetup.BACKUP_COUNT + 1)]
    assert all(p.stat().st_size < 2200 for p in (tmp_path / "logs").iterdir())


def _cli(args, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), CCHC_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=tmp_path)


def test_cli_guard_turns_an_unexpected_error_into_a_logged_vietnamese_line(tmp_path):
    # before: OverflowError traceback (issue 11 item 13)
    r = _cli(["outbox", "--retry", "99999999999999999999"], tmp_path)
    assert "Traceback" not in r.stderr and r.returncode in (1, 2), r.stderr
    assert r.stderr.startswith("Lỗi: ")


def test_worker_words_ours_and_theirs_without_guessing_from_diacritics(qtbot):
    from cchc_desktop.errors import UNEXPECTED
    from cchc_desktop.gui.workers import Task

    def ours():
        raise CchcError("Hong")  # no diacritics, still ours: shown as is

    def theirs():
        raise ValueError("Lỗi đặc biệt có dấu")  # diacritics, still not ours

    for fn, expected in ((ours, "Hong"), (theirs, UNEXPECTED.split("{")[0])):
        task = Task(fn)
        with qtbot.waitSignal(task.signals.failed, timeout=5000) as blocker:
            task.start()
        assert blocker.args[0].startswith(expected)
