"""The reader's language: chosen in the language menu of every page, kept per user.

Before sign-in the choice lives in a cookie (Django's LocaleMiddleware reads it, then the
browser's Accept-Language, then English). A signed-in user's choice is stored on their account
(`User.language`), so it follows them to another browser and decides the language of the emails
and reports they are sent; `UserLanguageMiddleware` makes it win over the cookie.

Emails are rendered in the recipient's language (`recipient_language`), whoever sends them:
invitations, set-password links, enrolment links and password resets.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


class UserLanguageMiddleware:
    """Activate the signed-in user's language (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is signed in: no query to find that out.
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        user = getattr(request, "user", None) if signed_in else None
        language = getattr(user, "language", "") if user is not None else ""
        if language in LANGUAGE_CODES and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def recipient_language(user=None, *, default: str | None = None) -> str:
    """The language of an email to `user`: their account's choice; for an address without an
    account (an invitation), `default` (the sender's page language); else English."""
    language = getattr(user, "language", "") or default or ""
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def _back(request: HttpRequest) -> str:
    """Where the reader came from, when it is a page of this site; else the home page."""
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("home")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the reader's language, remember it (account and cookie), and go back."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_back(request))
    if language not in LANGUAGE_CODES:
        messages.error(request, _("That language is not available; the page stays as it was."))
        return response
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
