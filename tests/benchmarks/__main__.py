"""Run the benchmarks on a throw-away test database and print their figures.

Uses the database DATABASE_URL points at (SQLite by default): Django creates and drops a
separate test database, so no real data is touched.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")
os.environ.setdefault("DEBUG", "true")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from roadmap.models import Edition, Indicator  # noqa: E402
from roadmap.publishing import edition_clone  # noqa: E402

ROUNDS = 5


def measure(fn: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, float]:
    """Return the median and the worst time of fn in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def report(name: str, median: float, worst: float, note: str = "") -> None:
    print(f"  {name:<44} median {median:8.1f} ms   worst {worst:8.1f} ms  {note}")


def main() -> None:
    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Benchmarks on {vendor} ({ROUNDS} rounds each)")
        report(
            "load framework fixture (update)",
            *measure(lambda: call_command("load_framework", update=True, verbosity=0)),
            f"{Indicator.objects.count()} indicators",
        )
        source = Edition.objects.current()
        report("clone the published edition", *measure(lambda: edition_clone(source=source)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
