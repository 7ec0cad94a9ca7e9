"""Projected scores of an assessment from its member state's plan (docs/scoring.md).

The one function every surface calls (results page, report, Excel): `projected_result`. The
computation itself is `assessments.projection.project`, pure and built on `scoring.score`.
"""

from __future__ import annotations

from datetime import datetime

from assessments.models import Assessment
from assessments.plans.models import Action, ActionIndicator
from assessments.projection import Aim
from assessments.results import ScoringInputs, project_assessment
from assessments.scoring import Result


def plan_aims(member_state_id: int, *, as_of: datetime | None = None) -> list[Aim]:
    """Every aim of the member state's actions, now or as the plan stood at `as_of`.

    All statuses are returned; `assessments.projection` decides which count. One query now,
    two for a past date (from the history of actions and of their aims).
    """
    if as_of is None:
        rows = ActionIndicator.objects.filter(action__member_state_id=member_state_id).values_list(
            "indicator_code", "aimed_level", "action__status"
        )
        return [Aim(code, level, status) for code, level, status in rows]
    statuses = dict(
        Action.history.as_of(as_of)
        .filter(member_state_id=member_state_id)
        .values_list("id", "status")
    )
    rows = (
        ActionIndicator.history.as_of(as_of)
        .filter(action_id__in=list(statuses))
        .values_list("indicator_code", "aimed_level", "action_id")
    )
    return [Aim(code, level, statuses[action_id]) for code, level, action_id in rows]


def projected_result(
    assessment: Assessment,
    *,
    as_of: datetime | None = None,
    inputs: ScoringInputs | None = None,
) -> Result:
    """The assessment's scores if the plan (now, or at `as_of`) reaches its aims.

    A submitted assessment's report passes `as_of=assessment.submitted_at`: the plan as it
    stood at submission. Callers that have scored the assessment pass its `inputs`.
    """
    aims = plan_aims(assessment.member_state_id, as_of=as_of)
    return project_assessment(assessment, aims, inputs=inputs)
