"""Public pages render with the site layout."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_url_access import (
    INVITATION_SECRET,
    PROTECTED,
    PUBLIC,
    RSO_LIBRARY,
    RSO_ONLY,
    RSO_REGION,
    Scenario,
)

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_four_categories_of_the_published_framework(client):
    call_command("load_framework", verbosity=0)
    # The main content: the navbar names the practices library too.
    page = client.get("/").content.decode().split('<main id="main"', 1)[1]
    positions = [page.index(name) for name in ("Planning", "Principles", "Policy", "Practices")]
    assert positions == sorted(positions)
    assert "RSR framework, 2026 edition" in page
    assert "not official Bali Process content" in page


def test_home_page_says_when_no_framework_is_published(client):
    assert "No framework edition is published yet" in client.get("/").content.decode()


def test_pages_load_bootstrap_from_our_own_static_files(client):
    page = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()


# --- Every page carries the product's name -----------------------------------------------------

PUBLIC_ARGS = {
    "framework-section": ["POL.T"],
    "framework-indicator": ["POL.T.1"],
    "framework-category": ["policy"],
    "password_reset_confirm": ["MQ", "not-a-token"],
    "invitation": [INVITATION_SECRET],
}


def title_of(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert match, "the page has no <title>"
    return " ".join(match.group(1).split())


def assert_branded(response, name: str) -> None:
    """The title ends with the product's name and the host name is never shown as the brand."""
    assert response.status_code == 200, (name, response.status_code)
    page = response.content.decode()
    assert title_of(page).endswith("· RSR Toolkit"), (name, title_of(page))
    assert "testserver" not in page, name  # Django's RequestSite names the site after the host
    assert re.search(r'class="navbar-brand[^"]*"[^>]*>\s*<span[^>]*>RSR</span> RSR Toolkit', page)
    assert "RSR Toolkit: a self-assessment" in page, name  # the footer


@pytest.mark.parametrize(
    "name",
    sorted(name for name in PUBLIC if name not in {"health", "logout", "set-language"}),
)
def test_every_public_page_is_titled_and_branded_rsr_toolkit(client, name):
    Scenario()
    args = practices_args(name) if name.startswith("practices-") else PUBLIC_ARGS.get(name, [])
    assert_branded(client.get(reverse(name, args=args)), name)


def practices_args(name: str) -> list:
    """A real member state with a published library entry (the public pages show only those)."""
    from assessments.models import EntryStatus, PracticeEntry
    from tests.factories import MemberStateFactory

    state = MemberStateFactory(code="FJI", name="Fiji", is_demo=False)
    if name == "practices-country":
        return [state.code]
    entry = PracticeEntry.objects.create(
        member_state=state,
        kind="legislation",
        title="Crimes Act",
        year=2009,
        summary="Makes trafficking in persons an offence.",
        pillar="prosecution",
        category="POL",
        status=EntryStatus.PUBLISHED,
    )
    return [entry.pk]


# Signed-in URLs that answer a focal point's GET with something other than a site page.
NOT_PAGES = {
    "assessment-report",  # PDF
    "assessment-export",  # Excel
    "assessment-report-preview",  # the report as a standalone document, titled as the report
    "assessment-reopen",  # a draft: redirects to the overview
    "assessment-action-new",  # without chosen gaps: redirects to the gap list
    "plan-export-pdf",  # PDF
    "plan-export-xlsx",  # Excel
    "regional-brief",  # PDF (RSO staff only)
    "regional-export",  # Excel (RSO staff only)
    "team-member-role",  # POST only
    "team-member-remove",
    "team-member-invite",
    "team-invitation-again",
    "team-invitation-withdraw",
    "two-factor-enrol",  # a valid link redirects to the set-up page
    "document-download",  # the file, or (not ready yet) a redirect to its progress page
    "document-retry",  # POST only
    "questionnaire-download",  # the workbook, or a redirect to its progress page
    "questionnaire-cancel",  # POST only
    "evidence-download",  # the file itself
    "evidence-remove",  # POST only
}


# RSO-only pages refuse the focal point (403); tests/assessments/regional and
# tests/assessments/practices open them as RSO staff.
@pytest.mark.parametrize(
    "name", sorted(set(PROTECTED) - NOT_PAGES - RSO_ONLY - RSO_REGION - RSO_LIBRARY)
)
def test_every_signed_in_page_is_titled_and_branded_rsr_toolkit(client, name):
    s = Scenario()
    if name == "two-factor-verify":  # asked only of someone with an authenticator app
        TOTPDevice.objects.create(user=s.focal, name="app", confirmed=True)
    client.force_login(s.focal)
    if name == "two-factor-recovery-codes":  # for someone who has entered their app's code
        device = TOTPDevice.objects.create(user=s.focal, name="app", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    assert_branded(client.get(reverse(name, args=PROTECTED[name](s))), name)


def test_a_missing_page_is_titled_and_branded_rsr_toolkit(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert title_of(response.content.decode()) == "Not found · RSR Toolkit"


def test_home_page_says_who_the_toolkit_is_for_and_where_an_account_comes_from(client):
    page = " ".join(client.get("/").content.decode().split())
    assert "Who it is for" in page
    assert "for the governments of Bali Process member states" in page
    assert "your account comes from your member state's focal point" in page.replace("&#x27;", "'")
    assert f'href="{reverse("login")}"' in page


def test_home_page_takes_a_signed_in_member_to_their_assessments(client):
    s = Scenario()
    client.force_login(s.viewer)
    page = client.get("/").content.decode()
    assert "Go to your assessments" in page
    assert f'href="{reverse("assessment-list")}"' in page
