"""Gather what communes sent: read every file (in parallel where it helps), decide what is
being consolidated, set aside the rest with the reason, and pick one report per commune.

``collect(inputs)`` returns a :class:`Collection`. Two reports of one commune are both kept;
the newer (by report date, then revision) is counted, and ``Collection.choose`` changes that.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

from ..periods import period_title
from .model import Skipped, Submission, Target
from .readers import list_files, read_file

log = logging.getLogger(__name__)

PARALLEL_FROM = 48  # below this many files a process pool costs more than it saves
Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass
class Collection:
    target: Target | None
    submissions: list[Submission]  # every report of the target, duplicates included
    skipped: list[Skipped]
    chosen: dict[str, str] = field(default_factory=dict)  # commune key -> path of the counted report

    def by_commune(self) -> dict[str, list[Submission]]:
        """Commune key -> its reports, newest first."""
        groups: dict[str, list[Submission]] = {}
        for s in self.submissions:
            groups.setdefault(s.key, []).append(s)
        for items in groups.values():
            items.sort(key=Submission.order_key, reverse=True)
        return groups

    def counted(self) -> list[Submission]:
        """One report per commune: the chosen one, else the newest."""
        out = []
        for key, items in self.by_commune().items():
            path = self.chosen.get(key)
            pick = next((s for s in items if s.path == path), items[0])
            out.append(pick)
        return out

    def duplicates(self) -> dict[str, list[Submission]]:
        return {k: v for k, v in self.by_commune().items() if len(v) > 1}

    def choose(self, path: str) -> None:
        """Count the report at ``path`` for its commune instead of the newest one."""
        for s in self.submissions:
            if s.path == path:
                self.chosen[s.key] = path
                return
        raise KeyError(path)

    def is_counted(self, sub: Submission) -> bool:
        return any(s.path == sub.path for s in self.counted())


def _read_all(files: list[Path], progress: Progress | None, workers: int | None) -> list[Submission | Skipped]:
    total = len(files)
    if progress:
        progress(0, total)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    results: list[Submission | Skipped] = []
    if workers <= 1 or total < PARALLEL_FROM:
        for i, f in enumerate(files, 1):
            results.append(read_file(f))
            if progress:
                progress(i, total)
        return results
    from concurrent.futures import ProcessPoolExecutor

    from ..forms import available_variants

    available_variants()  # loaded before forking: workers inherit the parsed variants
    chunk = max(8, min(64, total // (workers * 8) or 1))
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            for result in pool.map(read_file, files, chunksize=chunk):
                results.append(result)
                done += 1
                if progress and (done % chunk == 0 or done == total):
                    progress(done, total)
    except (OSError, RuntimeError) as exc:  # no processes allowed here: read them one by one
        log.warning("process pool failed (%s); reading serially", exc)
        return _read_all(files, progress, 1)
    return results


def _context() -> BaseContext:
    import multiprocessing
    import sys

    # fork is cheap and inherits the loaded variants, but only safe from a single-threaded
    # process (the GUI reads on a worker thread, beside Qt's own): spawn otherwise, and on
    # Windows and macOS
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def choose_target(subs: Iterable[Submission]) -> Target | None:
    """The most common (period, variant) of the periodic reports with an annex."""
    counts = Counter(Target(s.kind, s.period_type, s.year, s.variant) for s in subs
                     if s.kind == "periodic" and s.variant)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0].year, kv[0].period_type))[0]


def _mismatch(s: Submission, target: Target) -> str | None:
    from ..draft import Period

    if s.kind != "periodic":
        kinds = {"five_year": "báo cáo sơ kết 05 năm", "self_inspection": "thông báo tự kiểm tra"}
        return f"không phải báo cáo định kỳ ({kinds.get(s.kind, s.kind)})"
    if not s.variant:
        return "báo cáo không có phụ lục biểu mẫu"
    if (s.period_type, s.year) != (target.period_type, target.year):
        try:
            other = period_title(Period(type=s.period_type, year=s.year))
        except Exception:  # noqa: BLE001 - best-effort: an unknown period type still gets a reason
            other = f"{s.period_type} {s.year}"
        return f"báo cáo kỳ khác: {other} (đang tổng hợp {target.title})"
    if s.variant != target.variant:
        return f"dùng mẫu biểu khác: «{s.variant}» (đang tổng hợp mẫu «{target.variant}»)"
    return None


def collect(inputs: Sequence[str | Path], *, target: Target | None = None, progress: Progress | None = None,
            workers: int | None = None) -> Collection:
    """Read ``inputs`` (files and folders) and sort them into counted reports and skipped files."""
    files, skipped = list_files(inputs)
    results = _read_all(files, progress, workers)
    subs = [r for r in results if isinstance(r, Submission)]
    skipped += [r for r in results if isinstance(r, Skipped)]
    target = target or choose_target(subs)
    kept: list[Submission] = []
    for s in subs:
        reason = _mismatch(s, target) if target else "không phải báo cáo định kỳ có phụ lục biểu mẫu"
        if reason:
            skipped.append(Skipped(s.path, f"{s.commune or 'không rõ đơn vị'}: {reason}"))
        elif not s.commune:
            skipped.append(Skipped(s.path, "báo cáo không ghi tên cơ quan ban hành (không biết của xã nào)"))
        else:
            kept.append(s)
    return Collection(target=target, submissions=kept, skipped=skipped)
