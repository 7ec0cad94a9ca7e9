"""The pages added with the legal status, the action plan, invitations and two-factor sign-in,
including pages in an error state: axe-core checks and screenshots at both widths.

As in test_pages.py, one module-wide tour with Demoland visits every page once and each page's
result is then its own test. The "try again" pages (409, 429) are reached by making the
report view meet a busy database and a render limit.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.models import F
from django.test.utils import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from assessments.demo import DEMO_STATE_CODE, FOCAL, load_demo
from assessments.models import Assessment, Role, User
from assessments.plans.models import Action, Agency
from assessments.reports import render_lock
from assessments.team.invitations import invitation_create
from roadmap.models import Scale
from tests.e2e.a11y import check_page
from tests.e2e.helpers import DESKTOP, fill_login_form, open_context, post_status, sign_in
from tests.e2e.test_pages import FAST_HASHERS, visit_and_check

pytestmark = pytest.mark.e2e

VISITOR = ["invitation", "invitation-invalid"]
MEMBER = [
    "legal-status-errors",
    "legal-status",
    "legal-status-submitted",
    "plan",
    "plan-filtered",
    "plan-action",
    "plan-action-edit",
    "plan-action-new",
    "plan-agencies",
    "plan-agency",
    "team-pending-invitation",
    "section-errors",
    "assessment-new-same-year",
    "plan-action-errors",
    "plan-action-conflict",
    "try-again-busy-database",
    "try-again-too-many-reports",
    "two-factor-status",
    "two-factor-setup",
    "two-factor-recovery-codes-new",
    "two-factor-recovery-codes",
    "two-factor-verify",
]


def member_pages(draft: Assessment, submitted: Assessment, action: Action) -> dict[str, str]:
    agency = Agency.objects.filter(member_state=draft.member_state).first()
    return {
        "legal-status": f"/assessments/{draft.pk}/legal-status/",
        "legal-status-submitted": f"/assessments/{submitted.pk}/legal-status/",
        "plan": "/plan/",
        "plan-filtered": "/plan/?status=planned&group=pillar&sort=due",
        "plan-action": f"/plan/actions/{action.pk}/",
        "plan-action-edit": f"/plan/actions/{action.pk}/edit/",
        "plan-action-new": f"/assessments/{submitted.pk}/actions/new/",
        "plan-agencies": "/plan/agencies/",
        "plan-agency": f"/plan/agencies/{agency.pk}/",
        "team-pending-invitation": "/team/",
    }


def show_section_errors(page: Page, draft: Assessment) -> None:
    """A level and "Not applicable" together without a reason: 400 with the error summary."""
    answer = (  # on levels 0 to 4, one that may be marked not applicable, and is not yet
        draft.answers.filter(indicator__critical=False, indicator__scale__kind=Scale.Kind.MATURITY)
        .filter(not_applicable=False)
        .select_related("indicator__section")
        .first()
    )
    page.goto(f"/assessments/{draft.pk}/sections/{answer.indicator.section.code}/")
    card = page.locator(f'article[id="{answer.indicator.code}"]')
    card.get_by_label("2 Developing").check()
    card.get_by_label("Not applicable to our country").check()
    assert post_status(page, page.get_by_role("button", name="Save", exact=True)) == 400
    expect(page.locator("[data-error-summary]")).to_be_visible()


def show_legal_status_errors(page: Page, draft: Assessment) -> None:
    """A year for a treaty whose status is not recorded: 400 with the errors in the table."""
    page.goto(f"/assessments/{draft.pk}/legal-status/")
    row = page.locator("table.legal-status tbody tr").last
    row.locator("select").select_option("")
    row.locator("input[type=number]").fill("2010")
    assert post_status(page, page.get_by_role("button", name="Save", exact=True)) == 400
    expect(page.locator("[data-error-summary]")).to_contain_text("give a year only")


def show_same_year_warning(page: Page, draft: Assessment) -> None:
    page.goto("/assessments/new/")
    page.get_by_label("Title").fill("Another one")
    page.get_by_label("Reporting year").fill(str(draft.reporting_year))
    page.get_by_role("button", name="Create the assessment").click()
    expect(page.get_by_text("Yes, start another assessment for this year")).to_be_visible()


def show_action_errors(page: Page, action: Action) -> None:
    page.goto(f"/plan/actions/{action.pk}/edit/")
    page.get_by_label("Start").fill("2026-06-01")
    page.get_by_label("Due").fill("2026-01-01")
    assert post_status(page, page.get_by_role("button", name="Save the action")) == 400
    expect(page.locator(".error-summary")).to_contain_text("is before the start date")


def show_action_conflict(page: Page, action: Action) -> None:
    page.goto(f"/plan/actions/{action.pk}/edit/")
    Action.objects.filter(pk=action.pk).update(
        version=F("version") + 1, objective="Changed by a colleague meanwhile"
    )
    page.get_by_label("Activities").fill("Mine: draft, consult, adopt")
    assert post_status(page, page.get_by_role("button", name="Save the action")) == 409


def try_again_pages(page: Page, submitted: Assessment) -> dict[str, list[str]]:
    """The report view meets a locked database and the render limit."""
    found = {}
    causes = {
        "try-again-busy-database": (OperationalError("database is locked"), 409),
        "try-again-too-many-reports": (render_lock.RenderLimited(), 429),
    }
    for name, (error, status) in causes.items():
        with mock.patch("assessments.reports.documents.request_report", side_effect=error):
            assert page.goto(f"/assessments/{submitted.pk}/report.pdf").status == status
            found[name] = check_page(page, name)
    return found


def two_factor_pages(page: Page, user: User) -> dict[str, list[str]]:
    """Turn two-factor on as a focal point may: status, set-up, the new codes, the codes page."""
    found = {
        "two-factor-status": visit_and_check(page, "two-factor-status", "/accounts/two-factor/"),
        "two-factor-setup": visit_and_check(
            page, "two-factor-setup", "/accounts/two-factor/setup/"
        ),
    }
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(device.bin_key):06d}"
    )
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Two-factor authentication is on.")).to_be_visible()
    found["two-factor-recovery-codes-new"] = check_page(page, "two-factor-recovery-codes-new")
    found["two-factor-recovery-codes"] = visit_and_check(
        page, "two-factor-recovery-codes", "/accounts/two-factor/recovery-codes/"
    )
    return found


@pytest.fixture(scope="module")
def tour(browser, live_server, django_db_setup, django_db_blocker) -> dict[str, list[str]]:
    """Visit every new page once; return each page's serious or critical violations."""
    found: dict[str, list[str]] = {}
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        contexts = [open_context(browser, live_server.url, DESKTOP) for _ in range(2)]
        try:
            call_command("load_framework", verbosity=0)
            call_command("load_member_states", verbosity=0)
            load_demo()
            demo = Assessment.objects.filter(member_state__code=DEMO_STATE_CODE)
            draft = demo.get(status="draft")
            submitted = demo.filter(status="submitted").order_by("-reporting_year").first()
            action = Action.objects.filter(member_state=draft.member_state).first()
            focal = User.objects.get(email=FOCAL.email)
            _, token = invitation_create(
                member_state=draft.member_state,
                by=focal,
                email="nora.new@demo.example",
                full_name="Nora New",
                role=Role.CONTRIBUTOR,
            )
            page = contexts[0].new_page()
            found["invitation"] = visit_and_check(page, "invitation", f"/invitations/{token}/")
            found["invitation-invalid"] = visit_and_check(
                page, "invitation-invalid", "/invitations/no-such-link/", status=404
            )
            sign_in(page, FOCAL.email, FOCAL.password)
            for name, path in member_pages(draft, submitted, action).items():
                found[name] = visit_and_check(page, name, path)
            show_legal_status_errors(page, draft)
            found["legal-status-errors"] = check_page(page, "legal-status-errors")
            show_section_errors(page, draft)
            found["section-errors"] = check_page(page, "section-errors")
            show_same_year_warning(page, draft)
            found["assessment-new-same-year"] = check_page(page, "assessment-new-same-year")
            show_action_errors(page, action)
            found["plan-action-errors"] = check_page(page, "plan-action-errors")
            show_action_conflict(page, action)
            found["plan-action-conflict"] = check_page(page, "plan-action-conflict")
            found |= try_again_pages(page, submitted)
            found |= two_factor_pages(page, focal)
            other = contexts[1].new_page()
            other.goto("/accounts/login/")
            fill_login_form(other, FOCAL.email, FOCAL.password)
            expect(
                other.get_by_label("6-digit code from your authenticator app, or a recovery code")
            ).to_be_visible()
            found["two-factor-verify"] = check_page(other, "two-factor-verify")
        finally:
            for context in contexts:
                context.close()
            call_command("flush", interactive=False, verbosity=0)
    return found


@pytest.mark.parametrize("name", [*VISITOR, *MEMBER])
def test_new_page_has_no_serious_or_critical_accessibility_violations(tour, name):
    assert tour[name] == [], f"axe-core on {name}:\n" + "\n".join(tour[name])
