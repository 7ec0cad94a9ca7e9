"""An uploaded questionnaire workbook, between its preview and the user's confirmation.

The upload is read once: what each row would change is kept in `rows` (JSON), not the file.
Confirming applies those rows with the section page's conflict rule, in one transaction; each
answer's history entry names the upload (`history_reason`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.assessments import Assessment

REASON_PREFIX = "workbook:"


class WorkbookImportQuerySet(models.QuerySet):
    def named_by(self, reasons) -> dict[str, WorkbookImport]:
        """The uploads that history reasons ("workbook:<public_id>") name, by reason; one query."""
        ids = set()
        for reason in reasons:
            if reason and reason.startswith(REASON_PREFIX):
                try:
                    ids.add(uuid.UUID(reason.removeprefix(REASON_PREFIX)))
                except ValueError:
                    continue
        if not ids:
            return {}
        return {upload.history_reason(): upload for upload in self.filter(public_id__in=ids)}


class WorkbookImport(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        APPLIED = "applied", _("Applied")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="workbook_imports",
    )
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    scope = models.CharField(_("part of the questionnaire"), max_length=40, blank=True)
    language = models.CharField(_("language of the workbook"), max_length=12, blank=True)
    downloaded_at = models.DateTimeField(_("workbook made at"), null=True, blank=True)
    # Per indicator code: the values read, the version and fingerprint stamped at download.
    rows = models.JSONField(_("rows read"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREVIEW
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by_name = models.CharField(_("uploaded by (name)"), max_length=254, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    saved_count = models.PositiveIntegerField(_("answers saved"), default=0)

    objects = WorkbookImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("workbook upload")
        verbose_name_plural = _("workbook uploads")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    def history_reason(self) -> str:
        """What each answer's history entry says about where the change came from."""
        return f"{REASON_PREFIX}{self.public_id}"
