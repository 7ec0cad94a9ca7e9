"""The results page's cached parts: the same page from the cache, the new state after a change.

Each test opens the page (filling the cache), changes one thing the page shows the way users
and administrators change it, and opens the page again: it must show the change.
"""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Answer, Assessment, User
from assessments.plans.services import ActionData, action_create, action_update
from assessments.results_page import GapFilter, results_parts
from assessments.services import assessment_reopen
from roadmap.models import Edition, Indicator, Section
from tests.assessments.helpers import section_post
from tests.factories import QUESTION_IND, AssessmentFactory, partly_in_indonesian

pytestmark = pytest.mark.django_db


def answer_all(assessment: Assessment, level: int) -> None:
    for indicator in assessment.applicable_indicators():
        Answer.objects.create(assessment=assessment, indicator=indicator, level=level)


@pytest.fixture
def answered(assessment):
    answer_all(assessment, 1)
    return assessment


def page(client, assessment: Assessment, query: str = "") -> str:
    """The page without its CSRF tokens (the navbar's sign-out form), new on every request."""
    response = client.get(reverse("assessment-results", args=[assessment.pk]) + query)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def not_scored():
    """While the cached parts hold, the page computes no score at all."""
    return mock.patch(
        "assessments.results_page.assessment_results", side_effect=AssertionError("scored")
    )


def test_the_second_visit_shows_the_same_page_without_scoring_again(client, focal, answered):
    client.force_login(focal)
    first = page(client, answered)
    with not_scored():
        assert page(client, answered) == first


def test_a_saved_answer_shows_on_the_next_visit(client, focal, answered):
    client.force_login(focal)
    assert '<td class="bar-number">25</td>' in page(client, answered)  # POL.T: all at level 1
    section = Section.objects.get(edition=answered.edition, code="POL.T")
    changes = {f"POL.T.{n}": {"level": 4} for n in (1, 2, 3)}
    url = reverse("assessment-section", args=[answered.pk, section.code])
    assert client.post(url, section_post(answered, section, changes)).status_code == 302
    assert '<td class="bar-number">100</td>' in page(client, answered)


def test_a_new_target_shows_on_the_next_visit(client, focal, answered):
    client.force_login(focal)
    assert "Target level: 3" in page(client, answered)
    targets = reverse("assessment-targets", args=[answered.pk])
    assert client.post(targets, {"target_level": 4, "category_POL": 2}).status_code == 302
    shown = page(client, answered)
    assert re.search(r"Target level: 4; [^;<]+ 2 \(the dashed line", shown)


def test_a_changed_profile_shows_on_the_next_visit(client, focal, answered):
    Indicator.objects.filter(edition=answered.edition, code="POL.T.3").update(
        applies_to_origin=False, applies_to_transit=True, applies_to_destination=False
    )
    client.force_login(focal)
    assert "POL.T.3" not in page(client, answered)
    answered.profile_transit = True
    answered.save()
    assert "POL.T.3" in page(client, answered)


def test_a_plan_action_and_its_edits_show_under_their_gap(client, focal, answered):
    client.force_login(focal)
    assert "Train the labour inspectors" not in page(client, answered)
    data = ActionData(objective="Train the labour inspectors", aims={"POL.T.1": 3})
    action = action_create(assessment=answered, by=focal, data=data)
    assert "Train the labour inspectors" in page(client, answered)
    data.objective = "Train every labour inspector"
    action_update(action=action, by=focal, data=data, version=action.version)
    shown = page(client, answered)
    assert "Train every labour inspector" in shown
    assert "Train the labour inspectors" not in shown


def test_an_aim_moved_to_another_gap_shows_there(client, focal, answered):
    data = ActionData(objective="Draft the regulation", aims={"POL.T.1": 3})
    action = action_create(assessment=answered, by=focal, data=data)
    client.force_login(focal)
    assert 'href="#gap-POL.T.1">POL.T.1</a>' in page(client, answered)
    data.aims = {"POL.T.2": 3}
    action_update(action=action, by=focal, data=data, version=action.version)
    shown = page(client, answered)
    assert 'href="#gap-POL.T.2">POL.T.2</a>' in shown
    assert 'href="#gap-POL.T.1">POL.T.1</a>' not in shown


def test_an_edit_of_the_framework_text_shows_on_the_next_visit(client, focal, edition, state):
    # Editions in use are locked once published; a draft edition's text may still change.
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
    draft_edition = Edition.objects.get(pk=edition.pk)
    assessment = AssessmentFactory(
        edition=draft_edition, member_state=state, profile_destination=True
    )
    answer_all(assessment, 1)
    client.force_login(focal)
    assert "Is the question clearer now?" not in page(client, assessment)
    indicator = Indicator.objects.get(edition=edition, code="POL.T.1")
    indicator.question = "Is the question clearer now?"
    indicator.save()  # as the admin does: the edition's content gets a new version
    assert "Is the question clearer now?" in page(client, assessment)


def test_a_new_previous_assessment_brings_the_comparison_and_a_reopened_one_removes_it(
    client, focal, answered, state
):
    previous = AssessmentFactory(
        edition=answered.edition,
        member_state=state,
        title="Last year",
        reporting_year=answered.reporting_year - 1,
        profile_destination=True,
    )
    answer_all(previous, 2)
    client.force_login(focal)
    assert "Compared with" not in page(client, answered)
    Assessment.objects.filter(pk=previous.pk).update(
        status=Assessment.Status.SUBMITTED, submitted_at=timezone.now() - timedelta(days=1)
    )
    assert "Compared with “Last year”" in page(client, answered)
    previous.refresh_from_db()
    assessment_reopen(assessment=previous, by=focal, reason="A figure was wrong")
    assert "Compared with" not in page(client, answered)


def test_viewers_never_get_the_gap_checkboxes_cached_for_the_focal_point(
    client, focal, viewer, contributor, answered
):
    client.force_login(focal)
    assert 'name="gaps"' in page(client, answered)
    client.force_login(viewer)
    assert 'name="gaps"' not in page(client, answered)
    client.force_login(contributor)
    assert 'name="gaps"' in page(client, answered)


def test_a_filtered_list_is_cached_apart_from_the_whole_list(client, focal, answered):
    client.force_login(focal)
    whole = page(client, answered)
    filtered = page(client, answered, "?category=PLAN")
    assert "1 gap shown." in filtered
    assert "1 gap shown." not in whole
    assert page(client, answered) == whole
    assert page(client, answered, "?category=PLAN") == filtered


def test_a_made_up_filter_is_answered_but_not_cached(client, focal, answered):
    client.force_login(focal)
    assert "0 gaps shown." in page(client, answered, "?category=nonsense")
    with not_scored(), pytest.raises(AssertionError, match="scored"):
        page(client, answered, "?category=nonsense")


def test_another_language_is_never_given_the_parts_of_the_first(focal, answered):
    user = User.objects.get(pk=focal.pk)
    results_parts(user, answered, GapFilter())
    with translation.override("fr"), not_scored(), pytest.raises(AssertionError, match="scored"):
        results_parts(user, answered, GapFilter())
    with not_scored():
        results_parts(user, answered, GapFilter())  # English is still cached


def test_an_action_that_becomes_overdue_overnight_says_so_the_next_day(client, focal, answered):
    data = ActionData(
        objective="Adopt the regulation",
        aims={"POL.T.1": 3},
        status="planned",
        due_date=timezone.localdate(),
    )
    action_create(assessment=answered, by=focal, data=data)
    client.force_login(focal)
    assert "badge-overdue" not in page(client, answered)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert "badge-overdue" in page(client, answered)


MARK = ' lang="en" dir="ltr"'


def test_in_indonesian_the_gaps_show_english_only_where_no_translation_exists(
    client, focal, answered
):
    partly_in_indonesian(answered.edition)
    focal.language = "id"
    focal.save()
    client.force_login(focal)
    html = page(client, answered)
    assert f'<h4 class="h6">{QUESTION_IND}</h4>' in html  # every gap's question: translated
    assert f"</strong> <span{MARK}>Adopt written procedures" in html  # its recommendation: not
    assert 'id="gaps-POL">Kebijakan <span' in html
    assert f'id="gaps-PLAN"><span{MARK}>Planning</span> <span' in html
    # The scores: the category table and each section's breakdown.
    assert '<tr><th scope="row">Kebijakan</th>' in html
    assert f'<tr><th scope="row"{MARK}>Practices</th>' in html
    assert '<th scope="rowgroup" colspan="3">Bagian POL.T · ' in html
    assert 'class="fallback-note' in html


def test_in_english_the_results_page_marks_nothing(client, focal, answered):
    partly_in_indonesian(answered.edition)
    client.force_login(focal)
    main = page(client, answered).split("<main", 1)[1]
    assert "Adopt written procedures" in main
    assert MARK not in main
    assert "fallback-note" not in main
