"""Projected scores from the database: the plan's aims, now and as it stood on a date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Action, Answer
from assessments.plans.projected import plan_aims, projected_result
from assessments.projection import Aim
from assessments.results import score_assessment
from roadmap.models import Indicator
from tests.factories import ActionFactory, AssessmentFactory

pytestmark = pytest.mark.django_db


def answer(assessment, code, level):
    indicator = Indicator.objects.get(edition=assessment.edition, code=code)
    return Answer.objects.create(assessment=assessment, indicator=indicator, level=level)


def test_plan_aims_are_the_member_states_aims_with_their_status(assessment, other_state):
    ActionFactory(member_state=assessment.member_state, aims={"POL.T.1": 3}, status="planned")
    ActionFactory(member_state=assessment.member_state, aims={"POL.T.2": 4}, status="proposed")
    ActionFactory(member_state=other_state, aims={"POL.T.1": 4})
    aims = plan_aims(assessment.member_state_id)
    assert sorted(aims, key=lambda a: a.code) == [
        Aim("POL.T.1", 3, "planned"),
        Aim("POL.T.2", 4, "proposed"),
    ]


def test_projected_scores_raise_the_answers_the_counted_actions_aim_at(assessment):
    for code, level in {"POL.T.1": 1, "POL.T.2": 2, "POL.T.3": 4, "POL.A.1": 0}.items():
        answer(assessment, code, level)
    ActionFactory(member_state=assessment.member_state, aims={"POL.T.1": 3}, status="planned")
    ActionFactory(member_state=assessment.member_state, aims={"POL.T.2": 4}, status="dropped")
    now, _indicators, _targets = score_assessment(assessment)
    projected = projected_result(assessment)
    # Section POL.T (equal weights): now (1 + 2 + 4) / 12 x 100; projected (3 + 2 + 4) / 12.
    assert now.sections["POL.T"].score == pytest.approx(700 / 12)
    assert projected.sections["POL.T"].score == pytest.approx(900 / 12)
    assert projected.sections["POL.A"] == now.sections["POL.A"]


def test_the_plan_as_it_stood_at_a_date_ignores_later_changes(assessment):
    answer(assessment, "POL.T.1", 1)
    action = ActionFactory(
        member_state=assessment.member_state, aims={"POL.T.1": 2}, status="planned"
    )
    then = timezone.now() + timedelta(microseconds=1)
    later = Action.objects.get(pk=action.pk)
    later.status = Action.Status.DROPPED
    later.save()
    aim = action.aims.get()
    aim.aimed_level = 4
    aim.save()
    ActionFactory(member_state=assessment.member_state, aims={"POL.T.1": 3}, status="done")

    assert plan_aims(assessment.member_state_id, as_of=then) == [Aim("POL.T.1", 2, "planned")]
    past = projected_result(assessment, as_of=then)
    assert past.values["POL.T.1"] == 0.5
    assert projected_result(assessment).values["POL.T.1"] == 0.75  # the done action's 3


def test_another_member_states_plan_never_moves_an_assessment(assessment, other_state):
    answer(assessment, "POL.T.1", 1)
    ActionFactory(member_state=other_state, aims={"POL.T.1": 4}, status="done")
    assert projected_result(assessment).values["POL.T.1"] == 0.25


def test_a_plan_on_a_new_assessment_of_the_same_member_state_counts_by_code(assessment):
    older = AssessmentFactory(
        edition=assessment.edition, member_state=assessment.member_state, reporting_year=2025
    )
    answer(assessment, "POL.T.1", 1)
    ActionFactory(
        member_state=assessment.member_state, found_in=older, aims={"POL.T.1": 3}, status="planned"
    )
    assert projected_result(assessment).values["POL.T.1"] == 0.75
