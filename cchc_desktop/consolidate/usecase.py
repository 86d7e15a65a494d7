"""One consolidation run, shared by the CLI and the GUI: read, choose, tabulate, who sent."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .collect import Collection, Progress, collect
from .model import Target
from .roster import Status, roster_keys, submission_status
from .tables import Consolidation, consolidate


class NothingToConsolidateError(Exception):
    """No report of a commune could be counted; ``str()`` is Vietnamese."""


@dataclass
class Run:
    collection: Collection
    consolidation: Consolidation
    statuses: list[Status]
    names: list[str] = field(default_factory=list)  # the expected communes
    deadline: _dt.date | None = None

    def refresh(self) -> Run:
        """After ``collection.choose``: the tables and statuses again (files are not re-read)."""
        cons = consolidate(self.collection, roster_keys(self.names, self.collection.counted()))
        return Run(self.collection, cons, submission_status(self.names, self.collection, self.deadline),
                   self.names, self.deadline)


def run(inputs: Sequence[str | Path], *, names: list[str] | None = None, deadline: _dt.date | None = None,
        target: Target | None = None, choose: list[str] | tuple[str, ...] = (), progress: Progress | None = None,
        workers: int | None = None) -> Run:
    names = list(names or [])
    collection = collect(inputs, target=target, progress=progress, workers=workers)
    if collection.target is None or not collection.submissions:
        reasons = "; ".join(f"{s.name}: {s.reason}" for s in collection.skipped[:3])
        raise NothingToConsolidateError(
            "Không có báo cáo nào của các xã để tổng hợp (cần tệp Word, Excel hoặc JSON do CCHC Desktop "
            "tạo ra, báo cáo định kỳ có phụ lục biểu mẫu)." + (f" Ví dụ: {reasons}." if reasons else ""))
    for path in choose:
        wanted = str(Path(path))
        match = next((s.path for s in collection.submissions
                      if s.path == wanted or Path(s.path).resolve() == Path(path).resolve()), None)
        if match is None:
            raise NothingToConsolidateError(f"Tệp «{path}» không nằm trong các báo cáo được đọc, không chọn được.")
        collection.choose(match)
    cons = consolidate(collection, roster_keys(names, collection.counted()))
    return Run(collection, cons, submission_status(names, collection, deadline), names, deadline)
