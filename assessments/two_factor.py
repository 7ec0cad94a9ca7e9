"""Two-factor authentication with time-based one-time codes (django-otp, TOTP).

Available to every user; required for RSO staff and administrators, who see data across
member states or can change the framework. A signed-in user who has a confirmed device must
enter a code before anything else; one who needs a device and has none is sent to set it up.
"""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Role, User

WRONG_CODE = "That code is not right. Codes change every 30 seconds: try the current one."
WAIT = "Too many wrong codes: wait %(seconds)d seconds, then enter the current code."
REQUIRED = "Your account needs two-factor authentication. Set it up to continue."

# Paths a signed-in but not yet verified user may still open.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/health/")


def requires_two_factor(user: User) -> bool:
    """RSO staff and administrators must use a second factor."""
    return user.is_staff or user.is_superuser or user.role == Role.RSO


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
            if user_has_device(user):
                return redirect(f"{reverse('two-factor-verify')}?next={request.path}")
            if requires_two_factor(user):
                return redirect("two-factor-setup")
        return self.get_response(request)


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


def _qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _check(device: TOTPDevice, code: str) -> str | None:
    """Verify a code; return an error message, or None when it is right."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = (info or {}).get("locked_until")
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 5
        return _(WAIT) % {"seconds": seconds}
    return None if device.verify_token(code.strip()) else _(WRONG_CODE)


def _secret(device: TOTPDevice) -> str:
    """The key as base32, grouped in fours, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Show a QR code and the secret; confirm the device with a first code."""
    user = request.user
    if user_has_device(user):
        return redirect("two-factor-status")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check(device, form.cleaned_data["code"])
        if error is None:
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("home")
        form.add_error("code", error)
    if requires_two_factor(user):
        messages.info(request, _(REQUIRED))
    context = {"form": form, "qr": _qr_data_uri(device), "secret": _secret(device)}
    return render(request, "registration/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code after the password."""
    if not user_has_device(request.user):
        return redirect("two-factor-setup")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        error = _check(device, form.cleaned_data["code"])
        if error is None:
            otp_login(request, device)
            return redirect(next_url or "home")
        form.add_error("code", error)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Whether two-factor is on; users who do not need it may turn it off with a code."""
    user = request.user
    enabled = user_has_device(user)
    can_disable = enabled and not requires_two_factor(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and can_disable and form.is_valid():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        error = _check(device, form.cleaned_data["code"])
        if error is None:
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("two-factor-status")
        form.add_error("code", error)
    context = {"enabled": enabled, "can_disable": can_disable, "form": form}
    return render(request, "registration/two_factor_status.html", context)
