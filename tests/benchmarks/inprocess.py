"""The in-process figures of `make bench`, on a throw-away test database.

`python -m tests.benchmarks` runs this module in a process of its own with the environment of
tests/benchmarks/environment.py (DEBUG off, production settings) and collects the figures it
writes to the JSON file named by --figures. Uses the database DATABASE_URL points at (SQLite by
default): Django creates and drops a separate test database, so no real data is touched.
Timings are server time as seen by Django's test client (no network).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile

import django

from tests.benchmarks.environment import in_process_environment

for _name, _value in in_process_environment(tempfile.mkdtemp(prefix="bench-documents-")).items():
    os.environ.setdefault(_name, _value)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from roadmap.models import Edition, Indicator  # noqa: E402
from roadmap.publishing import edition_clone  # noqa: E402
from tests.benchmarks.timing import heading, measure, report  # noqa: E402


def bench_framework() -> None:
    report(
        "load framework fixture (update)",
        measure(lambda: call_command("load_framework", update=True, verbosity=0), 3),
        f"{Indicator.objects.filter(edition=Edition.objects.current()).count()} indicators",
    )
    source = Edition.objects.current()
    report("clone the published edition", measure(lambda: edition_clone(source=source), 5))


def other_figures() -> None:
    """Figures kept from before issue 16: fixtures, scoring, the plan, the regional view."""
    from tests.benchmarks.plan_bench import bench_plan
    from tests.benchmarks.regional_bench import bench_regional
    from tests.benchmarks.scoring_bench import bench_scoring

    heading("Framework, scoring, action plan and regional view")
    bench_framework()
    bench_scoring(report)
    bench_plan(report)
    bench_regional(report)


def goal_figures() -> dict:
    """The figures of issue 16's goals: pages next to their floors, and reports."""
    from tests.benchmarks.frameworks import bench_edition, enlarged_edition
    from tests.benchmarks.pages import bench_pages
    from tests.benchmarks.report_bench import bench_reports

    reference = Edition.objects.current()
    edition, section = bench_edition()
    heading(
        f"Pages and their floors (in-process, interleaved; {connection.vendor}, DEBUG off, "
        "gzip accepted)"
    )
    figures = {"pages": bench_pages(edition, section)}
    heading("Reports (rendered by the worker's function, served by the download view)")
    figures["reports"] = bench_reports([reference, enlarged_edition(reference, 4)])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", help="write the goals' figures to this JSON file")
    parser.add_argument("--only-goals", action="store_true", help="skip the other figures")
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(
            f"In-process figures on {connection.vendor} (server time through Django's test client)"
        )
        call_command("load_framework", verbosity=0)
        if not args.only_goals:
            other_figures()
        figures = goal_figures()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.figures:
        with open(args.figures, "w") as out:
            json.dump(figures, out)


if __name__ == "__main__":
    main()
