"""Projected scores: what an assessment would score if its action plan succeeded.

Pure, like assessments.scoring, and built on it: the answers are raised to the levels the
counted actions aim for, then scored by `scoring.score` itself, so a projected score can
never follow a second method (docs/scoring.md, "Projected scores").

- Only actions that are planned, in progress or done count; proposed actions (not yet
  accepted by the focal point) and dropped ones do not.
- Several counted actions on one indicator count with the highest level they aim for.
- An answer is never lowered: the projected level is max(current level, aimed level).
- Only answered indicators move. An unanswered indicator stays unanswered and an indicator
  marked not applicable stays not applicable: the projection says what the plan adds to what
  is known, not what an unknown answer might be.
- An aim above an indicator's scale (which the action form refuses) is read as the scale's top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessments.scoring import AnswerInput, IndicatorInput, Result, score

# The action statuses whose aims count (values of assessments.plans.models.Action.Status).
COUNTED_STATUSES = frozenset({"planned", "in_progress", "done"})


@dataclass(frozen=True)
class Aim:
    """One action's aim for one indicator: reach `level` (status: the action's status)."""

    code: str  # indicator code
    level: int
    status: str


def aimed_levels(aims: Iterable[Aim]) -> dict[str, int]:
    """The highest level counted actions aim for, by indicator code."""
    levels: dict[str, int] = {}
    for aim in aims:
        if aim.status in COUNTED_STATUSES:
            levels[aim.code] = max(aim.level, levels.get(aim.code, aim.level))
    return levels


def projected_answers(
    indicators: Iterable[IndicatorInput],
    answers: Mapping[str, AnswerInput],
    levels: Mapping[str, int],
) -> dict[str, AnswerInput]:
    """The answers with each answered indicator raised to its aimed level (never lowered)."""
    max_level = {i.code: i.max_level for i in indicators}
    projected = dict(answers)
    for code, aimed in levels.items():
        answer = answers.get(code)
        if code not in max_level or answer is None or answer.not_applicable:
            continue
        if answer.level is None:
            continue
        raised = max(answer.level, min(aimed, max_level[code]))
        projected[code] = AnswerInput(level=raised, not_applicable=False)
    return projected


def project(
    indicators: Iterable[IndicatorInput],
    answers: Mapping[str, AnswerInput],
    aims: Iterable[Aim],
    *,
    target_level: int = 3,
    category_targets: Mapping[str, int] | None = None,
) -> Result:
    """Score the assessment as if every counted action reached its aim (see module doc)."""
    ordered = list(indicators)
    raised = projected_answers(ordered, answers, aimed_levels(aims))
    return score(ordered, raised, target_level=target_level, category_targets=category_targets)
