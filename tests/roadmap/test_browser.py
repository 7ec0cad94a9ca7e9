"""The public framework browser: pages render without login, link correctly, and search works."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from roadmap.models import Edition, Indicator, Instrument, Section
from roadmap.publishing import edition_clone

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/framework/[^"#?]*)"')


@pytest.fixture
def edition(framework_module) -> Edition:
    return framework_module


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_framework_page_and_every_link_on_it_works_without_login(client, edition):
    seen, queue = set(), [reverse("framework")]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        queue.extend(LINK.findall(page(client, url)))
    sections = Section.objects.filter(edition=edition).count()
    indicators = Indicator.objects.filter(edition=edition).count()
    # overview, 4 categories, search, instruments, resources, print, all sections and indicators
    assert len(seen) >= 1 + 4 + sections + indicators + 3


def test_overview_lists_the_categories_in_order_with_their_sections(client, edition):
    html = page(client, reverse("framework"))
    positions = [
        html.index(f">{name}</a>") for name in ("Planning", "Principles", "Policy", "Practices")
    ]
    assert positions == sorted(positions)
    assert "Victim identification" in html


def test_section_page_shows_each_indicator_in_full(client, edition):
    indicator = Indicator.objects.get(edition=edition, code="POL.PROS.1.1")
    html = page(client, indicator.section.get_absolute_url())
    assert escape(indicator.question) in html
    assert escape(indicator.guidance) in html
    assert escape(indicator.recommendation) in html
    assert "Trafficking Protocol, Art. 3" in html
    assert "Critical" in html


def test_indicator_page_shows_its_own_level_descriptors(client, edition):
    indicator = Indicator.objects.filter(edition=edition, levels__value=0).first()
    own = indicator.levels.get(value=0).descriptor
    html = page(client, indicator.get_absolute_url())
    assert escape(own) in html


def test_planning_page_lists_the_challenges(client, edition):
    html = page(client, reverse("framework-category", args=["planning"]))
    assert "Strategic and operational challenges" in html
    assert html.count('class="badge text-bg-light border me-2"') >= 13


def test_instruments_page_lists_each_instrument_with_the_indicators_citing_it(client, edition):
    html = page(client, reverse("framework-instruments"))
    for instrument in Instrument.objects.all():
        assert escape(instrument.name) in html
    protocol_section = html.split('id="tip-protocol"')[1].split("</section>")[0]
    assert "POL.PROS.1.1" in protocol_section


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("referral", "POL.PROT.5.1"),
        ("POL.PROS.1.1", "POL.PROS.1.1"),
        ("compensation victims", "POL.PROS.6.1"),
        ("COMPENSATION", "POL.PROS.6.1"),
    ],
)
def test_search_finds_indicators_by_word_or_code(client, edition, query, expected):
    html = page(client, reverse("framework-search"), q=query)
    assert expected in html


def test_search_requires_every_word(client, edition):
    html = page(client, reverse("framework-search"), q="compensation zanzibarian")
    assert "0 indicators match" in html


def test_search_without_words_explains_itself_and_long_queries_are_cut(client, edition):
    assert "Type one or more words" in page(client, reverse("framework-search"))
    html = page(client, reverse("framework-search"), q="victim " * 200)
    assert "indicators match" in html


def test_print_view_holds_every_indicator(client, edition):
    html = page(client, reverse("framework-print"))
    for code in Indicator.objects.filter(edition=edition).values_list("code", flat=True):
        assert f'id="{code}"' in html


def test_only_the_published_edition_is_shown(client, edition):
    draft = edition_clone(source=edition)
    Indicator.objects.filter(edition=draft, code="POL.PROS.1.1").update(question="Draft text?")
    html = page(client, reverse("framework-indicator", args=["POL.PROS.1.1"]))
    assert "Draft text?" not in html
    assert "Draft text?" not in page(client, reverse("framework-search"), q="Draft text")


def test_unknown_category_section_or_indicator_is_404(client, edition):
    for url in (
        "/framework/nowhere/",
        "/framework/sections/POL.NOPE/",
        "/framework/indicators/POL.PROS.99.9/",
    ):
        assert client.get(url).status_code == 404


def test_framework_pages_are_404_when_nothing_is_published(client, edition):
    Edition.objects.update(status=Edition.Status.RETIRED)
    assert client.get(reverse("framework")).status_code == 404


@pytest.mark.parametrize("code", ["PLAN.PART", "POL.PROT.1"])
def test_section_page_costs_a_fixed_number_of_queries(
    client, edition, code, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page(client, reverse("framework-section", args=[code]))


def test_print_view_costs_a_fixed_number_of_queries(client, edition, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        page(client, reverse("framework-print"))
