"""Two people change the same answer: the second sees both versions and chooses (HTTP 409)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessments.models import Answer
from tests.e2e.helpers import post_status, sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("choice", "kept", "kept_by"),
    [
        ("Keep my answer", "3 Established", "Fran Focal"),
        ("Keep the saved answer", "2 Developing", "Chris Contributor"),
    ],
)
def test_a_conflicting_change_is_shown_and_the_chosen_answer_is_kept(
    new_page, assessment, focal, contributor, choice, kept, kept_by
):
    url = f"/assessments/{assessment.pk}/sections/POL.1/"
    mine, theirs = new_page(), new_page()
    sign_in(mine, focal.email)
    sign_in(theirs, contributor.email)
    mine.goto(url)
    theirs.goto(url)

    theirs.locator('article[id="POL.1.1"]').get_by_label("2 Developing").check()
    theirs.get_by_role("button", name="Save", exact=True).click()
    expect(theirs.get_by_text("Your answers were saved.")).to_be_visible()

    # The focal point's page still shows POL.1.1 unanswered; they answer it and POL.1.2.
    mine.locator('article[id="POL.1.1"]').get_by_label("3 Established").check()
    mine.locator('article[id="POL.1.2"]').get_by_label("1 Initial").check()
    assert post_status(mine, mine.get_by_role("button", name="Save", exact=True)) == 409

    expect(mine.get_by_text("Someone else changed 1 of these answers")).to_be_visible()
    conflict = mine.locator('article[id="POL.1.1"]').get_by_role("alert")
    expect(conflict).to_contain_text("Chris Contributor saved this answer on")
    expect(conflict).to_contain_text("after you opened the page")
    expect(conflict).to_contain_text("Saved answer: 2 Developing")
    expect(conflict).to_contain_text("Your answer: 3 Established")
    expect(mine.locator('article[id="POL.1.1"]').get_by_label("3 Established")).to_be_checked()
    assert Answer.objects.get(indicator__code="POL.1.2").level == 1  # saved, no conflict there
    assert Answer.objects.get(indicator__code="POL.1.1").level == 2  # nothing written yet

    conflict.get_by_label(choice).check()
    assert post_status(mine, mine.get_by_role("button", name="Save", exact=True)) == 302

    expect(mine.get_by_text("Your answers were saved.")).to_be_visible()
    expect(mine.get_by_role("alert")).to_have_count(0)
    answer = Answer.objects.get(indicator__code="POL.1.1")
    assert (answer.level, str(answer.updated_by)) == (int(kept[0]), kept_by)
    theirs.reload()
    expect(theirs.locator('article[id="POL.1.1"]').get_by_label(kept)).to_be_checked()
    expect(theirs.locator('article[id="POL.1.1"]')).to_contain_text(f"Changed by {kept_by} on")
