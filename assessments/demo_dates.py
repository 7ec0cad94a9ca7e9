"""Dates for the demo assessments: each one worked on, and submitted, in its own reporting year.

Without this every demo record carries the moment `make run` first ran, so the 2024 assessment
would read "Submitted 1 Dec 2026". A demo assessment is started in September of its year, its
sections are answered over the autumn (one save per section, on working days, in office hours)
and it is submitted in November. No date is ever later than the moment the demo is loaded: on
a clock early in a year, the current draft is dated back from today instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction

from assessments.models import Answer, Assessment, AssessmentEvent
from roadmap.models import Section

STARTED = (9, 1)  # month, day: the team starts in September
ANSWERED_BY = (11, 6)  # the last section is answered by early November
SUBMITTED = (11, 18)  # and the focal point submits later that month
DRAFT_AGE = timedelta(days=60)  # the least time a draft has been worked on, on an early clock


@dataclass(frozen=True)
class DemoCalendar:
    """When a demo assessment was started, answered and (if it was) submitted."""

    created: datetime
    answered_from: datetime
    answered_until: datetime
    submitted: datetime | None

    def section_saved(self, index: int, count: int, code: str) -> datetime:
        """When the index-th of `count` sections was saved: spread evenly, on a working day."""
        span = (self.answered_until - self.answered_from).days
        day = self.answered_from + timedelta(days=round(span * index / max(count - 1, 1)))
        while day.weekday() >= 5:  # Saturday or Sunday: the Friday before
            day -= timedelta(days=1)
        digest = hashlib.sha256(code.encode()).digest()
        at = day.replace(hour=8 + digest[0] % 8, minute=digest[1] % 60)
        return min(max(at, self.answered_from), self.answered_until)


def _at(year: int, month_day: tuple[int, int], hour: int) -> datetime:
    return datetime(year, *month_day, hour, 0, tzinfo=UTC)


def demo_calendar(year: int, *, submitted: bool, now: datetime) -> DemoCalendar:
    """Return plausible dates in the given year, none of them after `now`."""
    latest = now - timedelta(hours=1)
    created = min(_at(year, STARTED, 8), now - DRAFT_AGE)
    answered_from = created + timedelta(days=7)
    answered_until = max(min(_at(year, ANSWERED_BY, 16), latest), answered_from)
    submitted_at = max(min(_at(year, SUBMITTED, 10), latest), answered_until)
    return DemoCalendar(created, answered_from, answered_until, submitted_at if submitted else None)


@transaction.atomic
def backdate(assessment: Assessment, calendar: DemoCalendar) -> None:
    """Give a demo assessment, its events, answers and their history the calendar's dates."""
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=calendar.created, submitted_at=calendar.submitted
    )
    events = AssessmentEvent.objects.filter(assessment=assessment)
    events.filter(kind=AssessmentEvent.Kind.CREATED).update(at=calendar.created)
    if calendar.submitted is not None:
        events.filter(kind=AssessmentEvent.Kind.SUBMITTED).update(at=calendar.submitted)
    answered = Answer.objects.filter(assessment=assessment).values("indicator__section")
    sections = list(
        Section.objects.filter(pk__in=answered).order_by("category__position", "position")
    )
    for index, section in enumerate(sections):
        at = calendar.section_saved(index, len(sections), section.code)
        answers = {"assessment": assessment, "indicator__section": section}
        Answer.objects.filter(**answers).update(updated_at=at)
        Answer.history.filter(**answers).update(history_date=at)
    assessment.refresh_from_db()
