"""Health check for load balancers and uptime monitors: GET /health/.

Answers 200 {"status": "ok", ...} when the database answers a trivial query and, when a shared
cache (Redis) is configured, the cache stores and returns a value; otherwise 503 with the name
of what failed. No sign-in, no error details in the response: the reason is logged (logger
roadmap.health), where only operators read it.

The queue of background documents (reports, briefs, exports) is reported too, as "degraded"
when its broker does not answer within a second or a registered probe (roadmap.extensions) says
workers are not taking jobs. That answer stays 200, {"status": "degraded"}: the app server still
serves every page, and a load balancer that dropped servers for it would take the whole site
down because one shared queue is. Monitors alert on "degraded".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

from roadmap.extensions import queue_probes

logger = logging.getLogger(__name__)

OK, DEGRADED, ERROR = "ok", "degraded", "error"
CACHE_KEY = "health-check"
# Seconds the broker gets to accept a connection: a load balancer waits about 5 s in all.
BROKER_TIMEOUT = 1.0
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


def broker_answers() -> bool:
    """Return whether the queue's broker accepts a connection within BROKER_TIMEOUT."""
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    options.update(socket_connect_timeout=BROKER_TIMEOUT, socket_timeout=BROKER_TIMEOUT)
    url = settings.CELERY_BROKER_URL
    with Connection(url, connect_timeout=BROKER_TIMEOUT, transport_options=options) as broker:
        broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
    return True


def queue_state(*, database: Result) -> Literal["ok", "degraded"]:
    """ "ok" when the broker answers and every queue probe passes; else "degraded".

    The probes read the database: when it failed they are skipped (the answer is 503 anyway).
    """
    checks = [("queue broker", broker_answers)]
    if database == OK:
        checks += [(f"queue {probe.__name__}", probe) for probe in queue_probes()]
    results = [run_check(name, check) for name, check in checks]
    return OK if all(result == OK for result in results) else DEGRADED


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
    """Report whether this app server can serve requests: 200 when it can, else 503."""
    checks: dict[str, str] = {"database": run_check("database", database_answers)}
    if shared_cache_configured():
        checks["cache"] = run_check("cache", cache_answers)
    serving = all(result == OK for result in checks.values())
    checks["queue"] = queue_state(database=checks["database"])
    # The queue never makes the answer 503: see the module's docstring.
    status = (OK if checks["queue"] == OK else DEGRADED) if serving else ERROR
    return JsonResponse({"status": status, "checks": checks}, status=200 if serving else 503)
