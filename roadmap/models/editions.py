"""Framework editions.

An assessment is pinned to the edition it started on. Editing a published edition in place
would silently change the questions of assessments already answered, so once an assessment
uses a published edition its content is locked; changes go into a new draft edition (cloned
from the published one) that is then published.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def changes_only_translations(obj) -> bool:
    """Whether obj's unsaved changes touch only texts in other languages than English: those
    stay editable in a locked edition (roadmap.languages)."""
    from roadmap.languages import changes_only_translations as only_translations

    return only_translations(obj)


class EditionLockedError(ValidationError):
    """Raised when content of a locked edition is about to change."""


LOCKED_MESSAGE = _(
    "Edition “%(edition)s” is used by %(count)d assessment(s), so its content can no longer be "
    "changed: those assessments and their reports must keep the questions they were answered "
    "against. Clone the edition into a new draft, edit the draft and publish it."
)


class EditionQuerySet(models.QuerySet):
    def published(self) -> EditionQuerySet:
        """Editions whose status is published (there is at most one)."""
        return self.filter(status=Edition.Status.PUBLISHED)

    def current(self) -> Edition | None:
        """Return the published edition that new assessments use, or None."""
        return self.published().first()


class EditionManager(models.Manager.from_queryset(EditionQuerySet)):
    def get_by_natural_key(self, code: str) -> Edition:
        return self.get(code=code)


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short stable identifier used in fixtures and URLs, e.g. “2026” or “2027-rc”."),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("E.g. “RSR framework, 2026 edition”.")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "Change it with the “Publish” action, not by hand: publishing retires the edition "
            "that was published before."
        ),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What changed in this edition, for administrators.")
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The edition this one was cloned from."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A new value whenever the edition's content changes (roadmap/search/signals.py sets it):
    # caches of derived data, such as the search index, are keyed by it.
    content_version = models.UUIDField(_("content version"), default=uuid.uuid4, editable=False)

    objects = EditionManager()

    class Meta:
        verbose_name = _("framework edition")
        verbose_name_plural = _("framework editions")
        ordering = ["-created_at", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="published"),
                name="roadmap_edition_single_published",
                violation_error_message=_("Only one edition can be published at a time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display().lower()})"

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def assessment_count(self) -> int:
        """Return how many assessments are pinned to this edition."""
        return self.assessments.count()

    def is_locked(self) -> bool:
        """Return whether content may no longer change (a non-draft edition in use)."""
        if self.pk is None or self.is_draft:
            return False
        return self.assessments.exists()

    def check_editable(self) -> None:
        """Raise EditionLockedError when this edition's content may not change."""
        if self.is_locked():
            raise EditionLockedError(
                LOCKED_MESSAGE, params={"edition": self.name, "count": self.assessment_count()}
            )


class EditionContent(models.Model):
    """Base for every model that belongs to one edition's content.

    `edition` is stored on each row (not only reached through parents) so that codes can be
    unique per edition in the database and queries by edition need no joins.
    """

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="%(class)s_set",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.edition_id is not None and not changes_only_translations(self):
            self.edition.check_editable()
