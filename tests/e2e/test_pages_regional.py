"""The regional view as RSO staff see it: axe-core checks and screenshots at both widths.

As in test_pages.py, one module-wide tour visits each page once and each page's result is then
its own test. The data is the demo's (`load_demo`): Demoland and eight fictional neighbours
whose assessments are shared with the RSO, two of them in the Pacific, so that the Pacific
filter falls below the threshold of three. The RSO account signs in with its code.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from assessments.demo import RSO, load_demo
from tests.e2e.helpers import DESKTOP, fill_login_form, open_context
from tests.e2e.test_pages import FAST_HASHERS, visit_and_check

pytestmark = pytest.mark.e2e

PAGES = {
    "regional": "/regional/",
    "regional-below-threshold": "/regional/?subregion=pacific",
    "regional-invalid-filters": "/regional/?subregion=atlantis&year=20x5",
}


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
