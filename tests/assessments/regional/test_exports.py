"""The regional view's workbook: who may download it, that its sheets hold the regional view's
numbers and nothing of any state's answers, the threshold, the demonstration mark, filters."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Role
from assessments.regional import documents
from assessments.regional.aggregate import Filters, regional_view
from tests.assessments.jobs.helpers import body
from tests.assessments.regional.conftest import shared_assessment
from tests.assessments.regional.documents import prepared, rendered
from tests.conftest import sign_in
from tests.factories import MemberFactory, MemberStateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_view")]

DAY = date(2026, 3, 14)
URL = reverse("regional-export")
SHEETS = ["About", "Heatmap", "Averages", "Gaps", "Trends", "Editions"]


def workbook(filters: Filters | None = None):
    """The workbook as a worker renders it (the kind's own function)."""
    return load_workbook(io.BytesIO(rendered(documents.EXPORT, filters, DAY)))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def about(book) -> dict[str, list[object]]:
    facts: dict[str, list[object]] = {}
    for item, value in rows(book["About"]):
        facts.setdefault(item, []).append(value)
    return facts


def every_text(book) -> str:
    return "\n".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row
    )


# --- access ---------------------------------------------------------------------------------


def test_rso_staff_download_the_workbook(rso_client, shared):
    response = prepared(rso_client, URL)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "regional-view-all-" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    book = load_workbook(io.BytesIO(body(response)))
    assert book.sheetnames == SHEETS
    assert book["Heatmap"].freeze_panes == "B2"


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.VIEWER])
def test_member_state_users_cannot_download_the_workbook(client, shared, role):
    sign_in(client, MemberFactory(role, shared[0]))
    assert client.get(URL).status_code == 403


def test_administrators_cannot_download_the_workbook(admin_client, shared):
    assert admin_client.get(URL).status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- what it holds ----------------------------------------------------------------------------


def test_the_heatmap_sheet_holds_each_states_scores_and_the_averages(shared):
    region = regional_view(Filters())
    sheet = rows(workbook()["Heatmap"])

    assert len(sheet) == len(region.states) + 1
    for row, state in zip(sheet, region.states, strict=False):
        assert row[:5] == (
            state.name,
            state.subregion_label,
            state.reporting_year,
            state.edition,
            "Scores only" if state.code == "XCC" else "Scores and answers",
        )
        scores = row[5:-3:2]
        assert list(scores) == [state.category_score(c.code) for c in region.categories]
        assert row[-3] == state.result.shown_overall
    average = sheet[-1]
    assert average[0] == "Regional average"
    assert list(average[5:-3:2]) == [
        region.category_averages[c.code].value for c in region.categories
    ]
    assert average[-3:-1] == (region.overall.value, region.overall.band.label)


def test_averages_gaps_trends_and_editions_are_the_regional_views(shared, edition):
    region = regional_view(Filters())
    book = workbook()

    averages = {(row[0], row[2]): row[4:7] for row in rows(book["Averages"])}
    assert averages[("Overall", None)] == (region.overall.value, region.overall.band.label, 4)
    for category in region.categories:
        average = region.category_averages[category.code]
        assert averages[("Category", category.code)][0] == average.value
    for _category, section in region.sections:
        average = region.section_averages[section.code]
        assert averages[("Section", section.code)][0] == average.value
        assert averages[("Section", section.code)][2] == average.n
    for pillar in region.pillars:
        assert averages[("Pillar", pillar.code)][0] == region.pillar_averages[pillar.code].value

    gaps = rows(book["Gaps"])
    assert [row[0] for row in gaps] == [g.code for g in region.shown_gaps]
    for row, gap in zip(gaps, region.shown_gaps, strict=True):
        assert row[5:8] == (gap.gaps, gap.n, gap.share)

    trends = {row[0]: row for row in rows(book["Trends"])}
    for point in region.trends:
        assert trends[point.year][1:3] == (point.n, point.overall.value)
    assert trends[2024][2] is None  # Alphaland alone
    assert "Not shown" in trends[2024][-1]

    assert rows(book["Editions"]) == [(edition.name, 4)]
    facts = about(book)
    assert facts["Member states"] == [4]
    assert facts["Fewest member states per aggregate"] == [3]
    assert "latest shared assessment" in " ".join(facts["Method"])
    assert "Computed only from the 3 member states that shared their answers" in facts["Gaps"][0]


def test_no_answer_comment_or_evidence_of_any_state_is_in_the_workbook(shared):
    text = every_text(workbook())

    assert "Comment of" not in text
    assert "Evidence of" not in text


def test_fewer_than_three_states_show_no_average_and_say_why(shared):
    book = workbook(Filters(subregion="pacific"))

    heatmap = rows(book["Heatmap"])
    assert [row[0] for row in heatmap] == ["Deltaland", "Regional average"]
    average = heatmap[-1]
    assert all(value is None for value in average[5:-1])
    assert "an average needs at least 3" in average[-1]
    for row in rows(book["Averages"]):
        assert row[4] is None
        assert row[7].startswith("Not shown:")
    assert rows(book["Gaps"]) == [("No gap frequency is shown; see About.", *[None] * 9)]
    assert "This view holds 1 member state" in about(book)["Note"][0]


def test_the_demonstration_mark_is_on_the_about_sheet(shared):
    assert about(workbook())["Data"] == ["DEMONSTRATION DATA: fictional member states"]


def test_real_data_carries_no_demonstration_mark(settings, edition):
    settings.REGIONAL_DEMO_DATA = False
    for code, name in [("QAA", "Realone"), ("QBB", "Realtwo"), ("QCC", "Realthree")]:
        shared_assessment(MemberStateFactory(code=code, name=name, is_demo=False), edition)

    book = workbook()

    assert about(book)["Data"] == ["Member states' shared assessments"]
    assert "DEMONSTRATION" not in every_text(book)


def test_query_string_filters_narrow_the_workbook(rso_client, shared):
    response = prepared(rso_client, URL, {"subregion": "south_east_asia", "profile": "nowhere"})
    book = load_workbook(io.BytesIO(body(response)))

    assert "regional-view-south-east-asia-" in response["Content-Disposition"]
    assert about(book)["Filters"] == ["South-East Asia"]
    assert [row[0] for row in rows(book["Heatmap"])] == [
        "Alphaland",
        "Betaland",
        "Gammaland",
        "Regional average",
    ]
