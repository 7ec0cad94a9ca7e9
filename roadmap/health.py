"""Health check for load balancers and uptime monitors: GET /health/.

Answers 200 {"status": "ok", ...} when the database answers a trivial query and, when a shared
cache (Redis) is configured, the cache stores and returns a value; otherwise 503 with the name
of what failed. No sign-in, no database tables, no error details in the response: the reason is
logged (logger roadmap.health), where only operators read it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK, ERROR = "ok", "error"
CACHE_KEY = "health-check"
Result = Literal["ok", "error"]


def database_answers() -> bool:
    """Return whether the default database answers SELECT 1."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers() -> bool:
    """Return whether the default cache stores a value and gives it back."""
    cache = caches["default"]
    cache.set(CACHE_KEY, OK, timeout=30)
    return cache.get(CACHE_KEY) == OK


def shared_cache_configured() -> bool:
    """Return whether the cache is a server worth checking (not per-process memory)."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def run_check(name: str, check: Callable[[], bool]) -> Result:
    """Run one check; log why it failed (never shown to the caller)."""
    try:
        if check():
            return OK
        logger.error("Health check %s failed: unexpected answer", name)
    except Exception:  # any failure is "unhealthy"; the traceback goes to the log only
        logger.exception("Health check %s failed", name)
    return ERROR


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Report whether this app server can serve requests: 200 when healthy, else 503."""
    checks = {"database": run_check("database", database_answers)}
    if shared_cache_configured():
        checks["cache"] = run_check("cache", cache_answers)
    healthy = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else ERROR, "checks": checks}, status=200 if healthy else 503
    )
