"""Load test of the production profile: `python -m tests.benchmarks.load` (part of `make bench`).

Starts the profile (tests/benchmarks/prodprofile.py: gunicorn, PostgreSQL, Redis, a worker)
with a throw-away PostgreSQL database, publishes the benchmark's framework (the reference plus
the 20-indicator section, tests/benchmarks/frameworks.py), signs in USERS people (four per
member state) and measures, one after the other:

1. throughput: every person, in a loop without pause, opens either the trivial signed-in page
   (/bench/floor/, the floor) or their team's 20-indicator section (answered), in alternating
   phases (floor, section, floor, section) of PHASE_SECONDS each, after a short warm-up;
2. the working mix kept from before: each person opens a section of their own, saves an answer,
   sees the saved page, and every fourth round the assessment's overview (SECONDS);
3. four members of one team ask at the same moment for their report, not rendered yet: all four
   must be sent to the same progress page; the jobs and the renders are counted in the database,
   and the download is timed once the worker has stored the report.

Browsers ask for gzip, as real ones do. Latencies are client-side (the whole request over
loopback); the load generator runs on the same cores as the server, the database and Redis.
Prints requests per second, median, 95th and 99th percentile and errors; exits non-zero on any
error. Skipped, with a message, when no PostgreSQL server answers (DATABASE_URL's, else
127.0.0.1:5432). BENCH_PORT and BENCH_REDIS_URL choose the port and the Redis database.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from tests.benchmarks import prodprofile
from tests.benchmarks.timing import percentile
from tests.live import Browser, CheckFailed, post_form, seed_through_manage

SAVED = "Your answers were saved."
FLOOR = "/bench/floor/"
PHASE_SECONDS = 8
WARM_UP_SECONDS = 3
USERS = int(os.environ.get("LOAD_USERS", 12))
SECONDS = float(os.environ.get("LOAD_SECONDS", 15))  # of the working mix
MAX_REQUESTS = 20_000
REPORT_PATIENCE = 180  # seconds for the worker to render the report of the parallel requests


@dataclass
class Stats:
    """Latencies (ms) per kind of request and the errors, shared by the virtual users."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    wire_bytes: dict[str, int] = field(default_factory=dict)
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

    def figures(self, kind: str) -> dict:
        times = self.latencies[kind]
        errors = sum(e.startswith(f"{kind}:") for e in self.errors)
        return {
            "requests": len(times),
            "rps": len(times) / self.seconds[kind] if self.seconds[kind] else None,
            "median_ms": statistics.median(times) if times else None,
            "p95_ms": percentile(times, 0.95) if times else None,
            "p99_ms": percentile(times, 0.99) if times else None,
            "errors": errors,
            "wire_bytes": self.wire_bytes.get(kind),
        }


class VirtualUser:
    """One signed-in person."""

    def __init__(self, base_url: str, person: dict, password: str, section: str) -> None:
        self.browser = Browser(base_url, accept_gzip=True)
        self.person = person
        self.password = password
        self.overview = f"/assessments/{person['assessment']}/"
        self.bench_section = f"{self.overview}sections/{section}/"

    def sign_in(self) -> None:
        self.browser.sign_in(self.person["email"], self.password)

    def hammer(self, stats: Stats, kind: str, path: str, deadline: float) -> None:
        """GET the page again and again until the deadline."""
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                self.browser.get(path).expect(200, kind)
            except (CheckFailed, OSError) as error:
                stats.record(kind, started, f"{type(error).__name__}: {error}")
                self.browser.close()  # the next request opens a new connection
                continue
            stats.record(kind, started)
            stats.wire_bytes[kind] = self.browser.wire_bytes

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


def together(users: list[VirtualUser], work, seconds: float) -> float:
    """Run work(user) for every user at once; return the elapsed seconds."""
    threads = [threading.Thread(target=work, args=(user,), daemon=True) for user in users]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)  # a request in flight may finish after the deadline
    return time.perf_counter() - started


def phase(users: list[VirtualUser], stats: Stats, kind: str, seconds: float) -> None:
    """Every user GETs the floor or their section page without pause for `seconds`."""
    deadline = time.monotonic() + seconds

    def work(user: VirtualUser) -> None:
        user.hammer(stats, kind, FLOOR if kind == "floor" else user.bench_section, deadline)

    stats.seconds[kind] += together(users, work, seconds)


def run_throughput(users: list[VirtualUser], seconds: float) -> Stats:
    """Floor and section page in alternating phases, after a warm-up of each."""
    stats, warm_up = Stats(), Stats()
    for kind in ("floor", "section"):
        phase(users, warm_up, kind, WARM_UP_SECONDS)
    for kind in ("floor", "section", "floor", "section"):
        phase(users, stats, kind, seconds)
    return stats


def run_mix(users: list[VirtualUser], seconds: float, limit: int) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    stats.seconds["all"] = together(users, lambda u: u.work(stats, deadline, limit), seconds)
    return stats


def report_mix(stats: Stats) -> dict:
    everything = sorted(t for times in stats.latencies.values() for t in times)
    elapsed = stats.seconds["all"]
    print(
        f"  requests {len(everything)}   errors {len(stats.errors)}   "
        f"{len(everything) / elapsed:.1f} requests/s over {elapsed:.1f} s"
    )
    rows = [("all requests", everything), *sorted(stats.latencies.items())]
    for name, times in rows:
        if times:
            print_row(name, times)
    return {
        "requests": len(everything),
        "rps": len(everything) / elapsed,
        "errors": len(stats.errors),
    }


def print_row(name: str, times: list[float], note: str = "") -> None:
    print(
        f"  {name:<16} median {statistics.median(times):7.1f} ms   "
        f"p95 {percentile(times, 0.95):7.1f} ms   p99 {percentile(times, 0.99):7.1f} ms   "
        f"n={len(times)} {note}"
    )


def report_throughput(stats: Stats) -> dict:
    figures = {}
    for kind, name in (("floor", "trivial page"), ("section", "section page")):
        figures[kind] = stats.figures(kind)
        wire = figures[kind]["wire_bytes"] or 0
        print_row(
            name,
            stats.latencies[kind],
            f"{figures[kind]['rps']:.1f} req/s, "
            f"{wire / 1024:.1f} KB on the wire, {figures[kind]['errors']} errors",
        )
    return figures


# --- Four parallel requests for one report -----------------------------------------------------


def report_jobs(database_url: str, assessment: int) -> tuple[int, int, list[str]]:
    """Document jobs of the assessment: how many, renders started (claims), their statuses."""
    import psycopg2

    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(attempts), 0), coalesce(array_agg(status), '{}') "
            "FROM assessments_documentjob WHERE assessment_id = %s",
            [assessment],
        )
        jobs, renders, statuses = cursor.fetchone()
    connection.close()
    return jobs, renders, list(statuses)


def parallel_report(team: list[VirtualUser], database_url: str) -> dict:
    """Four members ask for the team's report at once; count the jobs and renders."""
    url = f"{team[0].overview}report.pdf"
    barrier = threading.Barrier(len(team))
    answers: list[tuple[int, str, float]] = []

    def ask(user: VirtualUser) -> None:
        barrier.wait()
        started = time.perf_counter()
        response = user.browser.get(url)
        answers.append((response.status, response.location, (time.perf_counter() - started) * 1000))

    together(team, ask, 60)
    statuses = sorted(status for status, _location, _ms in answers)
    pages = {location for _status, location, _ms in answers if location}
    figures = {
        "requests": len(answers),
        "statuses": statuses,
        "progress_pages": len(pages),
        "answer_ms": sorted(ms for _s, _l, ms in answers),
    }
    waited = time.monotonic()
    jobs, renders, states = report_jobs(database_url, team[0].person["assessment"])
    while states and not all(s in ("ready", "failed") for s in states):
        if time.monotonic() - waited > REPORT_PATIENCE:
            break
        time.sleep(0.5)
        jobs, renders, states = report_jobs(database_url, team[0].person["assessment"])
    figures.update(jobs=jobs, renders=renders, job_statuses=states)
    if states and all(s == "ready" for s in states):
        figures["ready_after_s"] = time.monotonic() - waited
        started = time.perf_counter()
        response = team[0].browser.get(url)
        figures["download_ms"] = (time.perf_counter() - started) * 1000
        figures["download"] = f"{response.status} {response.headers.get('Content-Type', '')}"
    print(
        f"  4 parallel requests for one report not rendered yet: answers {statuses} "
        f"in {', '.join(f'{ms:.0f}' for ms in figures['answer_ms'])} ms, "
        f"{len(pages)} progress page(s); {jobs} job(s), {renders} render(s), {states}"
    )
    if "download_ms" in figures:
        print(
            f"  ready after {figures['ready_after_s']:.1f} s; the download then answered "
            f"{figures['download']} in {figures['download_ms']:.0f} ms"
        )
    return figures


# --- The run -----------------------------------------------------------------------------------


def seed(*, users: int, password: str) -> dict:
    """In the server's Django (manage.py shell): the benchmark's framework, people, answers."""
    from assessments.models import Assessment, User
    from tests.benchmarks.frameworks import BENCH_SECTION, bench_edition
    from tests.benchmarks.pages import answer_all
    from tests.live import seed_accounts

    bench_edition()
    seeded = seed_accounts(users=users, password=password, prefix="bench")
    for pk in {person["assessment"] for person in seeded["people"]}:
        assessment = Assessment.objects.get(pk=pk)
        answer_all(assessment, User.objects.get(pk=assessment.created_by_id), section=BENCH_SECTION)
    return {**seeded, "section": BENCH_SECTION}


def run(users: int, seconds: float, max_requests: int) -> tuple[dict, int]:
    """Start the profile, run the three parts, print them; return (figures, exit status)."""
    server = prodprofile.postgres_server()
    print("\nLoad test of the production profile (gunicorn, PostgreSQL, Redis) on 127.0.0.1")
    if not prodprofile.postgres_answers(server):
        print("  skipped: no PostgreSQL server answers (set DATABASE_URL, or start it locally)")
        return {"skipped": "no PostgreSQL server answers"}, 0
    port = prodprofile.port()
    base_url = f"http://{prodprofile.HOST}:{port}"
    password = secrets.token_urlsafe(16)
    env = prodprofile.environment(port)
    workers = os.environ.get("WEB_CONCURRENCY", f"{2 * (os.cpu_count() or 1) + 1}")
    figures: dict = {"users": users, "gunicorn_workers": int(workers), "cores": os.cpu_count()}
    with prodprofile.throwaway_database(server) as database_url:
        env["DATABASE_URL"] = database_url
        with prodprofile.production_profile(env, base_url):
            seeded = seed_through_manage(
                env, seed="tests.benchmarks.load.seed", users=users, password=password
            )
            people = [
                VirtualUser(base_url, person, password, seeded["section"])
                for person in seeded["people"]
            ]
            with ThreadPoolExecutor(max_workers=4) as pool:  # the hasher is slow on purpose
                list(pool.map(VirtualUser.sign_in, people))
            print(
                f"  {users} signed-in users; {workers} gunicorn workers; {os.cpu_count()} cores "
                "shared by server, database, Redis, worker and load generator"
            )
            # Other work on the machine slows every figure down: say how busy it was.
            figures["load_average"] = os.getloadavg()[0]
            print(f"  load average before the run: {figures['load_average']:.1f}")
            print(f"  throughput, pages alone, {2 * PHASE_SECONDS} s each:")
            throughput = run_throughput(people, PHASE_SECONDS)
            figures.update(report_throughput(throughput))
            print(f"  working mix, {seconds:g} s or {max_requests} requests at most:")
            mix = run_mix(people, seconds, max_requests)
            figures["mix"] = report_mix(mix)
            figures["report"] = parallel_report(people[:4], database_url)
    errors = throughput.errors + mix.errors
    for error in errors[:10]:
        print(f"  error: {error}")
    return figures, 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--max-requests", type=int, default=MAX_REQUESTS)
    parser.add_argument("--figures", help="write the figures to this JSON file")
    args = parser.parse_args()
    figures, status = run(args.users, args.seconds, args.max_requests)
    if args.figures:
        with open(args.figures, "w") as out:
            json.dump(figures, out)
    return status


if __name__ == "__main__":
    sys.exit(main())
