"""Legal instruments, the references indicators make to them, and resources (guides and tools).

Instruments and resources are facts about the outside world, shared by all editions. The
references an indicator makes belong to that indicator, and so to its edition.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models.editions import changes_only_translations
from roadmap.models.structure import Indicator


class CodeManager(models.Manager):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class Instrument(models.Model):
    class Kind(models.TextChoices):
        TREATY = "treaty", _("Treaty (binding)")
        SOFT_LAW = "soft_law", _("Soft law / guidelines")
        REGIONAL_DECLARATION = "regional_declaration", _("Regional declaration or strategy")

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("E.g. “tip-protocol”, “ilo-c29”.")
    )
    name = models.CharField(
        _("official name"),
        max_length=300,
        help_text=_("The full official title, e.g. “Forced Labour Convention, 1930 (No. 29)”."),
    )
    short_name = models.CharField(
        _("short name"), max_length=60, help_text=_("As cited, e.g. “Trafficking Protocol”.")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    body = models.CharField(
        _("adopted by"), max_length=100, blank=True, help_text=_("E.g. “UN General Assembly”.")
    )
    year = models.PositiveSmallIntegerField(
        _("year adopted"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    in_force = models.CharField(
        _("entry into force"),
        max_length=40,
        blank=True,
        help_text=_("A date or year, e.g. “25 December 2003”; empty for non-binding texts."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences, in our own words.")
    )
    url = models.URLField(
        _("link"),
        blank=True,
        help_text=_("The official public text; leave empty rather than guess."),
    )
    common_names = models.TextField(
        _("common names"),
        blank=True,
        help_text=_(
            "Other names people use for it, one per line, e.g. “Palermo Protocol”. "
            "The framework search finds the instrument by these too."
        ),
    )

    objects = CodeManager()

    class Meta:
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")
        ordering = ["year", "short_name"]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.year})"

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def common_name_list(self) -> list[str]:
        """The common names, one per line in the field, blank lines left out."""
        return [name.strip() for name in self.common_names.splitlines() if name.strip()]


class Resource(models.Model):
    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("E.g. “unodc-toolkit-2008”.")
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=150, help_text=_("E.g. “UNODC”."))
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Year of publication; leave empty rather than guess."),
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)

    objects = CodeManager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher}, {self.year or 'n.d.'})"

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class LegalReferenceManager(models.Manager):
    def get_by_natural_key(
        self, edition_code: str, indicator_code: str, instrument_code: str, article: str
    ) -> LegalReference:
        return self.get(
            indicator__edition__code=edition_code,
            indicator__code=indicator_code,
            instrument__code=instrument_code,
            article=article,
        )


class LegalReference(models.Model):
    """An indicator's legal basis: an instrument, and where it helps, the article."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="legal_references",
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="references",
    )
    article = models.CharField(
        _("article"),
        max_length=60,
        blank=True,
        help_text=_("As cited, e.g. “Art. 3(a)”, “Art. 4(2)”, “Principle 7”; empty for the whole."),
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Why it applies, in a few words.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    objects = LegalReferenceManager()

    class Meta:
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        ordering = ["indicator_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "instrument", "article"],
                name="roadmap_legalreference_unique",
                violation_error_message=_("This indicator already cites that article."),
            ),
        ]

    def __str__(self) -> str:
        return self.citation

    def natural_key(self) -> tuple[str, str, str, str]:
        return (*self.indicator.natural_key(), self.instrument.code, self.article)

    natural_key.dependencies = ["roadmap.indicator", "roadmap.instrument"]

    @property
    def citation(self) -> str:
        """Return the reference as cited in text, e.g. “Trafficking Protocol, Art. 3(a)”."""
        if self.article:
            return f"{self.instrument.short_name}, {self.article}"
        return self.instrument.short_name

    def clean(self) -> None:
        super().clean()
        if self.indicator_id is not None and not changes_only_translations(self):
            self.indicator.edition.check_editable()
        if self.article and not self.article.strip():
            raise ValidationError({"article": _("Leave empty or name an article.")})
