"""The environment of the in-process figures: production settings, in this one process.

DEBUG off (templates, logging and error handling as in production) with the settings a local
production profile uses over plain HTTP (.ci/serve-prod), the benchmark's URLs (the floors), a
queue in memory (no worker: the figures run the worker's function themselves), rendered files in
a throw-away folder, and a render limit nobody reaches (the benchmark asks for many reports).
"""

from __future__ import annotations

import secrets


def in_process_environment(documents_root: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "BENCH_IN_PROCESS": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CELERY_BROKER_URL": "memory://localhost/",
        "DOCUMENTS_EAGER": "false",
        "DOCUMENTS_ROOT": documents_root,
        "REPORT_RENDER_LIMIT": "1000000",
        "LOG_LEVEL": "WARNING",
    }
