"""Ask for a document, render it in a worker, serve it, retry it.

`request_document` returns the one job of a document (ready, on its way, or newly queued):
requests never render. `run_job` is what a worker does. Nothing waits forever: a job whose
worker died or that no worker picks up can be retried, and a render that fails says so.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_noop

from assessments.jobs.documents import kind_of
from assessments.jobs.models import DocumentJob, document_storage
from assessments.reports import render_lock

logger = logging.getLogger(__name__)

QUEUE_DOWN = gettext_noop(
    "The report service could not take the request: the queue is not available right now. "
    "Try again in a few minutes; if it keeps failing, tell your administrator."
)
RENDER_FAILED = gettext_noop(
    "Preparing this document failed. Try again; if it fails again, tell your administrator."
)
TOO_LONG = gettext_noop("Preparing this document took too long and was stopped. Try again later.")
WORKER_LOST = gettext_noop("The worker preparing this document stopped. Try again.")
FILE_MISSING = gettext_noop("The stored document could not be found. Prepare it again.")
STORAGE_DOWN = gettext_noop(
    "The document was prepared but could not be stored: the file store is not available right "
    "now. Try again in a few minutes; if it keeps failing, tell your administrator."
)

Status = DocumentJob.Status


def request_document(
    *,
    kind: str,
    subject: str,
    fingerprint: str,
    assessment=None,
    variant: str = "",
    language: str | None = None,
    params: dict | None = None,
    user=None,
    record: bool = False,
    limit: bool = True,
) -> DocumentJob:
    """The job of this document; a new one is queued (once) when there is none yet.

    `limit` counts a new render against the person's render limit (`render_lock.allow_render`,
    raises `RenderLimited`); documents already asked for by anyone are not counted.
    """
    lookup = {
        "kind": kind,
        "subject": subject,
        "variant": variant,
        "language": language or get_language() or settings.LANGUAGE_CODE,
        "fingerprint": fingerprint,
    }
    job = DocumentJob.objects.filter(**lookup).first()
    if job is not None:
        return job
    if limit and user is not None:
        render_lock.allow_render(user.pk)
    try:
        with transaction.atomic():
            job = DocumentJob.objects.create(
                **lookup,
                assessment=assessment,
                params=params or {},
                requested_by=user,
                record=record,
            )
    except IntegrityError:  # a parallel request created it first: share its job
        return DocumentJob.objects.get(**lookup)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_pk: int) -> None:
    """Hand the job to the queue; when the broker cannot take it, the job fails visibly."""
    from assessments.jobs.tasks import render_document

    try:
        render_document.apply_async(
            args=[job_pk],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.5},
        )
    except Exception:  # the broker is down or refuses: tell the person instead of waiting
        logger.exception("Could not queue document job %s", job_pk)
        DocumentJob.objects.filter(pk=job_pk, status=Status.QUEUED).update(
            status=Status.FAILED, error=QUEUE_DOWN, finished_at=timezone.now()
        )


def requeue_waiting_jobs() -> int:
    """Hand every job still waiting for a worker to the queue again; return how many."""
    waiting = list(DocumentJob.objects.filter(status=Status.QUEUED).values_list("pk", flat=True))
    for pk in waiting:
        enqueue(pk)
    if waiting:
        logger.info("Queued again %d document job(s) that were waiting for a worker", len(waiting))
    return len(waiting)


@transaction.atomic
def retry(job: DocumentJob, *, user) -> DocumentJob:
    """Queue a failed, lost or long-waiting job again (counted against the render limit)."""
    job = DocumentJob.objects.select_for_update().get(pk=job.pk)
    if not job.can_retry:
        return job
    render_lock.allow_render(user.pk)
    job.status = Status.QUEUED
    job.error = ""
    job.requested_at = timezone.now()
    job.requested_by = user
    job.started_at = None
    job.worker = ""
    job.save(
        update_fields=["status", "error", "requested_at", "requested_by", "started_at", "worker"]
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def claim(job_pk: int, worker: str) -> bool:
    """Take the job for this worker, in one conditional UPDATE: one worker wins, others skip.

    A job left RUNNING past the hard time limit (its worker died) may be claimed again.
    """
    now = timezone.now()
    lost = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
    return bool(
        DocumentJob.objects.filter(pk=job_pk)
        .filter(Q(status=Status.QUEUED) | Q(status=Status.RUNNING, started_at__lt=lost))
        .update(status=Status.RUNNING, started_at=now, attempts=F("attempts") + 1, worker=worker)
    )


def run_job(job_pk: int, *, worker: str = "") -> DocumentJob | None:
    """Render and store the document of one job (what a worker does); None when not claimed."""
    if not claim(job_pk, worker):
        return None
    job = DocumentJob.objects.get(pk=job_pk)
    started = time.monotonic()
    try:
        # Inside the try: a worker of an older release may not know a new kind (rolling
        # upgrade); the job then fails visibly instead of staying "being prepared".
        kind = kind_of(job)
        with translation.override(job.language):
            content = kind.render(job)
            filename = kind.filename(job)
    except SoftTimeLimitExceeded:
        logger.error("Document job %s (%s) took too long", job.pk, job.kind)
        return _fail(job, TOO_LONG)
    except Exception:
        logger.exception("Document job %s (%s) failed", job.pk, job.kind)
        return _fail(job, RENDER_FAILED)
    try:
        name = document_storage().save(
            f"{job.kind}/{job.public_id}.{kind.extension}", ContentFile(content)
        )
    except Exception:  # disk full, store unreachable: say so, the job can be retried
        logger.exception("Document job %s (%s): storing the file failed", job.pk, job.kind)
        return _fail(job, STORAGE_DOWN)
    job.status = Status.READY
    job.file_name = name
    job.filename = filename[:200]
    job.size = len(content)
    job.error = ""
    job.finished_at = timezone.now()
    job.render_seconds = round(time.monotonic() - started, 3)
    job.save(
        update_fields=[
            "status",
            "file_name",
            "filename",
            "size",
            "error",
            "finished_at",
            "render_seconds",
        ]
    )
    logger.info(
        "Document job %s (%s %s) rendered by %s in %.2f s, %d bytes",
        job.pk,
        job.kind,
        job.variant,
        worker or "this process",
        job.render_seconds,
        job.size,
    )
    supersede(job)
    return job


def _fail(job: DocumentJob, message: str) -> DocumentJob:
    job.status = Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job


def supersede(job: DocumentJob) -> int:
    """Delete the older versions of a draft's document (other fingerprints), files included.

    Records made at submission are kept; so are versions still being prepared.
    """
    older = (
        DocumentJob.objects.for_document(
            kind=job.kind, subject=job.subject, variant=job.variant, language=job.language
        )
        .exclude(pk=job.pk)
        .filter(record=False, status__in=[Status.READY, Status.FAILED])
    )
    count = 0
    for old in older:
        old.delete()  # the post_delete signal removes its file
        count += 1
    return count


def file_missing(job: DocumentJob) -> None:
    """The stored file is gone (deleted by hand, storage lost): the job can be retried."""
    logger.error("Document job %s: stored file %s is missing", job.pk, job.file_name)
    _fail(job, FILE_MISSING)


def delete_file(sender, instance: DocumentJob, **kwargs) -> None:
    """post_delete: a job's file goes with it (whatever deleted the row, cascades included)."""
    if instance.file_name:
        try:
            document_storage().delete(instance.file_name)
        except Exception:  # a file that cannot be deleted must not block deleting the data
            logger.exception("Could not delete stored document %s", instance.file_name)
