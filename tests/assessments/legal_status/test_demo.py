"""Demoland's legal-status profile tells a plausible story across its three assessments."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from assessments.legal_status.demo import demo_status
from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_a_treaty_ratified_later_is_pending_in_earlier_years():
    assert demo_status("ilo-p029", 2024) == (
        "not_party",
        None,
        "Before parliament; ratification expected in 2025.",
    )
    assert demo_status("ilo-p029", 2025) == ("party", 2025, "")
    assert demo_status("not-a-treaty", 2025) is None


@override_settings(DEBUG=True)
def test_every_demo_assessment_has_a_profile(framework_module):
    call_command("load_demo", verbosity=0)
    demo = Assessment.objects.filter(member_state__code="XDL").order_by("reporting_year")
    for assessment in demo:
        statuses = dict(assessment.legal_statuses.values_list("instrument__code", "status"))
        assert statuses["tip-protocol"] == "party"
        assert statuses["ilo-p029"] == (
            "not_party" if assessment.reporting_year < 2025 else "party"
        )
