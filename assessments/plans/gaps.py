"""The gaps an action can address, and the rules for the levels it aims at."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.plans.services import AIM_ABOVE_SCALE, AIM_NOT_ABOVE, NOT_A_GAP
from assessments.results import score_assessment
from roadmap.models import Indicator


@dataclass(frozen=True)
class GapChoice:
    """One gap of an assessment as the action form offers it."""

    indicator: Indicator
    current: int  # the answer's level
    target: int  # the target on the indicator's scale (offered as the aim)
    priority: float

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def top(self) -> int:
        return self.indicator.scale.max_value

    @property
    def levels(self) -> list[int]:
        """The levels an action may aim for: above the current answer, up to the top."""
        return list(range(self.current + 1, self.top + 1))


def assessment_gaps(assessment: Assessment) -> dict[str, GapChoice]:
    """The assessment's gaps by indicator code, in the gap list's order."""
    result, indicators, _targets = score_assessment(assessment)
    by_code = {i.code: i for i in indicators}
    choices = {}
    for gap in result.gaps:
        indicator = by_code[gap.code]
        top = indicator.scale.max_value
        choices[gap.code] = GapChoice(
            indicator=indicator,
            current=round(gap.value * top),
            target=round(gap.target * top),
            priority=gap.priority,
        )
    return choices


def aim_errors(
    aims: Mapping[str, int], gaps: Mapping[str, GapChoice], *, unchanged: Iterable[str] = ()
) -> list[str]:
    """Why the aims cannot be saved: not a gap here, at or below the answer, above the scale.

    `unchanged`: codes whose saved aim the user left as it was (an edit after the answer moved
    on must not be refused for what the user did not touch).
    """
    errors = []
    skip = set(unchanged)
    for code, level in aims.items():
        if code in skip:
            continue
        gap = gaps.get(code)
        if gap is None:
            errors.append(_(NOT_A_GAP) % {"code": code})
        elif level > gap.top:
            errors.append(_(AIM_ABOVE_SCALE) % {"code": code, "top": gap.top})
        elif level <= gap.current:
            errors.append(_(AIM_NOT_ABOVE) % {"code": code, "level": gap.current})
    return errors
