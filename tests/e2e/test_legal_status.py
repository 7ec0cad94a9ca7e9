"""The legal-status profile with the keyboard alone: every control is a Tab stop, in order."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessments.legal_status.models import LegalStatus
from tests.e2e.helpers import sign_in, tab_through
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.e2e


def test_the_treaties_are_recorded_with_the_keyboard_alone(page, assessment, contributor):
    first = InstrumentFactory()
    second = InstrumentFactory(
        code="c189", name="Domestic Workers Convention", short_name="ILO C189", year=2011
    )
    sign_in(page, contributor.email)
    page.goto(f"/assessments/{assessment.pk}/legal-status/")
    fields = [
        f"#id_treaty-{treaty.pk}-{name}"
        for treaty in (first, second)
        for name in ("status", "year", "note")
    ]
    tab_through(page, [*fields, "form[data-unsaved-warning] button[type=submit]"])

    page.locator(fields[0]).focus()
    page.keyboard.press("ArrowDown")  # from "Not recorded" to the first status
    page.keyboard.press("Tab")
    page.keyboard.type("2009")
    page.keyboard.press("Enter")  # Enter in a field sends the form
    expect(page.get_by_text("The legal-status profile was saved.")).to_be_visible()
    row = LegalStatus.objects.get()
    assert (row.instrument, row.year) == (first, 2009)
