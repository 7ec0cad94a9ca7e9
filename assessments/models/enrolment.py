"""Two-factor enrolment links: what a privileged account needs besides its password to set up
its second factor (docs/security.md, "Two-factor enrolment")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentLinkQuerySet(models.QuerySet):
    def usable(self) -> EnrolmentLinkQuerySet:
        """Links not yet used and not expired."""
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class EnrolmentLink(models.Model):
    """A single-use, expiring link with which one person sets up a two-factor device.

    Only a hash of the token is stored: the link itself exists only in the email or the
    terminal it was given in.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="enrolment_links",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when made with the enrolment_link command."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    objects = EnrolmentLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("two-factor enrolment link")
        verbose_name_plural = _("two-factor enrolment links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
