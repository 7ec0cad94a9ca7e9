"""Starting an assessment and answering it: keyboard only, not applicable, resuming later."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer, Assessment
from roadmap.models import Indicator
from tests.e2e.helpers import (
    choose_level_with_keys,
    fill_login_form,
    post_status,
    sign_in,
    sign_out,
    tab_to,
)

pytestmark = pytest.mark.e2e


def level_field(code: str) -> str:
    return f"ind-{Indicator.objects.get(code=code).pk}-level"


def card(page: Page, code: str):
    """The answer card of one indicator (its id is the code, which contains dots)."""
    return page.locator(f'article[id="{code}"]')


def saved_answer(assessment: Assessment, code: str) -> Answer:
    return Answer.objects.get(assessment=assessment, indicator__code=code)


def test_focal_point_starts_an_assessment(page, edition, focal):
    sign_in(page, focal.email)
    page.get_by_role("link", name="Assessments").click()
    expect(page.get_by_text("No assessment yet. Start the first one")).to_be_visible()
    page.get_by_role("link", name="Start a new assessment").click()

    page.get_by_label("Title").fill("National self-assessment 2026")
    page.get_by_label("Reporting year").fill("2026")
    page.get_by_label("Target level").select_option("4")
    page.get_by_label("Country of origin").uncheck()
    page.get_by_label("Country of destination").check()
    page.get_by_role("button", name="Create the assessment").click()

    expect(page.get_by_text("Assessment created. Start with the first section.")).to_be_visible()
    expect(page.get_by_role("heading", name="National self-assessment 2026")).to_be_visible()
    expect(page.get_by_text("0 of 8 indicators answered")).to_be_visible()
    expect(page.get_by_role("link", name="Continue: National action plan")).to_be_visible()
    created = Assessment.objects.get()
    assert (created.reporting_year, created.target_level, created.edition) == (2026, 4, edition)
    assert created.profile == ["destination"]


def test_two_sections_are_answered_with_the_keyboard_only(page, assessment, focal):
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/sections/PLAN.1/")

    choose_level_with_keys(page, level_field("PLAN.1.1"), 3)
    tab_to(page, 'textarea[name$="-evidence"]')
    page.keyboard.type("The national action plan 2024-2028, adopted by the cabinet.")
    choose_level_with_keys(page, level_field("PLAN.1.2"), 1)
    tab_to(page, 'button[name="continue"]')
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/sections/PRIN\.1/$"))
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    choose_level_with_keys(page, level_field("PRIN.1.1"), 0)
    choose_level_with_keys(page, level_field("PRIN.1.2"), 4)
    tab_to(page, 'button[name="save"]')
    page.keyboard.press("Enter")

    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/sections/PRIN\.1/$"))
    expect(card(page, "PRIN.1.2").get_by_label("4 Advanced")).to_be_checked()
    levels = dict(assessment.answers.values_list("indicator__code", "level"))
    assert levels == {"PLAN.1.1": 3, "PLAN.1.2": 1, "PRIN.1.1": 0, "PRIN.1.2": 4}
    assert saved_answer(assessment, "PLAN.1.1").evidence.startswith("The national action plan")


def test_not_applicable_needs_a_justification_and_no_level(page, assessment, focal):
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/sections/POL.1/")
    answer = card(page, "POL.1.1")
    answer.get_by_label("2 Developing").check()
    answer.get_by_label("Not applicable to our country").check()

    assert post_status(page, page.get_by_role("button", name="Save", exact=True)) == 400
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Nothing was saved yet")
    expect(answer.get_by_text("Say why this indicator does not apply")).to_be_visible()
    expect(answer.get_by_text("has both a level and “Not applicable”")).to_be_visible()
    expect(answer.get_by_label("Not applicable to our country")).to_be_checked()
    expect(answer.get_by_label("2 Developing")).to_be_checked()  # nothing dropped
    assert not assessment.answers.exists()

    summary.get_by_role("link").filter(has_text="Say why").click()
    expect(answer.get_by_label("Why it does not apply")).to_be_focused()
    page.keyboard.type("No land borders: there is no border police.")
    answer.get_by_label("No answer yet").check()
    assert post_status(page, page.get_by_role("button", name="Save", exact=True)) == 302

    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    expect(answer.get_by_label("Not applicable to our country")).to_be_checked()
    expect(answer.get_by_label("No answer yet")).to_be_checked()
    saved = saved_answer(assessment, "POL.1.1")
    assert (saved.not_applicable, saved.level) == (True, None)
    assert saved.na_justification == "No land borders: there is no border police."


def test_long_text_is_counted_never_cut_and_refused_with_a_message(page, assessment, focal):
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/sections/POL.1/")
    comment = card(page, "POL.1.1").get_by_label("Comment")
    comment.fill("Twelve chars")
    expect(card(page, "POL.1.1")).to_contain_text("12 of 10,000 characters")
    pasted = "x" * 15_390
    comment.fill(pasted)
    expect(card(page, "POL.1.1")).to_contain_text("15,390 of 10,000 characters: 5,390 too many.")

    assert post_status(page, page.get_by_role("button", name="Save", exact=True)) == 400
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Comment for indicator POL.1.1 is 15,390 characters; the limit is 10,000."
    )
    expect(card(page, "POL.1.1").get_by_label("Comment")).to_have_value(pasted)
    assert not assessment.answers.exists()


def test_work_resumes_where_it_was_left_after_signing_out(page, assessment, focal):
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Continue: National action plan").click()
    answer = card(page, "PLAN.1.1")
    answer.get_by_label("2 Developing").check()
    answer.get_by_label("Evidence", exact=True).fill("Draft plan, not yet adopted.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    sign_out(page)

    page.goto(f"/assessments/{assessment.pk}/")
    fill_login_form(page, focal.email)

    expect(page).to_have_url(re.compile(rf"/assessments/{assessment.pk}/$"))
    expect(page.get_by_text("1 of 8 indicators answered")).to_be_visible()
    expect(page.get_by_role("complementary")).to_contain_text("PLAN.1.1 by Fran Focal")
    page.get_by_role("link", name="Continue: National action plan").click()
    expect(answer.get_by_label("2 Developing")).to_be_checked()
    expect(answer.get_by_label("Evidence", exact=True)).to_have_value(
        "Draft plan, not yet adopted."
    )
    expect(answer).to_contain_text("Changed by Fran Focal on")
    expect(card(page, "PLAN.1.2").get_by_label("No answer yet")).to_be_checked()
