"""Scales (maturity 0-4, yes/no) and their level descriptors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from roadmap.models.editions import EditionContent, changes_only_translations
from roadmap.models.structure import EditionCodeManager

# --- Scales -----------------------------------------------------------------------------------


class Scale(EditionContent):
    class Kind(models.TextChoices):
        MATURITY = "maturity", _("Maturity (0-4)")
        YES_NO = "yes_no", _("Yes / no")

    code = models.SlugField(_("code"), max_length=32, help_text=_("E.g. “maturity” or “yes-no”."))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    objects = EditionCodeManager()

    class Meta:
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        ordering = ["edition_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="roadmap_scale_unique_code_per_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.edition.code}]"

    def natural_key(self) -> tuple[str, str]:
        return (self.edition.code, self.code)

    natural_key.dependencies = ["roadmap.edition"]

    @property
    def max_value(self) -> int:
        """Return the highest level value: 4 for maturity, 1 for yes/no."""
        return 4 if self.kind == self.Kind.MATURITY else 1


class ScaleLevelManager(models.Manager):
    def get_by_natural_key(self, edition_code: str, scale_code: str, value: int) -> ScaleLevel:
        return self.get(scale__edition__code=edition_code, scale__code=scale_code, value=value)


class ScaleLevel(models.Model):
    scale = models.ForeignKey(
        Scale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="levels"
    )
    value = models.PositiveSmallIntegerField(
        _("value"),
        validators=[MaxValueValidator(4)],
        help_text=_("0-4 for maturity (0 Not in place … 4 Advanced); 0 No and 1 Yes for yes/no."),
    )
    label = models.CharField(_("label"), max_length=50, help_text=_("E.g. “Developing”."))
    descriptor = models.CharField(
        _("descriptor"),
        max_length=300,
        help_text=_("One line: what this level looks like, e.g. “Measures exist but are patchy”."),
    )

    objects = ScaleLevelManager()

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["scale_id", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="roadmap_scalelevel_unique"),
            models.CheckConstraint(
                condition=Q(value__lte=4), name="roadmap_scalelevel_value_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"

    def natural_key(self) -> tuple[str, str, int]:
        return (*self.scale.natural_key(), self.value)

    natural_key.dependencies = ["roadmap.scale"]

    def clean(self) -> None:
        super().clean()
        if self.scale_id is not None:
            if not changes_only_translations(self):
                self.scale.edition.check_editable()
            if self.value is not None and self.value > self.scale.max_value:
                raise ValidationError(
                    {
                        "value": ValidationError(
                            _("This scale's levels go from 0 to %(max)d."),
                            params={"max": self.scale.max_value},
                        )
                    }
                )
