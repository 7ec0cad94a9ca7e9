"""The public pages of the practices library, as an anonymous visitor reads them: published
entries only, filters and search, member states' pages, one entry, the panel on the framework's
indicator pages; junk in the address is a message, unknown things 404, fixed query counts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import PracticeEntry, PracticeIndicator, Role
from assessments.practices import search as library_search
from assessments.practices import services
from assessments.practices.browse import state_counts
from assessments.practices.panels import indicator_panel
from assessments.practices.services import EntryData
from roadmap import extensions
from tests.conftest import sign_in
from tests.factories import MemberFactory, MemberStateFactory, UserFactory

pytestmark = pytest.mark.django_db

LIBRARY = reverse("practices")


@pytest.fixture
def real_site(settings):
    """A production site: real member states only (demo states are the demo site's)."""
    settings.REGIONAL_DEMO_DATA = False
    return settings


@pytest.fixture
def rso(db):
    return UserFactory(email="rso@rso.example", role=Role.RSO)


@pytest.fixture
def fiji(db):
    return MemberStateFactory(code="FJI", name="Fiji", is_demo=False)


@pytest.fixture
def thailand(db):
    return MemberStateFactory(code="THA", name="Thailand", is_demo=False)


def add(rso, state, title, *, publish=True, **fields) -> PracticeEntry:
    values = {
        "kind": "legislation",
        "year": 2015,
        "summary": f"{title}: what it does, in our own words.",
        "pillar": "prosecution",
        "category": "POL",
        "source_url": "https://example.org/source",
        "indicator_codes": ("POL.T.1",),
    }
    values.update(fields)
    data = EntryData(member_state=state, title=title, **values)
    return services.entry_create(data=data, by=rso, publish=publish)


@pytest.fixture
def library(edition, rso, fiji, thailand, real_site):
    """Published entries of Fiji and Thailand, one proposed and one rejected."""
    entries = {
        "act": add(rso, fiji, "Counter Trafficking Act", year=2009),
        "shelter": add(
            rso,
            thailand,
            "Shelters for survivors",
            kind="institution",
            pillar="protection",
            category="PRAC",
            summary="Government shelters give victims housing, counselling and legal help.",
            indicator_codes=("POL.T.2",),
        ),
        "plan": add(rso, thailand, "National action plan", kind="plan", category="PLAN"),
        "proposed": add(rso, fiji, "Secret proposed decree", publish=False),
        "rejected": add(rso, thailand, "Secret rejected scheme", publish=False),
    }
    services.entry_reject(entry=entries["rejected"], by=rso, reason="No public source.")
    return entries


UNPUBLISHED = ("Secret proposed decree", "Secret rejected scheme")


def text(response) -> str:
    return response.content.decode()


def results(response) -> str:
    """The results list of the library page (the filters' options name the types too)."""
    return text(response).split('id="results-heading"')[1]


# --- Published only, everywhere ----------------------------------------------------------------


def test_the_library_lists_published_entries_and_their_member_states(client, library):
    page = client.get(LIBRARY)
    assert page.status_code == 200
    body = text(page)
    for title in ("Counter Trafficking Act", "Shelters for survivors", "National action plan"):
        assert title in body
    for secret in UNPUBLISHED:
        assert secret not in body
    # The map and the list beside it count published entries only.
    assert [(s.code, s.count) for s in state_counts()] == [("FJI", 1), ("THA", 2)]
    assert "Fiji: 1 entry" in body
    assert "Thailand: 2 entries" in body
    assert reverse("practices-country", args=["FJI"]) in body
    assert "3 published entries in all." in body


def test_the_map_shows_member_states_without_entries_and_the_list_names_them(client, library):
    MemberStateFactory(code="TON", name="Tonga", is_demo=False)
    body = text(client.get(LIBRARY))
    assert "Tonga: 0 entries" in body
    assert "No entries yet:" in body
    assert f'<a href="{reverse("practices-country", args=["TON"])}">Tonga</a>.' in body
    # Not a filter choice: it would show nothing.
    assert '<option value="TON"' not in body


def test_a_member_states_page_shows_its_published_entries_grouped_by_type(client, library):
    body = text(client.get(reverse("practices-country", args=["THA"])))
    assert "Shelters for survivors" in body
    assert "National action plan" in body
    assert "Secret rejected scheme" not in body
    assert "Counter Trafficking Act" not in body
    # Grouped by type, in the order of the types: plans before institutions.
    assert body.index(">National action plan</h2>") < body.index(">Institution</h2>")
    assert body.index(">Institution</h2>") < body.index("Shelters for survivors")
    assert "2 published entries" in body


def test_unpublished_entries_are_404_for_everyone_on_the_public_url(client, library, rso):
    for key in ("proposed", "rejected"):
        url = reverse("practices-entry", args=[library[key].pk])
        assert client.get(url).status_code == 404
    # Signed in, as the RSO staff who review it or as the proposing member state's focal
    # point, the public URL is still 404 (they read it on the review and proposals pages).
    url = reverse("practices-entry", args=[library["proposed"].pk])
    sign_in(client, rso)
    assert client.get(url).status_code == 404
    client.force_login(MemberFactory(Role.FOCAL_POINT, library["proposed"].member_state))
    assert client.get(url).status_code == 404


def test_an_entry_page_shows_the_entry_in_full(client, library):
    entry = library["shelter"]
    body = text(client.get(reverse("practices-entry", args=[entry.pk])))
    assert "Government shelters give victims housing, counselling and legal help." in body
    assert "Thailand" in body
    assert "2015" in body
    assert "Institution" in body
    assert "Protection" in body
    assert "Practices" in body
    # The source, as an external link that leaks nothing of this site.
    assert 'href="https://example.org/source" rel="external noopener noreferrer"' in body
    assert "(another website)" in body
    # The linked indicator, with its question from the published edition.
    assert f'href="{reverse("framework-indicator", args=["POL.T.2"])}"' in body


def test_an_indicator_code_not_in_the_current_edition_is_plain_text(client, library):
    entry = library["act"]
    PracticeIndicator.objects.create(entry=entry, indicator_code="OLD.GONE.1")
    body = text(client.get(reverse("practices-entry", args=[entry.pk])))
    assert "OLD.GONE.1" in body
    assert "/framework/indicators/OLD.GONE.1/" not in body
    assert "not in the current edition" in body


def test_search_finds_published_entries_only(client, library):
    body = text(client.get(LIBRARY, {"q": "secret"}))
    for secret in UNPUBLISHED:
        assert secret not in body
    assert "0 entries for “secret”" in body
    body = text(client.get(LIBRARY, {"q": "counselling"}))
    assert "Shelters for survivors" in body
    assert "Counter Trafficking Act" not in body
    assert "<mark>counselling</mark>" in body  # the engine's snippet, highlighted


def test_search_matches_any_form_of_a_word_and_the_member_states_name(client, library):
    body = text(client.get(LIBRARY, {"q": "shelter"}))  # "Shelters" in the title
    assert "<mark>Shelters</mark> for survivors" in body
    found = results(client.get(LIBRARY, {"q": "fiji"}))
    assert "Counter Trafficking Act" in found
    assert "National action plan" not in found


def test_an_indonesian_page_finds_indonesian_words_in_any_form_and_english_ones(
    client, library, rso, fiji
):
    add(rso, fiji, "Satuan tugas", summary="Satuan tugas memberantas perdagangan orang.")
    client.cookies["rsr_language"] = "id"
    found = results(client.get(LIBRARY, {"q": "memperdagangkan"}))
    assert "Satuan tugas" in found
    assert "<mark>perdagangan</mark>" in found
    assert "<mark>Shelters</mark> for survivors" in results(client.get(LIBRARY, {"q": "shelter"}))
    client.cookies["rsr_language"] = "en"  # another language, another index
    assert "Satuan tugas" not in results(client.get(LIBRARY, {"q": "memperdagangkan"}))


def test_a_newly_published_entry_is_found_at_once_and_a_rejected_one_is_gone(client, library, rso):
    url = reverse("practices-entry", args=[library["proposed"].pk])
    assert url not in results(client.get(LIBRARY, {"q": "decree"}))
    services.entry_publish(entry=library["proposed"], by=rso)
    assert "Secret proposed <mark>decree</mark>" in results(client.get(LIBRARY, {"q": "decree"}))
    services.entry_reject(entry=library["proposed"], by=rso, reason="Wrong state.")
    assert url not in results(client.get(LIBRARY, {"q": "decree"}))


def test_the_indicator_page_lists_the_published_entries_linked_to_it(client, library):
    body = text(client.get(reverse("framework-indicator", args=["POL.T.1"])))
    assert "What member states have done" in body
    assert "Counter Trafficking Act" in body
    assert "National action plan" in body
    assert reverse("practices-entry", args=[library["act"].pk]) in body
    assert "Fiji, 2009 · Legislation" in body
    assert "Secret proposed decree" not in body
    assert "Shelters for survivors" not in body


def test_an_indicator_without_entries_says_so(client, library):
    body = text(client.get(reverse("framework-indicator", args=["POL.T.3"])))
    assert "No entry of the practices library is linked to this indicator yet." in body


def test_the_panel_is_registered_once_through_roadmaps_registry(library):
    assert extensions._indicator_panels.count(indicator_panel) == 1
    extensions.register_indicator_panel(indicator_panel)  # ready() running twice
    assert extensions._indicator_panels.count(indicator_panel) == 1


def test_roadmap_imports_nothing_from_assessments():
    """The arrows go one way: assessments uses roadmap. roadmap's urls.py and settings.py are
    the project's wiring (they list every app) and are the only exceptions."""
    root = Path(__file__).resolve().parents[3] / "roadmap"
    wiring = {"urls.py", "settings.py"}
    offenders = []
    for path in root.rglob("*.py"):
        if path.name in wiring and path.parent == root:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] == "assessments"]
    assert offenders == []


def test_everyone_has_the_practices_link_in_the_navbar(client, library):
    body = text(client.get(reverse("home")))
    assert f'href="{LIBRARY}">Practices</a>' in body


# --- Filters and search narrow ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"country": "FJI"}, ["Counter Trafficking Act"], ["Shelters", "National action plan"]),
        ({"pillar": "protection"}, ["Shelters"], ["Counter Trafficking Act"]),
        ({"category": "PLAN"}, ["National action plan"], ["Shelters", "Counter Trafficking"]),
        ({"kind": "institution"}, ["Shelters"], ["National action plan", "Counter Trafficking"]),
        ({"kind": "plan", "country": "FJI"}, [], ["National action plan", "Counter Trafficking"]),
        ({"q": "act", "country": "THA"}, [], ["Counter Trafficking Act"]),
    ],
)
def test_filters_narrow_the_entries(client, library, query, shown, hidden):
    page = client.get(LIBRARY, query)
    found = results(page)
    for title in shown:
        assert title in found
    for title in hidden:
        assert title not in found
    # The map's list still counts every published entry: it is the way to the states' pages.
    assert "3 published entries in all." in text(page)


def test_a_filter_keeps_its_choice_in_the_form(client, library):
    body = text(client.get(LIBRARY, {"pillar": "protection", "q": "shelter"}))
    assert '<option value="protection" selected>' in body
    assert 'value="shelter"' in body


@pytest.mark.parametrize(
    "query",
    [
        {"pillar": "nope"},
        {"category": "<script>"},
        {"kind": "\x00"},
        {"country": "ZZZ"},
        {"country": "XXXX" * 100},
    ],
)
def test_junk_filters_show_a_message_and_all_entries(client, library, query):
    page = client.get(LIBRARY, query)
    assert page.status_code == 200
    body = text(page)
    assert "Some filters in the address were not understood" in body
    assert "showing all." in body
    assert "Counter Trafficking Act" in body
    assert "Shelters for survivors" in body
    assert "<script>" not in body.split("</nav>", 1)[1].split("<script src")[0]


def test_a_country_without_published_entries_is_not_a_filter_choice(client, library, rso):
    empty = MemberStateFactory(code="TON", name="Tonga", is_demo=False)
    assert "There is no such member state" in text(client.get(LIBRARY, {"country": empty.code}))


def test_a_long_or_stop_word_query_is_answered(client, library):
    assert client.get(LIBRARY, {"q": "x" * 5000}).status_code == 200
    body = text(client.get(LIBRARY, {"q": "the and of"}))
    assert "only very common words" in body


def test_post_is_not_allowed(client, library):
    assert client.post(LIBRARY).status_code == 405


# --- 404s and empty states ---------------------------------------------------------------------


def test_unknown_member_states_and_entries_are_404(client, library):
    assert client.get(reverse("practices-country", args=["ZZZ"])).status_code == 404
    assert client.get(reverse("practices-entry", args=[999_999])).status_code == 404


def test_a_lower_case_code_finds_the_member_state(client, library):
    assert client.get(reverse("practices-country", args=["fji"])).status_code == 200


def test_a_member_state_without_published_entries_has_a_friendly_page(client, library):
    MemberStateFactory(code="TON", name="Tonga", is_demo=False)
    page = client.get(reverse("practices-country", args=["TON"]))
    assert page.status_code == 200
    assert "The library has no published entry for Tonga yet." in text(page)


def test_an_empty_library_says_so(client, edition, real_site):
    body = text(client.get(LIBRARY))
    assert "The library has no published entries yet." in body
    assert "0 entries" in body


# --- Demo states -------------------------------------------------------------------------------


@pytest.fixture
def demoland(library, rso):
    state = MemberStateFactory(code="XDL", name="Demoland", is_demo=True)
    add(rso, state, "Demoland shelter law")
    return state


def test_a_real_site_never_shows_fictional_demo_states(client, demoland, settings):
    settings.REGIONAL_DEMO_DATA = False
    assert "Demoland" not in text(client.get(LIBRARY))
    assert "Demoland" not in text(client.get(LIBRARY, {"q": "shelter law"}))
    assert client.get(reverse("practices-country", args=["XDL"])).status_code == 404
    entry = PracticeEntry.objects.get(title="Demoland shelter law")
    assert client.get(reverse("practices-entry", args=[entry.pk])).status_code == 404
    assert "Demoland" not in text(client.get(reverse("framework-indicator", args=["POL.T.1"])))


def test_the_demo_site_shows_demo_states_beside_real_ones(client, demoland, settings):
    settings.REGIONAL_DEMO_DATA = True
    body = text(client.get(LIBRARY))
    assert "Demoland shelter law" in body
    assert "Counter Trafficking Act" in body
    page = text(client.get(reverse("practices-country", args=["XDL"])))
    assert "Demonstration data:" in page


# --- Query counts ------------------------------------------------------------------------------


def more_entries(rso, state, n):
    for i in range(n):
        add(rso, state, f"Extra measure {i}", year=2000 + i, indicator_codes=("POL.T.1", "POL.T.2"))


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("practices", [], {}),
        ("practices", [], {"pillar": "prosecution", "kind": "legislation"}),
        ("practices", [], {"q": "trafficking"}),
        ("practices-country", ["FJI"], {}),
        ("framework-indicator", ["POL.T.1"], {}),
    ],
)
def test_query_counts_do_not_grow_with_the_library(
    client, library, rso, fiji, thailand, name, args, params
):
    url = reverse(name, args=args)
    few = count_queries(client, url, params)
    more_entries(rso, fiji, 8)
    more_entries(rso, thailand, 3)
    library_search._memo.clear()
    many = count_queries(client, url, params)
    assert many == few, (name, few, many)


def test_a_search_with_the_index_cached_costs_no_query_for_the_index(
    client, library, django_assert_max_num_queries
):
    client.get(LIBRARY, {"q": "act"})
    # library version, member states with counts, the matching entries
    with django_assert_max_num_queries(3):
        client.get(LIBRARY, {"q": "act"})


def test_the_entry_page_costs_a_fixed_number_of_queries(
    client, library, django_assert_max_num_queries
):
    # entry, its links, the published edition, the linked indicators' questions
    with django_assert_max_num_queries(4):
        client.get(reverse("practices-entry", args=[library["act"].pk]))
