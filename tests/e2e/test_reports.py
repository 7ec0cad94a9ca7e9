"""The gap report in the browser, made by a real Celery worker running in a thread.

The journey of issue 16: a focal point submits a complete draft and downloads its report a
moment later (the record the worker made at submission, summary and full); a draft's report
is asked for, its progress page (checked with axe-core, waiting and ready) updates itself
in place until the worker is done and then offers the download.
"""

from __future__ import annotations

import io
import time

import pypdf
import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Page, expect

from assessments.answering import Submission, section_save
from assessments.jobs.models import DocumentJob
from assessments.models import EMPTY_VALUES, Assessment, User
from roadmap.celery import app
from tests.e2e.a11y import check_page
from tests.e2e.helpers import WORKER_PATIENCE, download_when_ready, post_status, sign_in

pytestmark = pytest.mark.e2e


def answer_everything(assessment: Assessment, by: User) -> None:
    submissions = [
        Submission(i, {**EMPTY_VALUES, "level": 2, "evidence": f"Law {i.code}"}, 0, "")
        for i in assessment.applicable_indicators()
    ]
    section_save(assessment=assessment, by=by, submissions=submissions)


def wait_until_ready(**lookup) -> DocumentJob:
    """As a person who comes back a moment later: the worker has made the document by then."""
    deadline = time.monotonic() + WORKER_PATIENCE / 1000
    while time.monotonic() < deadline:
        job = DocumentJob.objects.filter(**lookup).first()
        if job is not None and job.is_ready:
            return job
        assert job is None or not job.is_failed, job.error
        time.sleep(0.2)
    raise AssertionError(f"no worker made the document {lookup} in time")


def pdf_text(path) -> str:
    with open(path, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def stored(job: DocumentJob) -> bytes:
    with job.open_file() as handle:
        return handle.read()


def test_submit_and_download_the_report_a_moment_later(page: Page, assessment, focal, worker):
    answer_everything(assessment, focal)
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/submit/")
    assert post_status(page, page.get_by_role("button", name="Submit the assessment")) == 302
    expect(page.get_by_text("The assessment was submitted and is now read-only.")).to_be_visible()

    summary = wait_until_ready(assessment=assessment, variant="summary", record=True)
    assert summary.worker  # made by the worker thread, not by a request
    page.goto(f"/assessments/{assessment.pk}/results/")
    expect(page.get_by_text("The report as submitted on")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    text = pdf_text(download.value.path())
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == stored(summary)
    assert "Summary, without the annex of every answer" in text
    assert "Submitted on" in text
    assert "DRAFT" not in text

    full = wait_until_ready(assessment=assessment, variant="full", record=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Full report with the annex of every answer").click()
    assert download.value.suggested_filename.endswith("-full.pdf")
    assert "Law PLAN.1.1" in " ".join(pdf_text(download.value.path()).split())
    assert full.worker
    assert DocumentJob.objects.count() == 2  # the downloads asked for nothing new


def test_a_drafts_report_shows_its_progress_until_the_worker_is_done(page: Page, assessment, focal):
    answer_everything(assessment, focal)
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/results/")
    page.get_by_role("link", name="Download the report (PDF)").click()
    expect(page.get_by_text("Your document is waiting for a worker.")).to_be_visible()
    assert check_page(page, "document-progress-waiting") == []  # no worker yet
    progress_url = page.url

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        status = page.get_by_role("status")
        # The page updates its status in place (no reload) once the worker is done.
        expect(status).to_contain_text("Your document is ready.", timeout=WORKER_PATIENCE)
        assert page.url == progress_url
        assert check_page(page, "document-progress-ready") == []
        download = download_when_ready(page, "pdf")
    assert download.suggested_filename.endswith("-draft.pdf")
    text = pdf_text(download.path())
    assert "DRAFT" in text
    assert "Annex A" not in text
    job = DocumentJob.objects.get(assessment=assessment)
    assert (job.variant, job.record) == ("summary", False)
    assert job.worker
