"""Which processes have the store open: one small marker file per open ``Store``, so that a
whole-file replacement (restore from a copy) can refuse while another live process would go on
writing to the replaced file and lose everything it saves afterwards.

Markers live in ``<store folder>/.open/<store name>.<host>.<pid>`` (JSON: pid, host, since).
A marker of this machine whose process is gone is stale and removed when seen; one of another
machine (a store on a network share) counts for :data:`FOREIGN_MAX_AGE` seconds after its
last touch. A marker that cannot be written (read-only medium) is skipped: such a store cannot be
restored over anyway.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .locks import HOST, pid_alive

log = logging.getLogger(__name__)
FOREIGN_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class Opener:
    pid: int
    host: str
    since: str

    @property
    def label(self) -> str:
        """'tiến trình 1234 trên máy «PC-XA», mở từ 08:15 ngày 28/11/2026'."""
        try:
            when = _dt.datetime.fromisoformat(self.since).astimezone().strftime("%H:%M ngày %d/%m/%Y")
        except ValueError:
            when = "không rõ lúc nào"
        return f"tiến trình {self.pid} trên máy «{self.host}», mở từ {when}"


def _folder(store_path: Path) -> Path:
    return store_path.parent / ".open"


def _marker(store_path: Path, pid: int, host: str) -> Path:
    safe_host = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in host)[:60]
    return _folder(store_path) / f"{store_path.name}.{safe_host}.{pid}"


def register(store_path: Path) -> Path | None:
    """Mark this process as having ``store_path`` open; returns the marker (for ``unregister``)."""
    marker = _marker(Path(store_path), os.getpid(), HOST)
    try:
        marker.parent.mkdir(exist_ok=True)
        since = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
        marker.write_text(json.dumps({"pid": os.getpid(), "host": HOST, "since": since}), encoding="utf-8")
    except OSError as exc:
        log.info("no open marker for %s: %s", store_path, exc)
        return None
    return marker


def unregister(marker: Path | None) -> None:
    if marker is None:
        return
    try:
        marker.unlink(missing_ok=True)
    except OSError as exc:
        log.info("open marker %s not removed: %s", marker, exc)


def other_openers(store_path: Path) -> list[Opener]:
    """Live processes other than this one that have ``store_path`` open."""
    store_path = Path(store_path)
    folder = _folder(store_path)
    out: list[Opener] = []
    try:
        markers = [p for p in folder.iterdir() if p.name.startswith(store_path.name + ".")]
    except OSError:
        return out
    for marker in markers:
        try:
            data = json.loads(marker.read_text(encoding="utf-8")[:4096])
            opener = Opener(int(data["pid"]), str(data["host"]), str(data.get("since", "")))
            age = time.time() - marker.stat().st_mtime
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if opener.host == HOST:
            if opener.pid == os.getpid():
                continue
            if not pid_alive(opener.pid):
                unregister(marker)  # stale: that process is gone
                continue
        elif age > FOREIGN_MAX_AGE:
            continue
        out.append(opener)
    return out
