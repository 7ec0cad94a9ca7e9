"""The practices library: what member states have done, curated by RSO staff.

An entry is a law, a national action plan, an institution or a practice example of one member
state, in our own words, with its year, pillar, category, source link and the framework
indicators it illustrates (by code, stable across editions, as the action plan links them).
Only published entries are public. A focal point proposes entries for their own member state;
RSO staff publish or reject them (with a reason the proposer reads). See docs/practices.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.accounts import MemberState
from assessments.models.assessments import TEXT_MAX_LENGTH
from roadmap.models import Category, Pillar

SUMMARY_MAX_LENGTH = 2_000


class EntryKind(models.TextChoices):
    LEGISLATION = "legislation", _("Legislation")
    PLAN = "plan", _("National action plan")
    INSTITUTION = "institution", _("Institution")
    PRACTICE = "practice", _("Practice example")


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class PracticeEntryQuerySet(models.QuerySet):
    def published(self) -> PracticeEntryQuerySet:
        """What the public pages show: published entries only."""
        return self.filter(status=EntryStatus.PUBLISHED)

    def proposed(self) -> PracticeEntryQuerySet:
        return self.filter(status=EntryStatus.PROPOSED)

    def for_member_state(self, member_state: MemberState | None) -> PracticeEntryQuerySet:
        if member_state is None:
            return self.none()
        return self.filter(member_state=member_state)


class PracticeEntry(models.Model):
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="practice_entries",
    )
    kind = models.CharField(_("type"), max_length=12, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("The year it was adopted, set up or started."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("A few sentences in your own words: what it is and what it does."),
    )
    pillar = models.CharField(_("pillar"), max_length=12, choices=Pillar.choices)
    category = models.CharField(_("category"), max_length=4, choices=Category.Code.choices)
    source_url = models.URLField(
        _("source link"),
        max_length=500,
        blank=True,
        help_text=_("A public web page about it (https://…)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.PROPOSED
    )
    rejection_reason = models.TextField(
        _("why it was not published"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("The proposer reads this."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Counts saves; detects concurrent edits.")
    )

    objects = PracticeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice library entry")
        verbose_name_plural = _("practice library entries")
        ordering = ["member_state__name", "-year", "title"]
        constraints = [
            # The same law, plan, institution or practice entered twice.
            models.UniqueConstraint(
                fields=["member_state", "kind", "title", "year"],
                name="practices_entry_unique",
                violation_error_message=_(
                    "The library already has this entry for this member state and year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=EntryStatus.REJECTED) | ~Q(rejection_reason=""),
                name="practices_rejection_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_published(self) -> bool:
        return self.status == EntryStatus.PUBLISHED


class PracticeIndicator(models.Model):
    """A framework indicator the entry illustrates, by code (stable across editions)."""

    entry = models.ForeignKey(
        PracticeEntry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    indicator_code = models.CharField(_("indicator code"), max_length=24)

    class Meta:
        verbose_name = _("linked indicator")
        verbose_name_plural = _("linked indicators")
        ordering = ["indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "indicator_code"], name="practices_one_link_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return self.indicator_code
