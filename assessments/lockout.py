"""Login throttling (django-axes): whose attempt it is, from where, and the lockout page.

What is counted, and why (docs/security.md, "Login throttling"):
- failures of one account from one address: 5 lock that pair for 15 minutes. An attacker
  elsewhere cannot lock a known user out of the system, only out of the attacker's own address;
- failures from one address, whatever the accounts: AXES_ADDRESS_FAILURE_LIMIT (30) lock that
  address, so that one machine cannot try a password on every account (spraying).

The address is REMOTE_ADDR, unless PROXY_COUNT trusted proxies stand in front: then it is the
address the nearest of them appended to X-Forwarded-For, counted from the right. Whatever a
client writes into that header itself is never used.
"""

from __future__ import annotations

import ipaddress

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

# Recorded when a request has no usable address at all (a WSGI server on a Unix socket without
# a proxy): such requests then share one count, which fails safe.
UNKNOWN_ADDRESS = "0.0.0.0"


def client_ip(request: HttpRequest) -> str:
    """The client's address as the nearest trusted proxy saw it; never None.

    With PROXY_COUNT = N, the proxy next to us appended its peer's address as the last entry of
    X-Forwarded-For, the one before it the entry before that, and so on: the client is the Nth
    entry from the right. Entries further left were written by the client and are ignored.
    A header that is missing, too short or not an address falls back to REMOTE_ADDR.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < count:
        return remote
    return _valid(entries[-count]) or remote


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def username_key(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The signed-in name as counted: sign-in ignores case, so the count must too."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    elif request is not None:
        value = getattr(request, "data", request.POST).get(field)
    else:
        value = None
    return value.strip().lower() if isinstance(value, str) else None


def address_failures(address: str) -> int:
    """Failed sign-ins from one address within the cool-off, for any account."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AddressLimitBackend:
    """Refuse every sign-in from an address that has failed too often, for any account.

    Listed before django-axes' backend. Raising PermissionDenied stops Django's authenticate();
    the flag makes django-axes' middleware answer with the lockout page. It has no get_user():
    it never signs anyone in, and Django's force_login() picks the first backend that has one.
    """

    def authenticate(self, request: HttpRequest | None, **credentials) -> None:
        if request is None or not settings.AXES_ENABLED:
            return None
        if address_failures(client_ip(request)) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise PermissionDenied("Too many failed sign-ins from this address.")
        return None


def lockout_response(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Say clearly what happened and for how long (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
