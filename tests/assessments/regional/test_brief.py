"""The regional brief (PDF): who may download it, that it shows the regional view's numbers and
nothing of any state's answers, the threshold, the demonstration mark, filters, and that a
worker prepares it once (tests/assessments/regional/test_documents.py: the queue's side)."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from django.urls import reverse

from assessments.jobs import services
from assessments.jobs.models import DocumentJob
from assessments.models import Answer, Role
from assessments.regional import brief
from assessments.regional.aggregate import Filters, regional_view
from assessments.reports import report
from assessments.sharing.services import withdraw_share
from roadmap.models import Edition
from tests.assessments.jobs.helpers import body, job_of
from tests.assessments.regional.conftest import shared_assessment
from tests.assessments.regional.documents import prepared, table_rows
from tests.conftest import sign_in
from tests.factories import MemberFactory, MemberStateFactory, UserFactory, complete_edition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_view")]

DAY = date(2026, 3, 14)
URL = reverse("regional-brief")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def html(filters: Filters | None = None) -> str:
    return brief.brief_html(regional_view(filters or Filters()), DAY)


def shown(value: int | None, band) -> str:
    return f"{value} {band.label}" if value is not None else "— no score"


def number(average) -> str:
    return str(average.value) if average.value is not None else "—"


def average_rows(page: str) -> list[list[str]]:
    """The rows of every averages table (category, pillar, section), without header rows."""
    return [row for row in table_rows(page, "brief-averages") if row[1] != "Average"]


# --- access ---------------------------------------------------------------------------------


def brief_pdf(client, params: dict | None = None) -> bytes:
    """The brief as RSO staff download it, once a worker prepared it."""
    return body(prepared(client, URL, params))


def test_rso_staff_download_the_brief_as_a_confidential_pdf(rso_client, shared):
    response = prepared(rso_client, URL)
    content = body(response)

    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF")
    assert "regional-brief-all-" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    text = pdf_text(content)
    assert "Regional brief" in text
    assert "Confidential: for the Regional Support Office" in text
    # Tagged like the gap report, titled for the reader's viewer.
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert reader.metadata.title.startswith("Regional brief · All member states")
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.VIEWER])
def test_member_state_users_cannot_download_the_brief(client, shared, role):
    sign_in(client, MemberFactory(role, shared[0]))
    response = client.get(URL)
    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert not DocumentJob.objects.exists()  # nothing is prepared for them either


def test_administrators_cannot_download_the_brief(admin_client, shared):
    assert admin_client.get(URL).status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- what it shows ----------------------------------------------------------------------------


def test_the_heatmap_shows_each_states_scores_as_the_regional_view_does(shared):
    region = regional_view(Filters())
    rows = table_rows(html(), "heatmap")

    body = rows[1:-1]  # between the header row and the regional average
    assert len(body) == len(region.states) == 4
    for cells, state in zip(body, region.states, strict=True):
        assert cells[0].startswith(state.name)
        assert cells[1] == str(state.reporting_year)
        expected = [
            shown(state.category_score(c.code), state.category_band(c.code))
            for c in region.categories
        ]
        assert [cell.rstrip(" *") for cell in cells[2:-1]] == expected
        assert cells[-1].rstrip(" *") == shown(state.result.shown_overall, state.result.band)
    average = rows[-1]
    assert average[0] == "Regional average"
    assert average[1:] == [
        *[
            shown(region.category_averages[c.code].value, region.category_averages[c.code].band)
            for c in region.categories
        ],
        shown(region.overall.value, region.overall.band),
    ]


def test_averages_gaps_and_trends_are_the_regional_views(shared):
    region = regional_view(Filters())
    page = html()

    averages = {row[0]: row[1] for row in average_rows(page)}
    for category in region.categories:
        assert averages[category.name] == number(region.category_averages[category.code])
    for pillar in region.pillars:
        assert averages[pillar.name] == number(region.pillar_averages[pillar.code])
    for _category, section in region.sections:
        assert averages[f"{section.code} {section.name}"] == number(
            region.section_averages[section.code]
        )

    gaps = table_rows(page, "brief-gaps")[1:]
    assert [row[1].split()[0] for row in gaps] == [g.code for g in region.shown_gaps][:20]
    for row, gap in zip(gaps, region.shown_gaps, strict=False):
        assert row[3] == f"{gap.share}% {gap.gaps} of {gap.n}"
    assert "Computed only from the 3 member states that shared their answers" in page
    assert "Established (level 3)" in page

    trends = {row[0]: row[1:] for row in table_rows(page, "brief-trends")[1:]}
    for point in region.trends:
        if point.shown:
            expected = [
                point.overall.value,
                *(point.categories[c.code].value for c in region.categories),
            ]
            assert trends[str(point.year)] == [str(point.n), *map(str, expected)]
        else:
            assert "Not shown: fewer than 3 member states." in trends[str(point.year)]


def test_the_pdf_says_the_overall_average_the_editions_and_the_method(rso_client, shared, edition):
    region = regional_view(Filters())
    text = pdf_text(brief_pdf(rso_client))

    assert f"{region.overall.value} / 100" in " ".join(text.split())
    assert region.overall.band.label in text
    assert f"{edition.name} (4)" in text
    assert "latest shared assessment" in text
    assert "compared by indicator" in text


def test_no_answer_comment_or_evidence_of_any_state_is_in_the_brief(rso_client, shared):
    # Every answer has "Comment of <state> on <code>" and "Evidence of ...", shared with
    # answers and evidence: the brief still shows none of them.
    page = html()
    text = pdf_text(brief_pdf(rso_client))

    for document in (page, text):
        assert "Comment of" not in document
        assert "Evidence of" not in document


def test_fewer_than_three_states_show_no_average_and_say_why(rso_client, shared):
    page = html(Filters(subregion="pacific"))
    text = pdf_text(brief_pdf(rso_client, {"subregion": "pacific"}))

    region = regional_view(Filters(subregion="pacific"))
    assert [s.name for s in region.states] == ["Deltaland"]
    assert "This view holds 1 member state" in page
    assert table_rows(page, "heatmap")[-1][1] == "Not shown: fewer than 3 member states."
    assert table_rows(page, "brief-gaps") == []
    assert "No gap is shown: 1 member state in this view shared its answers" in page
    assert average_rows(page) == []  # no average table at all: the notice says why
    assert page.count("widen the filters to see them") == 2  # the summary and the averages
    assert "This view holds 1 member" in text
    assert "Regional average" in text


def test_the_demonstration_mark_is_on_the_cover_and_every_page(rso_client, shared):
    content = brief_pdf(rso_client)
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages]

    assert all("DEMONSTRATION DATA: fictional member states" in page for page in pages)


def test_real_data_carries_no_demonstration_mark(rso_client, settings, edition):
    settings.REGIONAL_DEMO_DATA = False
    for code, name in [("QAA", "Realone"), ("QBB", "Realtwo"), ("QCC", "Realthree")]:
        shared_assessment(MemberStateFactory(code=code, name=name, is_demo=False), edition)

    text = pdf_text(brief_pdf(rso_client))

    assert "Realone" in text
    assert "DEMONSTRATION" not in text


def test_query_string_filters_narrow_the_brief(rso_client, shared):
    response = prepared(rso_client, URL, {"subregion": "south_east_asia", "year": "2025"})
    text = pdf_text(body(response))

    assert "regional-brief-south-east-asia-2025-" in response["Content-Disposition"]
    assert "South-East Asia, reporting year 2025" in text
    assert "Alphaland" in text
    assert "Deltaland" not in text


# --- prepared once, by a worker ---------------------------------------------------------------


def test_the_same_brief_is_served_from_storage_until_a_share_changes(
    rso_client, shared, monkeypatch
):
    first = brief_pdf(rso_client)
    renders = []
    monkeypatch.setattr(report, "html_to_pdf", lambda html: renders.append(html) or b"%PDF-new")

    again = rso_client.get(URL)
    assert again.status_code == 200  # no worker needed: the stored file
    assert body(again) == first
    assert renders == []

    withdraw_share(assessment=shared_assessment_of(shared[1]), by=UserFactory())
    assert brief_pdf(rso_client) == b"%PDF-new"
    assert "Betaland" not in renders[0]


def shared_assessment_of(state):
    return state.assessments.filter(share__isnull=False).latest("reporting_year")


def test_asking_again_while_it_is_prepared_leads_to_the_same_progress_page(rso_client, shared):
    first, second = rso_client.get(URL), rso_client.get(URL)

    assert first["Location"] == second["Location"]
    assert job_of(first).status == DocumentJob.Status.QUEUED
    assert DocumentJob.objects.count() == 1  # one document, one render


def test_new_briefs_beyond_the_render_limit_get_429(rso_client, shared, settings, monkeypatch):
    settings.REPORT_RENDER_LIMIT = 1
    monkeypatch.setattr(report, "html_to_pdf", lambda html: b"%PDF-fake")

    services.run_job(job_of(rso_client.get(URL)).pk)
    assert body(rso_client.get(URL)) == b"%PDF-fake"  # prepared already: not counted
    response = rso_client.get(URL, {"subregion": "pacific"})  # another brief: a new render

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.REPORT_RENDER_PERIOD)
    assert DocumentJob.objects.count() == 1


def test_with_several_editions_each_state_names_its_own(states, edition):
    edition.status = Edition.Status.RETIRED
    edition.save()
    newer = complete_edition(code="new", name="Newer edition", status=Edition.Status.PUBLISHED)
    alpha, beta, gamma, _delta = states
    shared_assessment(alpha, edition)
    shared_assessment(beta, newer)
    shared_assessment(gamma, newer)

    rows = {row[0].split()[0]: row[0] for row in table_rows(html(), "heatmap")[1:-1]}

    assert rows["Alphaland"].endswith(edition.name)
    assert rows["Betaland"].endswith("Newer edition")
    assert f"{edition.name} (1); Newer edition (2)" in html()


def test_the_regional_page_links_to_both_downloads_with_its_filters(rso_client, shared):
    export = reverse("regional-export")
    query = {"subregion": "pacific", "year": "2025", "profile": "nowhere"}  # profile: dropped

    page = rso_client.get(reverse("regional"), query).content.decode()
    unfiltered = rso_client.get(reverse("regional")).content.decode()

    assert f'href="{URL}?subregion=pacific&amp;year=2025">Download the brief (PDF)' in page
    assert f'href="{export}?subregion=pacific&amp;year=2025">Download (Excel)' in page
    assert f'href="{URL}">Download the brief (PDF)' in unfiltered
    assert f'href="{export}">Download (Excel)' in unfiltered


def test_a_hidden_average_in_the_heatmap_says_why_not_no_score(shared):
    """Three states still answer PRAC.A.1 but only one gives it a level: its category average
    (of one state) is hidden, as the page and the averages say, and is not a missing score."""
    Answer.objects.filter(
        indicator__code="PRAC.A.1", assessment__member_state__code__in=["XAA", "XBB", "XDD"]
    ).update(not_applicable=True)
    region = regional_view(Filters())
    prac = region.category_averages["PRAC"]
    assert region.enough
    assert not prac.shown
    assert prac.n == 1

    *_rows, average = table_rows(html(), "heatmap")
    # The average row's label spans the state and year columns.
    cell = average[1 + [c.code for c in region.categories].index("PRAC")]
    assert cell == "— fewer than 3 member states"


def test_the_brief_comes_in_the_language_asked_for(rso_client, shared):
    job = job_of(rso_client.get(f"{URL}?language=th&subregion=pacific"))
    assert (job.language, job.params["filters"]) == ("th", {"subregion": "pacific"})
    page = rso_client.get(reverse("regional") + "?subregion=pacific").content.decode()
    assert f'href="{URL}?subregion=pacific&amp;language=ar" hreflang="ar"' in page
