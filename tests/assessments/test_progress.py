"""Progress: answered counts per section and category, the next section, previous and next links.

The fixture edition has, in framework order, the sections PLAN.A, PRIN.A, POL.A, POL.T and
PRAC.A; POL.T has three indicators, the others one each (seven in all).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import Answer, CategoryTarget
from assessments.progress import assessment_progress
from assessments.scoring import Count
from roadmap.models import Indicator, Section
from tests.assessments.conftest import add_section

pytestmark = pytest.mark.django_db

ORDER = ["PLAN.A", "PRIN.A", "POL.A", "POL.T", "PRAC.A"]


def answer(assessment, code, level=None, na=False, comment=""):
    Answer.objects.create(
        assessment=assessment,
        indicator=Indicator.objects.get(edition=assessment.edition, code=code),
        level=level,
        not_applicable=na,
        na_justification="No coast" if na else "",
        comment=comment,
    )


def answer_all(assessment, level=2):
    for indicator in assessment.applicable_indicators():
        answer(assessment, indicator.code, level)


def outside_the_profile(assessment, code):
    Indicator.objects.filter(edition=assessment.edition, code=code).update(
        applies_to_origin=False, applies_to_transit=False, applies_to_destination=False
    )


def by_code(progress):
    return {item.section.code: item for group in progress.categories for item in group.sections}


def section(assessment, code):
    return Section.objects.get(edition=assessment.edition, code=code)


def test_sections_come_in_framework_order_grouped_by_category(assessment):
    progress = assessment_progress(assessment)
    assert [s.code for s in progress.sections] == ORDER
    assert [g.category.code for g in progress.categories] == ["PLAN", "PRIN", "POL", "PRAC"]
    assert [[i.section.code for i in g.sections] for g in progress.categories][2] == [
        "POL.A",
        "POL.T",
    ]


def test_the_order_is_by_category_then_by_position_in_the_category(assessment):
    last = max(s.position for s in Section.objects.filter(edition=assessment.edition))
    # PLAN.A now has the highest position of all, POL.A the second highest, after POL.T.
    Section.objects.filter(edition=assessment.edition, code="PLAN.A").update(position=last + 2)
    Section.objects.filter(edition=assessment.edition, code="POL.A").update(position=last + 1)
    codes = [s.code for s in assessment_progress(assessment).sections]
    assert codes == ["PLAN.A", "PRIN.A", "POL.T", "POL.A", "PRAC.A"]


def test_a_level_and_not_applicable_count_as_answered_a_comment_alone_does_not(assessment):
    answer(assessment, "POL.T.1", level=0)  # level 0 "Not in place" is an answer
    answer(assessment, "POL.T.2", na=True)
    answer(assessment, "POL.T.3", comment="Still checking with the ministry")
    item = by_code(assessment_progress(assessment))["POL.T"]
    assert (item.total, item.answered, item.not_applicable) == (3, 2, 1)
    assert (item.applicable, item.unanswered) == (2, 1)
    assert not item.complete


def test_categories_and_the_whole_assessment_add_up_their_sections(assessment):
    answer(assessment, "PLAN.A.1", level=4)
    answer(assessment, "POL.T.1", level=2)
    answer(assessment, "POL.T.2", na=True)
    progress = assessment_progress(assessment)
    pol = progress.categories[2]
    assert (pol.total, pol.answered, pol.not_applicable) == (4, 2, 1)
    plan = progress.categories[0]
    assert (plan.total, plan.answered, plan.complete) == (1, 1, True)
    assert (progress.total, progress.answered, progress.not_applicable) == (7, 3, 1)
    assert progress.percent == 42  # 3 / 7 = 42.9%, rounded down
    assert progress.provisional


def test_indicators_outside_the_country_profile_are_not_counted(assessment):
    outside_the_profile(assessment, "POL.T.3")
    answer(assessment, "POL.T.1", level=1)
    answer(assessment, "POL.T.2", level=1)
    item = by_code(assessment_progress(assessment))["POL.T"]
    assert (item.total, item.answered, item.complete) == (2, 2, True)
    assert assessment_progress(assessment).total == 6


def test_a_section_with_no_indicator_for_the_profile_is_complete_and_counts_nothing(assessment):
    outside_the_profile(assessment, "PRIN.A.1")
    item = by_code(assessment_progress(assessment))["PRIN.A"]
    assert (item.total, item.answered, item.percent, item.complete) == (0, 0, 100, True)


def test_everything_answered_is_complete_at_100_percent_and_not_provisional(assessment):
    answer_all(assessment)
    Answer.objects.filter(assessment=assessment, indicator__code="POL.A.1").update(
        level=None, not_applicable=True
    )
    progress = assessment_progress(assessment)
    assert (progress.answered, progress.total, progress.percent) == (7, 7, 100)
    assert progress.complete
    assert not progress.provisional
    assert all(g.complete for g in progress.categories)


def test_next_section_is_the_first_in_framework_order_with_something_unanswered(assessment):
    assert assessment_progress(assessment).next_section().code == "PLAN.A"
    answer(assessment, "PLAN.A.1", level=3)
    answer(assessment, "PRIN.A.1", na=True)  # not applicable completes the section too
    answer(assessment, "POL.T.1", level=3)  # a later section, partly answered
    assert assessment_progress(assessment).next_section().code == "POL.A"
    answer(assessment, "POL.A.1", level=3)
    assert assessment_progress(assessment).next_section().code == "POL.T"


def test_next_section_is_the_last_one_when_only_it_is_left(assessment):
    answer_all(assessment)
    Answer.objects.filter(assessment=assessment, indicator__code="PRAC.A.1").delete()
    assert assessment_progress(assessment).next_section().code == "PRAC.A"


def test_no_next_section_once_everything_is_answered(assessment):
    answer_all(assessment)
    assert assessment_progress(assessment).next_section() is None


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("PLAN.A", None, "PRIN.A"),  # the first section does not point back to the last
        ("PRIN.A", "PLAN.A", "POL.A"),  # the second one points back to the first
        ("POL.A", "PRIN.A", "POL.T"),
        ("POL.T", "POL.A", "PRAC.A"),  # across a category boundary
        ("PRAC.A", "POL.T", None),  # the last section has no next one
    ],
)
def test_neighbours_are_the_sections_before_and_after(assessment, code, before, after):
    was, then = assessment_progress(assessment).neighbours(section(assessment, code))
    assert (was and was.code, then and then.code) == (before, after)


@pytest.mark.parametrize("extra", [0, 30])
def test_progress_costs_one_query_whatever_the_size(assessment, extra, django_assert_num_queries):
    if extra:
        add_section(assessment.edition, "POL.Z", extra)
    answer_all(assessment)
    # The answers, and the first time the edition's structure (roadmap.edition_structure, 6).
    with django_assert_num_queries(7):
        assessment_progress(assessment)
    with django_assert_num_queries(1):
        progress = assessment_progress(assessment)
    assert progress.answered == 7 + extra


def test_the_list_of_assessments_counts_as_progress_does(assessment, django_assert_num_queries):
    from assessments.progress import assessments_answered
    from tests.factories import AssessmentFactory

    answer(assessment, "POL.T.1", 2)
    answer(assessment, "POL.T.2", na=True)
    answer(assessment, "POL.T.3", comment="Not answered yet")
    outside_the_profile(assessment, "PRAC.A.1")
    other = AssessmentFactory(
        edition=assessment.edition, member_state=assessment.member_state, reporting_year=2025
    )
    answer_all(other, 3)
    assessments = [assessment, other]
    with django_assert_num_queries(2):
        counts = assessments_answered(assessments)
    for a in assessments:
        progress = assessment_progress(a)
        assert counts[a.pk] == Count(**progress.counts())


# --- what the pages show ---------------------------------------------------------------------


def page(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args)).content.decode()


def test_the_section_page_links_the_previous_and_next_sections(client, assessment, viewer):
    first = page(client, viewer, "assessment-section", assessment.pk, "PLAN.A")
    assert "Previous section" not in first
    assert reverse("assessment-section", args=[assessment.pk, "PRIN.A"]) + '" title' in first
    last = page(client, viewer, "assessment-section", assessment.pk, "PRAC.A")
    assert "Next section" not in last
    assert reverse("assessment-section", args=[assessment.pk, "POL.T"]) + '" title' in last


def test_the_overview_says_answered_of_all_and_how_many_are_not_applicable(
    client, assessment, viewer
):
    answer(assessment, "POL.T.1", level=2)
    answer(assessment, "POL.T.2", na=True)
    html = page(client, viewer, "assessment-overview", assessment.pk)
    assert "2 of 7 indicators answered (1 not applicable)" in html
    assert 'aria-valuenow="28"' in html  # 2 / 7 = 28.6%, rounded down
    assert "Results (provisional)" in html


def test_a_complete_draft_is_not_called_provisional_on_the_overview(client, assessment, viewer):
    answer_all(assessment)
    html = page(client, viewer, "assessment-overview", assessment.pk)
    assert assessment.is_draft
    assert "7 of 7 indicators answered" in html
    assert "(provisional)" not in html
    assert "Next unanswered" not in html
    assert "Continue:" not in html


def test_a_complete_draft_offers_the_focal_point_to_submit_it_first(client, assessment, focal):
    submit = reverse("assessment-submit", args=[assessment.pk])
    partly = page(client, focal, "assessment-overview", assessment.pk)
    assert f'<a class="btn btn-outline-primary" href="{submit}">Submit…</a>' in partly
    assert "ready to submit" not in partly
    answer_all(assessment)
    html = page(client, focal, "assessment-overview", assessment.pk)
    assert "Every applicable indicator is answered: the assessment is ready to submit." in html
    buttons = re.findall(r'<a class="btn ([\w-]+)" href="([^"]+)"', html)
    assert buttons[0] == ("btn-primary", submit)  # the one thing left to do
    assert html.count(submit) == 1


def test_a_contributor_reads_that_the_focal_point_can_submit_a_complete_draft(
    client, assessment, contributor
):
    answer_all(assessment)
    html = page(client, contributor, "assessment-overview", assessment.pk)
    assert "Every applicable indicator is answered: the focal point can submit" in html
    assert reverse("assessment-submit", args=[assessment.pk]) not in html


def test_the_overview_names_the_categories_with_their_own_target(client, assessment, viewer):
    CategoryTarget.objects.create(assessment=assessment, category="PRAC", level=4)
    CategoryTarget.objects.create(assessment=assessment, category="PLAN", level=2)
    CategoryTarget.objects.create(assessment=assessment, category="POL", level=3)  # the same
    html = page(client, viewer, "assessment-overview", assessment.pk)
    assert 'Target level</dt><dd class="col-6">3; Planning 2; Practices 4</dd>' in html


def test_the_overview_continues_with_the_next_section(client, assessment, contributor):
    answer(assessment, "PLAN.A.1", level=3)
    html = page(client, contributor, "assessment-overview", assessment.pk)
    link = reverse("assessment-section", args=[assessment.pk, "PRIN.A"])
    assert f'<a class="btn btn-primary" href="{link}">' in html


def test_the_answered_queryset_agrees_with_the_scoring_rule(assessment):
    """`AnswerQuerySet.complete` is the database form of `scoring.answer_input(...).answered`."""
    from assessments.scoring import answer_input

    cases = [  # (code, level, not applicable, critical)
        ("PLAN.A.1", 2, False, True),
        ("PRIN.A.1", None, True, True),
        ("POL.A.1", None, True, False),
        ("PRAC.A.1", None, False, False),
    ]
    for code, level, na, critical in cases:
        Indicator.objects.filter(edition=assessment.edition, code=code).update(critical=critical)
        answer(assessment, code, level, na=na, comment="" if level or na else "Draft note")
    in_database = set(assessment.answers.complete().values_list("indicator__code", flat=True))
    in_python = {
        code
        for code, level, na, critical in cases
        if answer_input(level, na, critical=critical).answered
    }
    assert in_database == in_python == {"PLAN.A.1", "POL.A.1"}
