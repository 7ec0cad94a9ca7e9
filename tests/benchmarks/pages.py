"""The issue's page figures next to their floors: in-process, interleaved, median of many.

Every request goes through Django's test client (its WSGI request handler, no network), with
DEBUG off and the production settings (tests/benchmarks/__main__.py sets the environment), and
asks for gzip as browsers do. One round sends, in turn:

- bare: a constant page through a handler without any middleware (bare Django);
- floor: the same page behind sign-in through the project's whole MIDDLEWARE (session read
  and saved, user loaded, CSRF, two-factor, messages, history, axes): the project's floor;
- section GET: a contributor opens the 20-indicator section (answered, with evidence);
- section POST: another contributor saves that section with two levels changed (302);
- results GET: a focal point opens the results of a fully answered assessment that has a
  submitted predecessor (so the comparison is shown too).

Interleaving the five spreads whatever else the machine does over all of them alike, so the
ratios to the floor hold even when the absolute times drift.
"""

from __future__ import annotations

import gzip
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.benchmarks.timing import percentile, report, timed

ROUNDS = 80
WARM_UP = 3
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}


class BareHandler(ClientHandler):
    """Django's request handling with no middleware at all."""

    def load_middleware(self, is_async: bool = False) -> None:
        with override_settings(MIDDLEWARE=[]):
            super().load_middleware(is_async)


@dataclass
class Page:
    name: str
    label: str
    send: Callable[[object], object]  # one request with what `prepare` made; checks its status
    prepare: Callable[[], object] = lambda: None  # before each request, not timed
    times: list[float] = field(default_factory=list)
    queries: int | None = None

    def measure(self) -> None:
        prepared = self.prepare()
        ms, _ = timed(lambda: self.send(prepared))
        self.times.append(ms)

    def count_queries(self) -> None:
        prepared = self.prepare()
        self.queries = count_queries(lambda: self.send(prepared))

    def figures(self) -> dict:
        return {
            "median_ms": statistics.median(self.times),
            "p95_ms": percentile(self.times, 0.95),
            "n": len(self.times),
            "queries": self.queries,
        }


def expect(response, status: int, what: str):
    assert response.status_code == status, f"{what}: HTTP {response.status_code}, not {status}"
    return response


def count_queries(fn: Callable[[], object]) -> int:
    # Counted at once: every request empties the query log (Django's reset_queries).
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def wire_and_raw_bytes(response) -> tuple[int, int]:
    """Bytes sent (compressed when the server compressed) and the page's own bytes."""
    body = response.content
    raw = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    return len(body), len(raw)


def signed_in(user, **kwargs) -> Client:
    client = Client(SERVER_NAME="localhost", **kwargs)
    client.force_login(user)
    return client


def answer_all(assessment, by, shift: int = 0, section: str = "") -> None:
    """Answer every applicable indicator (of `section` if named), with evidence."""
    from assessments.models import Answer

    indicators = assessment.applicable_indicators().select_related("scale")
    if section:
        indicators = indicators.filter(section__code=section)
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            indicator=indicator,
            level=(n + shift) % (indicator.scale.max_value + 1),
            evidence=f"Evidence for {indicator.code}: the law, the agency's annual report and "
            "statistics for the last three years.",
            updated_by=by,
            updated_by_name=by.get_full_name(),
        )
        for n, indicator in enumerate(indicators)
    )


def people_and_assessments(edition):
    """Two member states: one answers the section, the other reads its results."""
    from django.utils import timezone

    from assessments.models import Assessment, Role
    from tests.factories import AssessmentFactory, MemberFactory

    profile = {"profile_origin": True, "profile_transit": True, "profile_destination": True}
    reader = MemberFactory(Role.CONTRIBUTOR)
    writer = MemberFactory(Role.CONTRIBUTOR, reader.member_state)
    draft = AssessmentFactory(
        edition=edition, member_state=reader.member_state, title="Draft", **profile
    )
    answer_all(draft, reader)

    focal = MemberFactory(Role.FOCAL_POINT)
    current = AssessmentFactory(
        edition=edition, member_state=focal.member_state, title="This year", **profile
    )
    previous = AssessmentFactory(
        edition=edition,
        member_state=focal.member_state,
        title="Last year",
        reporting_year=current.reporting_year - 1,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
        **profile,
    )
    answer_all(current, focal)
    answer_all(previous, focal, shift=1)
    return reader, writer, focal, draft, current


def make_pages(edition, section) -> list[Page]:
    """The five requests of a round, each with its people and assessment."""
    from tests.assessments.helpers import section_post

    reader, writer, focal, draft, current = people_and_assessments(edition)
    bare = Client(SERVER_NAME="localhost")
    bare.handler = BareHandler(enforce_csrf_checks=False)
    member = signed_in(reader)
    saver = signed_in(writer, enforce_csrf_checks=True)  # posts carry the token, as browsers do
    results_reader = signed_in(focal)
    section_url = reverse("assessment-section", args=[draft.pk, section.code])
    results_url = reverse("assessment-results", args=[current.pk])
    expect(saver.get(section_url, **GZIP), 200, "section page")  # sets the CSRF cookie
    levels = iter(range(10**9))

    def post_data() -> dict:
        saver.cookies.pop("messages", None)  # "saved" is never shown: do not let it pile up
        level = next(levels) % 5
        changes = {f"{section.code}.{n}": {"level": (level + n) % 5} for n in (1, 2)}
        data = section_post(draft, section, changes)  # the saved answers, as the page had them
        return {**data, "csrfmiddlewaretoken": saver.cookies["csrftoken"].value}

    def get(client, url: str, what: str) -> Callable[[object], object]:
        return lambda _prepared: expect(client.get(url, **GZIP), 200, what)

    return [
        Page("bare", "bare Django (no middleware)", get(bare, "/bench/bare/", "bare page")),
        Page(
            "floor",
            "floor: signed-in trivial page, all middleware",
            get(member, "/bench/floor/", "floor page"),
        ),
        Page(
            "section_get",
            f"section page GET ({section.indicators.count()} indicators)",
            get(member, section_url, "section page"),
        ),
        Page(
            "section_post",
            "section page POST (2 of 20 changed)",
            lambda data: expect(saver.post(section_url, data, **GZIP), 302, "section save"),
            prepare=post_data,
        ),
        Page(
            "results_get",
            f"results page GET ({current.answers.count()} answers)",
            get(results_reader, results_url, "results page"),
        ),
    ]


def bench_pages(edition, section) -> dict:
    """Print and return the floors and the section and results pages' figures."""
    pages = make_pages(edition, section)
    for round_ in range(WARM_UP + ROUNDS):
        for page in pages:
            page.measure()
        if round_ + 1 == WARM_UP:
            for page in pages:
                page.times.clear()
    for page in pages:
        page.count_queries()
    section_get = next(page for page in pages if page.name == "section_get")
    wire, raw = wire_and_raw_bytes(section_get.send(None))
    figures = {page.name: page.figures() for page in pages}
    figures["section_get"].update(wire_bytes=wire, raw_bytes=raw)
    for page in pages:
        note = f"{page.queries} queries"
        if page is section_get:
            note += f", {raw / 1024:.0f} KB, {wire / 1024:.1f} KB on the wire"
        report(page.label, page.times, note)
    return figures
