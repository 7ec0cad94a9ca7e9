"""The results page in a real browser: scores, the radar chart and the gap list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Answer
from assessments.results import assessment_results
from tests.e2e.helpers import PHONE, screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_results_page_shows_the_scores_chart_and_gaps(page, assessment, focal):
    for n, indicator in enumerate(assessment.applicable_indicators().select_related("scale")):
        Answer.objects.create(
            assessment=assessment, indicator=indicator, level=n % (indicator.scale.max_value + 1)
        )
    expected = assessment_results(assessment).result
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Results", exact=True).click()  # complete: not provisional
    expect(page.locator(".overall-score")).to_contain_text(str(expected.shown_overall))
    expect(page.get_by_role("img", name="Category scores")).to_be_visible()
    expect(page.locator(".gap-item")).to_have_count(len(expected.gaps))
    expect(page.locator(".gap-item").first).to_contain_text(expected.gaps[0].code)


def answer_everything(assessment, level: int) -> None:
    for indicator in assessment.applicable_indicators():
        Answer.objects.create(assessment=assessment, indicator=indicator, level=level)


# The rendered size of an SVG text: its font size in user units times the SVG's scale.
CHART_TEXT_PX = """() => [
  ...Array.from(document.querySelectorAll('svg.chart text')).map(
    t => parseFloat(t.getAttribute('font-size')) * t.ownerSVGElement.getScreenCTM().a),
  ...Array.from(document.querySelectorAll('.bar-chart .bar-label, .bar-chart .bar-number')).map(
    e => parseFloat(getComputedStyle(e).fontSize)),
]"""


def test_chart_text_stays_legible_on_a_phone(page, assessment, focal):
    answer_everything(assessment, 2)
    sign_in(page, focal.email)
    page.set_viewport_size(PHONE)
    page.goto(f"/assessments/{assessment.pk}/results/")
    expect(page.locator(".bar-chart").first).to_be_visible()
    sizes = page.evaluate(CHART_TEXT_PX)
    assert len(sizes) > 4 + 2 * (4 + 4)  # radar labels, section and pillar bars
    assert min(sizes) >= 12
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the screen
    screenshot(page, "results-phone")


def test_filtering_the_gaps_keeps_the_reader_at_the_gaps(page, assessment, focal):
    answer_everything(assessment, 1)
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/results/")
    page.get_by_label("Category", exact=True).select_option(label="Policy")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"\?category=POL&pillar=#gaps$"))
    expect(page.get_by_role("heading", name="Gaps, most important first")).to_be_in_viewport()
    assert page.evaluate("() => window.scrollY") > 0
    expect(page.locator(".gap-item")).to_have_count(2)
