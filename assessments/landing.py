"""Where people land after signing in when they did not ask for a page.

A member state's user goes on with their work: the overview of the member state's latest draft
assessment (its "Continue" button opens the first section with something unanswered), or the
list of assessments when there is no draft. Administrators land on the administration; RSO
staff on the regional view of the assessments member states shared with them; anyone else on
the home page. An explicit, safe `?next=` always wins (Django's LoginView checks it against
open redirects).
"""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.urls import reverse

from assessments.models import Assessment, User


def landing_url(user: User) -> str:
    """Return the address a user starts from after signing in."""
    if user.member_state_id is not None:
        draft = Assessment.objects.for_member_state(user.member_state).drafts().first()
        if draft is not None:
            return reverse("assessment-overview", args=[draft.pk])
        return reverse("assessment-list")
    if user.is_staff:
        return reverse("admin:index")
    if user.is_rso:
        return reverse("regional")
    return reverse("home")


class SignInView(LoginView):
    """Django's sign-in, landing on the user's own starting point instead of one fixed URL."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)
