"""The regional view as RSO staff see it: axe-core checks and screenshots at both widths.

As in test_pages.py, one module-wide tour visits each page once and each page's result is then
its own test. The data: the reference framework, Demoland and six more fictional member states
whose submitted assessments are shared with the RSO (one alone in the Pacific, so that the
Pacific filter falls below the threshold of three). The RSO account signs in with its code.
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from assessments.demo import DEMO_STATE_CODE, RSO, load_demo
from assessments.models import Answer, Assessment, MemberState, ShareLevel, Subregion, User
from assessments.sharing.services import share_assessment
from roadmap.models import Edition
from tests.e2e.helpers import DESKTOP, fill_login_form, open_context
from tests.e2e.test_pages import FAST_HASHERS, visit_and_check

pytestmark = pytest.mark.e2e

# (code, name, subregion, share level, reporting years)
STATES = [
    ("XAU", "Aurelia (fictional)", Subregion.SOUTH_EAST_ASIA, ShareLevel.ANSWERS, (2024, 2025)),
    ("XBO", "Borealis (fictional)", Subregion.SOUTH_EAST_ASIA, ShareLevel.ANSWERS, (2025,)),
    ("XCO", "Coralia (fictional)", Subregion.PACIFIC, ShareLevel.SCORES, (2025,)),
    ("XDU", "Dunmore (fictional)", Subregion.SOUTH_ASIA, ShareLevel.ANSWERS, (2024, 2025)),
    ("XES", "Estoria (fictional)", Subregion.EAST_ASIA, ShareLevel.SCORES, (2024,)),
    ("XFJ", "Fjordia (fictional)", Subregion.SOUTH_EAST_ASIA, ShareLevel.ANSWERS, (2024, 2025)),
]
PAGES = {
    "regional": "/regional/",
    "regional-below-threshold": "/regional/?subregion=pacific",
    "regional-invalid-filters": "/regional/?subregion=atlantis&year=20x5",
}


def level(state: str, code: str, year: int, top: int) -> int:
    """A stable level per state and indicator, a little higher in later years."""
    base = hashlib.sha256(f"{state}:{code}".encode()).digest()[0] % 4 + (year - 2024)
    return min(base, top)


def share_fictional_states(by: User) -> None:
    """Submitted, fully answered assessments of the fictional states, shared with the RSO."""
    edition = Edition.objects.current()
    for code, name, subregion, share, years in STATES:
        state = MemberState.objects.create(code=code, name=name, subregion=subregion, is_demo=True)
        for year in years:
            assessment = Assessment.objects.create(
                member_state=state,
                edition=edition,
                title=f"National self-assessment {year}",
                reporting_year=year,
                status=Assessment.Status.SUBMITTED,
                submitted_at=timezone.now(),
                profile_origin=True,
            )
            indicators = assessment.applicable_indicators().select_related("scale")
            Answer.objects.bulk_create(
                Answer(
                    assessment=assessment,
                    indicator=i,
                    level=level(code, i.code, year, i.scale.max_value),
                )
                for i in indicators
            )
            share_assessment(assessment=assessment, by=by, level=share)
    demoland = Assessment.objects.filter(member_state__code=DEMO_STATE_CODE, status="submitted")
    share_assessment(assessment=demoland.latest("reporting_year"), by=by, level=ShareLevel.ANSWERS)


def sign_in_rso(page: Page) -> None:
    """Password, then the current code of the demo RSO account's authenticator."""
    page.goto("/accounts/login/")
    fill_login_form(page, RSO.email, RSO.password)
    device = TOTPDevice.objects.get(user__email=RSO.email)
    page.get_by_label("6-digit code from your authenticator app, or a recovery code").fill(
        f"{totp(device.bin_key):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url("/regional/")  # RSO staff land on the regional view


@pytest.fixture(scope="module")
def tour(browser, live_server, django_db_setup, django_db_blocker) -> dict[str, list[str]]:
    """Visit every regional page once; return each page's serious or critical violations."""
    found: dict[str, list[str]] = {}
    settings = override_settings(PASSWORD_HASHERS=FAST_HASHERS, REGIONAL_DEMO_DATA=True)
    with django_db_blocker.unblock(), settings:
        context = open_context(browser, live_server.url, DESKTOP)
        try:
            call_command("load_framework", verbosity=0)
            call_command("load_member_states", verbosity=0)
            load_demo()
            share_fictional_states(User.objects.get(email=RSO.email))
            page = context.new_page()
            sign_in_rso(page)
            for name, path in PAGES.items():
                found[name] = visit_and_check(page, name, path)
        finally:
            context.close()
            call_command("flush", interactive=False, verbosity=0)
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_regional_page_has_no_serious_or_critical_accessibility_violations(tour, name):
    assert tour[name] == [], f"axe-core on {name}:\n" + "\n".join(tour[name])
