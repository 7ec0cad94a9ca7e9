"""Rate limits for emails that anyone can trigger (password resets, team invitations).

Counted in the shared cache (Redis in production, so every app server sees one count; local
memory in development and tests). A fixed window per key: simple, and at most twice the limit
can pass around a window's edge, which is enough to stop a flood of emails to one mailbox.

Callers answer exactly as if the email had been sent, so that a limit tells nobody whether an
address has an account; the refusal is logged for the operators.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event for (scope, key); True while at most `limit` fall in the window."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}"
    # add() starts the window only if no count exists; incr() is atomic on Redis and locmem.
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr(): this event starts a new window
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def email_allowed(kind: str, *, recipient: str, client: str) -> bool:
    """May another email of this kind go to `recipient`, asked for by `client`?

    `client` names who asks: the client address for anonymous requests (password reset), or
    the signed-in user for invitations ("user:<pk>"). Both counts advance on every request, so
    that refused requests keep the limits closed.
    """
    window = settings.EMAIL_RATE_WINDOW_MINUTES * 60
    to_recipient = hit(
        f"{kind}:to", recipient, limit=settings.EMAIL_RATE_PER_RECIPIENT, window_seconds=window
    )
    from_client = hit(
        f"{kind}:from", client, limit=settings.EMAIL_RATE_PER_CLIENT, window_seconds=window
    )
    if not (to_recipient and from_client):
        logger.warning(
            "Rate limit: %s email not sent (%s) to recipient %s, asked by %s.",
            kind,
            "per recipient" if not to_recipient else "per client",
            hashlib.sha256(recipient.strip().lower().encode()).hexdigest()[:12],
            client,
        )
    return to_recipient and from_client
