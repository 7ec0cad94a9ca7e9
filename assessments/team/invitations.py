"""Invitations to a member state's team: sent by a focal point, answered by the address owner.

Every address a focal point adds gets an invitation, whether or not an account holds it: the
focal point sees the same answer and the same "invited (pending)" row either way, so team
management does not reveal who has an account, and nothing of an existing account (its name,
its member state) changes until its owner accepts. The emailed link carries a random secret;
only its SHA-256 is stored, and it expires with PASSWORD_RESET_TIMEOUT.

When the owner opens the link, `situation` decides what they may do:

- NEW: no account yet: they confirm their name, choose a password and join.
- RETURNING: a deactivated account (someone who left a team): the same, with a new password.
- JOIN: an active account without a member state and without staff rights: one click.
- ELSEWHERE: an active member of another member state. A user belongs to one member state at
  a time, so they leave it first (its focal point removes them); the link stays valid.
- ALREADY: already an active member of this team.
- NOT_ALLOWED: administrators and RSO staff do not join member states' teams.
"""

from __future__ import annotations

import enum
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from assessments.languages import recipient_language
from assessments.link_tokens import token_hash, token_new
from assessments.models import Invitation, MemberState, Role, User
from assessments.team.services import ALREADY_ON_TEAM, check_role, duration_text, lock_member_state

logger = logging.getLogger(__name__)

CANNOT_ACCEPT = gettext_noop("This invitation cannot be accepted from this account.")
INVITATION_SUBJECT = "assessments/team/invitation_subject.txt"
INVITATION_BODY = "assessments/team/invitation_email.txt"


class Situation(enum.StrEnum):
    NEW = "new"
    RETURNING = "returning"
    JOIN = "join"
    ELSEWHERE = "elsewhere"
    ALREADY = "already"
    NOT_ALLOWED = "not_allowed"


# The owner chooses a password (and confirms their name) in these situations.
WITH_PASSWORD = (Situation.NEW, Situation.RETURNING)
ACCEPTABLE = (Situation.NEW, Situation.RETURNING, Situation.JOIN)


def pending_invitations(member_state: MemberState) -> QuerySet[Invitation]:
    """The member state's invitations that nobody answered yet, newest first."""
    return Invitation.objects.filter(member_state=member_state).select_related("invited_by")


def is_expired(invitation: Invitation) -> bool:
    age = timezone.now() - invitation.sent_at
    return age.total_seconds() > settings.PASSWORD_RESET_TIMEOUT


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation the link is for; None when unknown, answered, withdrawn or expired."""
    invitation = (
        Invitation.objects.select_related("member_state", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or is_expired(invitation):
        return None
    return invitation


def invitee(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


def situation(invitation: Invitation, user: User | None) -> Situation:
    """What the owner of the invited address may do (see the module's docstring)."""
    if user is None:
        return Situation.NEW
    if user.is_staff or user.is_superuser or user.role == Role.RSO:
        return Situation.NOT_ALLOWED
    if not user.is_active:
        return Situation.RETURNING
    if user.member_state_id is None:
        return Situation.JOIN
    if user.member_state_id == invitation.member_state_id:
        return Situation.ALREADY
    return Situation.ELSEWHERE


@transaction.atomic
def invitation_create(
    *, member_state: MemberState, by: User, email: str, full_name: str, role: str
) -> tuple[Invitation, str]:
    """Invite an address to the team (again): a new link secret, returned for the email.

    Refused only for an active member of this very team; any other address, with or without
    an account, gets the same invitation.
    """
    check_role(role)
    lock_member_state(member_state)
    email = User.objects.normalize_email(email).strip()
    on_team = User.objects.filter(
        member_state=member_state, is_active=True, email__iexact=email
    ).exists()
    if on_team:
        raise ValidationError(_(ALREADY_ON_TEAM))
    invitation = Invitation.objects.filter(member_state=member_state, email__iexact=email).first()
    invitation = invitation or Invitation(member_state=member_state, email=email)
    invitation.full_name = full_name.strip()
    invitation.role = role
    token = _renew(invitation, by)
    logger.info("Team of %s: %s invited an address as %s.", member_state.code, by.pk, role)
    return invitation, token


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> str:
    """A new link for the same invitation (the old one stops working)."""
    lock_member_state(invitation.member_state)
    return _renew(invitation, by)


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by: User) -> None:
    """The focal point takes the invitation back; its link stops working."""
    lock_member_state(invitation.member_state)
    invitation.delete()
    logger.info("Team of %s: %s withdrew an invitation.", invitation.member_state.code, by.pk)


@transaction.atomic
def invitation_decline(*, invitation: Invitation) -> None:
    invitation.delete()
    logger.info("Team of %s: an invitation was declined.", invitation.member_state.code)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str = "", password: str = "") -> User:
    """The address owner joins the team; a new or returning person sets name and password."""
    lock_member_state(invitation.member_state)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    user = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
    now = situation(invitation, user)
    if now not in ACCEPTABLE:
        raise ValidationError(_(CANNOT_ACCEPT))
    if user is None:
        user = User(email=invitation.email)
    if now in WITH_PASSWORD:
        # Only the person themself sets their name: what another team typed is a suggestion.
        user.full_name = full_name.strip()
        user.set_password(password)
        user.is_active = True
    user.member_state = invitation.member_state
    user.role = invitation.role
    user.full_clean()
    user.save()
    invitation.delete()
    logger.info(
        "Team of %s: user %s accepted an invitation as %s.",
        invitation.member_state.code,
        user.pk,
        user.role,
    )
    return user


def invitation_email_send(*, invitation: Invitation, token: str, request: HttpRequest) -> None:
    """Email the invitation link, saying who invites, to which team and as what."""
    # In the language of the address's account, if it has one; else in the inviter's.
    with translation.override(recipient_language(invitee(invitation), default=get_language())):
        context = {
            "site_name": settings.SITE_NAME,
            "invitation": invitation,
            "by": invitation.invited_by,
            "member_state": invitation.member_state,
            "role": invitation.get_role_display(),
            "url": request.build_absolute_uri(reverse("invitation", args=[token])),
            "expires_in": duration_text(settings.PASSWORD_RESET_TIMEOUT),
        }
        subject = "".join(render_to_string(INVITATION_SUBJECT, context).splitlines())
        body = render_to_string(INVITATION_BODY, context)
    send_mail(subject, body, None, [invitation.email])


def _renew(invitation: Invitation, by: User) -> str:
    token, invitation.token_hash = token_new()
    invitation.invited_by = by
    invitation.sent_at = timezone.now()
    invitation.full_clean()
    invitation.save()
    return token
