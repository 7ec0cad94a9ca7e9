"""The planning category's strategic and operational challenges (ticked, not scored)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models.editions import EditionContent
from roadmap.models.structure import EditionCodeManager, code_validator

# --- Planning challenges ----------------------------------------------------------------------


class Challenge(EditionContent):
    """A strategic or operational challenge that a member state can tick (context, not scored)."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic")
        OPERATIONAL = "operational", _("Operational")

    code = models.CharField(
        _("code"), max_length=20, validators=[code_validator], help_text=_("E.g. “CH.07”.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=400)

    objects = EditionCodeManager()

    class Meta:
        verbose_name = _("planning challenge")
        verbose_name_plural = _("planning challenges")
        ordering = ["edition_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="roadmap_challenge_unique_code_per_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def natural_key(self) -> tuple[str, str]:
        return (self.edition.code, self.code)

    natural_key.dependencies = ["roadmap.edition"]
