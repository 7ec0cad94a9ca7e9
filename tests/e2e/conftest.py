"""Browser tests: one headless Chromium per session, a fresh context (cookies, storage) per test.

The browser is Debian's Chromium (`apt-get install -y chromium`), not one that Playwright
downloads. Every test gets pytest-django's `live_server`, hence a transactional database that is
emptied after the test; data comes from factories or from the reference fixtures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from assessments.models import Assessment, MemberState, Role, User
from assessments.services import assessment_create
from roadmap.celery import app
from roadmap.models import Category, Edition
from tests.e2e.helpers import ARTIFACTS, DESKTOP, PASSWORD, open_context
from tests.factories import (
    CategoryFactory,
    ChallengeFactory,
    EditionFactory,
    IndicatorFactory,
    LegalReferenceFactory,
    MemberFactory,
    MemberStateFactory,
    ScaleFactory,
    SectionFactory,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

FAILED = pytest.StashKey[bool]()

# One section per category, two indicators per section: small enough to answer in a test.
FRAMEWORK = {
    Category.Code.PLANNING: ("PLAN.1", "National action plan", ["a plan", "a budget"]),
    Category.Code.PRINCIPLES: ("PRIN.1", "Rights of victims", ["non-punishment", "consent"]),
    Category.Code.POLICY: ("POL.1", "Victim identification", ["procedures", "screening"]),
    Category.Code.PRACTICES: ("PRAC.1", "Cooperation", ["agreements", "joint teams"]),
}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install it with `apt-get install -y chromium`.")
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop in the main thread, which Django's ORM
        # takes for an async context. The test code is synchronous: the check does not apply.
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Note on the test item whether the test itself failed, for `new_page` to see."""
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


@pytest.fixture
def new_page(request, browser, live_server) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context; all are closed after the test.

    When the test fails, each page is saved as artifacts/failures/<test>-<n>.png first.
    """
    contexts: list[BrowserContext] = []

    def new_page(viewport: ViewportSize = DESKTOP) -> Page:
        context = open_context(browser, live_server.url, viewport)
        contexts.append(context)
        return context.new_page()

    yield new_page
    failed = request.node.stash.get(FAILED, False)
    for number, context in enumerate(contexts, 1):
        if failed:
            for page in context.pages:
                name = re.sub(r"[^\w.-]+", "-", request.node.name)
                page.screenshot(path=ARTIFACTS / "failures" / f"{name}-{number}.png")
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.fixture
def worker(live_server) -> Iterator[None]:
    """A real Celery worker in a thread, taking the jobs the live server queues in memory
    (CELERY_BROKER_URL=memory:// in the tests: one broker per process). Its database is the
    live server's, which the worker's thread sees as the server's threads do."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


# --- Data -------------------------------------------------------------------------------------


def small_framework() -> Edition:
    """A published edition with four sections of two maturity indicators each, and a challenge."""
    edition = EditionFactory(
        code="2026", name="Test framework 2026", status=Edition.Status.PUBLISHED
    )
    scale = ScaleFactory(edition=edition)
    for position, (code, (section_code, title, topics)) in enumerate(FRAMEWORK.items(), 1):
        category = CategoryFactory(edition=edition, code=code)
        section = SectionFactory(category=category, code=section_code, title=title)
        for number, topic in enumerate(topics, 1):
            indicator = IndicatorFactory(
                section=section,
                code=f"{section_code}.{number}",
                position=number,
                scale=scale,
                question=f"Does the State have {topic}? ({section_code}.{number})",
            )
            LegalReferenceFactory(indicator=indicator, article=f"Art. {position}")
    ChallengeFactory(edition=edition, text="Research and data are limited.")
    return edition


@pytest.fixture
def edition(live_server) -> Edition:
    return small_framework()


@pytest.fixture
def state(live_server) -> MemberState:
    return MemberStateFactory(code="XAA", name="Alphaland")


def member(state: MemberState, role: str, name: str) -> User:
    email = f"{name.split()[0].lower()}@alpha.example"
    return MemberFactory(role, state, email=email, full_name=name, password=PASSWORD)


@pytest.fixture
def focal(state) -> User:
    return member(state, Role.FOCAL_POINT, "Fran Focal")


@pytest.fixture
def contributor(state) -> User:
    return member(state, Role.CONTRIBUTOR, "Chris Contributor")


@pytest.fixture
def viewer(state) -> User:
    return member(state, Role.VIEWER, "Vic Viewer")


@pytest.fixture
def assessment(edition, state, focal) -> Assessment:
    return assessment_create(
        member_state=state, by=focal, title="Self-assessment 2026", reporting_year=2026
    )
