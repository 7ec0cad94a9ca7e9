"""Data migrations: rows written before a migration get sensible values."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from assessments.models import Answer, AssessmentEvent
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

snapshots = importlib.import_module("assessments.migrations.0007_invitations_and_name_snapshots")


def test_existing_answers_history_and_events_get_the_names_of_today(assessment):
    indicator = assessment.edition.indicator_set.get(code="POL.T.1")
    person = MemberFactory(full_name="Pat Person", email="pat@example.org")
    nameless = MemberFactory(full_name="", email="noname@example.org")
    answer = Answer(assessment=assessment, indicator=indicator, level=1, updated_by=person)
    answer._history_user = person
    answer.save()
    event = AssessmentEvent.objects.create(assessment=assessment, kind="created", by=nameless)
    # As before the migration: no snapshot yet.
    Answer.objects.update(updated_by_name="")
    Answer.history.update(updated_by_name="")
    AssessmentEvent.objects.update(by_name="")

    snapshots.fill_name_snapshots(apps, None)

    assert Answer.objects.get(pk=answer.pk).updated_by_name == "Pat Person"
    assert answer.history.get().updated_by_name == "Pat Person"
    assert AssessmentEvent.objects.get(pk=event.pk).by_name == "noname@example.org"
