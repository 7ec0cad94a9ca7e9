"""One row per treaty and assessment: party, signed only, not party or not known."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessments import Assessment
from roadmap.models import Instrument

NOTE_MAX_LENGTH = 1000


class LegalStatusQuerySet(models.QuerySet):
    def in_order(self) -> LegalStatusQuerySet:
        """Rows with their instrument, in the order the profile lists treaties."""
        return self.select_related("instrument").order_by(
            "instrument__year", "instrument__short_name", "instrument__name"
        )


class LegalStatus(models.Model):
    """Where the member state stands on one treaty, as recorded in one assessment.

    Kept with the assessment (not with the member state) so that an old report keeps the
    profile it was written with.
    """

    class Status(models.TextChoices):
        PARTY = "party", _("Party (ratified or acceded)")
        SIGNED = "signed", _("Signed, not ratified")
        NOT_PARTY = "not_party", _("Not party")
        UNKNOWN = "unknown", _("Not known")

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="legal_statuses",
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("treaty"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("Year of ratification or accession (or of signature, when signed only)."),
    )
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = LegalStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal status")
        verbose_name_plural = _("legal statuses")
        ordering = ["assessment_id", "instrument_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "instrument"], name="assessments_one_status_per_treaty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.get_status_display()}"

    VALUE_FIELDS = ("status", "year", "note")

    def values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.VALUE_FIELDS}


EMPTY_STATUS: dict[str, object] = {"status": "", "year": None, "note": ""}


def status_fingerprint(values: dict[str, object]) -> str:
    """A short hash of what the page showed, to tell later whether someone else changed it."""
    text = "\x1f".join(f"{name}={values.get(name)!s}" for name in LegalStatus.VALUE_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
