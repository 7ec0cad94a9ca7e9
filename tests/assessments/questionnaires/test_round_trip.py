"""Download the policy category, fill ten rows, upload, review, confirm, see the history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer
from assessments.questionnaires.models import WorkbookImport
from tests.assessments.questionnaires.helpers import download, fill, upload

pytestmark = pytest.mark.django_db


def policy_codes(assessment) -> list[str]:
    return list(
        assessment.applicable_indicators()
        .filter(section__category__code="POL")
        .values_list("code", flat=True)
    )


def test_ten_policy_rows_filled_offline_are_saved_after_the_preview(
    policy, assessment, focal_client
):
    codes = policy_codes(assessment)
    assert len(codes) == 10
    data = download(focal_client, assessment)
    filled = fill(
        data,
        {
            code: {"level": "2", "evidence": f"Agency report on {code}", "comment": "from MoJ"}
            for code in codes
        },
    )
    response = upload(focal_client, assessment, filled, name="policy.xlsx")
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = focal_client.get(response["Location"])
    page = preview.content.decode()
    assert "10 answers would change" in page
    assert "Agency report on POL.U.6" in page
    assert Answer.objects.filter(assessment=assessment).count() == 0  # nothing saved yet

    confirmed = focal_client.post(response["Location"])
    assert confirmed.status_code == 302
    answers = Answer.objects.filter(assessment=assessment)
    assert answers.count() == 10
    assert {a.level for a in answers} == {2}
    upload_row = WorkbookImport.objects.get()
    assert upload_row.status == WorkbookImport.Status.APPLIED
    assert upload_row.saved_count == 10
    history = focal_client.get(reverse("answer-history", args=[assessment.pk, codes[0]]))
    assert "from the workbook policy.xlsx uploaded by" in history.content.decode()
