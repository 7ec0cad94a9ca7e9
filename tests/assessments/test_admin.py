"""The assessment admin never bypasses the journey (create, submit, reopen with a reason)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Assessment, AssessmentEvent

pytestmark = pytest.mark.django_db


def change_url(assessment: Assessment) -> str:
    return reverse("admin:assessments_assessment_change", args=[assessment.pk])


def journey(assessment: Assessment) -> tuple:
    assessment.refresh_from_db()
    return (
        assessment.member_state_id,
        assessment.edition_id,
        assessment.status,
        assessment.submitted_at,
        assessment.carried_from_id,
        assessment.created_by_id,
        assessment.events.count(),
    )


def form_data(assessment: Assessment, **changes) -> dict:
    """Everything the change form could carry, journey fields included, with changes."""
    data = {
        "title": assessment.title,
        "reporting_year": assessment.reporting_year,
        "target_level": assessment.target_level,
        "profile_origin": "on",
        "member_state": assessment.member_state_id,
        "edition": assessment.edition_id,
        "status": assessment.status,
        "submitted_at_0": "",
        "submitted_at_1": "",
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


@pytest.fixture
def draft_assessment(edition, state, focal):
    return services.assessment_create(
        member_state=state, by=focal, title="National self-assessment", reporting_year=2026
    )


@pytest.fixture
def submitted_assessment(draft_assessment, focal):
    for indicator in draft_assessment.applicable_indicators():
        Answer.objects.create(assessment=draft_assessment, indicator=indicator, level=2)
    services.assessment_submit(assessment=draft_assessment, by=focal)
    draft_assessment.refresh_from_db()
    return draft_assessment


def test_a_post_to_a_draft_cannot_change_member_state_status_or_dates(
    admin_client, draft_assessment, other_state, edition
):
    before = journey(draft_assessment)
    response = admin_client.post(
        change_url(draft_assessment),
        form_data(
            draft_assessment,
            title="Corrected title",
            member_state=other_state.pk,
            status=Assessment.Status.SUBMITTED,
            submitted_at_0="2020-01-01",
            submitted_at_1="10:00:00",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert journey(draft_assessment) == before
    assert draft_assessment.title == "Corrected title"  # what is not the journey can be fixed


def test_a_submitted_assessment_cannot_be_changed_in_the_admin(
    admin_client, submitted_assessment, other_state
):
    before = journey(submitted_assessment)
    response = admin_client.post(
        change_url(submitted_assessment),
        form_data(
            submitted_assessment,
            title="Changed",
            member_state=other_state.pk,
            status=Assessment.Status.DRAFT,
            submitted_at_0="",
        ),
    )
    assert response.status_code == 403
    assert journey(submitted_assessment) == before
    assert submitted_assessment.title != "Changed"
    assert submitted_assessment.status == Assessment.Status.SUBMITTED


def test_a_submitted_assessment_is_shown_read_only_with_the_way_to_reopen_it(
    admin_client, submitted_assessment
):
    response = admin_client.get(change_url(submitted_assessment), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "read-only here" in html
    assert "reopen it in the application" in html
    assert 'name="title"' not in html
    assert 'name="status"' not in html


def test_the_change_form_shows_journey_fields_without_inputs_for_them(
    admin_client, draft_assessment
):
    html = admin_client.get(change_url(draft_assessment)).content.decode()
    assert 'name="title"' in html
    for field in ("member_state", "edition", "status", "submitted_at", "carried_from"):
        assert f'name="{field}' not in html, field
    assert "Alphaland" in html


def test_the_journey_events_are_listed_and_cannot_be_added_or_edited(
    admin_client, draft_assessment
):
    page = admin_client.get(change_url(draft_assessment))
    assert "Created" in page.content.decode()
    (events,) = page.context["inline_admin_formsets"]
    assert not events.has_add_permission
    assert not events.has_change_permission
    assert not events.has_delete_permission

    forged = form_data(draft_assessment, **{"events-TOTAL_FORMS": 1})
    forged.update({"events-0-kind": "submitted", "events-0-reason": "Forged"})
    admin_client.post(change_url(draft_assessment), forged)
    assert list(draft_assessment.events.values_list("kind", flat=True)) == ["created"]


def test_assessments_cannot_be_created_in_the_admin(admin_client, edition, state):
    url = reverse("admin:assessments_assessment_add")
    assert admin_client.get(url).status_code == 403
    response = admin_client.post(
        url,
        {
            "title": "Made in the admin",
            "reporting_year": 2026,
            "member_state": state.pk,
            "edition": edition.pk,
            "status": Assessment.Status.SUBMITTED,
            "submitted_at_0": datetime(2026, 1, 1, tzinfo=UTC).date().isoformat(),
        },
    )
    assert response.status_code == 403
    assert not Assessment.objects.filter(title="Made in the admin").exists()
    assert not AssessmentEvent.objects.exists()


def test_the_assessment_list_shows_member_state_and_status(admin_client, submitted_assessment):
    html = admin_client.get(reverse("admin:assessments_assessment_changelist")).content.decode()
    assert "Alphaland" in html
    assert "Submitted" in html
