"""The regional view at the issue's size: 45 fictional member states x 5 years, full framework.

`bench_regional(report)` expects a (throw-away) database with Django set up and the framework
loaded and published, as in tests/benchmarks/inprocess.py;
`python -m tests.benchmarks.regional_bench` runs it alone. Prints the time to generate the
data (what manage.py regional_demo_data does), the aggregation alone, and the page as RSO
staff: cold (the cache cleared before each request, so that the aggregation really runs),
cached, and filtered to one subregion, each with its query count.
"""

from __future__ import annotations

from tests.benchmarks.scoring_bench import timed

STATES, YEARS = 45, 5
ROUNDS = 5


def bench_regional(report) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from assessments.models import Role
    from assessments.regional import synthetic
    from assessments.regional.aggregate import Filters, build
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    summary = synthetic.generate(STATES, YEARS, last_year=2025)
    report(
        f"generate {STATES} x {YEARS} synthetic shared assessments",
        [summary.seconds * 1000],
        f"{summary.assessments} assessments, {summary.answers} answers",
    )
    # Only fictional states count on a demonstration site (docs/regional.md).
    with override_settings(REGIONAL_DEMO_DATA=True):
        report(
            f"regional aggregation alone ({STATES} states, all years)",
            timed(lambda: build(Filters(), demo=True), ROUNDS),
        )
        client = sign_in(Client(SERVER_NAME="localhost"), UserFactory(role=Role.RSO))
        url = reverse("regional")

        def get(path: str = url):
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            return response

        def cold(path: str = url):
            cache.clear()  # sessions are in the database: the client stays signed in
            return get(path)

        def queries(fn) -> int:
            # Counted at once: every request empties the query log (Django's reset_queries),
            # so a CaptureQueriesContext read after later requests would count a wrong slice.
            connection.queries_log.clear()  # may be full after the set-up: it would read 0
            with CaptureQueriesContext(connection) as captured:
                fn()
            return len(captured)

        get()  # warm up templates and imports
        pacific = f"{url}?subregion=pacific"
        counts = {
            "cold": queries(cold),
            "cached": queries(get),
            "pacific": queries(lambda: cold(pacific)),
        }
        report(
            f"regional page GET, cold ({STATES} states x {YEARS} years)",
            timed(cold, ROUNDS),
            f"{counts['cold']} queries",
        )
        report("regional page GET, cached", timed(get, 20), f"{counts['cached']} queries")
        report(
            "regional page GET, one subregion, cold",
            timed(lambda: cold(pacific), ROUNDS),
            f"{counts['pacific']} queries",
        )


def main() -> None:
    from django.core.management import call_command

    from tests.benchmarks import inprocess  # sets up Django
    from tests.benchmarks.timing import report

    connection = inprocess.connection
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Regional view benchmarks on {connection.vendor}")
        call_command("load_framework", verbosity=0)
        bench_regional(report)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
