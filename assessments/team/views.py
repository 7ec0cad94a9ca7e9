"""The focal point's team pages: the list, inviting a person, one person's page and its actions.

Every view: sign-in, then the focal-point check, then a lookup limited to the focal point's own
member state (404 for anyone else's people), then one domain call. The focal-point check comes
before the method check so that a contributor gets 403, not 405, on every team URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import access
from assessments.models import Invitation, Role, User
from assessments.team.forms import TeamMemberAddForm, TeamRoleForm
from assessments.team.invitations import (
    invitation_create,
    invitation_email_send,
    invitation_resend,
    invitation_withdraw,
    is_expired,
    pending_invitations,
)
from assessments.team.services import (
    set_password_link_check,
    set_password_link_send,
    team_member_change_role,
    team_member_remove,
    team_members,
)
from assessments.throttle import email_allowed

logger = logging.getLogger(__name__)

INVITED = gettext_noop(
    "We sent an invitation to %(email)s, if the address can receive email. The person joins "
    "your team when they accept it."
)
INVITATION_FAILED = gettext_noop(
    "The invitation to %(email)s could not be sent. Try “Send again” in the list of "
    "invitations later."
)
WITHDRAWN = gettext_noop("The invitation to %(email)s was withdrawn; its link no longer works.")
LINK_SENT = gettext_noop("We emailed %(email)s a link to set their password.")
EMAIL_FAILED = gettext_noop(
    "The email to %(email)s could not be sent. Try “Send the link again” on their page later."
)
ROLE_CHANGED = gettext_noop("%(name)s is now %(role)s.")
REMOVED = gettext_noop("%(name)s was removed from your team and can no longer sign in.")
YOU_LEFT = gettext_noop("You left your member state's team and were signed out.")


def focal_point_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require sign-in, then refuse (403) anyone but a focal point."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        access.require_focal_point(request.user)
        return view(request, *args, **kwargs)

    return wrapper


@focal_point_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    """The people of the focal point's member state, open invitations, the form to add one."""
    member_state = request.user.member_state
    context = {
        "members": team_members(member_state),
        "invitations": [(i, is_expired(i)) for i in pending_invitations(member_state)],
        "form": TeamMemberAddForm(),
    }
    return render(request, "assessments/team/list.html", context)


@focal_point_required
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest) -> HttpResponse:
    """Invite a person by email; the answer is the same whether or not the address has an
    account (assessments.team.invitations)."""
    form = TeamMemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = invitation_create(
                member_state=request.user.member_state, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _send_invitation(request, invitation, token)
            return redirect("team")
    status = 400 if form.is_bound else 200
    return render(request, "assessments/team/add.html", {"form": form}, status=status)


@focal_point_required
@require_POST
def invitation_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the invitation again with a new link (the old one stops working)."""
    invitation = _invitation(request, pk)
    token = invitation_resend(invitation=invitation, by=request.user)
    _send_invitation(request, invitation, token)
    return redirect("team")


@focal_point_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an invitation nobody answered yet."""
    invitation = _invitation(request, pk)
    invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(request, _(WITHDRAWN) % {"email": invitation.email})
    return redirect("team")


@focal_point_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: their details, their role, sending the link again, removing them."""
    member = _member(request, pk)
    return _member_page(request, member, TeamRoleForm(initial={"role": member.role}))


@focal_point_required
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's role; the member state keeps at least one active focal point."""
    member = _member(request, pk)
    form = TeamRoleForm(request.POST)
    if not form.is_valid():
        return _member_page(request, member, form, status=400)
    try:
        member = team_member_change_role(
            member=member, by=request.user, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("team-member", pk=member.pk)
    name, role = member.get_full_name(), member.get_role_display()
    messages.success(request, _(ROLE_CHANGED) % {"name": name, "role": role})
    if member.pk == request.user.pk and member.role != Role.FOCAL_POINT:
        return redirect("home")  # the team pages are for focal points only
    return redirect("team")


@focal_point_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a person off the team (deactivated; the account row stays for the history)."""
    member = _member(request, pk)
    try:
        member = team_member_remove(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("team-member", pk=member.pk)
    if member.pk == request.user.pk:
        logout(request)
        messages.info(request, _(YOU_LEFT))
        return redirect("home")
    messages.success(request, _(REMOVED) % {"name": member.get_full_name()})
    return redirect("team")


@focal_point_required
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the link to set a password again, e.g. when the first one expired."""
    member = _member(request, pk)
    try:
        set_password_link_check(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _send_link(request, member)
    return redirect("team-member", pk=member.pk)


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    """An invitation of the focal point's own member state; 404 for anyone else's."""
    return get_object_or_404(pending_invitations(request.user.member_state), pk=pk)


def _send_invitation(request: HttpRequest, invitation: Invitation, token: str) -> None:
    """Email the invitation; it stays open (and can be sent again) if the mail server fails.

    Over the email rate limit (assessments.throttle) nothing is sent and the page says the
    same as when it is: the invitation stays open and can be sent again later.
    """
    client = f"user:{request.user.pk}"
    try:
        if email_allowed("invitation", recipient=invitation.email, client=client):
            invitation_email_send(invitation=invitation, token=token, request=request)
    except OSError:  # smtplib.SMTPException and connection errors
        logger.exception("Could not email invitation %s.", invitation.pk)
        messages.warning(request, _(INVITATION_FAILED) % {"email": invitation.email})
    else:
        messages.info(request, _(INVITED) % {"email": invitation.email})


def _member(request: HttpRequest, pk: int) -> User:
    """Return a person of the focal point's own member state; 404 for anyone else."""
    return get_object_or_404(team_members(request.user.member_state), pk=pk)


def _member_page(
    request: HttpRequest, member: User, role_form: TeamRoleForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "member": member,
        "role_form": role_form,
        "is_self": member.pk == request.user.pk,
        "waiting_for_password": member.is_active and not member.has_usable_password(),
    }
    return render(request, "assessments/team/member.html", context, status=status)


def _send_link(request: HttpRequest, member: User) -> None:
    """Email the set-password link (rate-limited as invitations are); the person stays."""
    client = f"user:{request.user.pk}"
    try:
        if email_allowed("invitation", recipient=member.email, client=client):
            set_password_link_send(member=member, by=request.user, request=request)
    except OSError:  # smtplib.SMTPException and connection errors
        logger.exception("Could not email the set-password link to user %s.", member.pk)
        messages.warning(request, _(EMAIL_FAILED) % {"email": member.email})
    else:
        messages.info(request, _(LINK_SENT) % {"email": member.email})
