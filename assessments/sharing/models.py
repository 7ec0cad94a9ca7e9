"""Shares of submitted assessments with the Regional Support Office, and their log.

A `Share` row exists while the assessment is shared: withdrawing (by the focal point, or by
reopening the assessment) deletes it. `ShareLogEntry` keeps every share, change of level and
withdrawal, and every time RSO staff open or download the shared answers; the member state's
team reads it on the sharing page. Nothing is shared by default.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.assessments import Assessment


class ShareLevel(models.TextChoices):
    # Scores only: category, section and pillar scores and bands; nothing per indicator, since
    # a list of gaps would reveal each answer.
    SCORES = "scores", _("Scores only")
    # Also answers, gaps and comments; evidence only with `Share.include_evidence`.
    ANSWERS = "answers", _("Scores and answers")


def level_words(level: str, include_evidence: bool) -> str:
    """The level in a sentence's words: "scores only", "scores and answers, with the evidence"."""
    if level == ShareLevel.SCORES:
        return _("scores only")
    if level != ShareLevel.ANSWERS:
        return ""
    if include_evidence:
        return _("scores and answers, with the evidence")
    return _("scores and answers, without the evidence")


class ShareQuerySet(models.QuerySet):
    def for_region(self, *, demo: bool) -> ShareQuerySet:
        """Shares the regional view counts: real member states' or, on a demonstration site,
        the fictional ones' (never both, so that demo data never enters a real aggregate)."""
        return self.filter(
            assessment__status=Assessment.Status.SUBMITTED,
            assessment__member_state__is_demo=demo,
        )


class Share(models.Model):
    """A submitted assessment that its member state shares with the RSO now."""

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="share"
    )
    level = models.CharField(_("shared"), max_length=8, choices=ShareLevel.choices)
    include_evidence = models.BooleanField(
        _("evidence included"),
        default=False,
        help_text=_("Only with answers: the evidence entered for each indicator."),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("shared at"))

    objects = ShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("share with the RSO")
        verbose_name_plural = _("shares with the RSO")
        constraints = [
            models.CheckConstraint(
                condition=Q(include_evidence=False) | Q(level=ShareLevel.ANSWERS),
                name="sharing_evidence_only_with_answers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_level_display()}"

    @property
    def with_answers(self) -> bool:
        return self.level == ShareLevel.ANSWERS

    @property
    def level_words(self) -> str:
        return level_words(self.level, self.include_evidence)


class ShareLogEntry(models.Model):
    """One share, change, withdrawal, or RSO access to shared answers. Written once."""

    class Kind(models.TextChoices):
        SHARED = "shared", _("Shared")
        CHANGED = "changed", _("Sharing level changed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Withdrawn by reopening")
        VIEWED = "viewed", _("Opened by RSO staff")
        DOWNLOADED = "downloaded", _("Downloaded by RSO staff")

    # The kinds that change what the RSO may see: the regional view's cache key follows them.
    SHARE_CHANGES = (Kind.SHARED, Kind.CHANGED, Kind.WITHDRAWN, Kind.REOPENED)

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="share_log",
    )
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    level = models.CharField(
        _("level"),
        max_length=8,
        choices=ShareLevel.choices,
        blank=True,
        help_text=_("The level shared (for a withdrawal: the level it had)."),
    )
    include_evidence = models.BooleanField(_("evidence included"), default=False)
    detail = models.CharField(
        _("detail"), max_length=200, blank=True, help_text=_("e.g. which download.")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_name = models.CharField(
        _("by (name)"), max_length=254, blank=True, help_text=_("As it was at the time.")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("sharing log entry")
        verbose_name_plural = _("sharing log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "id"], name="sharing_log_kind_id")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if self.by is not None and not self.by_name:
            self.by_name = self.by.get_full_name()
        super().save(*args, **kwargs)

    @property
    def level_words(self) -> str:
        return level_words(self.level, self.include_evidence)
