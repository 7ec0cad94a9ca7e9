"""The demo assessments carry dates of their own year, never later than the moment of loading."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments.demo import FOCAL
from assessments.demo_dates import demo_calendar
from assessments.models import Answer, Assessment, AssessmentEvent, User


def test_a_submitted_year_is_started_in_september_and_submitted_in_november():
    calendar = demo_calendar(2024, submitted=True, now=datetime(2026, 12, 1, tzinfo=UTC))
    assert calendar.created == datetime(2024, 9, 1, 8, tzinfo=UTC)
    assert calendar.submitted == datetime(2024, 11, 18, 10, tzinfo=UTC)
    assert calendar.created < calendar.answered_from < calendar.answered_until < calendar.submitted


@pytest.mark.parametrize(
    "now", [datetime(2026, 2, 10, tzinfo=UTC), datetime(2026, 9, 20, tzinfo=UTC)]
)
def test_a_draft_is_never_dated_after_now_even_early_in_its_year(now):
    calendar = demo_calendar(2026, submitted=False, now=now)
    assert calendar.submitted is None
    assert calendar.created < calendar.answered_from <= calendar.answered_until < now
    saves = [calendar.section_saved(i, 40, f"S.{i}") for i in range(40)]
    assert all(calendar.answered_from <= at <= calendar.answered_until for at in saves)


def test_sections_are_saved_on_working_days_in_office_hours_in_order():
    calendar = demo_calendar(2025, submitted=True, now=datetime(2026, 12, 1, tzinfo=UTC))
    saves = [calendar.section_saved(i, 46, f"POL.{i}") for i in range(46)]
    assert all(at.weekday() < 5 and 8 <= at.hour < 16 for at in saves)
    assert [at.date() for at in saves] == sorted(at.date() for at in saves)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_assessments_history_and_pages_show_dates_of_their_own_year(framework_module, client):
    call_command("load_demo", verbosity=0)
    now = timezone.now()
    demo = Assessment.objects.filter(member_state__code="XDL")
    for assessment in demo:
        year = assessment.reporting_year
        answers = Answer.objects.filter(assessment=assessment)
        history = Answer.history.filter(assessment=assessment)
        events = AssessmentEvent.objects.filter(assessment=assessment)
        end = assessment.submitted_at or now
        dates = [
            *answers.values_list("updated_at", flat=True),
            *history.values_list("history_date", flat=True),
            *events.values_list("at", flat=True),
        ]
        assert all(assessment.created_at <= at <= end for at in dates), year
        if not assessment.is_draft:
            assert (assessment.created_at.year, assessment.submitted_at.year) == (year, year)
            assert assessment.submitted_at.month == 11
            assert {at.year for at in dates} == {year}

    submitted_2024 = demo.get(reporting_year=2024)
    client.force_login(User.objects.get(email=FOCAL.email))
    overview = client.get(reverse("assessment-overview", args=[submitted_2024.pk]))
    page = overview.content.decode()
    assert "Submitted 18 Nov 2024" in page
    assert f"on {now:%-d %b %Y}" not in page  # no event or change dated today
    listing = client.get(reverse("assessment-list")).content.decode()
    assert "1 Sep 2024" in listing
    assert "1 Sep 2025" in listing
