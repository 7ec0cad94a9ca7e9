"""After signing in, people land where their work is; an explicit, safe ?next= still wins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's


def sign_in(client, user, next_url: str | None = None):
    url = reverse("login") + (f"?next={next_url}" if next_url is not None else "")
    data = {"username": user.email, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def overview(assessment: Assessment) -> str:
    return reverse("assessment-overview", args=[assessment.pk])


def test_a_member_lands_on_the_latest_draft_to_continue_where_they_left_off(
    client, edition, state, contributor
):
    AssessmentFactory(edition=edition, member_state=state, reporting_year=2025)
    latest = AssessmentFactory(edition=edition, member_state=state, reporting_year=2026)
    AssessmentFactory(edition=edition, member_state=state, reporting_year=2027, status="submitted")
    assert sign_in(client, contributor) == overview(latest)
    assert "Continue:" in client.get(overview(latest)).content.decode()


def test_a_member_without_a_draft_lands_on_the_list_of_assessments(client, edition, state, viewer):
    AssessmentFactory(edition=edition, member_state=state, status="submitted")
    assert sign_in(client, viewer) == reverse("assessment-list")


def test_a_member_lands_on_their_own_member_states_draft_only(client, edition, focal, other_state):
    AssessmentFactory(edition=edition, member_state=other_state)
    assert sign_in(client, focal) == reverse("assessment-list")


def test_rso_staff_land_on_the_regional_view(client, rso):
    assert sign_in(client, rso) == reverse("regional")


def test_an_account_without_member_state_or_role_lands_on_the_home_page(client):
    assert sign_in(client, UserFactory(email="nobody@example.org")) == reverse("home")


def test_an_administrator_lands_on_the_administration(client):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    assert sign_in(client, admin) == reverse("admin:index")


def test_the_page_asked_for_wins_over_the_landing_page(client, assessment, focal):
    assert sign_in(client, focal, next_url="/framework/") == "/framework/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_an_unsafe_or_empty_next_falls_back_to_the_landing_page(
    client, assessment, focal, next_url
):
    assert sign_in(client, focal, next_url=next_url) == overview(assessment)


def test_a_signed_in_member_opening_the_sign_in_page_goes_to_their_work(client, assessment, focal):
    client.force_login(focal)
    response = client.get(reverse("login"))
    assert response["Location"] == overview(assessment)
