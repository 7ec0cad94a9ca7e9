"""Load test of the production profile: `python -m tests.benchmarks.load` (part of `make bench`).

Starts the profile (.ci/serve-prod: gunicorn, PostgreSQL, Redis when it answers) on a free port
of 127.0.0.1 with a throw-away PostgreSQL database, signs in USERS people (four per member
state, each with sections of their own) and lets each of them, in a loop, open a section, save
an answer and see the saved page, and now and then the assessment's overview. Bounded by
SECONDS and by MAX_REQUESTS, whichever comes first; only 127.0.0.1 is ever addressed.

Prints requests per second, the median, 95th and 99th-percentile latency (client-side: the
whole request over loopback) and the error count; exits non-zero on any error. Skipped, with a
message, when no PostgreSQL server answers (DATABASE_URL's, else 127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.live import Browser, CheckFailed, post_form, seed_through_manage

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/14"
SAVED = "Your answers were saved."
START_TIMEOUT = 300  # seconds; collectstatic alone takes about a minute on a fresh checkout


@dataclass
class Stats:
    """Latencies (ms) per kind of request and the errors, shared by the virtual users."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_turn(self, limit: int) -> bool:
        """Count a request about to be sent; False once the request cap is reached."""
        with self.lock:
            if self.requests >= limit:
                return False
            self.requests += 1
            return True

    def record(self, kind: str, started: float, error: str | None = None) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies[kind].append(elapsed)
            if error:
                self.errors.append(f"{kind}: {error}")


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class VirtualUser:
    """One signed-in person working through their sections until told to stop."""

    def __init__(self, base_url: str, person: dict, password: str) -> None:
        self.browser = Browser(base_url)
        self.person = person
        self.password = password
        self.overview = f"/assessments/{person['assessment']}/"

    def sign_in(self) -> None:
        self.browser.sign_in(self.person["email"], self.password)

    def work(self, stats: Stats, deadline: float, limit: int) -> None:
        """Work until the deadline or the request cap; count every failure in stats."""
        for turn, code in enumerate(self._sections()):
            if time.monotonic() >= deadline:
                return
            url = f"{self.overview}sections/{code}/"
            try:
                self._turn(stats, limit, turn, url)
            except _CapReached:
                return
            except _RequestFailed:  # counted already; go on with a new connection
                self.browser.close()
            except (CheckFailed, StopIteration, KeyError, IndexError) as error:
                with stats.lock:
                    stats.errors.append(f"{url}: {type(error).__name__}: {error}")

    def _turn(self, stats: Stats, limit: int, turn: int, url: str) -> None:
        """Open the section, choose another level for its first indicator, save, see it saved."""
        if turn % 4 == 3:
            self._timed(stats, limit, "GET overview", self.overview, expect=200)
        page = self._timed(stats, limit, "GET section", url, expect=200)
        form = post_form(page.text, "ind-")
        level_field = next(n for n, _v in form.fields if n.endswith("-level"))
        current = form.value(level_field)
        choices = [v for v in form.choices[level_field] if v and v != current]
        form.replace(level_field, choices[turn % len(choices)])
        fields = [*form.fields, ("save", "")]
        self._timed(stats, limit, "POST save", url, expect=302, fields=fields)
        after = self._timed(stats, limit, "GET after save", url, expect=200)
        if SAVED not in after.text:
            raise CheckFailed("no 'saved' message after saving")

    def _sections(self) -> Iterator[str]:
        while True:
            yield from self.person["sections"]

    def _timed(self, stats: Stats, limit: int, kind: str, url: str, expect: int, fields=None):
        if not stats.take_turn(limit):
            raise _CapReached
        started = time.perf_counter()
        try:
            response = self.browser.post(url, fields) if fields else self.browser.get(url)
            response.expect(expect, kind)
        except (CheckFailed, OSError) as error:
            stats.record(kind, started, f"{type(error).__name__}: {error}")
            raise _RequestFailed from error
        stats.record(kind, started)
        return response


class _CapReached(Exception):
    """The request cap is reached: the virtual user stops."""


class _RequestFailed(Exception):
    """A request failed or answered with an unexpected status (already counted)."""


def run_load(base_url: str, people: list[dict], password: str, seconds: float, limit: int):
    """Sign everyone in (not measured), then run the loop; return (stats, elapsed seconds)."""
    users = [VirtualUser(base_url, person, password) for person in people]
    with ThreadPoolExecutor(max_workers=4) as pool:  # the password hasher is slow on purpose
        list(pool.map(VirtualUser.sign_in, users))
    stats = Stats()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=user.work, args=(stats, deadline, limit), daemon=True)
        for user in users
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)  # a request in flight may finish after the deadline
    elapsed = time.perf_counter() - started
    for user in users:
        user.browser.close()
    return stats, elapsed


def report(stats: Stats, elapsed: float) -> None:
    everything = sorted(t for times in stats.latencies.values() for t in times)
    total = len(everything)
    print(
        f"  requests {total}   errors {len(stats.errors)}   "
        f"{total / elapsed:.1f} requests/s over {elapsed:.1f} s"
    )
    rows = [("all requests", everything)] + [
        (kind, sorted(times)) for kind, times in sorted(stats.latencies.items())
    ]
    for name, ordered in rows:
        if ordered:
            print(
                f"  {name:<16} median {statistics.median(ordered):7.1f} ms   "
                f"p95 {percentile(ordered, 0.95):7.1f} ms   "
                f"p99 {percentile(ordered, 0.99):7.1f} ms   n={len(ordered)}"
            )
    for error in stats.errors[:10]:
        print(f"  error: {error}")


# --- The throw-away profile ---------------------------------------------------------------


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

    name = f"rsr_load_{os.getpid()}"
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def production_profile(env: dict[str, str], base_url: str) -> Iterator[None]:
    """Run .ci/serve-prod in the background until it is healthy; stop it afterwards."""
    log = tempfile.NamedTemporaryFile("w+", prefix="rsr-load-", suffix=".log")  # noqa: SIM115
    server = subprocess.Popen(
        ["bash", ".ci/serve-prod"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as a whole below
    )
    try:
        wait_until_healthy(server, base_url)
        yield
    except BaseException:
        log.seek(0)
        print("".join(log.readlines()[-30:]), file=sys.stderr)
        raise
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 12)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 20)))
    parser.add_argument("--max-requests", type=int, default=20_000)
    args = parser.parse_args()

    server = postgres_server()
    print("Load test of the production profile (gunicorn, PostgreSQL, Redis) on 127.0.0.1")
    if not postgres_answers(server):
        print("  skipped: no PostgreSQL server answers (set DATABASE_URL, or start it locally)")
        return 0
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    password = secrets.token_urlsafe(16)
    env = {
        "PROD_PORT": str(port),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CACHE_KEY_PREFIX": f"rsr-load-{os.getpid()}",
    }
    if redis_answers():
        env["REDIS_URL"] = REDIS_URL
    else:
        os.environ.pop("REDIS_URL", None)
        print("  note: Redis does not answer on 127.0.0.1:6379; the cache is per worker")
    with throwaway_database(server) as database_url:
        env["DATABASE_URL"] = database_url
        with production_profile(env, base_url):
            people = seed_through_manage(env, users=args.users, password=password)["people"]
            workers = os.environ.get("WEB_CONCURRENCY", f"{2 * (os.cpu_count() or 1) + 1}")
            print(
                f"  {args.users} signed-in users, {args.seconds:g} s or {args.max_requests} "
                f"requests at most; {workers} gunicorn workers; {os.cpu_count()} cores shared "
                "by server, database and load generator"
            )
            # Other work on the machine slows every figure down: say how busy it was.
            print(f"  load average before the run: {os.getloadavg()[0]:.1f}")
            stats, elapsed = run_load(base_url, people, password, args.seconds, args.max_requests)
    report(stats, elapsed)
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
