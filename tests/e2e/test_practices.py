"""The practices library in the browser: axe-core on its pages at both widths, and the journey
of issue 15 on the demo data (the seed entries published, Demoland's team and the RSO account).

A visitor opens the map without signing in, picks a Pacific island state and a South-East Asian
state, reads their entries and follows one to the framework indicator it illustrates; the focal
point proposes an entry; RSO staff (with their code) publish it; the visitor then finds it.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from playwright.sync_api import Page, expect

from assessments.demo import FOCAL, load_demo
from assessments.models import PracticeEntry
from tests.e2e.helpers import DESKTOP, fill_login_form, open_context
from tests.e2e.test_pages import FAST_HASHERS, visit_and_check
from tests.e2e.test_pages_regional import sign_in_rso

pytestmark = pytest.mark.e2e

PAGES = {
    "practices": "/practices/",
    "practices-search": "/practices/?q=trafficking&pillar=prosecution",
    "practices-country": "/practices/countries/FJI/",
    "practices-indicator": "/framework/indicators/POL.PROS.1.1/",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The framework, the member states and the demo (which publishes the seed entries)."""
    settings = override_settings(PASSWORD_HASHERS=FAST_HASHERS, REGIONAL_DEMO_DATA=True)
    with django_db_blocker.unblock(), settings:
        call_command("load_framework", verbosity=0)
        call_command("load_member_states", verbosity=0)
        load_demo()
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def tour(browser, live_server, demo) -> dict[str, list[str]]:
    """Visit every library page once (anonymous); return its serious or critical violations."""
    found: dict[str, list[str]] = {}
    context = open_context(browser, live_server.url, DESKTOP)
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            found[name] = visit_and_check(page, name, path)
    finally:
        context.close()
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_library_page_has_no_serious_or_critical_accessibility_violations(tour, name):
    assert tour[name] == [], f"axe-core on {name}:\n" + "\n".join(tour[name])


def open_state_from_the_map(page: Page, name: str) -> None:
    page.goto("/practices/")
    page.locator("svg").get_by_role("link", name=re.compile(rf"^{name}: \d+ entr")).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def test_visitor_focal_point_and_rso_use_the_library(new_page):
    # Its own data: the live server's transactional database is emptied after each test, so the
    # tour's module-wide data is gone by now.
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, REGIONAL_DEMO_DATA=True):
        call_command("load_framework", verbosity=0)
        call_command("load_member_states", verbosity=0)
        load_demo()
        visitor = new_page()
        open_state_from_the_map(visitor, "Fiji")
        expect(visitor.get_by_role("heading", name="Crimes Act 2009")).to_be_visible()
        # Indonesia from the list beside the map: the centre of its shape (which Playwright
        # clicks) lies in the sea between its islands.
        visitor.goto("/practices/")
        states = visitor.get_by_role("region", name="Member states in the library")
        states.get_by_role("link", name="Indonesia", exact=True).click()
        expect(visitor.get_by_role("heading", level=1, name="Indonesia")).to_be_visible()
        visitor.get_by_role("link", name=re.compile("Law No. 21 of 2007")).first.click()
        visitor.locator(".practices-indicators a").first.click()
        expect(visitor).to_have_url(re.compile(r"/framework/indicators/"))
        panel = visitor.get_by_role("region", name="What member states have done")
        expect(panel.get_by_text(re.compile("Law No. 21 of 2007"))).to_be_visible()

        focal = new_page()
        focal.goto("/accounts/login/")
        fill_login_form(focal, FOCAL.email, FOCAL.password)
        focal.goto("/practices/propose/")
        focal.get_by_label("Type").select_option(label="Institution")
        focal.get_by_label("Title").fill("Demoland Victim Support Unit")
        focal.get_by_label("Year").fill("2024")
        focal.get_by_label("Summary").fill("A unit of the social ministry that assists victims.")
        focal.get_by_label("Pillar").select_option(label="Protection")
        focal.get_by_label("Category").select_option(label="Practices")
        focal.get_by_label("Source link").fill("https://example.org/unit")
        focal.get_by_role("button", name="Send for review").click()
        expect(focal.get_by_text("Sent for review by the Regional Support Office")).to_be_visible()
        visitor.goto("/practices/?q=Victim+Support+Unit")
        expect(visitor.get_by_text("Demoland Victim Support Unit")).to_have_count(0)

        rso = new_page()
        sign_in_rso(rso)
        rso.goto("/practices/review/")
        rso.get_by_role("link", name="Demoland Victim Support Unit").first.click()
        rso.get_by_role("button", name="Save and publish").click()
        entry = PracticeEntry.objects.get(title="Demoland Victim Support Unit")
        assert entry.is_published

        visitor.goto(f"/practices/entries/{entry.pk}/")
        expect(visitor.get_by_role("heading", name="Demoland Victim Support Unit")).to_be_visible()
