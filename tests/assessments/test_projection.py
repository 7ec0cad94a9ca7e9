"""Projected scores (docs/scoring.md, "Projected scores"), without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.plans.models import Action
from assessments.projection import (
    COUNTED_STATUSES,
    Aim,
    aimed_levels,
    project,
    projected_answers,
)
from assessments.scoring import AnswerInput, IndicatorInput, score
from tests.assessments.test_scoring import frameworks

M, YN = 4, 1


def ind(code, *, weight=1, critical=False, max_level=M, category="POL", pillar="protection"):
    return IndicatorInput(code, f"{category}.A", category, pillar, weight, critical, max_level)


def ans(level=None, na=False):
    return AnswerInput(level=level, not_applicable=na)


# The worked example of docs/scoring.md ("Projected scores: a worked example").
EXAMPLE_INDICATORS = [
    ind("P", weight=3, critical=True),
    ind("Q", weight=2),
    ind("R", weight=1, max_level=YN),
    ind("S", weight=2),
    ind("T", weight=1),
]
EXAMPLE_ANSWERS = {"P": ans(0), "Q": ans(1), "R": ans(0), "S": ans(3)}  # T unanswered
EXAMPLE_AIMS = [
    Aim("P", 2, "planned"),
    Aim("Q", 3, "planned"),
    Aim("P", 3, "in_progress"),
    Aim("R", 1, "done"),
    Aim("S", 4, "proposed"),
    Aim("Q", 4, "dropped"),
    Aim("T", 3, "planned"),
]


def test_the_worked_example_of_the_docs():
    now = score(EXAMPLE_INDICATORS, EXAMPLE_ANSWERS)
    projected = project(EXAMPLE_INDICATORS, EXAMPLE_ANSWERS, EXAMPLE_AIMS)
    # (0 x 3 + 0.25 x 2 + 0 x 1 + 0.75 x 2) / 8 x 100 = 25
    assert now.sections["POL.A"].score == pytest.approx(25)
    # P 3, Q 3, R yes, S 3 (the proposed 4 does not count), T still unanswered:
    # (0.75 x 3 + 0.75 x 2 + 1 x 1 + 0.75 x 2) / 8 x 100 = 78.125
    assert projected.sections["POL.A"].score == pytest.approx(78.125)
    assert projected.values == {"P": 0.75, "Q": 0.75, "R": 1.0, "S": 0.75}
    assert projected.missing == ["T"]
    assert [g.code for g in now.critical_gaps] == ["P"]
    assert projected.critical_gaps == []


def test_only_planned_in_progress_and_done_actions_count():
    aims = [Aim(status, 2, status) for status in Action.Status.values] + [Aim("x", 4, "unknown")]
    assert set(aimed_levels(aims)) == {"planned", "in_progress", "done"}
    assert set(Action.Status.values) > COUNTED_STATUSES


def test_several_actions_on_one_indicator_count_with_the_highest_aim():
    aims = [Aim("A", 2, "planned"), Aim("A", 4, "done"), Aim("A", 3, "in_progress")]
    assert aimed_levels(aims) == {"A": 4}


def test_a_dropped_higher_aim_does_not_beat_a_planned_lower_one():
    aims = [Aim("A", 4, "dropped"), Aim("A", 2, "planned")]
    assert aimed_levels(aims) == {"A": 2}


def test_an_answer_is_never_lowered_by_an_aim_below_it():
    raised = projected_answers([ind("A")], {"A": ans(3)}, {"A": 1})
    assert raised["A"].level == 3


def test_unanswered_and_not_applicable_indicators_do_not_move():
    indicators = [ind("A"), ind("B")]
    answers = {"B": ans(na=True)}
    raised = projected_answers(indicators, answers, {"A": 3, "B": 3})
    assert "A" not in raised
    assert raised["B"].not_applicable is True


def test_an_aim_above_the_scale_is_read_as_its_top():
    raised = projected_answers([ind("Y", max_level=YN)], {"Y": ans(0)}, {"Y": 3})
    assert raised["Y"].level == 1


def test_aims_on_indicators_outside_the_assessment_are_ignored():
    # An action of the plan may address an indicator that does not apply to this profile.
    result = project([ind("A")], {"A": ans(1)}, [Aim("GONE.1", 4, "planned")])
    assert result == score([ind("A")], {"A": ans(1)})


def test_projection_keeps_the_targets():
    result = project(
        [ind("A")],
        {"A": ans(1)},
        [Aim("A", 3, "planned")],
        target_level=4,
    )
    assert [g.code for g in result.gaps] == ["A"]  # 3 is still below the target 4
    assert result.gaps[0].value == 0.75


@given(frameworks(), st.data())
def test_a_projected_score_is_never_below_the_current_one(case, data):
    indicators, answers, target = case
    statuses = st.sampled_from(Action.Status.values)
    aims = [
        Aim(i.code, data.draw(st.integers(0, i.max_level)), data.draw(statuses))
        for i in data.draw(st.lists(st.sampled_from(indicators), max_size=8))
    ]
    now = score(indicators, answers, target_level=target)
    projected = project(indicators, answers, aims, target_level=target)
    for group in ("categories", "sections", "pillars"):
        for name, was in getattr(now, group).items():
            if was.score is not None:
                assert getattr(projected, group)[name].score >= was.score - 1e-9
    if now.overall is not None:
        assert projected.overall >= now.overall - 1e-9
    assert projected.missing == now.missing


@given(frameworks())
def test_without_counted_actions_the_projection_is_the_current_result(case):
    indicators, answers, target = case
    aims = [Aim(i.code, i.max_level, "proposed") for i in indicators]
    assert project(indicators, answers, aims, target_level=target) == score(
        indicators, answers, target_level=target
    )
