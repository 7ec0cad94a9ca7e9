"""Submitting: refused while answers are missing, even if one goes missing at the last moment."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.answering import Submission, section_save
from assessments.models import EMPTY_VALUES, Assessment, User
from tests.e2e.helpers import post_status, sign_in

pytestmark = pytest.mark.e2e


def answer_all_but(assessment: Assessment, by: User, missing: str) -> None:
    """Save level 2 for every applicable indicator except the one coded `missing`."""
    indicators = assessment.applicable_indicators().exclude(code=missing)
    submissions = [Submission(i, {**EMPTY_VALUES, "level": 2}, 0, "") for i in indicators]
    section_save(assessment=assessment, by=by, submissions=submissions)


def answer_from_missing_list(page: Page, code: str) -> None:
    """Follow the missing indicator's link, answer it, save."""
    page.get_by_role("link", name=re.compile(re.escape(code))).click()
    page.locator(f'article[id="{code}"]').get_by_label("1 Initial").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()


def test_submit_is_refused_until_every_answer_is_given_then_accepted(
    new_page, assessment, focal, contributor
):
    answer_all_but(assessment, focal, "PRAC.1.2")
    page = new_page()
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Submit…").click()

    expect(page.get_by_text("1 applicable indicator is not answered yet")).to_be_visible()
    expect(page.locator(".missing-list li")).to_have_count(1)
    expect(page.get_by_role("button", name="Submit the assessment")).to_have_count(0)
    answer_from_missing_list(page, "PRAC.1.2")

    page.goto(f"/assessments/{assessment.pk}/submit/")
    expect(page.get_by_text("Every applicable indicator is answered")).to_be_visible()
    # Meanwhile a contributor takes an answer back.
    colleague = new_page()
    sign_in(colleague, contributor.email)
    colleague.goto(f"/assessments/{assessment.pk}/sections/POL.1/")
    colleague.locator('article[id="POL.1.2"]').get_by_label("No answer yet").check()
    colleague.get_by_role("button", name="Save", exact=True).click()
    expect(colleague.get_by_text("Your answers were saved.")).to_be_visible()

    submit = page.get_by_role("button", name="Submit the assessment")
    assert post_status(page, submit) == 400
    expect(page.get_by_text("cannot be submitted yet: answers are missing")).to_be_visible()
    expect(page.locator(".missing-list")).to_contain_text("POL.1.2")
    assessment.refresh_from_db()
    assert assessment.is_draft
    answer_from_missing_list(page, "POL.1.2")

    page.goto(f"/assessments/{assessment.pk}/submit/")
    assert post_status(page, page.get_by_role("button", name="Submit the assessment")) == 302
    expect(page.get_by_text("The assessment was submitted and is now read-only.")).to_be_visible()
    expect(page.get_by_role("link", name="Reopen for changes…")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    colleague.reload()
    expect(colleague.get_by_text("This assessment is submitted")).to_be_visible()
    expect(colleague.get_by_role("radio")).to_have_count(0)
