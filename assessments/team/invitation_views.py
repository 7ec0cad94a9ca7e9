"""The page behind an invitation link: the address owner accepts or declines.

No sign-in: the link's secret proves that the visitor reads the invited mailbox, as a
password-reset link does. What the page offers depends on the address's account
(`invitations.situation`); the page never says anything about the account to anyone without
the link.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments.models import Invitation, User
from assessments.team.invitation_forms import InvitationAcceptForm
from assessments.team.invitations import (
    ACCEPTABLE,
    WITH_PASSWORD,
    Situation,
    invitation_accept,
    invitation_decline,
    invitation_for_token,
    invitee,
    situation,
)

JOINED = gettext_noop("You joined the team of %(ms)s as %(role)s.")
SIGN_IN_NOW = gettext_noop("Sign in with your email address and password.")
DECLINED = gettext_noop("You declined the invitation to the team of %(ms)s.")


@never_cache  # the address carries the secret
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Show the invitation; accept it (with name and password when needed) or decline it."""
    found = invitation_for_token(token)
    if found is None:
        return render(request, "assessments/team/invitation_invalid.html", status=404)
    user = invitee(found)
    now = situation(found, user)
    if request.method == "POST" and "decline" in request.POST:
        invitation_decline(invitation=found)
        messages.info(request, _(DECLINED) % {"ms": found.member_state})
        return redirect("home")
    form = _form(request, found, user, now)
    if request.method == "POST" and now in ACCEPTABLE and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            joined = invitation_accept(
                invitation=found,
                full_name=data.get("full_name", ""),
                password=data.get("new_password1", ""),
            )
        except ValidationError as error:  # the account changed since the page was shown
            messages.error(request, " ".join(error.messages))
            return redirect("invitation", token=token)
        return _welcome(request, joined)
    context = {"invitation": found, "situation": now, "account": user, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/team/invitation.html", context, status=status)


def _form(
    request: HttpRequest, found: Invitation, user: User | None, now: Situation
) -> InvitationAcceptForm | None:
    """Name and password for a new or returning person; nothing to fill in otherwise."""
    if now not in WITH_PASSWORD:
        return None
    candidate = user or User(email=found.email)
    data = request.POST if request.method == "POST" else None
    initial = {"full_name": (user.full_name if user else "") or found.full_name}
    return InvitationAcceptForm(candidate, data, initial=initial)


def _welcome(request: HttpRequest, joined: User) -> HttpResponse:
    context = {"ms": joined.member_state, "role": joined.get_role_display()}
    messages.success(request, _(JOINED) % context)
    if request.user.is_authenticated and request.user.pk == joined.pk:
        return redirect("home")
    messages.info(request, _(SIGN_IN_NOW))
    return redirect("login")
