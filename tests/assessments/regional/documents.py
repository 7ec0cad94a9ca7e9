"""Shared assessments with distinct scores, readers for the brief's HTML tables, and the way
to a document prepared by a worker: the test data and helpers of the brief's, the workbooks'
and the regional documents' tests (test_brief.py, test_exports.py, test_drilldown.py,
test_documents.py)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

from django.conf import settings
from django.http import HttpResponse

from assessments.jobs import services
from assessments.jobs.documents import KINDS
from assessments.jobs.models import DocumentJob
from assessments.models import MemberState, ShareLevel
from assessments.regional.aggregate import Filters
from roadmap.models import Edition
from tests.assessments.jobs.helpers import job_of
from tests.assessments.regional.conftest import shared_assessment


def prepared(client, url: str, params: dict | None = None) -> HttpResponse:
    """A download as a person gets it: asked for (sent to the progress page), prepared by the
    worker's own function, then asked for again: the stored file."""
    services.run_job(job_of(client.get(url, params)).pk)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response


def rendered(kind: str, filters: Filters | None = None, day: date | None = None) -> bytes:
    """A regional document rendered by its kind's worker function, as a worker renders it."""
    params = {
        "filters": (filters or Filters()).as_query(),
        "demo": settings.REGIONAL_DEMO_DATA,
        "day": (day or date(2026, 3, 14)).isoformat(),
    }
    return KINDS[kind].render(DocumentJob(kind=kind, params=params))


# Levels per state and indicator: every state scores differently in every category.
LEVELS = {
    "XAA": {"PLAN.A.1": 1, "PRIN.A.1": 2, "POL.A.1": 4, "PRAC.A.1": 0, "POL.T.1": 1},
    "XBB": {"PLAN.A.1": 2, "PRIN.A.1": 4, "POL.A.1": 3, "PRAC.A.1": 1, "POL.T.1": 2},
    "XCC": {"PLAN.A.1": 4, "PRIN.A.1": 1, "POL.A.1": 2, "PRAC.A.1": 3, "POL.T.1": 4},
    "XDD": {"PLAN.A.1": 0, "PRIN.A.1": 0, "POL.A.1": 1, "PRAC.A.1": 2, "POL.T.1": 0},
}


def share_all(states: list[MemberState], edition: Edition) -> None:
    """Every state shares its answers (with evidence), but Gammaland scores only; Alphaland
    also shared an older assessment, which the view leaves out."""
    for state in states:
        answers = state.code != "XCC"
        level = ShareLevel.ANSWERS if answers else ShareLevel.SCORES
        shared_assessment(state, edition, level=LEVELS[state.code], share=level, evidence=answers)
    shared_assessment(states[0], edition, level=4, year=2024, evidence=True)


class _Tables(HTMLParser):
    """The text of every cell of every table with a given class, row by row."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.depth, self.rows = css_class, 0, []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self.depth or self.css_class in classes):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(f" {data} ")


def table_rows(html: str, css_class: str) -> list[list[str]]:
    """Rows (header row included) of the tables with `css_class`, each a list of cell texts."""
    parser = _Tables(css_class)
    parser.feed(html)
    return parser.rows
