"""A member state's team: who is on it, and the focal point's writes (change role, remove).

People are added by invitation (assessments.team.invitations): they join when they accept.

Each write is atomic, takes keyword arguments and raises ValidationError with a message for the
focal point when a rule is broken. Messages are constants that tests import. Writes lock the
member state's row first, so that two focal points demoting each other at the same moment
cannot leave the member state without one.

Members added before invitations existed may have no usable password yet: `set_password_link_send`
mails them a set-password link (Django's password-reset machinery), which stops working once
used because the token is derived from the password hash.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from assessments.languages import recipient_language
from assessments.models import MEMBER_STATE_ROLES, MemberState, Role, User

logger = logging.getLogger(__name__)

ALREADY_ON_TEAM = gettext_noop("This person is already on your team.")
LAST_FOCAL_POINT = gettext_noop(
    "Your member state must keep at least one active focal point. "
    "Make someone else focal point first."
)
NOT_A_TEAM_ROLE = gettext_noop("Choose focal point, contributor or viewer.")
PASSWORD_ALREADY_SET = gettext_noop(
    "This person has already set a password; they can use “Forgot your password?”."
)
NOT_ACTIVE = gettext_noop("This person's account is not active.")

INVITATION_SUBJECT = "registration/invitation_subject.txt"
INVITATION_BODY = "registration/invitation_email.txt"


def team_members(member_state: MemberState) -> QuerySet[User]:
    """Return the member state's people, active ones first, then by name and email."""
    return User.objects.filter(member_state=member_state).order_by(
        "-is_active", "full_name", "email"
    )


@transaction.atomic
def team_member_change_role(*, member: User, by: User, role: str) -> User:
    """Give a team member another role, keeping at least one active focal point."""
    check_role(role)
    member = _locked_member(member, by)
    if role != Role.FOCAL_POINT:
        _check_focal_point_remains(member)
    member.role = role
    _save(member)
    logger.info("Team of %s: %s made %s %s.", member.member_state.code, by.pk, member.pk, role)
    return member


@transaction.atomic
def team_member_remove(*, member: User, by: User) -> User:
    """Take a person off the team: deactivate, keep the row so that history still names them."""
    member = _locked_member(member, by)
    code = member.member_state.code
    _check_focal_point_remains(member)
    member.is_active = False
    member.member_state = None
    member.role = ""
    _save(member)
    logger.info("Team of %s: %s removed %s.", code, by.pk, member.pk)
    return member


def set_password_link_check(*, member: User) -> None:
    """Refuse to send a set-password link to someone who is inactive or already has a password."""
    if not member.is_active:
        raise ValidationError(_(NOT_ACTIVE))
    if member.has_usable_password():
        raise ValidationError(_(PASSWORD_ALREADY_SET))


def set_password_link_send(*, member: User, by: User, request: HttpRequest) -> None:
    """Email the person a link to set their password, saying who added them and as what."""
    token = default_token_generator.make_token(member)
    uidb64 = urlsafe_base64_encode(force_bytes(member.pk))
    link = reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    with translation.override(recipient_language(member)):  # the email, in their language
        context = {
            "site_name": settings.SITE_NAME,
            "member": member,
            "by": by,
            "member_state": member.member_state,
            "role": member.get_role_display(),
            "set_password_url": request.build_absolute_uri(link),
            "sign_in_url": request.build_absolute_uri(reverse("login")),
            "expires_in": duration_text(settings.PASSWORD_RESET_TIMEOUT),
        }
        subject = "".join(render_to_string(INVITATION_SUBJECT, context).splitlines())
        body = render_to_string(INVITATION_BODY, context)
    send_mail(subject, body, None, [member.email])


def duration_text(seconds: int) -> str:
    """Say how long a number of seconds is, in whole days, hours or minutes (rounded down)."""
    if seconds >= 86_400:
        days = seconds // 86_400
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if seconds >= 3_600:
        hours = seconds // 3_600
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minutes = max(seconds // 60, 1)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def check_role(role: str) -> None:
    if role not in MEMBER_STATE_ROLES:
        raise ValidationError(_(NOT_A_TEAM_ROLE))


def _check_focal_point_remains(member: User) -> None:
    """Refuse when the member is the member state's last active focal point."""
    if not (member.is_active and member.role == Role.FOCAL_POINT):
        return
    others = User.objects.filter(
        member_state_id=member.member_state_id, role=Role.FOCAL_POINT, is_active=True
    ).exclude(pk=member.pk)
    if not others.exists():
        raise ValidationError(_(LAST_FOCAL_POINT))


def lock_member_state(member_state: MemberState) -> None:
    """Serialise the team writes of one member state (a row lock on PostgreSQL)."""
    MemberState.objects.select_for_update().filter(pk=member_state.pk).first()


def _locked_member(member: User, by: User) -> User:
    """Lock the member state, then re-read the member; only a member of `by`'s own team."""
    lock_member_state(by.member_state)
    return User.objects.select_for_update().get(pk=member.pk, member_state_id=by.member_state_id)


def _save(user: User) -> None:
    user.full_clean()
    user.save()
