"""The results page in a real browser: scores, the radar chart and the gap list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessments.models import Answer
from assessments.results import assessment_results
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e


def test_results_page_shows_the_scores_chart_and_gaps(page, assessment, focal):
    for n, indicator in enumerate(assessment.applicable_indicators().select_related("scale")):
        Answer.objects.create(
            assessment=assessment, indicator=indicator, level=n % (indicator.scale.max_value + 1)
        )
    expected = assessment_results(assessment).result
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Results (provisional)").click()
    expect(page.locator(".overall-score")).to_contain_text(f"{expected.overall:.0f}")
    expect(page.get_by_role("img", name="Category scores")).to_be_visible()
    expect(page.locator(".gap-item")).to_have_count(len(expected.gaps))
    expect(page.locator(".gap-item").first).to_contain_text(expected.gaps[0].code)


def test_the_pdf_report_downloads_and_is_a_pdf(page, assessment, focal):
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/results/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF report").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
