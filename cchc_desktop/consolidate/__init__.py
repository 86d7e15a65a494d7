"""Province consolidation: many communes' reports into one table and one report (Qt-free).

Flow: :func:`collect` reads what the communes sent (files and folders) -> :class:`Collection`
(counted reports, duplicates, skipped files with reasons); :func:`consolidate` makes the
tables -> :class:`Consolidation`; :func:`submission_status` says who sent, who did not, who was
late; :func:`write_workbook` writes the consolidated XLSX; :func:`province_draft` makes the
province's own report from the totals. ``usecase.run`` does the whole run for the CLI and GUI.

The names are imported on first use: a worker process that only reads files never loads
openpyxl's writer or the tables.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "Collection": "collect", "collect": "collect", "Skipped": "model", "Submission": "model", "Target": "model",
    "province_draft": "province", "RosterError": "roster", "Status": "roster", "read_roster": "roster",
    "submission_status": "roster", "Consolidation": "tables", "consolidate": "tables",
    "write_workbook": "workbook",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(name)
