"""Report and export figures: the full framework, every indicator answered with evidence.

`bench_report()` expects a (throw-away) database with Django set up, as in
tests/benchmarks/__main__.py; `python -m tests.benchmarks.report_bench` runs it alone.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.benchmarks import __main__ as bench  # sets up Django

ROUNDS = 3


def full_assessment():
    """A focal point and a draft on the largest edition, all answered with evidence."""
    from assessments.models import Answer, Role
    from roadmap.models import Edition, Indicator
    from tests.factories import AssessmentFactory, MemberFactory

    if not Indicator.objects.exists():
        call_command("load_framework", verbosity=0)
    edition = max(Edition.objects.all(), key=lambda e: e.indicator_set.count())
    focal = MemberFactory(Role.FOCAL_POINT)
    assessment = AssessmentFactory(
        edition=edition,
        member_state=focal.member_state,
        title="Benchmark assessment",
        profile_transit=True,
        profile_destination=True,
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            indicator=indicator,
            level=n % (indicator.scale.max_value + 1),
            evidence=f"Evidence for {indicator.code}: the law, the agency's annual report, "
            "statistics for the last three years and the minutes of the coordinating body. " * 2,
            evidence_links="https://example.org/law\nhttps://example.org/report",
            comment="Reviewed by the inter-ministerial committee.",
            updated_by=focal,
            updated_by_name=focal.get_full_name(),
        )
        for n, indicator in enumerate(assessment.applicable_indicators().select_related("scale"))
    )
    return focal, assessment


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def bench_report() -> None:
    """Print cold PDF, WeasyPrint alone, cached download, PDF size and pages, Excel export."""
    import io

    import pypdf

    from assessments.reports import exports, report

    # WeasyPrint logs every layout step at INFO (settings should raise this logger to WARNING).
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    focal, assessment = full_assessment()
    client = Client(SERVER_NAME="localhost")
    client.force_login(focal)
    url = reverse("assessment-report", args=[assessment.pk])
    client.get(reverse("assessment-results", args=[assessment.pk]))  # warm up imports

    cold, weasy = [], []
    for _ in range(ROUNDS):
        cache.clear()
        ms, response = timed(lambda: client.get(url))
        cold.append(ms)
        html = report.report_html(assessment)
        ms, _pdf = timed(lambda html=html: report.html_to_pdf(html))
        weasy.append(ms)
    pdf = response.content
    cached = bench.measure(lambda: client.get(url), 20)
    excel = bench.measure(lambda: exports.workbook_bytes(assessment), ROUNDS)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    answered = assessment.answers.count()

    bench.report(f"PDF report, cold ({answered} answers)", cold)
    bench.report("  WeasyPrint alone, same HTML", weasy)
    overhead = 100 * (min(cold) - min(weasy)) / min(weasy)
    print(f"  {'  our overhead (best of each)':<46} {overhead:8.1f} %   (limit 15 %)")
    bench.report("PDF report, cached download", cached)
    print(f"  {'PDF size and pages':<46} {len(pdf) / 1024:8.0f} KiB  {pages} pages")
    bench.report("Excel export", excel)


def main() -> None:
    connection = bench.connection
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Report benchmarks on {connection.vendor}")
        bench_report()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
