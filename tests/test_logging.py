"""Logs: one JSON object per line in production, readable text in development, both on stdout."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.test import RequestFactory

from roadmap.logformat import JsonFormatter
from tests.test_settings import run_settings

PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "LOG_FORMAT": ""}


def record(name: str = "roadmap", msg: str = "Hello %s", args=("world",), **attrs):
    made = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
    for key, value in attrs.items():
        setattr(made, key, value)
    return made


def formatted(made: logging.LogRecord) -> dict:
    line = JsonFormatter().format(made)
    assert "\n" not in line  # one record, one line, whatever it holds
    return json.loads(line)


def test_a_json_line_has_time_level_logger_and_message():
    entry = formatted(record())
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "roadmap"
    assert entry["message"] == "Hello world"
    assert entry["time"].endswith("+00:00")  # ISO 8601 in UTC
    assert isinstance(entry["process"], int)


def test_an_exception_stays_on_the_same_line():
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        made = record()
        made.exc_info = sys.exc_info()
    entry = formatted(made)
    assert "Traceback" in entry["exception"]
    assert "second line" in entry["exception"]


def test_django_request_errors_carry_method_path_and_status():
    request = RequestFactory().post("/assessments/7/submit/?token=x")
    entry = formatted(
        record(
            "django.request", "Bad Request: %s", (request.path,), request=request, status_code=400
        )
    )
    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST",
        "/assessments/7/submit/",
        400,
    )
    assert "request" not in entry


def test_simple_extra_values_become_fields():
    assert formatted(record(assessment=12, edition="2026"))["assessment"] == 12


def test_gunicorn_access_lines_have_fields_but_no_cookies():
    atoms = {
        "m": "GET",
        "U": "/framework/",
        "s": "200",
        "B": 5120,
        "h": "127.0.0.1",
        "D": 12345,
        "a": "Mozilla/5.0",
        "{cookie}i": "sessionid=secret-session",
        "r": "GET /framework/ HTTP/1.1",
    }
    entry = formatted(record("gunicorn.access", '%(h)s "%(r)s" %(s)s', (atoms,)))
    assert entry["message"] == '127.0.0.1 "GET /framework/ HTTP/1.1" 200'
    assert entry["method"] == "GET"
    assert entry["path"] == "/framework/"
    assert entry["status"] == 200
    assert entry["duration_ms"] == 12.3
    assert "secret-session" not in json.dumps(entry)


LOG_SOMETHING = (
    "import django, logging; django.setup(); "
    "logging.getLogger('django.request').error('Internal Server Error: /x/')"
)


def test_production_logs_json_lines_to_stdout():
    result = run_settings(PRODUCTION, LOG_SOMETHING)
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout.strip())
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /x/"


def test_development_logs_readable_text():
    result = run_settings({"DEBUG": "true", "LOG_FORMAT": ""}, LOG_SOMETHING)
    assert result.returncode == 0, result.stderr
    assert "ERROR   django.request: Internal Server Error: /x/" in result.stdout


@pytest.mark.parametrize(("debug", "expected"), [("true", "json"), ("false", "text")])
def test_log_format_can_be_chosen(debug, expected):
    env = {**PRODUCTION, "DEBUG": debug, "LOG_FORMAT": expected}
    code = "from django.conf import settings as s; print(s.LOG_FORMAT)"
    assert run_settings(env, code).stdout.strip() == expected


def test_an_unknown_log_format_stops_the_start():
    result = run_settings({**PRODUCTION, "LOG_FORMAT": "xml"}, "import django; django.setup()")
    assert result.returncode != 0
    assert "LOG_FORMAT='xml' is not a log format" in result.stderr


# What Django does when a view raises: the response for the exception, logged by django.request.
REFUSE_THEN_FAIL = """
import django; django.setup()
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory

request = RequestFactory().get("/assessments/new/", SERVER_NAME="127.0.0.1")
response_for_exception(request, PermissionDenied("Only the focal point can do this."))
try:
    raise ZeroDivisionError("a real fault")
except ZeroDivisionError as error:
    response_for_exception(RequestFactory().get("/boom/", SERVER_NAME="127.0.0.1"), error)
"""


# DEBUG on: with DEBUG off the 403 page needs collected static files (the manifest storage).
# The logging configuration is the same either way; only the default format differs.
REFUSING = {**PRODUCTION, "DEBUG": "true", "ALLOWED_HOSTS": "127.0.0.1"}


def test_a_refused_request_logs_one_line_and_a_server_error_keeps_its_traceback():
    result = run_settings({**REFUSING, "LOG_FORMAT": "text"}, REFUSE_THEN_FAIL)
    assert result.returncode == 0, result.stderr
    refused, failed, *traceback = result.stdout.splitlines()
    assert refused.endswith(
        "WARNING django.request: Forbidden (Permission denied): /assessments/new/"
    )
    assert failed.endswith("ERROR   django.request: Internal Server Error: /boom/")
    assert traceback[0] == "Traceback (most recent call last):"
    assert traceback[-1] == "ZeroDivisionError: a real fault"


def test_a_refused_request_in_json_has_its_status_but_no_exception():
    result = run_settings({**REFUSING, "LOG_FORMAT": "json"}, REFUSE_THEN_FAIL)
    assert result.returncode == 0, result.stderr
    refused, failed = (json.loads(line) for line in result.stdout.splitlines())
    assert (refused["level"], refused["status"], refused["path"]) == (
        "WARNING",
        403,
        "/assessments/new/",
    )
    assert "exception" not in refused
    assert failed["status"] == 500
    assert "ZeroDivisionError: a real fault" in failed["exception"]
