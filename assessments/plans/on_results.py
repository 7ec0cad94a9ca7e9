"""The plan on an assessment's results page: projected scores and the actions per gap.

The plan belongs to the member state, so any assessment of it, including one started after
the actions were written, shows the open actions and which of its gaps they address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import Assessment, User
from assessments.plans.models import Action
from assessments.plans.projected import projected_result
from assessments.results import AssessmentResults
from assessments.scoring import Result, Score


@dataclass(frozen=True)
class ProjectedRow:
    name: str
    now: Score | None
    projected: Score | None


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


def plan_on_results(user: User, results: AssessmentResults) -> PlanOnResults:
    """Projected scores beside the current ones, and the plan's actions for each gap."""
    assessment: Assessment = results.assessment
    current = results.result
    projected = projected_result(assessment)
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
    rows = [
        ProjectedRow(c.name, current.categories.get(c.code), projected.categories.get(c.code))
        for c in results.categories
    ]
    return PlanOnResults(
        projected=projected,
        counted=sum(a.counts for a in actions),
        categories=rows,
        by_code=by_code,
        open_actions=open_actions,
        can_draft=user.can_edit_answers,
        moves=projected.values != current.values,
    )
