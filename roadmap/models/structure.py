"""Framework structure: categories, sections, indicators, scales and planning challenges."""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roadmap.languages import fallbacks_of
from roadmap.models.editions import Edition, EditionContent, changes_only_translations


class Pillar(models.TextChoices):
    """The "4Ps": the three Ps of the Trafficking Protocol plus partnership."""

    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIP = "partnership", _("Partnership")


def check_code_unique(obj: EditionContent) -> None:
    """Reject a code already used in the same edition, with a message on the code field.

    The database constraint holds too; this check turns a would-be IntegrityError into a form
    error where admin forms leave `edition` out (it follows the parent row).
    """
    clash = type(obj).objects.filter(edition_id=obj.edition_id, code=obj.code).exclude(pk=obj.pk)
    if obj.code and clash.exists():
        raise ValidationError({"code": _("This code is already used in this edition.")})


class EditionCodeManager(models.Manager):
    """Look rows up by (edition code, own code): the natural key of most content models."""

    def get_by_natural_key(self, edition_code: str, code: str):
        return self.get(edition__code=edition_code, code=code)


# --- Categories -------------------------------------------------------------------------------


class Category(EditionContent):
    class Code(models.TextChoices):
        PLANNING = "PLAN", _("Planning")
        PRINCIPLES = "PRIN", _("Principles")
        POLICY = "POL", _("Policy")
        PRACTICES = "PRAC", _("Practices")

    # The four categories always appear in this order.
    POSITIONS = {Code.PLANNING: 1, Code.PRINCIPLES: 2, Code.POLICY: 3, Code.PRACTICES: 4}

    code = models.CharField(_("code"), max_length=4, choices=Code.choices)
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Fixed order: 1 Planning, 2 Principles, 3 Policy, 4 Practices.")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(
        _("description"),
        help_text=_("One or two sentences on what this category evaluates, shown to users."),
    )

    objects = EditionCodeManager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["edition_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="roadmap_category_unique_code_per_edition"
            ),
            models.CheckConstraint(
                condition=(
                    Q(code="PLAN", position=1)
                    | Q(code="PRIN", position=2)
                    | Q(code="POL", position=3)
                    | Q(code="PRAC", position=4)
                ),
                name="roadmap_category_fixed_code_and_position",
                violation_error_message=_(
                    "There are exactly four categories, in the order Planning, Principles, "
                    "Policy, Practices."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.edition.code}]"

    def natural_key(self) -> tuple[str, str]:
        return (self.edition.code, self.code)

    natural_key.dependencies = ["roadmap.edition"]

    @property
    def slug(self) -> str:
        """Return the URL name of the category, e.g. “policy”."""
        return self.Code(self.code).name.lower()

    def get_absolute_url(self) -> str:
        return reverse("framework-category", args=[self.slug])

    def save(self, *args, **kwargs) -> None:
        if self.code in self.POSITIONS and not self.position:
            self.position = self.POSITIONS[self.code]
        super().save(*args, **kwargs)


# --- Sections and indicators ------------------------------------------------------------------

code_validator = RegexValidator(
    r"^[A-Z]{2,5}(\.[A-Z0-9]{1,5})+$",
    _("Use upper-case letters and digits separated by dots, e.g. “POL.PROT.2” or “POL.PROT.2.3”."),
)


class Section(EditionContent):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[code_validator],
        help_text=_("Stable code starting with the category code, e.g. “POL.PROT.1”."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("A short introduction shown above the questions.")
    )
    pillar = models.CharField(
        _("pillar"),
        max_length=16,
        choices=Pillar.choices,
        blank=True,
        help_text=_("The P this section belongs to, where it belongs to one (policy sections)."),
    )

    objects = EditionCodeManager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["edition_id", "category__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="roadmap_section_unique_code_per_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def natural_key(self) -> tuple[str, str]:
        return (self.edition.code, self.code)

    natural_key.dependencies = ["roadmap.edition", "roadmap.category"]

    def get_absolute_url(self) -> str:
        return reverse("framework-section", args=[self.code])

    def clean(self) -> None:
        if self.category_id is not None:
            self.edition = self.category.edition
            if self.code and not self.code.startswith(self.category.code + "."):
                raise ValidationError(
                    {
                        "code": ValidationError(
                            _("A code in this category starts with “%(prefix)s.”."),
                            params={"prefix": self.category.code},
                        )
                    }
                )
            check_code_unique(self)
        super().clean()

    def save(self, *args, **kwargs) -> None:
        # The edition always follows the category; it is stored only for constraints and joins.
        self.edition_id = self.category.edition_id
        super().save(*args, **kwargs)


class LevelText(NamedTuple):
    """One level as an indicator shows it: the scale's label and the indicator's own descriptor
    (or the scale's). `fallbacks` names those of "label" and "descriptor" shown in English on
    a page in another language (roadmap.languages), for the framework_text filter."""

    value: int
    label: str
    descriptor: str
    fallbacks: frozenset[str] = frozenset()


class IndicatorQuerySet(models.QuerySet):
    def in_edition(self, edition: Edition) -> IndicatorQuerySet:
        """Indicators of one edition, in framework order."""
        return self.filter(edition=edition).order_by(
            "section__category__position", "section__position", "position", "code"
        )

    def with_details(self) -> IndicatorQuerySet:
        """Fetch everything an indicator page shows in a fixed number of queries."""
        from roadmap.models.references import LegalReference

        return self.select_related("section__category", "scale").prefetch_related(
            "scale__levels",
            "levels",
            "resources",
            models.Prefetch(
                "legal_references",
                queryset=LegalReference.objects.select_related("instrument"),
            ),
        )


class IndicatorManager(EditionCodeManager.from_queryset(IndicatorQuerySet)):
    pass


class Indicator(EditionContent):
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(
        _("code"),
        max_length=24,
        validators=[code_validator],
        help_text=_("Section code plus a number, e.g. “POL.PROT.2.3”. Never reuse a code."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    question = models.TextField(
        _("question"),
        help_text=_("One clear question, e.g. “Do front-line officers use written procedures…?”"),
    )
    guidance = models.TextField(
        _("guidance"),
        help_text=_("2-5 sentences: what good looks like and typical evidence."),
    )
    recommendation = models.TextField(
        _("recommendation"),
        help_text=_("What a State can do to close the gap, e.g. “Adopt standard operating…”."),
    )
    # RESTRICT, not PROTECT: a scale in use cannot be deleted on its own, but deleting a
    # whole draft edition (scales and indicators together) works.
    scale = models.ForeignKey(
        "roadmap.Scale",
        verbose_name=_("scale"),
        on_delete=models.RESTRICT,
        related_name="indicators",
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("1 supporting, 2 important, 3 essential. Weighs the indicator in scores."),
    )
    critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_(
            "A critical indicator answered at or below its critical threshold is a critical gap "
            "and caps the overall band. Keep these few, one per theme (e.g. criminalisation in "
            "line with the Protocol, non-punishment of victims); it cannot be marked not "
            "applicable."
        ),
    )
    critical_threshold = models.PositiveSmallIntegerField(
        _("critical threshold"),
        default=0,
        help_text=_(
            "A critical indicator answered at or below this level is a critical gap. 0 unless "
            "set; for yes/no scales only 0 (No) makes sense."
        ),
    )
    pillar = models.CharField(
        _("pillar"),
        max_length=16,
        choices=Pillar.choices,
        help_text=_("The P this indicator serves, for the cross-cutting 4P view."),
    )
    applies_to_origin = models.BooleanField(_("applies to countries of origin"), default=True)
    applies_to_transit = models.BooleanField(_("applies to countries of transit"), default=True)
    applies_to_destination = models.BooleanField(
        _("applies to countries of destination"), default=True
    )
    resources = models.ManyToManyField(
        "roadmap.Resource", verbose_name=_("resources"), blank=True, related_name="indicators"
    )

    objects = IndicatorManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["edition_id", "section__category__position", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                name="roadmap_indicator_unique_code_per_edition",
                violation_error_message=_("This code is already used in this edition."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=3),
                name="roadmap_indicator_weight_range",
                violation_error_message=_("Weight must be 1, 2 or 3."),
            ),
            # The scale's own maximum is checked in clean(); no scale goes above 4, and a
            # threshold at the top level would make every answer a critical gap.
            models.CheckConstraint(
                condition=Q(critical_threshold__lte=3),
                name="roadmap_indicator_critical_threshold_range",
                violation_error_message=_("The critical threshold must be below the top level."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.question[:80]}"

    def natural_key(self) -> tuple[str, str]:
        return (self.edition.code, self.code)

    natural_key.dependencies = ["roadmap.section", "roadmap.scale", "roadmap.resource"]

    def get_absolute_url(self) -> str:
        return reverse("framework-indicator", args=[self.code])

    def clean(self) -> None:
        if self.section_id is not None:
            self.edition = self.section.edition
            if self.code and not self.code.startswith(self.section.code + "."):
                raise ValidationError(
                    {
                        "code": ValidationError(
                            _("A code in this section starts with “%(prefix)s.”."),
                            params={"prefix": self.section.code},
                        )
                    }
                )
            if self.scale_id is not None and self.scale.edition_id != self.section.edition_id:
                raise ValidationError({"scale": _("Choose a scale of the same edition.")})
            check_code_unique(self)
        self.check_critical_threshold()
        super().clean()

    def check_critical_threshold(self) -> None:
        """Keep the threshold below the scale's top level: at the top, every answer would be
        a critical gap. For yes/no scales that leaves only 0 (No)."""
        if self.scale_id is None or self.critical_threshold is None:
            return
        highest = self.scale.max_value - 1
        if self.critical_threshold > highest:
            raise ValidationError(
                {
                    "critical_threshold": ValidationError(
                        _(
                            "On this indicator's scale the critical threshold can be 0 to "
                            "%(max)d: at the top level every answer would be a critical gap."
                        ),
                        params={"max": highest},
                    )
                }
            )

    def save(self, *args, **kwargs) -> None:
        self.edition_id = self.section.edition_id
        super().save(*args, **kwargs)

    def level_descriptors(self) -> list[LevelText]:
        """Each level's value, label and descriptor, this indicator's own wording first, in the
        active language (what falls back to English is in each level's `fallbacks`).

        Uses prefetched `scale.levels` and `levels` when present (see `with_details`).
        """
        own = {level.value: level for level in self.levels.all()}
        levels = []
        for level in self.scale.levels.all():
            described = own.get(level.value, level)
            levels.append(
                LevelText(
                    level.value,
                    level.label,
                    described.descriptor,
                    fallbacks_of(label=(level, "label"), descriptor=(described, "descriptor")),
                )
            )
        return levels

    @property
    def applies_to(self) -> list[str]:
        """Return the country profiles this indicator applies to, for display."""
        flags = [
            (self.applies_to_origin, _("origin")),
            (self.applies_to_transit, _("transit")),
            (self.applies_to_destination, _("destination")),
        ]
        return [str(label) for flag, label in flags if flag]


class IndicatorLevelManager(models.Manager):
    def get_by_natural_key(self, edition_code: str, indicator_code: str, value: int):
        return self.get(
            indicator__edition__code=edition_code, indicator__code=indicator_code, value=value
        )


class IndicatorLevel(models.Model):
    """A level descriptor specific to one indicator, replacing the scale's generic one."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="levels"
    )
    value = models.PositiveSmallIntegerField(_("value"), validators=[MaxValueValidator(4)])
    descriptor = models.CharField(
        _("descriptor"),
        max_length=300,
        help_text=_("What this level means for this indicator, e.g. “Plan drafted, not adopted”."),
    )

    objects = IndicatorLevelManager()

    class Meta:
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors (override the scale's)")
        ordering = ["indicator_id", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "value"], name="roadmap_indicatorlevel_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} level {self.value}"

    def natural_key(self) -> tuple[str, str, int]:
        return (*self.indicator.natural_key(), self.value)

    natural_key.dependencies = ["roadmap.indicator"]

    def clean(self) -> None:
        super().clean()
        if self.indicator_id is not None:
            if not changes_only_translations(self):
                self.indicator.edition.check_editable()
            max_value = self.indicator.scale.max_value
            if self.value is not None and self.value > max_value:
                raise ValidationError(
                    {
                        "value": ValidationError(
                            _("This indicator's scale goes from 0 to %(max)d."),
                            params={"max": max_value},
                        )
                    }
                )
