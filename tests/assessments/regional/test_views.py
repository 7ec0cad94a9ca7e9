"""The regional page: what RSO staff read, compared with the figures `regional_view` computed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments.access import RSO_ONLY
from assessments.models import Assessment, Role, ShareLevel
from assessments.regional import tables
from assessments.regional.aggregate import Average, Filters, regional_view
from assessments.sharing.services import withdraw_share
from roadmap.models import Edition
from tests.assessments.regional.conftest import shared_assessment
from tests.conftest import sign_in
from tests.factories import MemberFactory, MemberStateFactory, UserFactory, complete_edition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_view")]

URL = "/regional/"


@pytest.fixture
def edition():
    return complete_edition(code="pub", status=Edition.Status.PUBLISHED)


@pytest.fixture
def four(states, edition):
    """Four states at different levels; Deltaland (Pacific) shares scores only."""
    alpha, beta, gamma, delta = states
    shared_assessment(alpha, edition, level={"PLAN.A.1": 1, "POL.A.1": 4}, year=2024)
    shared_assessment(beta, edition, level={"PLAN.A.1": 2, "PRIN.A.1": 1})
    shared_assessment(gamma, edition, level={"PLAN.A.1": 3, "PRAC.A.1": 2})
    shared_assessment(delta, edition, level=4, share=ShareLevel.SCORES)
    return states


class Tables(HTMLParser):
    """The text of every cell of the tables with a given class, row by row (spaces collapsed)."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.depth, self.rows = css_class, 0, []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            wanted = self.css_class in (dict(attrs).get("class") or "").split()
            self.depth += 1 if (wanted or self.depth) else 0
        elif self.depth and tag == "tr":
            self.row = []
        elif self.depth and tag in ("th", "td") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("th", "td") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif self.depth and tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(response, css_class: str) -> list[list[str]]:
    parser = Tables(css_class)
    parser.feed(response.content.decode())
    return parser.rows


def text(response) -> str:
    return " ".join(response.content.decode().split())


def average_text(average: Average) -> str:
    if average.shown:
        return f"{average.value} {average.band.label}"
    return "fewer than 3 member states"


def test_the_heatmap_shows_each_state_with_the_scores_the_aggregate_computed(rso_client, four):
    region = regional_view(Filters())
    response = rso_client.get(URL)

    assert response.status_code == 200
    assert "<title>Regional view · RSR Toolkit</title>" in response.content.decode()
    header, *rows, average_row = table(response, "heatmap")
    assert header == ["Member state", *[c.name for c in region.categories], "Overall"]
    expected = []
    for state in region.states:
        meta = f"{state.name} {state.subregion_label} · {state.reporting_year} · {state.edition}"
        cells = [
            f"{state.category_score(c.code)} {state.category_band(c.code).label}"
            for c in region.categories
        ]
        overall = f"{state.result.shown_overall} {state.result.band.label}"
        expected.append([f"{meta} {ShareLevel(state.level).label}", *cells, overall])
    assert rows == expected
    assert [r[0].split()[0] for r in rows] == ["Alphaland", "Betaland", "Deltaland", "Gammaland"]
    assert average_row == [
        "Regional average 4 member states",
        *[average_text(region.category_averages[c.code]) for c in region.categories],
        average_text(region.overall),
    ]
    assert region.overall.shown  # the comparison above compared numbers, not the reason
    link = reverse("regional-assessment", args=[region.states[0].assessment_id])
    assert f'href="{link}"' in response.content.decode()


def test_the_plain_table_and_the_averages_repeat_the_same_figures(rso_client, four):
    region = regional_view(Filters())
    response = rso_client.get(URL)

    page = text(response)
    assert "The same figures as a plain table" in page
    by_category = table(response, "averages")
    for category in region.categories:
        average = region.category_averages[category.code]
        assert [category.name, f"{average.value} {average.band.label}", "4"] in by_category
    for pillar in region.pillars:
        average = region.pillar_averages[pillar.code]
        if average.shown:
            row = [pillar.name, f"{average.value} {average.band.label}", str(average.n)]
        else:  # the test framework has indicators of one pillar only
            row = [pillar.name, tables.hidden_reason(average), "0"]
        assert row in by_category
    for _category, section in region.sections:
        average = region.section_averages[section.code]
        row = [f"{section.code} {section.name}", f"{average.value} {average.band.label}", "4"]
        assert row in by_category


def test_gaps_are_listed_with_their_share_basis_and_a_link_to_the_framework(rso_client, four):
    region = regional_view(Filters())
    response = rso_client.get(URL)

    gaps = table(response, "gaps-table")[1:]
    assert region.answers_states == 3  # Deltaland shared scores only
    assert len(gaps) == len(region.shown_gaps) > 0
    for row, gap in zip(gaps, region.shown_gaps, strict=True):
        assert row[0] == f"{gap.code} {gap.question} {gap.section}"
        assert row[1] == f"{gap.share}% ({gap.gaps} of {gap.n})"
    basis = tables.gap_basis(region)
    assert "from the 3 member states that shared their answers" in basis
    assert "one regional target for every state, Established (level 3)" in basis
    assert escape(basis) in text(response)
    link = reverse("framework-indicator", args=[region.shown_gaps[0].code])
    assert f'href="{link}"' in response.content.decode()


def test_trends_and_the_mix_of_editions_are_shown(rso_client, four, edition):
    region = regional_view(Filters())
    response = rso_client.get(URL)

    trends = table(response, "trends-table")
    # 2024: Alphaland alone; 2025: Betaland, Gammaland, Deltaland.
    assert trends[1][:3] == ["2024", "1", "Not shown: fewer than 3 member states"]
    point = region.trends[1]
    assert trends[2][:3] == ["2025", "3", average_text(point.overall)]
    assert f"Compared by indicator code across editions: {edition.name} (4 member states)." in (
        text(response)
    )


def test_averages_of_fewer_than_three_states_are_hidden_with_the_reason(
    rso_client, states, edition
):
    alpha, beta, *_ = states
    shared_assessment(alpha, edition, level=2)
    shared_assessment(beta, edition, level=4)

    response = rso_client.get(URL)

    page = text(response)
    assert "Alphaland" in page
    assert "Betaland" in page
    assert "Regional figures need at least 3 member states, and these filters leave 2." in page
    *_rows, average_row = table(response, "heatmap")
    assert set(average_row[1:]) == {"fewer than 3 member states"}
    assert "75 Established" not in page  # the average of 50 and 100 is not shown anywhere
    assert "Not shown: fewer than 3 member states in this view shared their answers." in page


def test_narrowing_to_a_subregion_of_one_state_says_why_no_figure_is_shown(rso_client, four):
    response = rso_client.get(URL, {"subregion": "pacific"})

    page = text(response)
    assert "Pacific" in page
    assert "these filters leave 1." in page
    assert "widen the filters" in page
    names = [row[0].split()[0] for row in table(response, "heatmap")[1:-1]]
    assert names == ["Deltaland"]
    assert '<option value="pacific" selected>' in response.content.decode()


def test_the_year_filter_offers_every_shared_year(rso_client, four):
    response = rso_client.get(URL, {"subregion": "pacific", "year": "2025"})

    html = response.content.decode()
    assert '<option value="2024">2024</option>' in html  # Alphaland's year, outside the Pacific
    assert '<option value="2025" selected>2025</option>' in html


def test_invalid_filters_show_a_message_and_the_whole_region(rso_client, four):
    response = rso_client.get(URL, {"subregion": "atlantis", "profile": "<script>", "year": "20x5"})

    assert response.status_code == 200
    page = text(response)
    assert "There is no such subregion; showing all subregions." in page
    assert "There is no such profile; showing all profiles." in page
    assert "The reporting year must be a year such as 2025; showing all." in page
    assert "<script>" not in response.content.decode()
    assert len(table(response, "heatmap")) == 1 + 4 + 1


def test_the_demonstration_banner_shows_only_on_demo_data(rso_client, four, settings, edition):
    assert "Demonstration data:" in text(rso_client.get(URL))
    settings.REGIONAL_DEMO_DATA = False
    real = MemberStateFactory(code="QRL", name="Realstate", is_demo=False)
    shared_assessment(real, edition)

    page = text(rso_client.get(URL))

    assert "Demonstration data:" not in page
    assert "Realstate" in page
    assert "Alphaland" not in page


def test_a_withdrawn_share_leaves_the_page_at_once(rso_client, four):
    assert "Alphaland" in text(rso_client.get(URL))  # now cached

    alpha = Assessment.objects.get(member_state__name="Alphaland")
    withdraw_share(assessment=alpha, by=UserFactory())

    page = text(rso_client.get(URL))
    assert "Alphaland" not in page
    assert "Betaland" in page


def page_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_member_states(rso_client, states, edition):
    for state in states[:3]:
        shared_assessment(state, edition, year=2024)
    three = page_queries(rso_client)
    for n in range(3):
        more = MemberStateFactory(code=f"XM{n}", name=f"Moreland {n}", subregion="pacific")
        shared_assessment(more, edition, year=2025)
        shared_assessment(more, edition, year=2024)
    assert len(regional_view(Filters()).states) == 6

    assert page_queries(rso_client) == three


def test_member_state_users_are_refused_with_a_message(client, state):
    focal = MemberFactory(Role.FOCAL_POINT, state, email="focal@alpha.example")
    response = sign_in(client, focal).get(URL)
    assert response.status_code == 403
    assert RSO_ONLY in text(response)


def test_administrators_are_refused(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 403
    assert RSO_ONLY in text(response)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_rso_staff_find_the_regional_view_in_the_navigation(rso_client, client, state):
    assert f'href="{URL}">Regional view</a>' in rso_client.get(reverse("home")).content.decode()
    rso_client.logout()
    focal = MemberFactory(Role.FOCAL_POINT, state, email="focal@alpha.example")
    home = sign_in(client, focal).get(reverse("home")).content.decode()
    assert "Regional view" not in home
