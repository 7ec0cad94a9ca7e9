"""Evidence documents attached to answers: laws, plans, reports as files.

A file belongs to one assessment's answer to one indicator. Its content lives in the "evidence"
storage (settings.STORAGES) under a random name, never under a public URL. Carrying an
assessment forward copies the row, not the content: both rows name the same stored object.

Removing a file from an answer keeps it (`removed_at`): the answer's history still lists it and
it can still be downloaded from there. Purging deletes the content for good, in every
assessment that carried it, and blanks what could identify a person (the file name, the hash);
the row stays as the record of who purged what kind of file, when and why.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models.assessments import TEXT_MAX_LENGTH, Assessment
from roadmap.models import Indicator

NAME_MAX_LENGTH = 200


def evidence_storage():
    """The "evidence" storage of settings.STORAGES (a folder by default, S3 in production)."""
    return storages["evidence"]


class EvidenceFileQuerySet(models.QuerySet):
    def attached(self) -> EvidenceFileQuerySet:
        """Files on the answer now: neither removed nor purged."""
        return self.filter(removed_at__isnull=True, purged_at__isnull=True)

    def for_member_state(self, member_state) -> EvidenceFileQuerySet:
        if member_state is None:
            return self.none()
        return self.filter(assessment__member_state=member_state)


class EvidenceFile(models.Model):
    class Scan(models.TextChoices):
        CLEAN = "clean", _("Scanned, nothing found")
        NOT_SCANNED = "not-scanned", _("Not scanned (no virus scanner installed)")

    # In URLs: not guessable, and says nothing about how many files exist.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="evidence_files",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("file name"), max_length=NAME_MAX_LENGTH)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The object's name in the evidence storage; blank once purged.
    stored_name = models.CharField(max_length=255, blank=True, db_index=True)
    scan = models.CharField(_("virus scan"), max_length=16, choices=Scan.choices)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried forward from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_by_name = models.CharField(_("removed by (name)"), max_length=254, blank=True)
    purged_at = models.DateTimeField(_("purged at"), null=True, blank=True)
    purged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("purged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_by_name = models.CharField(_("purged by (name)"), max_length=254, blank=True)
    purge_reason = models.TextField(_("reason for purging"), blank=True, max_length=TEXT_MAX_LENGTH)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["assessment", "indicator"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_attached(self) -> bool:
        return self.removed_at is None and self.purged_at is None

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None
