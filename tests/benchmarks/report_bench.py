"""Report figures: answer times of the download, cold renders in a worker, size and pages.

For each framework (the reference, and a synthetic one four times its size), a focal point's
draft with every indicator answered with evidence. The download, `/assessments/<pk>/report.pdf`
(`?variant=full` for the report with the annex of every answer), redirects to the document's
progress page while the report is not rendered, and serves the stored file once it is
(assessments/jobs/README.md). Measured:

- a request for a report not rendered yet (its jobs deleted before each): must be a redirect,
  never a render; the time of that answer;
- the cold render where workers do it (`assessments.jobs.services.run_job`), summary and full;
- the download of a report that is ready (the stored file served, read whole).

The four parallel requests for one report are counted against the production profile, where
requests really run in parallel (tests/benchmarks/load.py).

`bench_reports(editions)` expects a throw-away database with Django set up, as in
tests/benchmarks/inprocess.py; `python -m tests.benchmarks.report_bench` runs it alone.
"""

from __future__ import annotations

import io
import statistics

from django.test import Client
from django.urls import resolve, reverse

from tests.benchmarks.timing import measure, report, timed

READY_ROUNDS = 20
QUEUED_ROUNDS = 10
VARIANTS = ("summary", "full")
REDIRECTS = (303, 302)


def full_assessment(edition):
    """A focal point and a draft on `edition`, every indicator answered with evidence."""
    from assessments.models import Answer, Role
    from tests.factories import AssessmentFactory, MemberFactory

    focal = MemberFactory(Role.FOCAL_POINT)
    assessment = AssessmentFactory(
        edition=edition,
        member_state=focal.member_state,
        title="Benchmark assessment",
        profile_origin=True,
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


def read_whole(response) -> bytes:
    """The body as the client receives it (a stored file is streamed)."""
    if response.streaming:
        body = b"".join(response.streaming_content)
        response.close()
        return body
    return response.content


def pdf_pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def summary(times: list[float]) -> dict:
    return {"median_ms": statistics.median(times), "max_ms": max(times), "n": len(times)}


def forget_documents(assessment) -> None:
    """Delete the assessment's document jobs (and their files): its reports are not rendered."""
    from assessments.jobs.models import DocumentJob

    DocumentJob.objects.filter(assessment=assessment).delete()


def to_progress_page(response) -> bool:
    """A redirect (303 or 302) to a document's progress page: the request rendered nothing."""
    return response.status_code in REDIRECTS and (
        resolve(response["Location"]).url_name == "document-progress"
    )


def job_of(response):
    """The job whose progress page the redirect names."""
    from assessments.jobs.models import DocumentJob

    public_id = resolve(response["Location"]).kwargs["public_id"]
    return DocumentJob.objects.get(public_id=public_id)


def weasyprint_alone(assessment, annex: bool, cold: float) -> float:
    """WeasyPrint on the report's HTML alone, and what the cold render adds to it."""
    from assessments.reports import report as pdf_report

    html = pdf_report.report_html(assessment, annex=annex)
    ms, _pdf = timed(lambda: pdf_report.html_to_pdf(html))
    report("  WeasyPrint alone, same HTML", [ms])
    overhead = 100 * (cold - ms) / ms
    print(f"  {'  our overhead over WeasyPrint':<50} {overhead:8.1f} %   (limit 15 %)")
    return ms


def not_rendered_yet(client, assessment, url: str) -> tuple[list[float], object]:
    """Answer times of requests for a report nobody asked for yet; the last one's job.

    A request that renders instead of redirecting breaks the hard requirement: it stops the
    benchmark with the status it answered.
    """
    times = []
    for _ in range(QUEUED_ROUNDS):
        forget_documents(assessment)
        ms, response = timed(lambda: client.get(url))
        assert to_progress_page(response), f"{url}: HTTP {response.status_code}, no redirect"
        times.append(ms)
    return times, job_of(response)


def bench_variant(client, assessment, url: str, name: str, weasyprint_too: bool) -> dict:
    """Not rendered yet, the cold render in the worker, then the download when ready."""
    from assessments.jobs.services import run_job

    queued, job = not_rendered_yet(client, assessment, url)
    report(f"{name}: not rendered yet (redirect)", queued)
    cold, _ = timed(lambda: run_job(job.pk, worker="bench"))
    job.refresh_from_db()
    assert job.is_ready, f"{name}: the worker's render ended {job.status}: {job.error}"
    report(f"{name}: cold render in the worker", [cold])
    figures = {"queued": summary(queued), "cold_ms": cold}
    if weasyprint_too:
        figures["weasyprint_ms"] = weasyprint_alone(assessment, url.endswith("full"), cold)

    def download() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        return read_whole(response)

    ready = measure(download, READY_ROUNDS)
    pdf = download()
    assert pdf.startswith(b"%PDF"), f"{name}: the download is not a PDF"
    figures.update(ready=summary(ready), bytes=len(pdf), pages=pdf_pages(pdf))
    report(
        f"{name}: download when ready",
        ready,
        f"{len(pdf) / 1024:.0f} KiB, {figures['pages']} pages",
    )
    return figures


def bench_one(edition, label: str, weasyprint_too: bool = False) -> dict:
    """Every report figure for one framework, summary and full; print them and return them."""
    focal, assessment = full_assessment(edition)
    client = Client(SERVER_NAME="localhost")
    client.force_login(focal)
    base = reverse("assessment-report", args=[assessment.pk])
    client.get(reverse("assessment-results", args=[assessment.pk]))  # warm up imports
    answers = assessment.answers.count()
    figures: dict = {"indicators": answers}
    for variant in VARIANTS:
        url = base if variant == "summary" else f"{base}?variant=full"
        name = f"{label} ({answers} indicators), {variant}"
        figures[variant] = bench_variant(client, assessment, url, name, weasyprint_too)
    return figures


def bench_excel(edition) -> None:
    from assessments.reports import exports

    _focal, assessment = full_assessment(edition)
    report(
        "Excel export (reference framework)", measure(lambda: exports.workbook_bytes(assessment), 3)
    )


def bench_reports(editions) -> dict:
    """The report figures for each edition (reference first), then the Excel export."""
    import logging

    from assessments.reports import report as pdf_report

    # WeasyPrint logs every layout step at INFO.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    # Its first PDF in a process loads the fonts (seconds): a worker pays that once, not per
    # report, so neither does a cold render here.
    pdf_report.html_to_pdf('<html lang="en"><body><p>Fonts loaded.</p></body></html>')
    figures = {}
    for n, edition in enumerate(editions):
        label = "reference framework" if n == 0 else f"{edition.name}"
        figures[edition.code] = bench_one(edition, label, weasyprint_too=n == 0)
    bench_excel(editions[0])
    return {"frameworks": list(figures.values())}


def main() -> None:
    from django.core.management import call_command

    from tests.benchmarks import inprocess  # sets up Django
    from tests.benchmarks.frameworks import enlarged_edition

    connection, Edition = inprocess.connection, inprocess.Edition
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Report benchmarks on {connection.vendor}")
        call_command("load_framework", verbosity=0)
        reference = Edition.objects.current()
        bench_reports([reference, enlarged_edition(reference, 4)])
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
