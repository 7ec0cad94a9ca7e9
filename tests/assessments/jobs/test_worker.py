"""Real Celery workers: a document asked for goes through the queue to a worker that renders and
stores it; a failing or too slow render shows as failed and can be retried; two workers never
render one job twice.

The worker runs in a thread of the test process (celery.contrib.testing) over the in-memory
broker the tests use, against the test database. Time limits need the prefork pool of
production (its worker processes share the database: PostgreSQL only), and so does a real race
between two workers.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.utils import timezone

from assessments.jobs import services
from assessments.jobs.documents import KINDS, DocumentKind, register
from assessments.jobs.models import DocumentJob
from assessments.jobs.tasks import render_document
from roadmap.celery import app

# Committed data, so that a worker's own database connection sees it.
committed = pytest.mark.django_db(transaction=True)

Status = DocumentJob.Status
WAIT_SECONDS = 30
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several processes or connections at once"
)


@pytest.fixture(autouse=True)
def quick_polling():
    """The in-memory broker is polled every second by default: tests would mostly wait."""
    options = app.conf.broker_transport_options
    app.conf.broker_transport_options = {**options, "polling_interval": 0.05}
    app.control.purge()  # messages other tests queued for jobs long rolled back
    yield
    app.conf.broker_transport_options = options


@pytest.fixture
def worker():
    """One worker thread (solo pool: one document at a time), stopped after the test."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        yield


def ask(assessment, user, **extra) -> DocumentJob:
    """Ask for the test note as a view would: the job is queued once the request commits."""
    return services.request_document(
        kind="test-note",
        subject=f"assessment:{assessment.pk}",
        assessment=assessment,
        fingerprint="f1",
        language="en",
        user=user,
        **extra,
    )


def finished(job: DocumentJob) -> DocumentJob:
    """The job once a worker is done with it (ready or failed); fails after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (Status.READY, Status.FAILED):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} still {job.status} after {WAIT_SECONDS} s")


@committed
def test_a_document_asked_for_is_rendered_by_a_worker_and_stored(
    note_kind, worker, assessment, focal
):
    job = finished(ask(assessment, focal))
    assert job.status == Status.READY
    assert job.worker == f"{socket.gethostname()}:{os.getpid()}"  # the worker thread's process
    assert job.attempts == 1
    with job.open_file() as stored:
        assert stored.read() == f"note for assessment:{assessment.pk} in en".encode()


@committed
def test_a_render_that_fails_in_the_worker_shows_failed_and_a_retry_renders_it(
    note_kind, worker, assessment, focal
):
    job = finished(ask(assessment, focal, params={"fail": True}))
    assert job.status == Status.FAILED
    assert job.error == services.RENDER_FAILED
    assert job.can_retry
    DocumentJob.objects.filter(pk=job.pk).update(params={})  # whatever broke is mended
    services.retry(job, user=focal)
    job = finished(job)
    assert job.status == Status.READY
    assert job.attempts == 2


# --- Time limits and racing workers need PostgreSQL: worker processes share the database -----


def render_slowly(job) -> bytes:
    time.sleep(float(job.params.get("seconds", 0.3)))
    return b"slow note"


@pytest.fixture
def slow_kind():
    kind = register(
        DocumentKind(
            name="test-slow",
            label=lambda job: "Slow note",
            extension="txt",
            content_type="text/plain",
            render=render_slowly,
            filename=lambda job: "slow.txt",
        )
    )
    yield kind
    KINDS.pop(kind.name, None)


@committed
@on_postgresql
def test_a_render_past_the_soft_time_limit_is_stopped_and_can_be_retried(
    slow_kind, assessment, focal, monkeypatch
):
    """A prefork worker, as in production: the pool interrupts the render in its process."""
    # The limits of DOCUMENT_SOFT_TIME_LIMIT, as Celery bound them to the task, made tiny.
    monkeypatch.setattr(render_document, "soft_time_limit", 1)
    monkeypatch.setattr(render_document, "time_limit", 20)
    monkeypatch.setattr(render_document, "_exec_options", None)  # sent with each message
    with start_worker(app, pool="prefork", perform_ping_check=False, shutdown_timeout=30):
        job = services.request_document(
            kind="test-slow",
            subject=f"assessment:{assessment.pk}",
            assessment=assessment,
            fingerprint="slow",
            params={"seconds": 15},
            user=focal,
        )
        started = time.monotonic()
        job = finished(job)
    assert job.status == Status.FAILED
    assert job.error == services.TOO_LONG
    assert time.monotonic() - started < 10  # stopped at the limit, not after the 15 s render
    assert services.retry(job, user=focal).status == Status.QUEUED


def test_the_workers_time_limits_are_the_settings(settings):
    assert render_document.soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert render_document.time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT + 30


@committed
@on_postgresql
def test_two_workers_racing_for_one_job_render_it_once(slow_kind, assessment, focal):
    job = services.request_document(
        kind="test-slow",
        subject=f"assessment:{assessment.pk}",
        assessment=assessment,
        fingerprint="race",
        user=focal,
        limit=False,
    )
    start = threading.Barrier(2)
    results: dict[str, DocumentJob | None] = {}

    def work(name: str) -> None:
        start.wait()
        try:
            results[name] = services.run_job(job.pk, worker=name)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rendered = [name for name, result in results.items() if result is not None]
    assert len(rendered) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.worker) == (Status.READY, 1, rendered[0])


@pytest.mark.django_db
def test_of_two_workers_finding_a_job_whose_worker_died_one_takes_it(
    note_kind, assessment, focal, settings
):
    job = ask(assessment, focal, limit=False)
    dead_since = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, started_at=dead_since, worker="dead:1"
    )
    assert services.claim(job.pk, "w1") is True
    assert services.claim(job.pk, "w2") is False  # w1's claim is fresh
    job.refresh_from_db()
    assert (job.worker, job.attempts) == ("w1", 1)
