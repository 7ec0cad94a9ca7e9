"""Log formats: one JSON object per line in production, readable text in development.

Django's LOGGING (roadmap/settings.py) and gunicorn's log configuration (roadmap/gunicorn.conf.py)
both use this module, so the application's records and gunicorn's access log share one format.
It imports nothing from Django beyond the environment helpers: gunicorn's master process loads
it before any worker has set Django up.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Literal

from django.core.exceptions import ImproperlyConfigured

from roadmap.env import env_str

LogFormat = Literal["json", "text"]
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# gunicorn access-log atoms worth a field of their own. Only these are copied: the atoms also
# hold every request header (cookies included) and the whole WSGI environment.
_ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "h": "remote_addr",
    "{x-forwarded-for}i": "forwarded_for",
    "{x-request-id}i": "request_id",
    "a": "user_agent",
}


def log_format(*, debug: bool) -> LogFormat:
    """Return LOG_FORMAT from the environment: JSON unless DEBUG is on or it says text."""
    value = env_str("LOG_FORMAT").strip().lower() or ("text" if debug else "json")
    if value not in ("json", "text"):
        raise ImproperlyConfigured(f"LOG_FORMAT={value!r} is not a log format; use json or text.")
    return value


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message and its context."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for name, value in _context(record).items():
            entry.setdefault(name, value)  # an `extra=` value never hides a standard field
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # json.dumps escapes newlines, so a traceback stays on the record's one line.
        return json.dumps(entry, ensure_ascii=False, default=str)


def _context(record: logging.LogRecord) -> dict[str, object]:
    """Return the structured fields of a record: request data and simple `extra=` values."""
    if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
        return _access_fields(record.args)
    fields: dict[str, object] = {}
    request = getattr(record, "request", None)
    if request is not None and hasattr(request, "method"):  # django.request, django.security
        fields["method"] = request.method
        fields["path"] = request.path
    for name, value in vars(record).items():
        if name not in _RECORD_ATTRIBUTES and isinstance(value, str | int | float | bool):
            fields["status" if name == "status_code" else name] = value
    return fields


def _access_fields(atoms: Mapping[str, object]) -> dict[str, object]:
    fields = {
        field: atoms[atom]
        for atom, field in _ACCESS_FIELDS.items()
        if atoms.get(atom) not in (None, "-")
    }
    if "status" in fields:
        fields["status"] = int(str(fields["status"]))
    if isinstance(atoms.get("D"), int):  # request time in microseconds
        fields["duration_ms"] = round(atoms["D"] / 1000, 1)
    return fields


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drop the traceback from records about a client error (status 400-499).

    Django logs a refused request (PermissionDenied: 403, BadRequest: 400) with the exception
    attached, so every ordinary "you may not do this" filled the terminal with a traceback of
    our own access check. The one line it leaves says what was refused and where; server
    errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
