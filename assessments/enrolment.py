"""Two-factor enrolment links and recovery codes (docs/security.md, "Two-factor authentication").

An RSO or administrator account sets up its second factor only with an enrolment link: a random
token, stored as a hash, that works once, for one account, until it expires. Another
administrator emails it from the admin (Users, action "Send a two-factor enrolment link"); the first
administrator of a new installation gets it from `manage.py enrolment_link <email>`. The person
still signs in with their password before the link does anything, so neither the password nor
the link is enough on its own.

Recovery codes are django-otp static tokens: RECOVERY_CODE_COUNT of them, made when a device is
set up (or on request), shown once, each accepted once instead of an app's code.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from assessments.languages import recipient_language
from assessments.link_tokens import token_hash, token_new
from assessments.models import EnrolmentLink, User

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
ENROLMENT_SUBJECT = "registration/enrolment_subject.txt"
ENROLMENT_BODY = "registration/enrolment_email.txt"


def enrolment_link_create(*, user: User, by: User | None = None) -> str:
    """Make a new enrolment link for `user`; return its path. Earlier unused links stop working."""
    token, stored = token_new()
    with transaction.atomic():
        EnrolmentLink.objects.filter(user=user, used_at__isnull=True).delete()
        EnrolmentLink.objects.create(
            user=user,
            token_hash=stored,
            created_by=by,
            expires_at=timezone.now() + timedelta(hours=settings.TWO_FACTOR_ENROLMENT_HOURS),
        )
    logger.info("Two-factor enrolment link for user %s made by %s.", user.pk, by.pk if by else "-")
    return reverse("two-factor-enrol", kwargs={"token": token})


def enrolment_link_find(*, token: str, user: User) -> EnrolmentLink | None:
    """The usable link that `token` opens for `user`, or None (wrong, used, expired, another's)."""
    return EnrolmentLink.objects.usable().filter(token_hash=token_hash(token), user=user).first()


def enrolment_link_is_usable(*, link_id: int | None, user: User) -> bool:
    return (
        link_id is not None
        and EnrolmentLink.objects.usable().filter(pk=link_id, user=user).exists()
    )


def enrolment_link_use(*, link_id: int, user: User) -> bool:
    """Mark the link used; False when it was used or expired meanwhile (one conditional UPDATE)."""
    used = EnrolmentLink.objects.usable().filter(pk=link_id, user=user)
    return used.update(used_at=timezone.now()) == 1


def enrolment_link_send(*, user: User, by: User, request: HttpRequest) -> None:
    """Email `user` a new enrolment link."""
    path = enrolment_link_create(user=user, by=by)
    context = {
        "site_name": settings.SITE_NAME,
        "user": user,
        "by": by,
        "link": request.build_absolute_uri(path),
        "hours": settings.TWO_FACTOR_ENROLMENT_HOURS,
    }
    with translation.override(recipient_language(user)):
        subject = "".join(render_to_string(ENROLMENT_SUBJECT, context).splitlines())
        body = render_to_string(ENROLMENT_BODY, context)
    send_mail(subject, body, None, [user.email])


# --- Recovery codes ---------------------------------------------------------------------------


def recovery_codes_create(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones and return them, for showing once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_DEVICE_NAME}
        )
        device.token_set.all().delete()
        tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [f"{t[:4]}-{t[4:]}" for t in tokens]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_recovery_code(text: str) -> str:
    """People type codes with or without the hyphen, in either case, with stray spaces."""
    return "".join(text.split()).replace("-", "").lower()
