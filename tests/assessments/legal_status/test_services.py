"""Saving and carrying forward the legal-status profile."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.legal_status.models import EMPTY_STATUS, LegalStatus, status_fingerprint
from assessments.legal_status.services import StatusSubmission, legal_status_save, treaties
from assessments.models import Assessment
from tests.assessments.test_services import answer_all, create

pytestmark = pytest.mark.django_db


def submission(treaty, **values) -> StatusSubmission:
    return StatusSubmission(treaty, EMPTY_STATUS | values, status_fingerprint(EMPTY_STATUS))


def test_only_treaties_are_listed(treaty, convention, declaration):
    assert {treaty, convention} <= set(treaties())
    assert declaration not in treaties()


def test_a_submitted_assessment_refuses_a_save(assessment, focal, treaty):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="read-only"):
        legal_status_save(
            assessment=assessment, by=focal, submissions=[submission(treaty, status="party")]
        )
    assert not LegalStatus.objects.exists()


def test_the_profile_is_carried_forward_and_the_old_one_stays(edition, state, focal, treaty):
    first = create(state, focal)
    legal_status_save(
        assessment=first,
        by=focal,
        submissions=[submission(treaty, status="signed", year=2001, note="Bill drafted")],
    )
    answer_all(first, focal)
    services.assessment_submit(assessment=first, by=focal)
    second = create(state, focal, carry_forward=True, reporting_year=2027)
    carried = second.legal_statuses.get()
    assert (carried.instrument, carried.status, carried.year, carried.note) == (
        treaty,
        "signed",
        2001,
        "Bill drafted",
    )
    # The new assessment's profile moves on; the submitted one keeps what it recorded.
    LegalStatus.objects.filter(pk=carried.pk).update(status="party", year=2027)
    assert first.legal_statuses.get().status == "signed"


def test_a_new_assessment_without_carry_forward_starts_with_no_profile(edition, state, focal):
    assert not create(state, focal).legal_statuses.exists()
