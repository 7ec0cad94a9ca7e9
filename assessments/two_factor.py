"""Two-factor authentication with time-based one-time codes (django-otp, TOTP) and recovery codes.

Available to every user; required for RSO staff and administrators, who see data across
member states or can change the framework. A signed-in user who has a confirmed device must
enter a code (or a recovery code) before anything else. An account that needs a device and has
none can set one up only with an enrolment link (assessments.enrolment): its password alone
must not be enough to attach an attacker's phone.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.enrolment import (
    enrolment_link_find,
    enrolment_link_is_usable,
    enrolment_link_use,
    normalise_recovery_code,
    recovery_codes_create,
    recovery_codes_left,
)
from assessments.landing import landing_url
from assessments.models import Role, User

WRONG_CODE = gettext_noop(
    "That code is not right. Codes change every 30 seconds: try the current one."
)
WRONG_RECOVERY_CODE = gettext_noop("That recovery code is not right, or it was used already.")
WAIT = gettext_noop("Too many wrong codes: wait %(seconds)d seconds, then enter the current code.")
LINK_USED = gettext_noop(
    "This enrolment link was used or has expired. Ask an administrator for a new one."
)
BAD_LINK = gettext_noop(
    "This enrolment link does not work: it was used already, it has expired, or it is for "
    "another account. Ask an administrator for a new one."
)

# Paths a signed-in but not yet verified user may still open.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/health/")
# The enrolment link the signed-in person opened, until their device is confirmed.
SESSION_LINK = "two_factor_enrolment_link"


def requires_two_factor(user: User) -> bool:
    """RSO staff and administrators must use a second factor."""
    return user.is_staff or user.is_superuser or user.role == Role.RSO


def has_device(user: User) -> bool:
    """django_otp.user_has_device in one query: it asks each device model in turn, and the
    middleware asks on every request of a user without two-factor."""
    apps = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    codes = StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.filter(pk=user.pk).filter(Exists(apps) | Exists(codes)).exists()


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class RequireTwoFactorMiddleware:
    """Send signed-in users to the code or set-up page until they have verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            # Keep the whole address (query included): after the code, that is where they go.
            if has_device(user):
                return redirect(_with_next("two-factor-verify", request.get_full_path()))
            if requires_two_factor(user):
                return redirect(_with_next("two-factor-setup", request.get_full_path()))
        return self.get_response(request)


def _next_url(request: HttpRequest) -> str:
    """Where the person was going, if it is on this site; otherwise ''."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if safe else ""


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": gettext_lazy("Enter the 6 digits.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(forms.Form):
    """The app's 6 digits, or one of the recovery codes (8 letters and digits)."""

    code = forms.RegexField(
        label=gettext_lazy("6-digit code from your authenticator app, or a recovery code"),
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{4}[\s-]?[A-Za-z2-7]{4})\s*$",
        max_length=20,
        error_messages={
            "invalid": gettext_lazy("Enter the 6 digits from your app, or a recovery code.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _check(device, code: str) -> str | None:
    """Verify a code with a device (app or recovery codes); an error message, or None if right."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = (info or {}).get("locked_until")
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 5
        return _(WAIT) % {"seconds": seconds}
    if isinstance(device, StaticDevice):
        return (
            None if device.verify_token(normalise_recovery_code(code)) else _(WRONG_RECOVERY_CODE)
        )
    return None if device.verify_token(code.strip()) else _(WRONG_CODE)


def _secret(device: TOTPDevice) -> str:
    """The key as base32, grouped in fours, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _may_set_up_without_link(request: HttpRequest) -> bool:
    """Has proven a factor already, or may enrol freely (no device yet, no role that needs one)."""
    user = request.user
    return user.is_verified() or (not requires_two_factor(user) and not user_has_device(user))


def _may_set_up(request: HttpRequest) -> bool:
    link_id = request.session.get(SESSION_LINK)
    return _may_set_up_without_link(request) or enrolment_link_is_usable(
        link_id=link_id, user=request.user
    )


@transaction.atomic
def _confirm(request: HttpRequest, device: TOTPDevice) -> list[str] | None:
    """Confirm the new device, retire older ones, use up the enrolment link; return the new
    recovery codes, or None when the link was used or expired meanwhile."""
    user = request.user
    link_id = request.session.get(SESSION_LINK)
    link_used = bool(link_id) and enrolment_link_use(link_id=link_id, user=user)
    if not link_used and not _may_set_up_without_link(request):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return recovery_codes_create(user)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Show a QR code and the secret; confirm the device with a first code."""
    user = request.user
    next_url = _next_url(request)
    if not _may_set_up(request):
        if user_has_device(user):
            return redirect(_with_next("two-factor-verify", next_url))
        return render(request, "registration/two_factor_enrolment_needed.html", status=403)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check(device, form.cleaned_data["code"])
        if error is None:
            codes = _confirm(request, device)
            if codes is None:
                messages.error(request, _(LINK_USED))
                return redirect("two-factor-setup")
            request.session.pop(SESSION_LINK, None)
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return _show_codes(request, codes, next_url)
        form.add_error("code", error)
    context = {
        "form": form,
        "qr": _qr_data_uri(device),
        "secret": _secret(device),
        "next": next_url,
        "required": requires_two_factor(user),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _show_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """The recovery codes, once: they are stored only as django-otp tokens."""
    response = render(
        request,
        "registration/two_factor_recovery_codes_new.html",
        {"codes": codes, "next": next_url or landing_url(request.user)},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET"])
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """Open an enrolment link: it lets this signed-in person set up a device."""
    link = enrolment_link_find(token=token, user=request.user)
    if link is None:
        messages.error(request, _(BAD_LINK))
        return render(request, "registration/two_factor_enrolment_needed.html", status=404)
    request.session[SESSION_LINK] = link.pk
    return redirect("two-factor-setup")


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code (or a recovery code) after the password."""
    user = request.user
    if not user_has_device(user):
        return redirect(_with_next("two-factor-setup", _next_url(request)))
    next_url = _next_url(request)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        # Six digits come from the app; anything else the form let through is a recovery code.
        kind = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
        device = next((d for d in devices_for_user(user) if isinstance(d, kind)), None)
        error = _check(device, code) if device else _(WRONG_CODE)
        if error is None:
            otp_login(request, device)
            if kind is StaticDevice:
                _recovery_code_used(request)
            return redirect(next_url or landing_url(user))
        form.add_error("code", error)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


def _recovery_code_used(request: HttpRequest) -> None:
    left = recovery_codes_left(request.user)
    messages.warning(
        request,
        ngettext(
            "You signed in with a recovery code; %(n)d is left. If you lost your phone, set up "
            "a new authenticator app under Two-factor authentication.",
            "You signed in with a recovery code; %(n)d are left. If you lost your phone, set up "
            "a new authenticator app under Two-factor authentication.",
            left,
        )
        % {"n": left},
    )


def _require_verified(request: HttpRequest) -> HttpResponse | None:
    """These pages are reachable before the code (OPEN_PREFIXES); what they change is not."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(_with_next("two-factor-verify", request.get_full_path()))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Whether two-factor is on; users who do not need it may turn it off with a code."""
    if (response := _require_verified(request)) is not None:
        return response
    user = request.user
    enabled = user_has_device(user)
    can_disable = enabled and not requires_two_factor(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and can_disable and form.is_valid():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        error = _check(device, form.cleaned_data["code"]) if device else _(WRONG_CODE)
        if error is None:
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).delete()
                StaticDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("two-factor-status")
        form.add_error("code", error)
    context = {
        "enabled": enabled,
        "can_disable": can_disable,
        "form": form,
        "codes_left": recovery_codes_left(user) if enabled else 0,
    }
    return render(request, "registration/two_factor_status.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; make a new set (the old codes stop working)."""
    if (response := _require_verified(request)) is not None:
        return response
    if not user_has_device(request.user):
        return redirect("two-factor-status")
    if request.method == "POST":
        return _show_codes(
            request, recovery_codes_create(request.user), reverse("two-factor-status")
        )
    context = {"codes_left": recovery_codes_left(request.user)}
    return render(request, "registration/two_factor_recovery_codes.html", context)
