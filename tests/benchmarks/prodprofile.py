"""The throw-away production profile the load test runs against (tests/benchmarks/load.py).

.ci/serve-prod (gunicorn and a Celery worker, PostgreSQL, Redis when it answers) on 127.0.0.1
with a database made for the run and dropped afterwards, a queue of its own and the benchmark's
settings (its floor page). Only 127.0.0.1 is ever addressed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.live import Browser

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
# A Redis database of its own (BENCH_REDIS_URL): the cache, sessions' neighbours and the queue.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
START_TIMEOUT = 300  # seconds; collectstatic alone takes about a minute on a fresh checkout


def postgres_server() -> str:
    """The PostgreSQL server to use: DATABASE_URL's when it names one, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """Create a database on the server for this run and drop it afterwards."""
    import psycopg2

    name = f"bench_load_{os.getpid()}"
    admin = psycopg2.connect(with_database(server_url, "postgres"), connect_timeout=5)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield with_database(server_url, name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def postgres_answers(server_url: str) -> bool:
    try:
        import psycopg2

        psycopg2.connect(with_database(server_url, "postgres"), connect_timeout=3).close()
    except Exception:  # psycopg2 missing, refused, unknown host, bad password: all "no"
        return False
    return True


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:  # not installed, refused, timed out
        return False


def port() -> int:
    """BENCH_PORT when set (machines shared by several runs), else a free one."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment(port: int) -> dict[str, str]:
    """What the profile runs with: production settings plus the benchmark's floor page."""
    env = {
        "PROD_PORT": str(port),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CACHE_KEY_PREFIX": f"rsr-load-{os.getpid()}",
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        # A queue of its own: no other run's worker takes its reports, nor it theirs.
        "CELERY_QUEUE": f"bench-{os.getpid()}",
    }
    if redis_answers():
        env["REDIS_URL"] = REDIS_URL
    else:
        print("  note: Redis does not answer; the cache is per worker, the queue a folder")
    return env


def started(command: list[str], env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as a whole below
    )


def stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def production_profile(env: dict[str, str], base_url: str) -> Iterator[None]:
    """Run .ci/serve-prod in the background until it is healthy; stop it afterwards."""
    log = tempfile.NamedTemporaryFile("w+", prefix="rsr-load-", suffix=".log")  # noqa: SIM115
    server = started(["bash", ".ci/serve-prod"], env, log)
    try:
        wait_until_healthy(server, base_url)
        yield
    except BaseException:
        log.seek(0)
        print("".join(log.readlines()[-30:]), file=sys.stderr)
        raise
    finally:
        stop(server)
        log.close()


def wait_until_healthy(server: subprocess.Popen, base_url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the production profile stopped while starting")
        with contextlib.suppress(OSError):
            browser = Browser(base_url, timeout=5)
            status = browser.get("/health/").status
            browser.close()
            if status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"no healthy answer from {base_url}/health/ in {START_TIMEOUT} s")
