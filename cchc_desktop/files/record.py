"""What the app wrote: ``<data dir>/written-files.json`` maps a resolved path to its size,
mtime (ns) and SHA-256 at the moment the app replaced it.

A file is "ours and unchanged" when it is in the record with the same size and either the same
mtime or the same hash (a copy or a touch keeps the bytes). Word or Excel saving over it changes
both, so ``files.write`` asks before replacing it. The record keeps the newest
:data:`MAX_ENTRIES` paths; losing it (deleted, damaged, another data folder) only means the app
asks once more. Each update is a read-modify-write under an exclusive lock between processes
(``written-files.json.lock``, ``files.filelock``) and the file is replaced atomically: two
processes exporting at the same instant both keep their entries.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from .filelock import exclusive

log = logging.getLogger(__name__)

RECORD_NAME = "written-files.json"
MAX_ENTRIES = 2000
MAX_RECORD_BYTES = 4_000_000
LOCK_TIMEOUT_S = 5.0  # another process holding the record longer: this entry is skipped (one more question)
HASH_LIMIT = 512 * 1024 * 1024  # a bigger file is judged by size and mtime alone


def record_path() -> Path:
    from ..resources import data_dir

    return data_dir(create=False) / RECORD_NAME


def key(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load() -> dict[str, Any]:
    try:
        path = record_path()
        if path.stat().st_size > MAX_RECORD_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(path: Path, digest: str | None = None) -> None:
    """Note that the app just wrote ``path`` (call right after ``os.replace``)."""
    try:
        st = Path(path).stat()
        entry = {"size": st.st_size, "mtime_ns": st.st_mtime_ns,
                 "sha256": digest if digest is not None else file_hash(Path(path)), "at": time.time()}
        target = record_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        with exclusive(target.with_name(target.name + ".lock"), timeout=LOCK_TIMEOUT_S):
            data = _load()
            data.pop(key(path), None)
            data[key(path)] = entry
            if len(data) > MAX_ENTRIES:
                data = dict(list(data.items())[-MAX_ENTRIES:])
            _write(target, data)
    except (OSError, ValueError) as exc:  # the write itself succeeded; the app will ask next time
        log.warning("could not record written file %s: %s", path, exc)


def _write(target: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".~written", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def is_ours_unchanged(path: Path) -> bool:
    """True when ``path`` is exactly as the app last wrote it."""
    entry = _load().get(key(path))
    if not isinstance(entry, dict):
        return False
    try:
        st = Path(path).stat()
    except OSError:
        return False
    if st.st_size != entry.get("size"):
        return False
    if st.st_mtime_ns == entry.get("mtime_ns"):
        return True
    if st.st_size > HASH_LIMIT:
        return False
    try:
        return file_hash(Path(path)) == entry.get("sha256")
    except OSError:
        return False
