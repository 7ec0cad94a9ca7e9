"""A viewer reads everything and can change nothing, not even with a hand-made form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessments.answering import Submission, section_save
from assessments.models import EMPTY_VALUES, Answer
from roadmap.models import Indicator
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

# What someone could paste into the browser's console: post a level with the page's CSRF token.
FORGED_POST = """field => {
  const form = Object.assign(document.createElement("form"), {method: "post"});
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").cloneNode();
  const level = Object.assign(document.createElement("input"), {name: field, value: "4"});
  form.append(token, level);
  document.body.append(form);
  form.submit();
}"""


def test_a_viewer_sees_the_answers_but_no_way_to_change_them(page, assessment, focal, viewer):
    indicator = Indicator.objects.get(code="POL.1.1")
    values = {**EMPTY_VALUES, "level": 3, "evidence": "Standard operating procedures, 2023."}
    section_save(
        assessment=assessment, by=focal, submissions=[Submission(indicator, values, 0, "")]
    )
    sign_in(page, viewer.email)
    expect(page.get_by_role("link", name="Team")).to_have_count(0)
    # Signed in, a member lands on the draft's overview; the list is one click away.
    expect(page.get_by_role("heading", name="Self-assessment 2026")).to_be_visible()
    page.get_by_role("link", name="Assessments").click()
    expect(page.get_by_role("link", name="Start a new assessment")).to_have_count(0)
    page.get_by_role("link", name="Self-assessment 2026").click()

    # A viewer reads: nothing invites them to answer or submit.
    expect(page.get_by_role("link", name="Next unanswered")).to_have_count(0)
    expect(page.get_by_role("link", name="Continue:")).to_have_count(0)
    expect(page.get_by_role("link", name="Submit…")).to_have_count(0)
    page.get_by_role("link", name="Victim identification").click()
    expect(page.get_by_text("your role does not allow changes")).to_be_visible()
    expect(page.locator("main").get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    answer = page.locator('article[id="POL.1.1"]')
    expect(answer).to_contain_text("3 Established")
    expect(answer).to_contain_text("Standard operating procedures, 2023.")

    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.evaluate(FORGED_POST, f"ind-{indicator.pk}-level")
    assert response.value.status == 403
    expect(page.get_by_text("Your role (viewer) lets you read this assessment")).to_be_visible()
    assert Answer.objects.get(indicator=indicator).level == 3

    assert page.goto("/assessments/new/").status == 403
    expect(page.get_by_text("Only the focal point of your member state")).to_be_visible()
