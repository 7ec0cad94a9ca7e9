"""Render an expensive document at most once at a time, and at most so often per person.

`render_once` keys the work by the document's content hash: the first request takes a lock in
the shared cache (`cache.add`, atomic in Redis and in local memory), renders, stores the result
and frees the lock; a request for the same document meanwhile gets `RenderBusy` at once instead
of rendering it a second time or holding a worker while it waits. Background workers can take the
same lock (`lock_key`) so that a request and a worker never render one document twice.

`allow_render` counts a person's cold renders in a fixed window (cached results are not
counted): several tabs or a script cannot keep every worker busy.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from assessments.throttle import hit

# Longer than any render may take (gunicorn stops a request after GUNICORN_TIMEOUT, 60 s), so
# that a lock left behind by a worker that was killed mid-render frees itself soon after.
LOCK_TIMEOUT = 120
RETRY_AFTER = 5  # seconds, told to a request that finds the document being rendered


class RenderBusy(Exception):
    """The document is being rendered by another request right now."""


class RenderLimited(Exception):
    """This person started too many renders in the current window."""


def lock_key(key: str) -> str:
    return f"{key}:rendering"


def render_once(
    key: str,
    render: Callable[[], bytes],
    *,
    timeout: int,
    before_render: Callable[[], None] | None = None,
) -> bytes:
    """The cached value for `key`, or `render()` stored under it; never two renders at once.

    `before_render` runs only when a render is really about to start (it may raise, e.g.
    `RenderLimited`). Raises `RenderBusy` when another request holds the lock.
    """
    value = cache.get(key)
    if value is not None:
        return value
    lock, token = lock_key(key), uuid.uuid4().hex
    if not cache.add(lock, token, LOCK_TIMEOUT):
        raise RenderBusy
    try:
        value = cache.get(key)  # finished by someone else between the first look and the lock
        if value is None:
            if before_render is not None:
                before_render()
            value = render()
            cache.set(key, value, timeout)
    finally:
        # Free only our own lock: after LOCK_TIMEOUT another request may hold a new one.
        if cache.get(lock) == token:
            cache.delete(lock)
    return value


def allow_render(user_id: int) -> None:
    """Count one cold render for the user; raise `RenderLimited` beyond the limit."""
    allowed = hit(
        "report-render",
        str(user_id),
        limit=settings.REPORT_RENDER_LIMIT,
        window_seconds=settings.REPORT_RENDER_PERIOD,
    )
    if not allowed:
        raise RenderLimited
