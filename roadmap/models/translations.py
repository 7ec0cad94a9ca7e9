"""The history of framework translations.

Translations stay editable after an edition is locked (roadmap.admin): a locked edition's
questions and scores cannot change, but its Indonesian wording may still be corrected by a
reviewer. Every change of a translated text in another language than English is kept here,
with the text before and after, who made it and how (the admin, or the fixture when
`load_framework` brings translations into an edition already loaded).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationChangeQuerySet(models.QuerySet):
    def of(self, obj: models.Model) -> TranslationChangeQuerySet:
        """The changes of one object's texts, newest first."""
        content_type = ContentType.objects.get_for_model(type(obj))
        return self.filter(content_type=content_type, object_id=obj.pk).order_by("-changed_at")


class TranslationChange(models.Model):
    class Source(models.TextChoices):
        ADMIN = "admin", _("Administration")
        FIXTURE = "fixture", _("Framework fixture")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("text of"), max_length=200)
    field = models.CharField(_("field"), max_length=40)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    old_text = models.TextField(_("before"), blank=True)
    new_text = models.TextField(_("after"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)

    objects = TranslationChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation change")
        verbose_name_plural = _("translation history")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.object_repr} · {self.field} [{self.language}]"
