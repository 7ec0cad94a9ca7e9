"""The results page: scores as the method says, provisional drafts, comparison, targets."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, CategoryTarget, Role
from assessments.results import (
    Change,
    assessment_results,
    result_key,
    score_assessment,
    submitted_result,
)
from assessments.scoring import Score
from roadmap.edition_structure import edition_structure
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
    assert '<td class="bar-number">88</td>' in page  # the number beside the bar


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
    gaps = page[page.index('id="gaps"') :]
    assert gaps.index("Critical gap") < gaps.index("POL.T.1")
    assert "cannot be above Developing" in page


def test_filters_narrow_the_gap_list(client, assessment, focal):
    answer_all(assessment, 1)
    client.force_login(focal)
    page = client.get(url(assessment), {"category": "PLAN"}).content.decode()
    assert 'id="gap-PLAN.A.1"' in page
    assert 'id="gap-POL.T.1"' not in page


def test_gaps_show_answers_and_targets_as_level_names_with_the_weight(
    client, assessment, weighted, focal
):
    answer_all(assessment, 2)
    Answer.objects.filter(assessment=assessment, indicator__code="POL.T.1").update(level=0)
    client.force_login(focal)
    page = client.get(url(assessment)).content.decode()
    gap = page[page.index('id="gap-POL.T.1"') :]
    gap = gap[: gap.index("</li>")]
    assert (
        'Answer: <strong class="text-nowrap">0 Not in place</strong> → '
        'target: <strong class="text-nowrap">3 Established</strong>'
    ) in gap
    assert "weight 3" in gap
    assert "%" not in gap


def test_section_scores_can_be_checked_against_each_answer_and_weight(
    client, assessment, weighted, focal
):
    answer(assessment, "POL.T.1", 4)
    answer(assessment, "POL.T.2", 2)
    answer(assessment, "POL.T.3", na=True)
    client.force_login(focal)
    page = client.get(url(assessment)).content.decode()
    breakdown = page[page.index("Policy: how these scores are computed") :]
    breakdown = breakdown[: breakdown.index("</details>")]
    # POL.A.1, unanswered, then the section POL.T: (4/4 x 3 + 2/4 x 1) / 4 x 100 = 88
    assert 'POL.T · <span class="section-score">score 88</span>' in breakdown
    rows = re.findall(
        r'<span class="indicator-code">([\w.]+)</span>.*?</th><td>([^<]+)</td>'
        r'<td class="text-end">(\d)</td>',
        breakdown,
    )
    assert rows[0] == ("POL.A.1", "Not answered", "2")
    assert rows[1:] == [
        ("POL.T.1", "4 Advanced", "3"),
        ("POL.T.2", "2 Developing", "1"),
        ("POL.T.3", "Not applicable", "2"),
    ]


def test_the_gap_filter_brings_the_reader_back_to_the_gaps(client, assessment, focal):
    answer_all(assessment, 1)
    client.force_login(focal)
    page = client.get(url(assessment), {"category": "PLAN"}).content.decode()
    assert '<section class="mb-4" id="gaps"' in page
    assert '<form method="get" action="#gaps"' in page
    assert f'href="{url(assessment)}#gaps">Show all gaps' in page


def test_the_first_ten_gaps_are_open_and_the_rest_folded_by_category(client, assessment, focal):
    add_section(assessment.edition, "PRAC.X", 12, category="PRAC")
    answer_all(assessment, 1)
    client.force_login(focal)
    page = client.get(url(assessment)).content.decode()
    total = len(assessment_results(assessment).result.gaps)
    assert total > 10
    folded = "".join(re.findall(r'<details class="gap-more">.*?</details>', page, re.S))
    assert folded.count('class="card mb-3 gap-item') == total - 10
    assert page.count('class="card mb-3 gap-item') == total
    assert re.search(r"Show \d+ more gaps", folded)
    headings = re.findall(r'<h3 class="h5" id="gaps-(\w+)">', page)
    assert sorted(headings) == ["PLAN", "POL", "PRAC", "PRIN"]


def test_the_comparison_names_the_indicators_that_moved(client, edition, state, focal):
    before = AssessmentFactory(
        edition=edition, member_state=state, reporting_year=2025, status="submitted"
    )
    answer_all(before, 1)
    now = AssessmentFactory(edition=edition, member_state=state, reporting_year=2026)
    answer_all(now, 1)
    Answer.objects.filter(assessment=now, indicator__code="POL.T.2").update(level=3)
    Indicator.objects.filter(edition=edition, code="POL.T.2").update(
        question="Are victims screened at the border?"
    )
    client.force_login(focal)
    page = client.get(url(now)).content.decode()
    comparison = page[page.index('id="comparison-heading"') : page.index('id="gaps"')]
    moved = re.findall(r'<li class="mb-1">.*?</li>', comparison, re.S)
    assert len(moved) == 2  # by section, and in the list of improved indicators
    for item in moved:
        assert "POL.T.2" in item
        assert "Are victims screened at the border?" in item
        assert "<strong>1 Initial</strong> → <strong>3 Established</strong>" in item


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


@pytest.mark.parametrize(
    ("before", "after", "shown", "delta", "direction"),
    [
        (45.4, 59.75, (45, 60), 15, "up"),  # not +14, the change of the unrounded scores
        (40.0, 40.5, (40, 41), 1, "up"),  # not "up 0"
        (39.6, 40.4, (40, 40), 0, "same"),  # 40 -> 40 is no change, whatever the decimals
        (60.5, 59.5, (61, 60), -1, "down"),
        (None, 50.0, (None, 50), None, ""),
    ],
)
def test_a_change_is_the_difference_of_the_two_numbers_shown(
    before, after, shown, delta, direction
):
    change = Change.of("Policy", Score(score=before), Score(score=after))
    assert (change.before, change.after) == shown
    assert (change.delta, change.direction) == (delta, direction)


def test_a_missing_score_on_either_side_is_no_change():
    assert Change.of("Policy", None, Score(score=50.0)).direction == ""
    assert Change.of("Policy", Score(score=50.0), None).delta is None


def test_the_target_line_names_the_categories_with_their_own_target(client, assessment, focal):
    answer_all(assessment, 2)
    CategoryTarget.objects.create(assessment=assessment, category="POL", level=4)
    client.force_login(focal)
    page = " ".join(client.get(url(assessment)).content.decode().split())
    assert "Target level: 3; Policy 4 (the dashed line in the charts)." in page


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


def test_the_stored_critical_threshold_decides_the_critical_gap(assessment, weighted):
    Indicator.objects.filter(edition=assessment.edition, code="POL.T.1").update(
        critical_threshold=1
    )
    answer_all(assessment, 4)
    Answer.objects.filter(assessment=assessment, indicator__code="POL.T.1").update(level=1)
    result = assessment_results(assessment).result
    assert [g.code for g in result.critical_gaps] == ["POL.T.1"]
    assert result.capped


def test_a_stored_not_applicable_on_a_critical_indicator_counts_as_missing_everywhere(
    assessment, weighted
):
    from assessments.progress import assessment_progress
    from assessments.services import missing_answers

    answer_all(assessment, 3)
    Answer.objects.filter(assessment=assessment, indicator__code="POL.T.1").update(
        level=None, not_applicable=True, na_justification="Before the rule"
    )
    result = assessment_results(assessment).result
    assert result.missing == ["POL.T.1"]
    assert result.not_applicable == 0
    assert result.provisional
    progress = assessment_progress(assessment)
    assert progress.answered == progress.applicable - 1
    assert [m.code for m in missing_answers(assessment)] == ["POL.T.1"]


def test_the_previous_assessments_scores_are_computed_once(edition, state):
    before = AssessmentFactory(
        edition=edition,
        member_state=state,
        reporting_year=2025,
        status="submitted",
        submitted_at=timezone.now() - timedelta(days=30),
    )
    answer_all(before, 1)
    now = AssessmentFactory(edition=edition, member_state=state, reporting_year=2026)
    answer_all(now, 2)
    first = assessment_results(now).comparison.previous_result
    # Changed behind the application's back (a submitted assessment's answers cannot change):
    # the comparison still reads the scores computed at the first visit.
    Answer.objects.filter(assessment=before).update(level=4)
    assert assessment_results(now).comparison.previous_result == first
    # Reopened, changed and submitted again: a new submission time, scores computed anew.
    Assessment.objects.filter(pk=before.pk).update(submitted_at=timezone.now())
    again = assessment_results(Assessment.objects.get(pk=now.pk)).comparison.previous_result
    assert again.overall == 100.0


def test_cached_scores_are_the_scores_of_the_method(edition, state):
    submitted = AssessmentFactory(
        edition=edition, member_state=state, status="submitted", submitted_at=timezone.now()
    )
    answer_all(submitted, 3)
    Answer.objects.filter(assessment=submitted, indicator__code="POL.T.2").update(level=1)
    computed = submitted_result(submitted)
    assert cache.get(result_key(submitted)) == computed
    assert submitted_result(submitted) == score_assessment(submitted)[0]


def test_pages_leave_the_shared_framework_objects_unchanged(client, edition, state, focal):
    """The edition's structure is shared by every request of a process: no page may set an
    attribute or cache a relation on its objects."""
    structure = edition_structure(Edition.objects.get(pk=edition.pk))
    objects = [*structure.categories, *structure.sections, *structure.indicators]

    def snapshot():
        return [(dict(vars(o)), set(o._state.fields_cache)) for o in objects]

    before = snapshot()
    previous = AssessmentFactory(
        edition=edition,
        member_state=state,
        reporting_year=2025,
        status="submitted",
        submitted_at=timezone.now(),
    )
    answer_all(previous, 1)
    draft = AssessmentFactory(
        edition=edition, member_state=state, profile_origin=False, profile_destination=True
    )
    answer_all(draft, 2)
    client.force_login(focal)
    for assessment in (previous, draft):
        for name in ("assessment-results", "assessment-report-preview", "assessment-overview"):
            assert client.get(reverse(name, args=[assessment.pk])).status_code == 200
    assert snapshot() == before
