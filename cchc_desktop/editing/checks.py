"""The findings of an open draft, recomputed only where a change notice says something changed.

Two groups: what is missing or odd in the header, text and footer (``wizard_findings``, cheap)
and the rules over the annex values and the narrative (``annex_findings``: every form, because
relations cross forms, and the section texts, because the narrative quotes the table). A change
recomputes the groups it can affect and nothing else: typing the place name never re-runs
the annex rules, typing a cell never re-reads the header.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .editor import Change
from .refs import AnnexCell, OutlineField, SectionField, VariantField

if TYPE_CHECKING:
    from ..checks import TextCheckOptions
    from ..draft import Draft
    from ..rules import Finding


def affects_annex_rules(change: Change) -> bool:
    if change.everything or change.structure:
        return True
    return any(isinstance(r, (AnnexCell, VariantField, OutlineField))
               or (isinstance(r, SectionField) and r.part == "text") for r in change.fields)


def affects_wizard_rules(change: Change) -> bool:
    return change.everything or change.structure or any(not isinstance(r, AnnexCell) for r in change.fields)


class DraftFindings:
    """Cached findings of one draft; ``update(change)`` returns True when they changed."""

    def __init__(self, draft: Callable[[], Draft], text_options: Callable[[], TextCheckOptions] | None = None):
        self._draft = draft
        self._text_options = text_options  # the profile's spelling settings (checks.TextCheckOptions)
        self._wizard: list[Finding] = []
        self._annex: list[Finding] = []
        self.findings: list[Finding] = []
        self.runs = {"wizard": 0, "annex": 0}  # how often each group ran (tests, benches)
        self.update(Change(everything=True))

    def update(self, change: Change) -> bool:
        from ..completeness import annex_findings, combine, wizard_findings

        draft = self._draft()
        if affects_wizard_rules(change):
            self._wizard = wizard_findings(draft)
            self.runs["wizard"] += 1
        if affects_annex_rules(change):
            self._annex = annex_findings(draft, self._text_options() if self._text_options else None)
            self.runs["annex"] += 1
        findings = combine(self._wizard, self._annex)
        if findings == self.findings:
            return False
        self.findings = findings
        return True
