"""gunicorn settings for the production profile: `gunicorn -c roadmap/gunicorn.conf.py`.

Every value can be changed by an environment variable (docs/deploy.md lists them). Logs go to
stdout in the same format as Django's (JSON lines unless DEBUG is on or LOG_FORMAT=text).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for roadmap.*

from roadmap.env import env_bool, env_int, env_str
from roadmap.logformat import TEXT_FORMAT, log_format

wsgi_app = "roadmap.wsgi:application"
proc_name = "rsr-toolkit"

# A load balancer or reverse proxy in front sends requests here: bind to the address it reaches.
bind = [env_str("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers, one request each: the work is database and template bound, and a proxy in front
# buffers slow clients. 2 x cores + 1 is gunicorn's rule of thumb; each worker keeps one
# PostgreSQL connection open (DB_CONN_MAX_AGE), so workers x app servers must stay below the
# database's max_connections. GUNICORN_THREADS > 1 switches to threaded workers.
workers = env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = env_int("GUNICORN_THREADS", 1)

# A worker silent for longer is killed and replaced; PDF reports are the slowest requests.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Replace each worker after this many requests (with jitter, so they don't all restart at
# once): a slow leak in any library cannot grow without bound.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# The heartbeat file on tmpfs: a slow or full disk must not make gunicorn kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No control socket: nothing uses it, and its default path is shared by every gunicorn of the
# same user, so two instances on one machine would take it from each other.
control_socket_disable = True

# --- Logging: access log and gunicorn's own messages to stdout, in the app's format ----------

loglevel = env_str("LOG_LEVEL", "INFO").lower()
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'
_format = log_format(debug=env_bool("DEBUG", default=False))
_stdout = {"class": "logging.StreamHandler", "formatter": _format, "stream": "ext://sys.stdout"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "roadmap.logformat.JsonFormatter"},
        "text": {"format": TEXT_FORMAT},
    },
    "handlers": {"stdout": _stdout},
    "root": {"handlers": ["stdout"], "level": loglevel.upper()},
    "loggers": {
        # Not propagated: Django's logging configuration replaces the root handler in each
        # worker, and a propagated line would be written twice.
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
