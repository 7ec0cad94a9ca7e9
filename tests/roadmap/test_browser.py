"""The public framework browser: pages render without login, link correctly, and search works."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from roadmap.models import Edition, Indicator, Instrument, Section
from roadmap.publishing import edition_clone
from roadmap.search.signals import touch_edition
from tests.conftest import sign_in
from tests.factories import UserFactory

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
    # The main content: the navbar names the practices library too.
    html = page(client, reverse("framework")).split('<main id="main"', 1)[1]
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


def test_search_shows_partial_matches_and_says_so_when_nothing_has_every_word(client, edition):
    html = page(client, reverse("framework-search"), q="compensation zanzibarian")
    assert "Nothing contains every word you typed" in html
    assert "Not found anywhere in the framework: zanzibarian." in html
    assert "POL.PROS.6.1" in html


def test_search_without_words_explains_itself_and_long_queries_are_cut(client, edition):
    assert "Type one or more words" in page(client, reverse("framework-search"))
    html = page(client, reverse("framework-search"), q="victim " * 200)
    assert "results for “victim victim" in html


def result_links(html: str) -> list[str]:
    """The link of each search result, in order."""
    if '<ol class="list-unstyled search-results">' not in html:
        return []
    results = html.split('<ol class="list-unstyled search-results">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<h2 class="h6 mb-1">.*?href="([^"]+)"', results, re.DOTALL)


def search_links(client, query: str, **params) -> list[str]:
    return result_links(page(client, reverse("framework-search"), q=query, **params))


def test_extradite_and_extradition_return_the_same_results(client, edition):
    extradite = search_links(client, "extradite")
    assert extradite == search_links(client, "extradition")
    assert extradite[0] == reverse("framework-indicator", args=["POL.PROS.4.1"])
    assert f"{reverse('framework-instruments')}#untoc" in extradite


def test_palermo_returns_the_trafficking_protocol_first(client, edition):
    links = search_links(client, "Palermo")
    assert links[0] == f"{reverse('framework-instruments')}#tip-protocol"
    assert f"{reverse('framework-instruments')}#untoc" in links


def test_scam_puts_the_forced_criminality_indicators_in_the_first_three(client, edition):
    forced = {
        reverse("framework-indicator", args=[code])
        for code in Indicator.objects.filter(
            edition=edition, question__icontains="forced criminality"
        ).values_list("code", flat=True)
    }
    links = search_links(client, "scam")
    found = forced & set(links)
    indicators = [link for link in links if "/indicators/" in link]
    # They come before every other indicator, and the first of them is among the first three.
    assert found
    assert set(indicators[: len(found)]) == found
    assert set(links[:3]) & found


def test_search_finds_sections_instruments_references_and_guides_with_type_labels(client, edition):
    html = page(client, reverse("framework-search"), q="practitioner guide series")
    assert '<span class="badge text-bg-light border me-1">Guide</span>' in html
    assert "Public source</a>" in html
    html = page(client, reverse("framework-search"), q="Palermo Protocol")
    assert '<span class="badge text-bg-light border me-1">Instrument</span>' in html
    html = page(client, reverse("framework-search"), q="UNTOC art. 16")
    assert '<span class="badge text-bg-light border me-1">Legal reference</span>' in html
    assert "Cited by indicator POL.PROS.4.1" in html
    html = page(client, reverse("framework-search"), q="compensation")
    assert '<span class="badge text-bg-light border me-1">Section</span>' in html
    assert search_links(client, "compensation")[0] == reverse(
        "framework-section", args=["POL.PROS.6"]
    )


def test_snippets_and_titles_highlight_the_matched_words(client, edition):
    html = page(client, reverse("framework-search"), q="extradite")
    assert "<mark>extradite</mark>" in html
    assert "<mark>extradition</mark>" in html
    assert "<mark>extraditable</mark>" in html


def test_search_escapes_the_query_and_the_framework_text(client, edition):
    indicator = Indicator.objects.get(edition=edition, code="POL.PROS.6.1")
    indicator.guidance = "<b>Zebrafish</b> & <script>alert(1)</script> " + indicator.guidance
    indicator.save()
    html = page(client, reverse("framework-search"), q="zebrafish <script>")
    assert "&lt;b&gt;<mark>Zebrafish</mark>&lt;/b&gt; &amp; &lt;<mark>script</mark>&gt;" in html
    assert "<script>alert" not in html
    assert "“zebrafish &lt;script&gt;”" in html


def test_an_edit_is_found_by_the_next_search(client, edition):
    assert search_links(client, "Xenarthran") == []
    indicator = Indicator.objects.get(edition=edition, code="POL.PROS.6.1")
    indicator.question = "Are Xenarthran victims compensated?"
    indicator.save()
    assert search_links(client, "xenarthran") == [indicator.get_absolute_url()]
    instrument = Instrument.objects.get(code="actip")
    instrument.common_names = "Kuala Lumpur Convention"
    instrument.save()
    assert search_links(client, "Kuala Lumpur")[0] == f"{reverse('framework-instruments')}#actip"


def test_search_with_no_result_suggests_what_to_try(client, edition):
    html = page(client, reverse("framework-search"), q="zanzibarian")
    assert "0 results for “zanzibarian”." in html
    assert "Type the name of an instrument" in html


def test_search_with_only_common_words_says_so(client, edition):
    html = page(client, reverse("framework-search"), q="the of and")
    assert "has only very common words" in html


def test_search_costs_a_fixed_number_of_queries_and_fewer_once_the_index_is_built(
    client, edition, django_assert_max_num_queries
):
    touch_edition(edition.pk)  # a new content version: the first search builds the index
    with django_assert_max_num_queries(8):
        page(client, reverse("framework-search"), q="victim")
    with django_assert_max_num_queries(1):
        page(client, reverse("framework-search"), q="compensation")


def test_legal_basis_links_to_the_instrument_and_guides_to_the_guides_page(client, edition):
    html = page(client, reverse("framework-indicator", args=["POL.PROS.4.1"]))
    assert f'href="{reverse("framework-instruments")}#untoc"' in html
    assert f'href="{reverse("framework-resources")}#' in html


def test_instruments_show_common_names_and_guides_their_public_source(client, edition):
    html = page(client, reverse("framework-instruments"))
    assert "Also known as: Palermo Protocol; UN Trafficking Protocol; TIP Protocol" in html
    html = page(client, reverse("framework-resources"))
    assert 'href="https://www.unodc.org/unodc/en/human-trafficking/2008/' in html


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


# --- Staff preview of an edition that is not published ------------------------------------

PREVIEW_LINK = re.compile(r'href="(/framework/[^"#]*)"')
DRAFT_QUESTION = "Xylophonic draft text?"


@pytest.fixture
def draft(edition) -> Edition:
    draft = edition_clone(source=edition, code="2027", name="RSR framework, 2027 edition")
    Indicator.objects.filter(edition=draft, code="POL.PROS.1.1").update(question=DRAFT_QUESTION)
    return draft


@pytest.fixture
def staff_client(client):
    return sign_in(client, UserFactory(email="rso-admin@example.org", is_staff=True))


def test_staff_preview_a_draft_with_a_banner_and_kept_out_of_search_engines(staff_client, draft):
    response = staff_client.get(
        reverse("framework-indicator", args=["POL.PROS.1.1"]), {"edition": "2027"}
    )
    html = response.content.decode()
    assert DRAFT_QUESTION in html
    assert "Preview of draft edition “RSR framework, 2027 edition” (2027): not published." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_link_of_a_preview_stays_in_the_preview(staff_client, draft):
    seen, queue = set(), [f"{reverse('framework')}?edition=2027"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        html = page(staff_client, url)
        assert "Preview of draft edition" in html, url
        # The site's own menu above <main> leads back to the public site on purpose.
        links = PREVIEW_LINK.findall(html.split("<main", 1)[1])
        assert all(link.endswith("?edition=2027") for link in links), url
        queue.extend(links)
    assert len(seen) >= 1 + 4 + Indicator.objects.filter(edition=draft).count()


def test_search_in_a_preview_searches_the_draft(staff_client, draft):
    html = page(staff_client, reverse("framework-search"), q="xylophonic", edition="2027")
    assert "1 result for “xylophonic”." in html
    assert '<input type="hidden" name="edition" value="2027">' in html


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_a_draft_is_404_for_everyone_but_staff(client, draft, who):
    if who == "member":
        client.force_login(UserFactory(email="member@example.org"))
    for name, args in [
        ("framework", []),
        ("framework-section", ["POL.PROS.1"]),
        ("framework-indicator", ["POL.PROS.1.1"]),
        ("framework-search", []),
        ("framework-print", []),
    ]:
        response = client.get(reverse(name, args=args), {"edition": "2027", "q": "xylophonic"})
        assert response.status_code == 404, name
        assert DRAFT_QUESTION not in response.content.decode()


def test_an_unknown_edition_is_404_even_for_staff(staff_client, draft):
    assert staff_client.get(reverse("framework"), {"edition": "1999"}).status_code == 404


def test_the_published_edition_asked_for_by_code_is_the_public_page(client, edition):
    html = page(client, reverse("framework"), edition=edition.code)
    assert "Preview of" not in html
    assert "noindex" not in html


def test_public_pages_carry_no_preview_banner_or_noindex(staff_client, draft):
    response = staff_client.get(reverse("framework-indicator", args=["POL.PROS.1.1"]))
    html = response.content.decode()
    assert DRAFT_QUESTION not in html
    assert "Preview of" not in html
    assert "noindex" not in html
    assert "X-Robots-Tag" not in response
