"""An administrator prepares the next edition: clone, edit, preview, rename and publish it."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from assessments.models import User
from roadmap.models import Edition, Indicator
from tests.e2e.helpers import PASSWORD, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

NEW_QUESTION = "Do officers in every province use written identification procedures?"


@pytest.fixture
def administrator(live_server) -> User:
    """A superuser with an authenticator app: administrators must use two-factor."""
    user = UserFactory(
        email="ada@admin.example",
        full_name="Ada Admin",
        is_staff=True,
        is_superuser=True,
        password=PASSWORD,
    )
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def enter_current_code(page: Page, user: User) -> None:
    """Type the code the administrator's authenticator app would show now."""
    device = user.totpdevice_set.get()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("6-digit code").fill(f"{totp.token():0{device.digits}d}")
    page.get_by_role("button", name="Continue").click()


def test_an_administrator_edits_an_indicator_of_a_draft_edition(page, assessment, administrator):
    published = assessment.edition  # in use by an assessment, hence locked
    sign_in(page, administrator.email)
    enter_current_code(page, administrator)
    expect(page).to_have_url(re.compile(r"/admin/$"))  # where an administrator lands

    page.get_by_role("link", name="Framework editions").click()
    page.get_by_role("checkbox", name=f"Select this object for an action - {published}").check()
    page.locator('select[name="action"]').select_option(label="Clone into a new draft edition")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Created draft “Test framework 2026 (draft copy)”")).to_be_visible()

    page.get_by_role("link", name="Home").first.click()
    page.get_by_role("link", name="Indicators").click()
    page.get_by_role("link", name="Test framework 2026 (draft copy) (draft)").click()
    page.get_by_role("link", name="POL.1.1", exact=True).click()
    page.get_by_label("Question [en]").fill(NEW_QUESTION)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft = Edition.objects.get(status=Edition.Status.DRAFT)
    assert Indicator.objects.get(edition=draft, code="POL.1.1").question == NEW_QUESTION
    original = Indicator.objects.get(edition=published, code="POL.1.1")
    assert original.question != NEW_QUESTION

    page.goto(f"/admin/roadmap/indicator/{original.pk}/change/")
    expect(page.locator(".messagelist")).to_contain_text("used by 1 assessment")
    expect(page.get_by_label("Question [en]")).to_have_count(0)


def test_an_administrator_previews_a_draft_then_publishes_it_after_renaming(
    page, assessment, administrator
):
    published = assessment.edition
    sign_in(page, administrator.email)
    enter_current_code(page, administrator)
    page.goto(f"/admin/roadmap/edition/{published.pk}/change/")

    # The clone keeps the default "(draft copy)" name: publishing must refuse it.
    page.get_by_role("link", name="Clone into a new draft…").click()
    page.get_by_role("button", name="Clone into a new draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Created draft")
    draft = Edition.objects.get(status=Edition.Status.DRAFT)
    Indicator.objects.filter(edition=draft, code="POL.1.1").update(question=NEW_QUESTION)

    page.get_by_role("link", name="Preview in the framework browser").click()
    expect(page.get_by_role("status").first).to_contain_text("Preview of draft edition")
    page.get_by_role("link", name="Policy").first.click()
    page.get_by_role("link", name=NEW_QUESTION).click()
    expect(page.get_by_role("heading", name=NEW_QUESTION)).to_be_visible()
    assert f"edition={draft.code}" in page.url

    page.get_by_role("link", name="Review the changes and publish").click()
    expect(page.locator(".errorlist")).to_contain_text("Rename the edition")
    expect(page.get_by_role("button", name="Yes, publish")).to_have_count(0)

    page.get_by_role("link", name="Rename or edit the edition").click()
    page.get_by_label("Code").fill("2027")
    page.get_by_label("Name [en]").fill("RSR framework, 2027 edition")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("heading", name="1 indicator reworded")).to_be_visible()
    expect(page.get_by_text(NEW_QUESTION)).to_be_visible()
    page.get_by_role("button", name="Yes, publish").click()

    expect(page.locator(".messagelist")).to_contain_text("Published “RSR framework, 2027 edition”")
    assert Edition.objects.current().code == "2027"
    page.goto("/framework/")
    expect(page.get_by_text("RSR framework, 2027 edition.")).to_be_visible()


def test_an_administrator_who_opens_the_admin_lands_there_after_the_code(page, administrator):
    page.goto("/admin/")
    page.get_by_label("Email address").fill(administrator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    enter_current_code(page, administrator)

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Sign-in lockouts")).to_be_visible()
    expect(page.get_by_role("link", name="Two-factor: authenticator apps")).to_be_visible()
