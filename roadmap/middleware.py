"""Project-wide middleware: pages compressed, private pages never stored, a busy database never
a 500.

- `CompressTextMiddleware`: Django's GZipMiddleware (with its BREACH mitigation) for pages and
  other text when the browser accepts gzip; a section page of 20 questions goes from about
  100 KB to under 10 KB. Downloads that are compressed already (PDF, Excel, images) are left
  alone: compressing them again costs time for nothing and, streamed, would drop their
  Content-Length. Static files never get here (WhiteNoise serves them compressed).
  docs/security.md says why compression with CSRF tokens in pages is safe here.

- `PrivatePagesMiddleware`: every response to a signed-in user carries
  `Cache-Control: private, no-store` unless the view set its own, so that neither a shared proxy
  nor the browser's disk cache keeps a member state's confidential pages (sections, results,
  history, team). Static files never get here (WhiteNoise answers them earlier).
- `DatabaseBusyMiddleware`: SQLite answers "database is locked" when a writer waited longer
  than the busy timeout; the user gets the "try again" page (409, as PostgreSQL's conflicts),
  and nothing was half-written because the transaction was rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

DATABASE_BUSY = gettext_noop(
    "Several people saved at the same moment and yours could not be saved this time. "
    "Nothing of it was stored: go back (your browser keeps what you typed) and save again."
)


# Compressed besides text/*: what else a view may answer in text.
TEXT_TYPES = {"application/json", "application/javascript", "application/xml", "image/svg+xml"}


class CompressTextMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not (content_type.startswith("text/") or content_type in TEXT_TYPES):
            return response
        return super().process_response(request, response)


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_database_busy(error: BaseException) -> bool:
    """SQLite's lock timeout; other operational errors (a lost connection) stay errors."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_busy(exception):
            return None
        logger.warning("Database busy on %s %s: answered 409.", request.method, request.path)
        context = {"heading": _("Please try again"), "message": _(DATABASE_BUSY)}
        response = render(request, "try_again.html", context, status=409)
        response["Retry-After"] = "2"
        return response
