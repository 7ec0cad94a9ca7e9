"""The action plan in a real browser, as a new user tries it: gaps -> an action -> the plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessments.models import Action, Answer
from assessments.plans.projected import projected_result
from tests.e2e.a11y import check_page
from tests.e2e.helpers import sign_in, tab_through
from tests.factories import ActionFactory, AgencyFactory

pytestmark = pytest.mark.e2e


def test_three_gaps_become_an_action_that_moves_the_projected_score(page, assessment, focal):
    for n, indicator in enumerate(assessment.applicable_indicators().order_by("code")):
        Answer.objects.create(assessment=assessment, indicator=indicator, level=n % 3)
    AgencyFactory(member_state=assessment.member_state, name="Ministry of Justice")
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/results/")
    before = page.locator("[data-projected-overall]").inner_text()
    codes = [c.get_attribute("value") for c in page.locator("input[name=gaps]").all()[:3]]
    for code in codes:
        page.get_by_label(f"Select {code} for a new action").check()
    page.get_by_role("button", name="Create an action from the selected gaps").click()

    expect(page.get_by_role("heading", name="New action from gaps")).to_be_visible()
    assert check_page(page, "plan-action-new") == []
    page.get_by_label("Lead agency").select_option(label="Ministry of Justice")
    page.get_by_label("Start").fill("2026-01-15")
    page.get_by_label("Due").fill("2025-12-31")  # before the start: refused, nothing lost
    page.get_by_label("Activities").fill("Draft, consult, adopt")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".error-summary")).to_contain_text("is before the start date")
    expect(page.get_by_label("Activities")).to_have_value("Draft, consult, adopt")
    page.get_by_label("Due").fill("2026-12-31")
    page.get_by_role("button", name="Save the action").click()

    action = Action.objects.get()
    assert sorted(action.aims.values_list("indicator_code", flat=True)) == sorted(codes)
    expect(page.get_by_text("Action added to the plan.")).to_be_visible()
    page.goto(f"/assessments/{assessment.pk}/results/")
    after = page.locator("[data-projected-overall]").inner_text()
    assert after == str(projected_result(assessment).shown_overall) != before

    page.get_by_role("link", name="Action plan", exact=True).first.click()
    expect(page.get_by_role("img", name="Action plan timeline")).to_be_visible()
    expect(page.locator(".plan-table tbody tr")).to_have_count(1)
    assert check_page(page, "plan") == []


def test_the_plan_filters_are_used_with_the_keyboard_alone(page, assessment, focal):
    state = assessment.member_state
    justice = AgencyFactory(member_state=state, name="Ministry of Justice")
    ActionFactory(member_state=state, objective="Train border officers", lead_agency=justice)
    ActionFactory(member_state=state, objective="Fund shelters", status=Action.Status.DONE)
    sign_in(page, focal.email)
    page.goto("/plan/")
    form = 'form[aria-label="Filter and sort the plan"]'
    tab_through(page, ["#f-status", "#f-agency", "#f-group", "#f-sort", f"{form} button"])

    page.locator("#f-agency").focus()
    page.keyboard.press("ArrowDown")  # from "All" to the only agency
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".plan-table tbody tr")).to_have_count(1)
    expect(page.locator(".plan-table")).to_contain_text("Train border officers")
    expect(page.locator("#f-agency")).to_have_value(str(justice.pk))
