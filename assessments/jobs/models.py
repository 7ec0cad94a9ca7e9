"""A document rendered by a background worker and stored through Django's storage API.

One `DocumentJob` row per distinct document: its kind (e.g. the gap report), its subject (an
assessment, or the regional view), variant, language and the fingerprint of everything that
goes into it. The unique constraint on those five makes parallel requests for the same document
share one row, so it is rendered once; the worker claims the row with one conditional UPDATE
(`services.run_job`), so two workers never render it twice either.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.assessments import Assessment


def document_storage():
    """The "documents" storage of settings.STORAGES (a folder by default; any Django storage)."""
    return storages["documents"]


def patience_ended(now=None):
    """The time before which a job still queued has waited longer than a worker should take."""
    return (now or timezone.now()) - timedelta(seconds=settings.DOCUMENT_QUEUE_PATIENCE)


class DocumentJobQuerySet(models.QuerySet):
    def for_document(self, *, kind: str, subject: str, variant: str, language: str):
        return self.filter(kind=kind, subject=subject, variant=variant, language=language)

    def waiting_too_long(self, now=None):
        """Jobs still queued after DOCUMENT_QUEUE_PATIENCE (the status, requested_at index)."""
        return self.filter(status=DocumentJob.Status.QUEUED, requested_at__lt=patience_ended(now))


class DocumentJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=40)
    # "assessment:<pk>" or "regional": what the document is about, for the unique constraint.
    subject = models.CharField(max_length=40)
    # The assessment for access checks (and so that deleting it deletes its documents). A kind
    # with its own access rule (DocumentKind.access) decides instead, e.g. the RSO's drill-down.
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="document_jobs"
    )
    variant = models.CharField(max_length=20, blank=True)  # e.g. "summary" or "full"
    language = models.CharField(max_length=12)
    # A hash of the inputs, or "submitted:<time>" for the record made at submission.
    fingerprint = models.CharField(max_length=80)
    params = models.JSONField(default=dict, blank=True)  # e.g. the regional view's filters
    # The report rendered at submission: the record as submitted, never superseded.
    record = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)  # the worker's host name and pid
    error = models.TextField(blank=True)  # what the person is told; the traceback is logged
    # The name in the "documents" storage (looked up on each use, not fixed at import, so that
    # settings and tests can point the storage elsewhere).
    file_name = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)  # the download's name
    size = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)

    objects = DocumentJobQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "variant", "language", "fingerprint"],
                name="one_job_per_document",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.variant} {self.subject} ({self.status})"

    def open_file(self):
        """The stored file, opened for reading (FileNotFoundError/OSError when it is gone)."""
        return document_storage().open(self.file_name, "rb")

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def running_too_long(self, now=None) -> bool:
        """A render that outlived the worker's hard time limit: its worker died or hangs."""
        now = now or timezone.now()
        limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
        return self.status == self.Status.RUNNING and bool(
            self.started_at and now - self.started_at > limit
        )

    def waiting_too_long(self, now=None) -> bool:
        """Queued longer than a worker should take to pick it up: no worker may be running."""
        return self.status == self.Status.QUEUED and self.requested_at < patience_ended(now)

    @property
    def can_retry(self) -> bool:
        return self.is_failed or self.running_too_long() or self.waiting_too_long()
