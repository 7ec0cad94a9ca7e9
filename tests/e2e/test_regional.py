"""Sharing with the RSO and the regional view, as the two sides use them in the browser.

The focal point shares a submitted assessment at "scores only"; RSO staff sign in (with their
code), read the heatmap, filter to a subregion below the threshold, drill into the member
state, download its workbook, the brief and the Excel export (each prepared by a real Celery
worker running in a thread of the test process: the progress page updates itself until the
download is offered); the member state's team then finds those opens and downloads in its
sharing log.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Role
from tests.assessments.regional.conftest import shared_assessment
from tests.e2e.helpers import PASSWORD, download_when_ready, fill_login_form, sign_in
from tests.factories import MemberStateFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def neighbours(edition) -> None:
    """Three fictional states that shared their answers, one of them alone in the Pacific."""
    for code, name, subregion in [
        ("XBB", "Betaland", "south_east_asia"),
        ("XCC", "Gammaland", "south_east_asia"),
        ("XDD", "Deltaland", "pacific"),
    ]:
        shared_assessment(MemberStateFactory(code=code, name=name, subregion=subregion), edition)


@pytest.fixture
def submitted(assessment: Assessment) -> Assessment:
    """Alphaland's assessment, answered at level 2 throughout and submitted, not shared."""
    for indicator in assessment.applicable_indicators():
        assessment.answers.create(indicator=indicator, level=2, comment="ALPHA-SECRET-COMMENT")
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    return assessment


def sign_in_rso(page: Page) -> None:
    rso = UserFactory(email="rso@rso.example", role=Role.RSO, password=PASSWORD)
    device = TOTPDevice.objects.create(user=rso, name="Phone", confirmed=True)
    page.goto("/accounts/login/")
    fill_login_form(page, rso.email)
    page.get_by_label("6-digit code from your authenticator app, or a recovery code").fill(
        f"{totp(device.bin_key):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url("/regional/")


def test_a_share_reaches_the_regional_view_and_the_team_sees_each_rso_access(
    new_page, settings, submitted, focal, neighbours, worker
):
    settings.REGIONAL_DEMO_DATA = True  # the factories' states are fictional (is_demo)
    team = new_page()
    sign_in(team, focal.email)
    team.goto(f"/assessments/{submitted.pk}/sharing/")
    expect(team.get_by_text("Not shared with the Regional Support Office")).to_be_visible()
    team.get_by_label("Scores only").check()
    team.get_by_role("button", name="Share with the RSO").click()
    expect(team.get_by_text("Shared: scores only")).to_be_visible()

    rso = new_page()
    sign_in_rso(rso)
    heatmap = rso.get_by_role("region", name="Scores by member state and category")
    expect(heatmap.get_by_role("link", name="Alphaland")).to_be_visible()
    expect(heatmap.get_by_role("link", name="Betaland")).to_be_visible()

    rso.get_by_label("Subregion").select_option(label="Pacific")
    rso.get_by_role("button", name="Apply").click()
    expect(rso.get_by_text("Regional figures need at least 3 member states")).to_be_visible()
    rso.get_by_role("link", name="Clear filters").click()

    rso.get_by_role("link", name="Alphaland").click()
    expect(rso.get_by_role("heading", name="Self-assessment 2026")).to_be_visible()
    expect(rso.get_by_text("Scores only", exact=True).first).to_be_visible()
    assert "ALPHA-SECRET-COMMENT" not in rso.content()
    assert "PLAN.1.1" not in rso.content()
    rso.get_by_role("link", name="Download Excel").click()
    workbook = download_when_ready(rso, "xlsx")
    assert workbook.suggested_filename.endswith("-shared-scores.xlsx")
    rso.get_by_role("link", name="Back to the shared assessment").click()
    expect(rso.get_by_role("heading", name="Self-assessment 2026")).to_be_visible()

    rso.get_by_role("link", name="Regional view").first.click()
    rso.get_by_role("link", name="Download the brief (PDF)").click()
    brief = download_when_ready(rso, "pdf")
    assert brief.suggested_filename.startswith("regional-brief-all-")
    with open(brief.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    rso.get_by_role("link", name="Back to the regional view").click()
    rso.get_by_role("link", name="Download (Excel)").click()
    export = download_when_ready(rso, "xlsx")
    assert export.suggested_filename.startswith("regional-view-all-")

    team.reload()
    log = team.get_by_role(
        "table", name="Shares, changes, withdrawals and RSO access to this assessment"
    )
    # Opened twice (the second time through the progress page's way back), downloaded once.
    expect(log.get_by_text("Opened by RSO staff")).to_have_count(2)
    expect(log.get_by_text("Downloaded by RSO staff")).to_have_count(1)
    expect(log.get_by_text("Shared", exact=True)).to_be_visible()
