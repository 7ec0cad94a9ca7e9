"""Run the benchmarks on a throw-away test database and print their figures.

Uses the database DATABASE_URL points at (SQLite by default): Django creates and drops a
separate test database, so no real data is touched. Timings are server time as seen by
Django's test client (no network), so they measure our code and the database.
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
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from roadmap.models import Edition, Indicator  # noqa: E402
from roadmap.publishing import edition_clone  # noqa: E402
from tests.benchmarks.scoring_bench import bench_scoring  # noqa: E402

ROUNDS = 5
REQUESTS = 50


def measure(fn: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    """Return the times of fn in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float], note: str = "") -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"  {name:<46} median {statistics.median(times):8.1f} ms   "
        f"p95 {p95:8.1f} ms   n={len(times):<3} {note}"
    )


def bench_framework() -> None:
    report(
        "load framework fixture (update)",
        measure(lambda: call_command("load_framework", update=True, verbosity=0)),
        f"{Indicator.objects.filter(edition=Edition.objects.current()).count()} indicators",
    )
    source = Edition.objects.current()
    report("clone the published edition", measure(lambda: edition_clone(source=source)))


def bench_section_page() -> None:
    """GET and POST of a 20-indicator section, signed in as a contributor."""
    from assessments.models import Role
    from tests.assessments.conftest import add_section
    from tests.assessments.helpers import section_post
    from tests.factories import AssessmentFactory, MemberFactory, complete_edition

    edition = complete_edition(code="bench", status=Edition.Status.PUBLISHED)
    section = add_section(edition, "POL.BENCH", 20)
    contributor = MemberFactory(Role.CONTRIBUTOR)
    assessment = AssessmentFactory(edition=edition, member_state=contributor.member_state)
    client = Client(SERVER_NAME="localhost")
    client.force_login(contributor)
    url = reverse("assessment-section", args=[assessment.pk, section.code])
    client.get(url)  # warm up templates and caches
    report("section page GET (20 indicators)", measure(lambda: client.get(url), REQUESTS))

    levels = iter(range(10**6))

    def post():
        level = next(levels) % 5
        data = section_post(
            assessment, section, {f"POL.BENCH.{i}": {"level": level} for i in (1, 2)}
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code

    report("section page POST (20 indicators, 2 changed)", measure(post, REQUESTS))


def bench_results(report) -> None:
    """The results page of a fully answered assessment on the published (full) framework."""
    from assessments.models import Answer, Role
    from tests.benchmarks.scoring_bench import bench_results_page
    from tests.factories import AssessmentFactory, MemberFactory

    edition = Edition.objects.current()
    focal = MemberFactory(Role.FOCAL_POINT)
    assessment = AssessmentFactory(edition=edition, member_state=focal.member_state)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, indicator=i, level=i.pk % (i.scale.max_value + 1))
        for i in assessment.applicable_indicators().select_related("scale")
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(focal)
    bench_results_page(report, client, assessment)


def main() -> None:
    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Benchmarks on {vendor} (server time through Django's test client)")
        call_command("load_framework", verbosity=0)
        bench_framework()
        bench_scoring(report)
        bench_results(report)
        from tests.benchmarks.plan_bench import bench_plan

        bench_plan(report)
        from tests.benchmarks.regional_bench import bench_regional

        bench_regional(report)
        Edition.objects.filter(status=Edition.Status.PUBLISHED).update(status="retired")
        bench_section_page()
        from tests.benchmarks.report_bench import bench_report

        bench_report()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
