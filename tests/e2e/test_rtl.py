"""Arabic pages read right to left: the layout mirrors, the drawings stay whole, axe-core passes.

One module-wide tour, as in test_pages.py: the demo focal point switches to Arabic with the
language menu and opens the section, results and framework pages, the plan and the practices
map; the demo RSO account does the same for the regional view. Each page is measured (where the
brand, a radio button, a bar or a drawing's labels are) and checked with axe-core, with the
same rules as the other pages (a11y.py); screenshots are artifacts/screenshots/ar-*.png.
docs/translation.md, "Right to left", says what mirrors and what stays left to right.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from playwright.sync_api import Page, expect

from assessments.demo import DEMO_STATE_CODE, FOCAL, load_demo
from assessments.models import Assessment
from roadmap.models import Section
from tests.e2e.a11y import check_page
from tests.e2e.helpers import DESKTOP, open_context, sign_in
from tests.e2e.test_pages import FAST_HASHERS
from tests.e2e.test_pages_regional import sign_in_rso

pytestmark = pytest.mark.e2e

AXE_PAGES = ["ar-section", "ar-results", "ar-framework", "ar-regional"]
SLACK = 2  # px: rounding between boxes drawn by different elements


def switch_language(page: Page, code: str) -> None:
    """Pick a language in the menu of the page and press its button, as a reader would."""
    menu = page.locator("form.language-menu")
    menu.locator("select").select_option(code)
    menu.get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def direction(page: Page) -> str:
    return page.evaluate("() => document.documentElement.dir")


def box(page: Page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not on the page"
    return found


def right(b: dict) -> float:
    return b["x"] + b["width"]


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - SLACK
        and right(inner) <= right(outer) + SLACK
        and inner["y"] >= outer["y"] - SLACK
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + SLACK
    )


def labels_outside(page: Page, drawing: str, labels: str) -> list[str]:
    """The texts of `labels` whose box leaves the box of `drawing` (cut off, or over its edge)."""
    frame = box(page, drawing)
    texts = page.locator(labels)
    return [
        texts.nth(n).text_content() or ""
        for n in range(texts.count())
        if not inside(texts.nth(n).bounding_box(), frame)
    ]


def labels_over(page: Page, drawing: str, shape: str, labels: str) -> list[str]:
    """The texts of `labels` whose box runs into the box of `shape` (the radar's outer ring)."""
    ring = box(page, f"{drawing} {shape}")
    texts = page.locator(f"{drawing} {labels}")
    over = []
    for n in range(texts.count()):
        b = texts.nth(n).bounding_box()
        width = min(right(b), right(ring)) - max(b["x"], ring["x"])
        height = min(b["y"] + b["height"], ring["y"] + ring["height"]) - max(b["y"], ring["y"])
        if width > SLACK and height > SLACK:
            over.append(texts.nth(n).text_content() or "")
    return over


def bars_from_start(page: Page) -> bool:
    """Whether every result bar ends at the right end of its track (its start in Arabic), and
    at least one is short enough to leave the left of its track empty."""
    tracks = page.locator(".bar-chart svg.bar")
    short = 0
    for n in range(tracks.count()):
        track = tracks.nth(n)
        value = track.locator("rect").nth(1)
        if not value.count():  # no score: no bar
            continue
        cell, bar = track.bounding_box(), value.bounding_box()
        if abs(right(bar) - right(cell)) > SLACK:
            return False
        short += bar["x"] > cell["x"] + SLACK
    return short > 0


def measure_member_pages(page: Page, draft: Assessment) -> dict[str, object]:
    """Switch to Arabic on the section page; measure the section, results and plan pages."""
    found: dict[str, object] = {}
    section = Section.objects.filter(category__edition=draft.edition).order_by(
        "category__position", "position"
    )[0]
    page.goto(f"/assessments/{draft.pk}/sections/{section.code}/")
    found["en-brand-left"] = box(page, ".navbar-brand")["x"] < DESKTOP["width"] / 2
    switch_language(page, "ar")
    found["section-dir"] = direction(page)
    brand, first_link = box(page, ".navbar-brand"), box(page, ".navbar-nav .nav-link")
    found["brand-right"] = brand["x"] > DESKTOP["width"] / 2 and brand["x"] > first_link["x"]
    radio, label = box(page, ".level-choice input"), box(page, ".level-choice label")
    found["radio-right-of-label"] = radio["x"] > right(label)
    area = page.locator(".answer-card textarea").first
    area_label = page.locator(f'label[for="{area.get_attribute("id")}"]')
    found["label-over-box-start"] = (
        abs(right(area_label.bounding_box()) - right(area.bounding_box())) <= 16
    )
    found["ar-section"] = check_page(page, "ar-section")

    page.goto(f"/assessments/{draft.pk}/results/")
    found["results-dir"] = direction(page)
    found["radar-labels-outside"] = labels_outside(page, "svg.chart-radar", "svg.chart-radar text")
    # The fifth ring is the outer one (100): the labels stand beyond it.
    found["radar-labels-over-rings"] = labels_over(
        page, "svg.chart-radar", "polygon:nth-of-type(5)", "text"
    )
    found["bars-from-start"] = bars_from_start(page)
    found["ar-results"] = check_page(page, "ar-results")

    page.goto("/plan/")
    found["timeline-labels-outside"] = labels_outside(
        page, "svg.plan-timeline", "svg.plan-timeline text"
    )
    page.goto("/framework/")
    found["ar-framework"] = check_page(page, "ar-framework")
    page.goto("/practices/")
    found["map-label-in-inset"] = inside(
        box(page, ".pmap-inset-label"), box(page, ".pmap-inset-box")
    )
    return found


@pytest.fixture(scope="module")
def tour(browser, live_server, django_db_setup, django_db_blocker) -> dict[str, object]:
    """Visit the Arabic pages once, as the focal point and as RSO staff; return what was seen."""
    found: dict[str, object] = {}
    settings = override_settings(PASSWORD_HASHERS=FAST_HASHERS, REGIONAL_DEMO_DATA=True)
    with django_db_blocker.unblock(), settings:
        focal = open_context(browser, live_server.url, DESKTOP)
        rso = open_context(browser, live_server.url, DESKTOP)
        try:
            call_command("load_framework", verbosity=0)
            call_command("load_member_states", verbosity=0)
            load_demo()
            draft = Assessment.objects.get(member_state__code=DEMO_STATE_CODE, status="draft")
            page = focal.new_page()
            sign_in(page, FOCAL.email, FOCAL.password)
            found |= measure_member_pages(page, draft)

            page = rso.new_page()
            sign_in_rso(page)
            switch_language(page, "ar")
            found["regional-dir"] = direction(page)
            found["ar-regional"] = check_page(page, "ar-regional")
        finally:
            focal.close()
            rso.close()
            call_command("flush", interactive=False, verbosity=0)
    return found


def test_the_language_menu_turns_the_section_and_results_pages_right_to_left(tour):
    assert tour["section-dir"] == "rtl"
    assert tour["results-dir"] == "rtl"
    assert tour["regional-dir"] == "rtl"


def test_the_layout_mirrors_brand_radio_buttons_and_labels_on_the_right(tour):
    assert tour["en-brand-left"], "in English the brand starts the navigation bar on the left"
    assert tour["brand-right"], "in Arabic the brand starts the navigation bar on the right"
    assert tour["radio-right-of-label"], "a radio button comes before its label: on the right"
    assert tour["label-over-box-start"], "a text box's label starts at its right edge"


def test_bars_grow_from_the_right_and_drawings_keep_their_labels_inside(tour):
    assert tour["bars-from-start"], "the result bars start at the right end of their tracks"
    assert tour["radar-labels-outside"] == []
    assert tour["radar-labels-over-rings"] == []
    assert tour["timeline-labels-outside"] == []
    assert tour["map-label-in-inset"], "the inset's label stays in the inset"


@pytest.mark.parametrize("name", AXE_PAGES)
def test_arabic_page_has_no_serious_or_critical_accessibility_violations(tour, name):
    assert tour[name] == [], f"axe-core on {name}:\n" + "\n".join(tour[name])
