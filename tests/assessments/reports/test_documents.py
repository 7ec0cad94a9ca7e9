"""The member state's documents on the queue: the record made at submission, the fingerprints.

A submitted assessment's report is the record as submitted: queued at submission (summary and
full, in the submitter's language), rendered by a worker, then served as it was.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from assessments.jobs import services
from assessments.jobs.documents import kind_of
from assessments.jobs.models import DocumentJob
from assessments.models import Answer, Assessment
from assessments.reports import documents, report
from assessments.services import assessment_reopen, assessment_submit
from roadmap.models import Indicator
from tests.assessments.jobs.helpers import body, job_of

pytestmark = pytest.mark.django_db

Status = DocumentJob.Status


@pytest.fixture
def complete(assessment, focal):
    """A draft with every applicable indicator answered: it can be submitted."""
    for indicator in assessment.applicable_indicators():
        Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            level=2,
            evidence=f"Evidence for {indicator.code}",
            updated_by=focal,
        )
    return assessment


@pytest.fixture
def queued(monkeypatch):
    """The job ids handed to the queue (no broker in these tests)."""
    handed = []
    monkeypatch.setattr(services, "enqueue", handed.append)
    return handed


def submit(assessment, by, capture) -> Assessment:
    with capture(execute=True):
        assert assessment_submit(assessment=assessment, by=by) == []
    return Assessment.objects.get(pk=assessment.pk)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_submitting_queues_the_summary_and_the_full_report_as_the_record(
    complete, focal, django_capture_on_commit_callbacks, queued
):
    submitted = submit(complete, focal, django_capture_on_commit_callbacks)
    jobs = DocumentJob.objects.order_by("variant")
    assert [(j.kind, j.variant) for j in jobs] == [("report", "full"), ("report", "summary")]
    for job in jobs:
        assert job.record
        assert job.fingerprint == f"submitted:{submitted.submitted_at.isoformat()}"
        assert job.language == "en"
        assert job.requested_by == focal
        assert job.assessment == submitted
    assert sorted(queued) == sorted(j.pk for j in jobs)


def test_the_record_is_in_the_submitters_language(
    complete, focal, django_capture_on_commit_callbacks, queued, settings
):
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    with translation.override("fr"):
        submit(complete, focal, django_capture_on_commit_callbacks)
    assert set(DocumentJob.objects.values_list("language", flat=True)) == {"fr"}


def test_the_record_is_in_the_submitters_account_language_and_says_so(
    complete, focal, django_capture_on_commit_callbacks, queued
):
    focal.language = "id"
    focal.save()
    with translation.override("en"):  # whatever the page's language
        submit(complete, focal, django_capture_on_commit_callbacks)
    assert set(DocumentJob.objects.values_list("language", flat=True)) == {"id"}
    job = services.run_job(DocumentJob.objects.get(variant="summary").pk)
    with job.open_file() as stored:
        text = pdf_text(stored.read())
    assert "Bahasa Indonesia" in text  # the cover's language of this report


def test_records_are_not_counted_against_the_submitters_render_limit(
    complete, focal, django_capture_on_commit_callbacks, queued, settings
):
    settings.REPORT_RENDER_LIMIT = 1
    submit(complete, focal, django_capture_on_commit_callbacks)
    assert DocumentJob.objects.filter(record=True).count() == 2


def test_a_refused_submission_queues_nothing(
    assessment, focal, django_capture_on_commit_callbacks, queued
):
    with django_capture_on_commit_callbacks(execute=True):
        assert assessment_submit(assessment=assessment, by=focal) != []  # answers missing
    assert not DocumentJob.objects.exists()
    assert queued == []


def test_the_downloaded_report_is_the_record_even_after_the_framework_text_changes(
    client, complete, focal, viewer, django_capture_on_commit_callbacks, queued
):
    submitted = submit(complete, focal, django_capture_on_commit_callbacks)
    for job in DocumentJob.objects.all():
        services.run_job(job.pk, worker="worker-1")
    record = DocumentJob.objects.get(variant="summary")
    with record.open_file() as stored:
        recorded = stored.read()
    Indicator.objects.filter(edition=submitted.edition, code="POL.T.1").update(
        question="A question reworded after the submission?"
    )
    client.force_login(viewer)
    for variant, job in [("", record), ("full", DocumentJob.objects.get(variant="full"))]:
        url = reverse("assessment-report", args=[submitted.pk])
        response = client.get(f"{url}?variant={variant}" if variant else url)
        assert response.status_code == 200
        with job.open_file() as stored:
            assert body(response) == stored.read()
    assert DocumentJob.objects.count() == 2  # nothing asked anew, nothing rendered anew
    assert "A question reworded" not in pdf_text(recorded)
    assert "Submitted" in pdf_text(recorded)
    assert "DRAFT" not in pdf_text(recorded)


def test_downloading_in_another_language_asks_for_a_render_of_the_submitted_data(
    client, complete, focal, viewer, django_capture_on_commit_callbacks, queued, settings
):
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    submitted = submit(complete, focal, django_capture_on_commit_callbacks)
    client.force_login(viewer)
    url = reverse("assessment-report", args=[submitted.pk])
    job = job_of(client.get(url, headers={"accept-language": "fr"}))
    assert (job.language, job.record) == ("fr", False)
    assert job.fingerprint == documents.submission_fingerprint(submitted)


def test_a_reopened_and_resubmitted_assessment_gets_a_new_record_and_keeps_the_old(
    complete, focal, django_capture_on_commit_callbacks, queued
):
    first = submit(complete, focal, django_capture_on_commit_callbacks)
    for job in DocumentJob.objects.all():
        services.run_job(job.pk)
    assessment_reopen(assessment=first, by=focal, reason="A late correction")
    second = submit(first, focal, django_capture_on_commit_callbacks)
    for job in DocumentJob.objects.filter(status=Status.QUEUED):
        services.run_job(job.pk)
    fingerprints = set(DocumentJob.objects.values_list("fingerprint", flat=True))
    assert fingerprints == {
        f"submitted:{first.submitted_at.isoformat()}",
        f"submitted:{second.submitted_at.isoformat()}",
    }
    assert DocumentJob.objects.filter(record=True, status=Status.READY).count() == 4


def test_a_record_whose_assessment_was_reopened_before_a_worker_took_it_fails_visibly(
    complete, focal, django_capture_on_commit_callbacks, queued
):
    submitted = submit(complete, focal, django_capture_on_commit_callbacks)
    assessment_reopen(assessment=submitted, by=focal, reason="Too early")
    job = DocumentJob.objects.get(variant="summary")
    failed = services.run_job(job.pk)
    assert failed.status == Status.FAILED
    assert failed.error == services.RENDER_FAILED


def test_the_demo_dates_its_submission_after_submitting_and_the_record_follows(
    complete, focal, django_capture_on_commit_callbacks, queued
):
    """assessments.demo backdates in the same transaction: the record reads the time at commit."""
    earlier = timezone.now().replace(year=2025, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assessment_submit(assessment=complete, by=focal)
        Assessment.objects.filter(pk=complete.pk).update(submitted_at=earlier)
    assert set(DocumentJob.objects.values_list("fingerprint", flat=True)) == {
        f"submitted:{earlier.isoformat()}"
    }


# --- Fingerprints -------------------------------------------------------------------------------


def test_a_drafts_report_and_workbook_have_their_own_fingerprints(complete):
    assert documents.report_document_fingerprint(complete) == report.report_fingerprint(complete)
    assert documents.workbook_fingerprint(complete) != report.report_fingerprint(complete)


def test_a_submitted_assessments_documents_are_named_by_the_time_of_submission(complete):
    complete.status = Assessment.Status.SUBMITTED
    complete.submitted_at = timezone.now()
    expected = f"submitted:{complete.submitted_at.isoformat()}"
    assert documents.report_document_fingerprint(complete) == expected
    assert documents.workbook_fingerprint(complete) == expected


def test_each_kind_has_a_label_and_a_file_name(complete, focal):
    job = documents.request_report(complete, variant=documents.FULL, user=focal)
    assert kind_of(job).label(job) == (
        "Full gap report with the annex of every answer: National self-assessment"
    )
    assert kind_of(job).filename(job) == "alphaland-2026-national-self-assessment-full-draft.pdf"
