"""Signing in: a wrong password is refused, then the person lands where they were going."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import fill_login_form, sign_out

pytestmark = pytest.mark.e2e


def test_a_member_signs_in_and_reaches_the_page_they_asked_for(page, assessment, focal):
    page.goto("/assessments/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/assessments/$"))

    fill_login_form(page, focal.email, "not-my-password")
    expect(page.get_by_text("Please enter a correct email address and password")).to_be_visible()

    fill_login_form(page, focal.email)
    expect(page).to_have_url(re.compile(r"/assessments/$"))
    expect(page.get_by_role("heading", name="Assessments of Alphaland")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text(
        "Fran Focal · Alphaland · Focal point"
    )
    expect(page.get_by_role("link", name="Self-assessment 2026")).to_be_visible()

    sign_out(page)
    page.goto("/assessments/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
