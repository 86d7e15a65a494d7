"""The wizard's steps as an ordered registry: each entry builds the pages of one kind and gives
each page a stable id ("general", "part-2", "annex-3", "signing", "review").

The window builds its pages by walking ``REGISTRY`` in order; code and tests find a page by id
(``window.step("annex-3")``, ``window.go_to_step("review")``), never by its position, which
changes with the outline and the annex variant. A new step is one entry here (see CONTRIBUTING).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...outlines import numbered_sections
from .annex_step import AnnexStep
from .base import Step
from .general_step import GeneralStep
from .outline_step import OutlineStep
from .review_step import ReviewStep
from .signing_step import SigningStep


@dataclass(frozen=True)
class StepKind:
    """One kind of page: ``build(session, window)`` returns ``(id, page)`` pairs, in order."""

    name: str
    build: Callable[[Any, Any], list[tuple[str, Step]]]


def _general(session, window) -> list[tuple[str, Step]]:
    return [("general", GeneralStep(session))]


def _parts(session, window) -> list[tuple[str, Step]]:
    labels = {sec.id: label for level, label, sec in numbered_sections(session.draft) if level == 0}
    return [(f"part-{n}", OutlineStep(session, part.id, labels.get(part.id, "")))
            for n, part in enumerate(session.draft.outline, 1)]


def _annex(session, window) -> list[tuple[str, Step]]:
    if not session.draft.variant:
        return []
    try:
        from ...forms import get_variant

        variant = get_variant(session.draft.variant)
    except Exception as exc:  # noqa: BLE001 - the review step lists the variant error (logged)
        from ...errors import report_unexpected

        window.statusBar().showMessage(report_unexpected(exc, "annex steps"))
        return []
    return [(f"annex-{form.number}", AnnexStep(session, form, variant)) for form in variant.forms]


def _signing(session, window) -> list[tuple[str, Step]]:
    return [("signing", SigningStep(session, window.profile))]


def _review(session, window) -> list[tuple[str, Step]]:
    return [("review", ReviewStep(session))]


REGISTRY: tuple[StepKind, ...] = (
    StepKind("general", _general),
    StepKind("parts", _parts),
    StepKind("annex", _annex),
    StepKind("signing", _signing),
    StepKind("review", _review),
)


def build_steps(session, window) -> list[Step]:
    """Every page of the wizard, in registry order, each with its ``step_id`` set."""
    pages: list[Step] = []
    for kind in REGISTRY:
        for step_id, page in kind.build(session, window):
            page.step_id = step_id
            pages.append(page)
    return pages
