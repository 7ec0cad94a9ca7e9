"""Every surface shows the same figures for the demo assessments (docs/scoring.md).

The list, the overview, the section menu, the results page, the PDF report and the Excel
workbook are read back as a reader sees them, and compared with the one computation:
`assessment_progress` for the counts and `assessment_results` for the scores. The 2025
assessment is submitted and complete, with indicators marked not applicable and a comparison
with 2024; the 2026 draft is complete, not submitted yet. The demo has no draft in progress any
more, so this module adds one (2027, a third answered) for the provisional figures.
"""

from __future__ import annotations

import html
import io
import re

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessments.answering import Submission, section_save
from assessments.demo import DEMO_STATE_CODE, FOCAL, VIEWER, demo_values, load_demo
from assessments.models import Action, Agency, Assessment, MemberState, PracticeEntry, User
from assessments.progress import assessment_progress
from assessments.reports import exports, report
from assessments.results import assessment_results
from assessments.services import assessment_create

pytestmark = pytest.mark.django_db

YEARS = [2025, 2026, 2027]
IN_PROGRESS = 2027


@pytest.fixture(scope="module")
def demo(framework_module, django_db_blocker):
    """The demo data of `make run`, loaded once for this module."""
    with django_db_blocker.unblock():
        # As `make setup` does: the demo publishes the practices seed of real member states.
        call_command("load_member_states", verbosity=0)
        load_demo()
        draft_in_progress()
    yield
    with django_db_blocker.unblock():
        Action.objects.all().delete()  # the demo plan protects its member state and agencies
        Agency.objects.all().delete()
        Assessment.objects.all().delete()
        User.objects.all().delete()
        PracticeEntry.objects.all().delete()  # the practices seed protects its member states
        # Demoland, its fictional neighbours of the regional demo and the real member states.
        MemberState.objects.all().delete()


def draft_in_progress() -> Assessment:
    """A later draft of Demoland with a third of its indicators answered as the demo answers."""
    focal = User.objects.get(email=FOCAL.email)
    draft = assessment_create(
        member_state=focal.member_state,
        by=focal,
        title="Mid-term review",
        reporting_year=IN_PROGRESS,
        profile_origin=True,
        profile_destination=True,
    )
    indicators = list(draft.applicable_indicators().select_related("scale"))
    submissions = [
        Submission(indicator, demo_values(indicator, IN_PROGRESS), version=0, loaded="")
        for indicator in indicators[: len(indicators) // 3]
    ]
    section_save(assessment=draft, by=focal, submissions=submissions)
    return draft


@pytest.fixture
def reader(demo, client):
    client.force_login(User.objects.get(email=VIEWER.email))
    return client


def demo_assessment(year: int) -> Assessment:
    return Assessment.objects.get(member_state__code=DEMO_STATE_CODE, reporting_year=year)


def text(page: str) -> str:
    """What a reader sees: no tags, one space between words."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" ([,.;:)])", r"\1", words)


def get(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return text(response.content.decode())


def sentence(count) -> str:
    """The progress sentence as the one definition gives it."""
    words = f"{count.answered} of {count.total} indicators answered"
    return words + (f" ({count.not_applicable} not applicable)" if count.not_applicable else "")


def expected(year: int):
    assessment = demo_assessment(year)
    return assessment, assessment_progress(assessment), assessment_results(assessment)


# --- one computation --------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_progress_and_results_count_the_same_answered_and_not_applicable(demo, year):
    _assessment, progress, results = expected(year)
    result = results.result
    assert (progress.total, progress.answered, progress.not_applicable) == (
        result.total,
        result.answered,
        result.not_applicable,
    )
    assert progress.provisional == result.provisional
    for group in progress.categories:
        score = result.categories[group.category.code]
        assert (group.total, group.answered, group.not_applicable) == (
            score.total,
            score.answered,
            score.not_applicable,
        )


def test_the_cases_cover_complete_and_provisional_submitted_and_draft(demo):
    """2025: submitted, complete with answers marked not applicable; 2026: a complete draft;
    2027: a draft in progress, with answers marked not applicable too."""
    assessment, progress_2025, results_2025 = expected(2025)
    assert progress_2025.complete
    assert progress_2025.not_applicable > 0
    assert results_2025.comparison is not None
    assert not assessment.is_draft
    assessment, progress_2026, _r = expected(2026)
    assert (assessment.is_draft, progress_2026.complete) == (True, True)
    assessment, progress_2027, _r = expected(IN_PROGRESS)
    assert assessment.is_draft
    assert 0 < progress_2027.answered < progress_2027.total
    assert progress_2027.not_applicable > 0


# --- the pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_the_list_shows_the_progress_sentence(reader, year):
    assessment, progress, _results = expected(year)
    page = get(reader, "assessment-list")
    row = re.search(rf"{re.escape(assessment.title)} {year} .*?answered[^A-Z]*", page)[0]
    assert sentence(progress) in row


@pytest.mark.parametrize("year", YEARS)
def test_the_overview_shows_the_same_counts_and_provisional_only_when_incomplete(reader, year):
    assessment, progress, _results = expected(year)
    page = get(reader, "assessment-overview", assessment.pk)
    assert sentence(progress) in page
    for group in progress.categories:
        name = f"{group.category.position}. {group.category.name}"
        assert f"{name} {group.answered} / {group.total}" in page
    assert ("Results (provisional)" in page) == progress.provisional


@pytest.mark.parametrize("year", YEARS)
def test_the_section_menu_shows_the_same_category_counts(reader, year):
    assessment, progress, _results = expected(year)
    first = progress.sections[0]
    page = get(reader, "assessment-section", assessment.pk, first.code)
    for group in progress.categories:
        assert f"{group.category.name} {group.answered}/{group.total}" in page


def overall_and_categories(page: str, results) -> None:
    """The overall score with its band, and each category's score, band and counts."""
    result = results.result
    assert re.search(rf"\b{result.shown_overall} / 100 {result.band.label}\b", page, re.I)
    for category in results.categories:
        score = result.categories[category.code]
        shown = f"{score.shown} {score.band.label}" if score.band else "no score"
        assert f"{category.name} {shown} {score.answered}/{score.total}" in page


def comparison(page: str, results) -> None:
    """Before and now are the numbers shown; the change is their difference ("—": no score)."""
    before = results.comparison.previous_result
    for category in results.categories:
        was = before.categories[category.code].shown
        now = results.result.categories[category.code].shown
        match = re.search(
            rf"{category.name} (\d+|—) (\d+|—) (?:▲ up \+(\d+)|▼ down -(\d+)|= same|—)?", page
        )
        shown = [None if n == "—" else int(n) for n in (match[1], match[2])]
        assert shown == [was, now]
        if was is not None and now is not None:
            assert int(match[3] or 0) - int(match[4] or 0) == now - was
        else:
            assert match[3] is None
            assert match[4] is None


@pytest.mark.parametrize("year", YEARS)
def test_the_results_page_shows_the_same_figures(reader, year):
    assessment, progress, results = expected(year)
    page = get(reader, "assessment-results", assessment.pk)
    assert f"{sentence(progress)}, {progress.percent}%" in page
    overall_and_categories(page, results)
    assert ("Provisional." in page) == progress.provisional
    if results.comparison:
        comparison(page, results)


@pytest.fixture
def pdf_text(demo):
    def render(assessment):
        # The summary, the default download: every figure is in it (the annex holds answers).
        pdf = pypdf.PdfReader(io.BytesIO(report.render_pdf(assessment, annex=False)))
        return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())

    return render


@pytest.mark.parametrize("year", YEARS)
def test_the_pdf_report_shows_the_same_figures(pdf_text, year):
    assessment, progress, results = expected(year)
    page = pdf_text(assessment)
    assert f"{sentence(progress)}, {progress.percent}%" in page
    overall_and_categories(page.replace("OVERALL SCORE ", ""), results)
    status = re.search(r"Status (.*?) (Data as of|Submitted on)", page)[1]
    assert ("provisional" in status) == progress.provisional
    if results.comparison:
        comparison(page, results)


@pytest.mark.parametrize("year", YEARS)
def test_the_workbook_shows_the_same_figures(demo, year):
    assessment, progress, results = expected(year)
    book = load_workbook(io.BytesIO(exports.workbook_bytes(assessment)))
    header, *rows = book["Scores"].iter_rows(values_only=True)
    rows = [dict(zip(header, row, strict=True)) for row in rows]
    overall = rows[0]
    result = results.result
    assert (overall["Score"], overall["Band"]) == (result.shown_overall, result.band.label)
    assert (overall["Answered"], overall["Indicators"], overall["Not applicable"]) == (
        progress.answered,
        progress.total,
        progress.not_applicable,
    )
    categories = {r["Code"]: r for r in rows if r["Kind"] == "Category"}
    for group in progress.categories:
        row, score = categories[group.category.code], result.categories[group.category.code]
        band = score.band.label if score.band else None  # an empty cell reads back as None
        assert (row["Score"], row["Band"]) == (score.shown, band)
        assert (row["Answered"], row["Indicators"]) == (group.answered, group.total)
