"""The rotating log file in the data folder: ``<data dir>/logs/cchc.log`` (``CCHC_DATA_DIR``
honoured), 1 MB x 5 files, UTF-8.

Qt-free. ``setup_logging()`` is called once by each entry (GUI ``app.main``, CLI ``cli.main``);
calling it again (another ``CCHC_DATA_DIR`` in tests) moves the file handler. The file is only
created at the first record, so a CLI run that logs nothing leaves nothing behind.
``log_path()`` is where the log is (for the About box and the crash dialog); every module logs
with ``logging.getLogger(__name__)``.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "cchc.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
_ROOT = "cchc_desktop"
_handler: logging.FileHandler | None = None


class _RotatingFile(logging.FileHandler):
    """``cchc.log`` rolled to ``cchc.log.1`` ... ``.5`` past :data:`MAX_BYTES`; creates the logs
    folder at the first record and never raises. (Not ``logging.handlers``: it imports
    ``socket``, which start-up does not need.)"""

    def __init__(self, path: Path):
        super().__init__(os.fspath(path), encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is None:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            elif self.stream.tell() >= MAX_BYTES:
                self._rotate()
            super().emit(record)
        except Exception:  # noqa: BLE001 - best-effort: logging must never break the app (disk full...)
            self.handleError(record)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for i in range(BACKUP_COUNT - 1, 0, -1):
            if os.path.exists(f"{base}.{i}"):
                os.replace(f"{base}.{i}", f"{base}.{i + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API; never print
        return


def log_path() -> Path:
    """Where the log file is (it may not exist yet)."""
    from .resources import data_dir

    return data_dir(create=False) / "logs" / LOG_NAME


def current_log_path() -> Path | None:
    """The file the log is written to now, or ``None`` when logging is not set up."""
    return Path(_handler.baseFilename) if _handler is not None else None


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file to the ``cchc_desktop`` logger (and log uncaught warnings).
    Returns the log's path, or ``None`` when the data folder cannot be named."""
    global _handler
    try:
        path = log_path()
    except Exception:  # noqa: BLE001 - best-effort: platformdirs failure: stay without a file, never fail start-up
        return None
    logger = logging.getLogger(_ROOT)
    logger.setLevel(level)
    if _handler is not None and Path(_handler.baseFilename) == path.absolute():
        return path
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    _handler = _RotatingFile(path)
    _handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(_handler)
    return path
