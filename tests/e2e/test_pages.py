"""The main pages, with the reference framework and Demoland: axe-core checks and screenshots.

One visit per page serves every check, so the pages are visited once for the module (the
`tour` fixture) and each page's result is then its own test. Screenshots at desktop and phone
widths go to artifacts/screenshots/, axe-core's full findings to artifacts/axe/.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.test.utils import override_settings
from playwright.sync_api import Page, expect

from assessments.answering import Submission, section_save
from assessments.demo import CONTRIBUTOR, DEMO_STATE_CODE, FOCAL, load_demo
from assessments.models import EMPTY_VALUES, Answer, Assessment, User
from assessments.progress import assessment_progress
from assessments.services import missing_answers
from roadmap.models import Scale, Section
from tests.e2e.a11y import check_page
from tests.e2e.helpers import DESKTOP, open_context, sign_in

pytestmark = pytest.mark.e2e

PUBLIC = {
    "home": "/",
    "login": "/accounts/login/",
    "framework": "/framework/",
    "framework-category": "/framework/policy/",
    "framework-section": "/framework/sections/POL.PROT.1/",
    "framework-indicator": "/framework/indicators/POL.PROT.1.1/",
    "framework-search": "/framework/search/?q=victim+identification",
    "framework-instruments": "/framework/instruments/",
    "framework-resources": "/framework/resources/",
}
MEMBER = [
    "assessments",
    "assessment-new",
    "overview-ready",
    "submit-ready",
    "overview",
    "section",
    "section-conflict",
    "section-submitted",
    "history",
    "challenges",
    "submit",
    "results",
    "results-submitted",
    "targets",
    "team",
]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Pages with a known serious violation, as {name: reason}; none at the moment.
KNOWN: dict[str, str] = {}


def ready_pages(draft: Assessment) -> dict[str, str]:
    """The demo's 2026 draft as it is loaded: complete, ready to submit."""
    return {
        "overview-ready": f"/assessments/{draft.pk}/",
        "submit-ready": f"/assessments/{draft.pk}/submit/",
    }


def leave_unanswered(draft: Assessment) -> Section:
    """Clear the answers of one section but its first, as a colleague would: a draft in
    progress, for the pages that show answered and unanswered indicators and what is missing."""
    yes_no = Q(indicators__scale__kind=Scale.Kind.YES_NO)
    section = (  # levels 0 to 4 throughout: the conflict checks "2 Developing"
        Section.objects.filter(edition=draft.edition)
        .annotate(count=Count("indicators"), yes_no=Count("indicators", filter=yes_no))
        .filter(count__gte=3, yes_no=0)
        .order_by("category__position", "position")
        .first()
    )
    answers = draft.answers.filter(indicator__section=section).select_related("indicator")
    cleared = [
        Submission(answer.indicator, dict(EMPTY_VALUES), version=answer.version, loaded="")
        for answer in answers.order_by("indicator__position")[1:]
    ]
    colleague = User.objects.get(email=CONTRIBUTOR.email)
    assert section_save(assessment=draft, by=colleague, submissions=cleared).saved
    return section


def member_pages(draft: Assessment, submitted: Assessment) -> dict[str, str]:
    """The focal point's pages: Demoland's 2026 draft (in progress) and 2025 submission."""
    section = assessment_progress(draft).next_section()  # answered and unanswered indicators
    answered = draft.answers.complete().select_related("indicator").first()
    return {
        "assessments": "/assessments/",
        "assessment-new": "/assessments/new/",
        "overview": f"/assessments/{draft.pk}/",
        "section": f"/assessments/{draft.pk}/sections/{section.code}/",
        "section-submitted": f"/assessments/{submitted.pk}/sections/{section.code}/",
        "history": f"/assessments/{draft.pk}/indicators/{answered.indicator.code}/history/",
        "challenges": f"/assessments/{draft.pk}/challenges/",
        "submit": f"/assessments/{draft.pk}/submit/",
        "results": f"/assessments/{draft.pk}/results/",
        "results-submitted": f"/assessments/{submitted.pk}/results/",
        "targets": f"/assessments/{draft.pk}/targets/",
        "team": "/team/",
    }


def show_conflict(page: Page, draft: Assessment) -> None:
    """Open the draft's next section, let a colleague answer an indicator, answer it too."""
    section = assessment_progress(draft).next_section()
    page.goto(f"/assessments/{draft.pk}/sections/{section.code}/")
    unanswered = {missing.code for missing in missing_answers(draft)}
    indicator = next(i for i in section.indicators.order_by("position") if i.code in unanswered)
    current = Answer.objects.filter(assessment=draft, indicator=indicator).first()  # cleared
    colleague = User.objects.get(email=CONTRIBUTOR.email)
    values = {**EMPTY_VALUES, "level": 1}
    version = current.version if current else 0
    section_save(
        assessment=draft,
        by=colleague,
        submissions=[Submission(indicator, values, version=version, loaded="")],
    )
    page.locator(f'article[id="{indicator.code}"]').get_by_label("2 Developing").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("after you opened the page")


@pytest.fixture(scope="module")
def tour(browser, live_server, django_db_setup, django_db_blocker) -> dict[str, list[str]]:
    """Visit every main page once; return each page's serious or critical violations.

    The data is committed for the tour (the live server runs in another thread) and flushed
    right after it, so that the tests that follow start from an empty database as usual.
    """
    found: dict[str, list[str]] = {}
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        context = open_context(browser, live_server.url, DESKTOP)
        try:
            call_command("load_framework", verbosity=0)
            call_command("load_member_states", verbosity=0)
            load_demo()
            demo = Assessment.objects.filter(member_state__code=DEMO_STATE_CODE)
            draft = demo.get(status="draft")
            submitted = demo.filter(status="submitted").order_by("-reporting_year").first()
            page = context.new_page()
            for name, path in PUBLIC.items():
                found[name] = visit_and_check(page, name, path)
            sign_in(page, FOCAL.email, FOCAL.password)
            for name, path in ready_pages(draft).items():
                found[name] = visit_and_check(page, name, path)
            leave_unanswered(draft)
            for name, path in member_pages(draft, submitted).items():
                found[name] = visit_and_check(page, name, path)
            show_conflict(page, draft)
            found["section-conflict"] = check_page(page, "section-conflict")
        finally:
            context.close()
            call_command("flush", interactive=False, verbosity=0)
    return found


def visit_and_check(page: Page, name: str, path: str, status: int = 200) -> list[str]:
    """Open the page, which must answer `status`, and check it."""
    assert page.goto(path).status == status, path
    return check_page(page, name)


def page_params() -> list:
    """Every page name; a page with a known violation is marked as expected to fail."""
    return [
        pytest.param(
            name, marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=KNOWN[name])
        )
        if name in KNOWN
        else name
        for name in [*PUBLIC, *MEMBER]
    ]


@pytest.mark.parametrize("name", page_params())
def test_page_has_no_serious_or_critical_accessibility_violations(tour, name):
    assert tour[name] == [], f"axe-core on {name}:\n" + "\n".join(tour[name])
