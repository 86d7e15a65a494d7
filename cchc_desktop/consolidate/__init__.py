"""Province consolidation: many communes' reports into one table and one report (Qt-free).

Flow: :func:`collect` reads what the communes sent (files and folders) -> :class:`Collection`
(counted reports, duplicates, skipped files with reasons); :func:`consolidate` makes the
tables -> :class:`Consolidation`; :func:`submission_status` says who sent, who did not, who was
late; :func:`write_workbook` writes the consolidated XLSX; :func:`province_draft` makes the
province's own report from the totals.
"""
from .collect import Collection, collect
from .model import Skipped, Submission, Target
from .province import province_draft
from .roster import RosterError, Status, read_roster, submission_status
from .tables import Consolidation, consolidate
from .workbook import write_workbook

__all__ = [
           "Collection",
           "Consolidation",
           "RosterError",
           "Skipped",
           "Status",
           "Submission",
           "Target",
           "collect",
           "consolidate",
           "province_draft",
           "read_roster",
           "submission_status",
           "write_workbook",
]
