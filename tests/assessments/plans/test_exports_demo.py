"""The demo's projected scores read the same on the results page, in the PDF and in Excel.

Its own module: the demo loads the reference framework for the module (`framework_module`),
which the small published framework of the other export tests cannot sit beside.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from assessments.models import Assessment, User
from assessments.plans.projected import projected_result
from assessments.reports import exports
from assessments.results import score_assessment
from tests.assessments.jobs.helpers import fetch_document
from tests.assessments.plans.test_exports import pdf_text, sheet_rows
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_draft(framework_module):
    cache.clear()
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
    return Assessment.objects.get(member_state__code="XDL", status=Assessment.Status.DRAFT)


def test_the_demo_drafts_projected_scores_agree_on_the_results_page_pdf_and_excel(
    client, demo_draft
):
    from assessments.demo import FOCAL

    sign_in(client, User.objects.get(email=FOCAL.email))
    url = reverse("assessment-results", args=[demo_draft.pk])
    page = client.get(url).content.decode()
    on_page = re.search(r"data-projected-overall>\s*(\d+)\s*<", page).group(1)
    _, pdf = fetch_document(client, reverse("assessment-report", args=[demo_draft.pk]))
    text = pdf_text(pdf)
    in_pdf = re.search(r"If the action plan succeeds: (\d+) /", text).group(1)
    in_excel = sheet_rows(exports.workbook_bytes(demo_draft), "Scores")[0]["Projected score"]
    expected = projected_result(demo_draft)
    assert on_page == in_pdf == str(in_excel) == str(expected.shown_overall)
    assert expected.overall > score_assessment(demo_draft)[0].overall  # the plan moves it
