"""Assessments, their answers (with full history) and their events."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models.accounts import MemberState
from roadmap.models import Category, Challenge, Edition, Indicator

TEXT_MAX_LENGTH = 10_000


class AssessmentQuerySet(models.QuerySet):
    def for_member_state(self, member_state: MemberState | None) -> AssessmentQuerySet:
        """Assessments the member state owns (none for users without a member state)."""
        if member_state is None:
            return self.none()
        return self.filter(member_state=member_state)

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.DRAFT)

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.SUBMITTED)


class Assessment(models.Model):
    """A member state's self-assessment, pinned to one framework edition."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("framework edition"),
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text=_("Fixed when the assessment starts; later editions do not change it."),
    )
    title = models.CharField(_("title"), max_length=200)
    reporting_year = models.PositiveSmallIntegerField(
        _("reporting year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("The maturity level the country aims for: 3 Established by default."),
    )
    profile_origin = models.BooleanField(_("country of origin"), default=True)
    profile_transit = models.BooleanField(_("country of transit"), default=False)
    profile_destination = models.BooleanField(_("country of destination"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("answers carried forward from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("challenges that apply"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    request_token = models.UUIDField(
        _("creation request"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Identifies the form that created it, so a double submit creates one."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-reporting_year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "reporting_year", "title"],
                name="assessments_unique_title_per_year",
                violation_error_message=_(
                    "Your member state already has an assessment with this title for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=4),
                name="assessments_target_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reporting_year})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def profile(self) -> list[str]:
        """Return the labels of the country profile, e.g. ['origin', 'destination']."""
        flags = [
            (self.profile_origin, _("origin")),
            (self.profile_transit, _("transit")),
            (self.profile_destination, _("destination")),
        ]
        return [str(label) for flag, label in flags if flag]

    def applies(self, indicator: Indicator) -> bool:
        """Return whether the indicator applies to this country's profile."""
        return (
            (self.profile_origin and indicator.applies_to_origin)
            or (self.profile_transit and indicator.applies_to_transit)
            or (self.profile_destination and indicator.applies_to_destination)
        )

    def applicable_indicators(self) -> models.QuerySet:
        """Indicators of the assessment's edition that apply to its profile."""
        profile = Q(pk__in=[])
        if self.profile_origin:
            profile |= Q(applies_to_origin=True)
        if self.profile_transit:
            profile |= Q(applies_to_transit=True)
        if self.profile_destination:
            profile |= Q(applies_to_destination=True)
        return Indicator.objects.in_edition(self.edition).filter(profile)


class AnswerQuerySet(models.QuerySet):
    def complete(self) -> AnswerQuerySet:
        """Answers that count as answered: a level, or not applicable (with justification).

        Not applicable on a critical indicator is not an answer: critical indicators apply to
        every member state (docs/scoring.md), so such an answer, stored before the rule, is
        counted as missing until someone gives a level. The database form of
        `scoring.answer_input(...).answered`; a test holds the two to the same answers.
        """
        return self.filter(
            Q(level__isnull=False) | Q(not_applicable=True, indicator__critical=False)
        )


class Answer(models.Model):
    """The member state's answer to one indicator. Every change is kept in `history`."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=[MaxValueValidator(4)]
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    na_justification = models.TextField(
        _("why it does not apply"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=TEXT_MAX_LENGTH)
    evidence_links = models.TextField(
        _("evidence links"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("One web address per line."),
    )
    comment = models.TextField(_("comment"), blank=True, max_length=TEXT_MAX_LENGTH)
    carried_forward = models.BooleanField(
        _("carried forward"),
        default=False,
        help_text=_("Copied from the previous assessment and not changed since."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Counts saves; detects concurrent edits.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name as it was at the change: history, overview and reports show it, so that a
    # later change of the account (a new name, another member state) never rewrites them.
    updated_by_name = models.CharField(_("changed by (name)"), max_length=254, blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="assessments_one_answer_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.not_applicable:
            return str(_("Not applicable"))
        if self.level is None:
            return str(_("Not answered"))
        return str(self.level)

    ANSWER_FIELDS = (
        "level",
        "not_applicable",
        "na_justification",
        "evidence",
        "evidence_links",
        "comment",
    )

    def values(self) -> dict[str, object]:
        """Return the fields a user edits, for comparison and fingerprints."""
        return {name: getattr(self, name) for name in self.ANSWER_FIELDS}


def fingerprint(values: dict[str, object]) -> str:
    """Return a short stable hash of answer values, to tell later whether a user changed them."""
    text = "\x1f".join(f"{key}={values.get(key)!s}" for key in Answer.ANSWER_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


EMPTY_VALUES: dict[str, object] = {
    "level": None,
    "not_applicable": False,
    "na_justification": "",
    "evidence": "",
    "evidence_links": "",
    "comment": "",
}


class AssessmentEvent(models.Model):
    """Something that happened to an assessment as a whole: created, submitted, reopened."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
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
    reason = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        # Events are written once: the name is taken when it happens, never refreshed.
        if self.by is not None and not self.by_name:
            self.by_name = self.by.get_full_name()
        super().save(*args, **kwargs)


class CategoryTarget(models.Model):
    """A target level for one category, overriding the assessment's target for its gaps."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="category_targets",
    )
    category = models.CharField(_("category"), max_length=4, choices=Category.Code.choices)
    level = models.PositiveSmallIntegerField(
        _("target level"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("category target")
        verbose_name_plural = _("category targets")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "category"], name="assessments_one_target_per_category"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="assessments_category_target_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.level}"
