"""The plan on the results page: projected scores beside the current ones, actions per gap."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Action, Assessment
from assessments.plans.projected import projected_result
from assessments.scoring import shown
from tests.assessments.jobs.helpers import fetch_document
from tests.assessments.plans.conftest import answer_all
from tests.factories import ActionFactory, AssessmentFactory

pytestmark = pytest.mark.django_db


def projected_overall(body: str) -> str:
    return re.search(r"data-projected-overall>([^<]+)<", body).group(1).strip()


def test_planning_an_action_moves_the_projected_score_on_the_page(client, focal, answered):
    client.force_login(focal)
    url = reverse("assessment-results", args=[answered.pk])
    before = client.get(url).content.decode()
    now = re.search(r"data-now-overall>([^<]+)<", before).group(1).strip()
    assert projected_overall(before) == now
    action = ActionFactory(
        member_state=answered.member_state,
        found_in=answered,
        aims={"POL.A.1": 4},
        status=Action.Status.PROPOSED,
    )
    assert projected_overall(client.get(url).content.decode()) == now  # proposed: no count
    Action.objects.filter(pk=action.pk).update(status=Action.Status.PLANNED)
    after = client.get(url).content.decode()
    expected = projected_result(answered).overall
    assert projected_overall(after) == str(shown(expected)) != now


def test_each_gap_can_be_selected_and_says_which_actions_address_it(client, focal, answered):
    ActionFactory(
        member_state=answered.member_state,
        found_in=answered,
        objective="Train the police",
        aims={"POL.T.1": 3},
    )
    client.force_login(focal)
    body = client.get(reverse("assessment-results", args=[answered.pk])).content.decode()
    assert 'form="gap-action-form"' in body
    assert 'value="POL.T.2"' in body
    gap = body[body.index('id="gap-POL.T.1"') :]
    gap = gap[: gap.index("</li>")]
    assert "Train the police" in gap


def test_a_viewer_sees_the_projection_but_cannot_pick_gaps(client, viewer, answered):
    client.force_login(viewer)
    body = client.get(reverse("assessment-results", args=[answered.pk])).content.decode()
    assert "If the action plan succeeds" in body
    assert "gap-action-form" not in body


def test_a_new_assessment_shows_the_open_actions_and_the_gaps_they_address(client, focal, answered):
    ActionFactory(
        member_state=answered.member_state,
        found_in=answered,
        objective="Still open",
        aims={"POL.T.1": 3, "POL.T.2": 3},
    )
    ActionFactory(
        member_state=answered.member_state,
        found_in=answered,
        objective="Finished",
        aims={"POL.A.1": 3},
        status=Action.Status.DONE,
    )
    # Started afresh (not carried forward): POL.T.2 is closed now, POL.T.1 is still a gap.
    newer = AssessmentFactory(
        edition=answered.edition,
        member_state=answered.member_state,
        reporting_year=2027,
        profile_destination=True,
    )
    answer_all(newer, {"POL.T.1": 1, "POL.T.2": 3})
    client.force_login(focal)
    page = client.get(reverse("assessment-results", args=[newer.pk]))
    open_actions = page.context["plan"].open_actions
    assert [(o.action.objective, o.gaps_here) for o in open_actions] == [
        ("Still open", ["POL.T.1"])
    ]
    assert 'href="#gap-POL.T.1">POL.T.1</a>' in page.content.decode()


def test_another_member_states_plan_never_shows_on_our_results(
    client, focal, answered, other_state
):
    ActionFactory(member_state=other_state, objective="Foreign action", aims={"POL.T.1": 4})
    client.force_login(focal)
    body = client.get(reverse("assessment-results", args=[answered.pk])).content.decode()
    assert "Foreign action" not in body
    assert projected_overall(body) == re.search(r"data-now-overall>([^<]+)<", body).group(1).strip()


def test_the_plan_adds_a_fixed_number_of_queries_to_the_results_page(client, focal, answered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(focal)
    url = reverse("assessment-results", args=[answered.pk])
    client.get(url)  # the first request reads the edition's structure into the cache

    def count(n: int) -> int:
        Action.objects.all().delete()
        for _ in range(n):
            ActionFactory(member_state=answered.member_state, aims={"POL.T.1": 3, "POL.A.1": 2})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count(2)
    assert few > 5
    assert count(20) == few


def test_a_submitted_assessments_page_projects_the_plan_its_report_shows(client, focal, answered):
    # One planned action before submission, a second one after: the page, like the report and
    # the Excel export, projects the plan as it stood at submission, and says so.
    ActionFactory(member_state=answered.member_state, found_in=answered, aims={"POL.T.1": 3})
    answered.status = Assessment.Status.SUBMITTED
    answered.submitted_at = timezone.now()
    answered.save()
    at_submission = projected_result(answered, as_of=answered.submitted_at)
    ActionFactory(member_state=answered.member_state, found_in=answered, aims={"POL.A.1": 4})
    assert shown(projected_result(answered).overall) != shown(at_submission.overall)

    client.force_login(focal)
    body = client.get(reverse("assessment-results", args=[answered.pk])).content.decode()
    assert projected_overall(body) == str(at_submission.shown_overall)
    assert "data-plan-as-of" in body
    assert "if the 1 planned, in-progress or done action met" in body
    _, workbook = fetch_document(client, reverse("assessment-export", args=[answered.pk]))
    header, overall = list(
        load_workbook(io.BytesIO(workbook))["Scores"].iter_rows(values_only=True)
    )[:2]
    assert overall[header.index("Projected score")] == at_submission.shown_overall


def test_no_projected_headline_when_no_action_counts(client, focal, answered):
    # As the report leaves its plan part out: no "If the action plan succeeds: 57 / 100" that
    # merely repeats the current score.
    ActionFactory(member_state=answered.member_state, aims={"POL.T.1": 3}, status="proposed")
    client.force_login(focal)
    body = client.get(reverse("assessment-results", args=[answered.pk])).content.decode()
    assert "If the action plan succeeds: <a" not in body


def test_with_no_counted_action_the_page_says_so_instead_of_counting_zero_actions(
    client, focal, answered
):
    ActionFactory(
        member_state=answered.member_state,
        found_in=answered,
        aims={"POL.A.1": 4},
        status=Action.Status.PROPOSED,
    )
    client.force_login(focal)
    body = client.get(reverse("assessment-results", args=[answered.pk])).content.decode()
    assert "data-no-counted-action" in body
    assert "if the 0 planned" not in body
