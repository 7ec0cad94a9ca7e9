"""The plan on an assessment's results page: projected scores and the actions per gap.

The plan belongs to the member state, so any assessment of it, including one started after
the actions were written, shows the open actions and which of its gaps they address.
The projected scores, though, are the ones the assessment's report and Excel export show: for
a submitted assessment, from the plan as it stood at submission (`snapshot.plan_as_of`), so
that the page and the report never give two projections of one assessment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse

from assessments.models import Assessment, User
from assessments.plans.models import Action
from assessments.plans.projected import projected_result
from assessments.plans.report_part import ProjectedRow, projected_rows
from assessments.plans.snapshot import plan_as_of
from assessments.projection import COUNTED_STATUSES
from assessments.results import AssessmentResults
from assessments.scoring import Result


@dataclass(frozen=True)
class OpenAction:
    action: Action
    gaps_here: list[str]  # codes of this assessment's gaps it addresses


@dataclass
class PlanOnResults:
    projected: Result
    counted: int  # actions whose aims count (planned, in progress, done)
    categories: list[ProjectedRow]
    by_code: dict[str, list[Action]] = field(default_factory=dict)  # gap code -> its actions
    open_actions: list[OpenAction] = field(default_factory=list)
    can_draft: bool = False
    moves: bool = False  # whether the plan raises any answer of this assessment
    as_of: datetime | None = None  # the submission whose plan is projected; None: the plan now
    new_action_url: str = ""  # where a gap (?gaps=CODE) becomes an action: once, not per gap


def plan_on_results(user: User, results: AssessmentResults) -> PlanOnResults:
    """Projected scores beside the current ones, and the plan's actions for each gap."""
    assessment: Assessment = results.assessment
    current = results.result
    as_of = plan_as_of(assessment)
    projected = projected_result(assessment, as_of=as_of, inputs=results.inputs)
    actions = list(
        Action.objects.for_member_state(assessment.member_state)
        .select_related("lead_agency")
        .prefetch_related("aims")
    )
    gap_codes = {g.code for g in current.gaps}
    by_code: dict[str, list[Action]] = {}
    open_actions = []
    for action in actions:
        codes = [a.indicator_code for a in action.aims.all()]
        for code in codes:
            by_code.setdefault(code, []).append(action)
        if action.is_open:
            open_actions.append(OpenAction(action, sorted(c for c in codes if c in gap_codes)))
    return PlanOnResults(
        projected=projected,
        counted=(
            sum(a.counts for a in actions)
            if as_of is None
            else _counted_then(assessment.member_state_id, as_of)
        ),
        categories=projected_rows(results, projected),
        by_code=by_code,
        open_actions=open_actions,
        can_draft=user.can_edit_answers,
        moves=projected.values != current.values,
        as_of=as_of,
        new_action_url=reverse("assessment-action-new", args=[assessment.pk]),
    )


def _counted_then(member_state_id: int, as_of: datetime) -> int:
    """How many of the member state's actions counted towards the projection at `as_of`."""
    return (
        Action.history.as_of(as_of)
        .filter(member_state_id=member_state_id, status__in=COUNTED_STATUSES)
        .count()
    )
