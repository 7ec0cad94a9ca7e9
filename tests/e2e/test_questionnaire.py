"""Work offline: download the policy category, fill it in a spreadsheet, upload, confirm."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer
from tests.assessments.questionnaires.helpers import fill
from tests.e2e.helpers import download_when_ready, sign_in

pytestmark = pytest.mark.e2e


def test_a_filled_in_workbook_is_previewed_then_saved(
    page: Page, assessment, focal, worker, tmp_path
):
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Download or upload a workbook").click()
    page.get_by_label("Part of the questionnaire").select_option("category:POL")
    page.get_by_role("button", name="Download the workbook").click()
    workbook = download_when_ready(page, "xlsx")
    assert "questionnaire-category-pol" in workbook.suggested_filename

    with open(workbook.path(), "rb") as handle:
        data = fill(
            handle.read(),
            {
                "POL.1.1": {"level": "3 Established", "evidence": "Ministry of Justice SOP 2025"},
                "POL.1.2": {"level": "1", "comment": "Screening starts next year"},
            },
        )
    filled = tmp_path / "policy.xlsx"
    filled.write_bytes(data)

    page.get_by_role("link", name="Back to working offline with a workbook").click()
    page.get_by_label("Filled-in workbook (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="2 answers would change")).to_be_visible()
    expect(page.locator("table.preview-changes")).to_contain_text("Ministry of Justice SOP 2025")
    assert not Answer.objects.exists()  # nothing saved before the confirmation

    page.get_by_role("button", name="Confirm and save these answers").click()
    expect(page.get_by_text("2 answers were saved from the workbook.")).to_be_visible()
    levels = dict(Answer.objects.values_list("indicator__code", "level"))
    assert levels == {"POL.1.1": 3, "POL.1.2": 1}
    page.goto(f"/assessments/{assessment.pk}/indicators/POL.1.1/history/")
    expect(page.get_by_text("from the workbook policy.xlsx uploaded by Fran Focal")).to_be_visible()
