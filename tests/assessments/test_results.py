"""The results page: scores as the method says, provisional drafts, comparison, targets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, CategoryTarget, Role
from assessments.results import assessment_results
from roadmap.models import Edition, Indicator
from tests.assessments.conftest import add_section
from tests.factories import AssessmentFactory, MemberFactory, complete_edition

pytestmark = pytest.mark.django_db


def answer(assessment, code, level=None, na=False):
    Answer.objects.create(
        assessment=assessment,
        indicator=Indicator.objects.get(edition=assessment.edition, code=code),
        level=level,
        not_applicable=na,
        na_justification="No coast" if na else "",
    )


def answer_all(assessment, level):
    for indicator in assessment.applicable_indicators():
        answer(assessment, indicator.code, level)


@pytest.fixture
def weighted(edition):
    """POL.T.1 weight 3 critical, POL.T.2 weight 1, POL.T.3 weight 2."""
    Indicator.objects.filter(edition=edition, code="POL.T.1").update(weight=3, critical=True)
    Indicator.objects.filter(edition=edition, code="POL.T.2").update(weight=1)
    Indicator.objects.filter(edition=edition, code="POL.T.3").update(weight=2)
    return edition


def url(assessment):
    return reverse("assessment-results", args=[assessment.pk])


@pytest.mark.parametrize("role", ["focal", "contributor", "viewer"])
def test_every_role_of_the_member_state_sees_the_results(client, assessment, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(assessment)).status_code == 200


def test_another_member_state_gets_404(client, assessment, other_focal):
    client.force_login(other_focal)
    assert client.get(url(assessment)).status_code == 404


def test_section_score_on_the_page_matches_the_method(client, assessment, weighted, focal):
    # (4/4 x 3 + 2/4 x 1 + N/A) / (3 + 1) x 100 = 87.5 -> shown as 88
    answer(assessment, "POL.T.1", 4)
    answer(assessment, "POL.T.2", 2)
    answer(assessment, "POL.T.3", na=True)
    results = assessment_results(assessment)
    assert results.result.sections["POL.T"].score == pytest.approx(87.5)
    client.force_login(focal)
    page = client.get(url(assessment)).content.decode()
    assert ">88</text>" in page  # the bar's number


def test_a_draft_with_missing_answers_is_provisional(client, assessment, focal):
    answer(assessment, "POL.T.1", 2)
    client.force_login(focal)
    page = client.get(url(assessment)).content.decode()
    assert "Provisional." in page


def test_complete_results_are_not_provisional_and_show_the_band(client, assessment, focal):
    answer_all(assessment, 3)
    client.force_login(focal)
    page = client.get(url(assessment)).content.decode()
    assert "Provisional." not in page
    assert "Established" in page


def test_critical_gaps_come_first_and_cap_the_band(client, assessment, weighted, focal):
    answer_all(assessment, 4)
    Answer.objects.filter(indicator__code="POL.T.1").update(level=0)
    results = assessment_results(assessment)
    assert results.result.gaps[0].code == "POL.T.1"
    assert results.result.capped
    client.force_login(focal)
    page = client.get(url(assessment)).content.decode()
    assert page.index("Critical gap") < page.index("POL.T.1")
    assert "cannot be above Developing" in page


def test_filters_narrow_the_gap_list(client, assessment, focal):
    answer_all(assessment, 1)
    client.force_login(focal)
    page = client.get(url(assessment), {"category": "PLAN"}).content.decode()
    assert 'id="gap-PLAN.A.1"' in page
    assert 'id="gap-POL.T.1"' not in page


def test_comparison_with_the_previous_submitted_assessment(client, edition, state, focal):
    before = AssessmentFactory(
        edition=edition, member_state=state, reporting_year=2025, status="submitted"
    )
    answer_all(before, 1)
    now = AssessmentFactory(edition=edition, member_state=state, reporting_year=2026)
    answer_all(now, 1)
    Answer.objects.filter(assessment=now, indicator__code="POL.T.2").update(level=3)
    Answer.objects.filter(assessment=now, indicator__code="PRAC.A.1").update(level=0)
    comparison = assessment_results(now).comparison
    assert comparison.previous == before
    assert [i.code for i, _b, _a in comparison.improved] == ["POL.T.2"]
    assert [i.code for i, _b, _a in comparison.regressed] == ["PRAC.A.1"]
    directions = {c.name: c.direction for c in comparison.categories}
    assert directions["Policy"] == "up"
    assert directions["Practices"] == "down"
    client.force_login(focal)
    assert "Compared with" in client.get(url(now)).content.decode()


def test_no_comparison_without_a_previous_submitted_assessment(client, assessment, focal):
    answer_all(assessment, 2)
    assert assessment_results(assessment).comparison is None
    client.force_login(focal)
    assert "Compared with" not in client.get(url(assessment)).content.decode()


def test_changing_targets_changes_gaps_not_scores(client, assessment, focal):
    answer_all(assessment, 2)
    before = assessment_results(assessment).result
    client.force_login(focal)
    response = client.post(
        reverse("assessment-targets", args=[assessment.pk]),
        {"target_level": 2, "category_POL": 4},
    )
    assert response.status_code == 302
    after = assessment_results(Assessment.objects.get(pk=assessment.pk)).result
    assert after.overall == before.overall
    assert {g.category for g in after.gaps} == {"POL"}
    assert CategoryTarget.objects.get(assessment=assessment).level == 4


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.VIEWER])
def test_only_the_focal_point_changes_targets(client, assessment, state, role):
    client.force_login(MemberFactory(role, state))
    response = client.post(reverse("assessment-targets", args=[assessment.pk]), {"target_level": 1})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=assessment.pk).target_level == 3


@pytest.mark.parametrize("n", [5, 50])
def test_results_page_costs_a_fixed_number_of_queries(
    client, state, focal, n, django_assert_max_num_queries
):
    edition = complete_edition(code=f"r{n}", status=Edition.Status.PUBLISHED)
    add_section(edition, "POL.Q", n)
    previous = AssessmentFactory(
        edition=edition, member_state=state, reporting_year=2025, status="submitted"
    )
    answer_all(previous, 2)
    assessment = AssessmentFactory(edition=edition, member_state=state)
    answer_all(assessment, 1)
    client.force_login(focal)
    with django_assert_max_num_queries(30):
        assert client.get(url(assessment)).status_code == 200
