"""Asking for a document queues it once; a worker renders and stores it; failures show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.jobs import services
from assessments.jobs.models import DocumentJob
from assessments.reports.render_lock import RenderLimited

pytestmark = pytest.mark.django_db

Status = DocumentJob.Status


def ask(assessment, user, fingerprint="f1", **extra):
    return services.request_document(
        kind="test-note",
        subject=f"assessment:{assessment.pk}",
        assessment=assessment,
        fingerprint=fingerprint,
        user=user,
        **extra,
    )


def test_asking_queues_one_job_and_hands_it_to_the_queue_after_commit(
    note_kind, assessment, focal, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(services, "enqueue", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        job = ask(assessment, focal)
        again = ask(assessment, focal)
    assert again.pk == job.pk
    assert job.status == Status.QUEUED
    assert queued == [job.pk]  # asked twice, queued once


def test_a_worker_renders_and_stores_the_document(note_kind, assessment, focal, settings):
    job = ask(assessment, focal, language="en")
    done = services.run_job(job.pk, worker="w1")
    assert done.status == Status.READY
    assert done.worker == "w1"
    assert done.attempts == 1
    with done.open_file() as stored:
        assert stored.read() == f"note for assessment:{assessment.pk} in en".encode()
    assert done.filename == f"note-assessment:{assessment.pk}.txt"


def test_a_second_delivery_of_the_same_job_does_not_render_it_again(note_kind, assessment, focal):
    job = ask(assessment, focal)
    assert services.run_job(job.pk, worker="w1") is not None
    assert services.run_job(job.pk, worker="w2") is None
    job.refresh_from_db()
    assert (job.worker, job.attempts) == ("w1", 1)


def test_a_failing_render_is_marked_failed_with_a_message_and_can_be_retried(
    note_kind, assessment, focal
):
    job = ask(assessment, focal, params={"fail": True})
    failed = services.run_job(job.pk)
    assert failed.status == Status.FAILED
    assert failed.error == services.RENDER_FAILED
    assert failed.can_retry
    retried = services.retry(failed, user=focal)
    assert retried.status == Status.QUEUED
    assert retried.error == ""


def test_a_job_whose_worker_died_can_be_claimed_again(note_kind, assessment, focal, settings):
    job = ask(assessment, focal)
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, started_at=long_ago, worker="dead"
    )
    job.refresh_from_db()
    assert job.running_too_long()
    assert job.can_retry
    assert services.run_job(job.pk, worker="alive").status == Status.READY


def test_a_job_no_worker_takes_says_so_after_the_patience(note_kind, assessment, focal, settings):
    job = ask(assessment, focal)
    assert not job.waiting_too_long()
    later = timezone.now() + timedelta(seconds=settings.DOCUMENT_QUEUE_PATIENCE + 1)
    assert job.waiting_too_long(now=later)


def test_when_the_broker_refuses_the_job_fails_visibly(note_kind, assessment, focal, monkeypatch):
    from assessments.jobs import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("no broker")

    monkeypatch.setattr(tasks.render_document, "apply_async", broker_down)
    job = ask(assessment, focal)
    services.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == services.QUEUE_DOWN


def test_new_renders_count_against_the_persons_limit_but_known_documents_do_not(
    note_kind, assessment, focal, settings
):
    settings.REPORT_RENDER_LIMIT = 1
    ask(assessment, focal, fingerprint="a")
    ask(assessment, focal, fingerprint="a")  # the same document: not counted
    with pytest.raises(RenderLimited):
        ask(assessment, focal, fingerprint="b")


def test_a_newer_draft_version_replaces_the_older_file_but_records_stay(
    note_kind, assessment, focal, documents_storage
):
    record = ask(assessment, focal, fingerprint="submitted:1", record=True)
    services.run_job(record.pk)
    old = services.run_job(ask(assessment, focal, fingerprint="old").pk)
    old_path = documents_storage / old.file_name
    assert old_path.exists()
    services.run_job(ask(assessment, focal, fingerprint="new").pk)
    assert not DocumentJob.objects.filter(pk=old.pk).exists()
    assert not old_path.exists()
    assert DocumentJob.objects.filter(pk=record.pk).exists()


def test_deleting_the_assessment_deletes_its_documents_and_files(
    note_kind, assessment, focal, documents_storage
):
    job = services.run_job(ask(assessment, focal).pk)
    path = documents_storage / job.file_name
    assessment.delete()
    assert not path.exists()


def test_a_job_of_a_kind_this_worker_does_not_know_fails_visibly(assessment, focal):
    """A worker of an older release during an upgrade: failed and retryable, never stuck."""
    job = services.request_document(
        kind="kind-of-a-newer-release",
        subject=f"assessment:{assessment.pk}",
        assessment=assessment,
        fingerprint="f",
        user=focal,
    )
    failed = services.run_job(job.pk)
    assert failed.status == Status.FAILED
    assert failed.can_retry


def test_a_file_that_cannot_be_stored_fails_visibly(note_kind, assessment, focal, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    failed = services.run_job(ask(assessment, focal).pk)
    assert failed.status == Status.FAILED
    assert failed.error == services.STORAGE_DOWN


def test_a_starting_worker_queues_again_the_jobs_still_waiting(
    note_kind, assessment, focal, monkeypatch
):
    """Jobs asked for while no worker could take them are not left waiting for a retry."""
    from assessments.jobs import tasks

    waiting = ask(assessment, focal, fingerprint="waiting")
    services.run_job(ask(assessment, focal, fingerprint="done").pk)
    queued = []
    monkeypatch.setattr(services, "enqueue", queued.append)
    assert tasks.requeue_waiting() == 1
    assert queued == [waiting.pk]
