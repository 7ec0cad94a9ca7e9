"""Agencies and actions: the member state's national action plan.

The plan belongs to the member state, not to an assessment: an action records the assessment
in which its gap was found (`found_in`) and is linked to indicators by code (`ActionIndicator`),
so that it carries over to the next assessment, even on a later framework edition. Every change
of an action and of its aims is kept (django-simple-history), so the plan can be shown as it
stood on any date (`Action.history.as_of(...)`, `ActionIndicator.history.as_of(...)`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models.accounts import MemberState
from assessments.models.assessments import TEXT_MAX_LENGTH, Assessment
from assessments.projection import COUNTED_STATUSES, Aim


class Agency(models.Model):
    """A government agency of a member state that can lead or join actions."""

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. “Ministry of Labour and Employment”.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=30,
        blank=True,
        help_text=_("Optional, for the timeline and tables, e.g. “MoLE”."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "name"],
                name="plans_agency_unique_name",
                violation_error_message=_("Your member state already has an agency of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The short name where there is one: tables and the timeline are narrow."""
        return self.short_name or self.name


class ActionQuerySet(models.QuerySet):
    def for_member_state(self, member_state: MemberState | None) -> ActionQuerySet:
        """The member state's actions (none for users without a member state)."""
        if member_state is None:
            return self.none()
        return self.filter(member_state=member_state)

    def open(self) -> ActionQuerySet:
        """Actions still to be done: neither done nor dropped."""
        return self.exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])

    def counted(self) -> ActionQuerySet:
        """Actions whose aims count in projected scores (planned, in progress, done)."""
        return self.filter(status__in=COUNTED_STATUSES)

    def with_details(self) -> ActionQuerySet:
        """Everything the plan page shows, in a fixed number of queries."""
        return self.select_related("lead_agency", "found_in").prefetch_related("partners", "aims")


class ActionStatus(models.TextChoices):
    """Proposed (by a contributor), planned, in progress, done or dropped."""

    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    """One action of the plan: objective, activities, actors, dates, budget and its aims."""

    Status = ActionStatus

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    objective = models.TextField(
        _("objective"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("What the action achieves, e.g. “Adopt written victim-identification SOPs”."),
    )
    activities = models.TextField(
        _("activities"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("The steps, one per line: drafting, consultation, adoption, training."),
    )
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_actions",
    )
    partners = models.ManyToManyField(
        Agency, verbose_name=_("partner agencies"), blank=True, related_name="partner_actions"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    budget_amount = models.DecimalField(
        _("budget amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. “USD”.")
    )
    budget_note = models.CharField(
        _("budget note"),
        max_length=300,
        blank=True,
        help_text=_("Where there is no amount, e.g. “within the ministry's regular budget”."),
    )
    success_indicator = models.TextField(
        _("indicator of success"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("How the team will know it worked, e.g. “SOPs in use in every province”."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    found_in = models.ForeignKey(
        Assessment,
        verbose_name=_("gap found in"),
        null=True,
        blank=True,
        # The plan outlives assessments: deleting one keeps its actions.
        on_delete=models.SET_NULL,
        related_name="actions_found",
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Counts saves; detects concurrent edits.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"], m2m_fields=[partners])
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="plans_action_due_after_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values),
                name="plans_action_known_status",
            ),
        ]

    def __str__(self) -> str:
        return self.objective[:80]

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.DROPPED)

    @property
    def counts(self) -> bool:
        """Whether its aims count in projected scores."""
        return self.status in COUNTED_STATUSES

    def is_overdue(self, today=None) -> bool:
        """Open and past its due date."""
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today

    def aim_inputs(self) -> list[Aim]:
        """Its aims as inputs of assessments.projection (uses prefetched `aims`)."""
        return [Aim(a.indicator_code, a.aimed_level, self.status) for a in self.aims.all()]


class ActionIndicator(models.Model):
    """An indicator an action addresses (by code) and the level the action aims to reach."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="aims"
    )
    indicator_code = models.CharField(
        _("indicator code"),
        max_length=40,
        help_text=_("Stable across editions, e.g. “POL.PROT.2.3”."),
    )
    aimed_level = models.PositiveSmallIntegerField(
        _("aimed level"), help_text=_("The level the action aims to reach on this indicator.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator addressed")
        verbose_name_plural = _("indicators addressed")
        ordering = ["action_id", "indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "indicator_code"], name="plans_one_aim_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} → {self.aimed_level}"
