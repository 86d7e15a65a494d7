"""An exclusive lock between processes on a small lock file (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows), for read-modify-write of a shared JSON file in the data folder.

    with exclusive(path.with_name(path.name + ".lock"), timeout=5):
        data = load(); data[k] = v; write(data)

The lock is held by the open file: a process that dies releases it with its files. The lock
file itself stays (empty); it is never the data. ``TimeoutError`` when another process holds it
longer than ``timeout`` seconds.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_S = 0.01


@contextmanager
def exclusive(lock_path: Path, timeout: float = 5.0) -> Iterator[None]:
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _acquire(fd, timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI
    import msvcrt

    def _acquire(fd: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"lock {fd} busy") from None
                time.sleep(POLL_S)

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _acquire(fd: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError("lock busy") from None
                time.sleep(POLL_S)

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
