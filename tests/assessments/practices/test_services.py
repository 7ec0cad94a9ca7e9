"""Proposing, creating, updating, publishing and rejecting library entries."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from assessments.models import EntryStatus, PracticeEntry, Role
from assessments.practices import services
from assessments.practices.services import EntryData
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(edition, state) -> EntryData:
    return EntryData(
        member_state=state,
        kind="legislation",
        title="Anti-Trafficking Act",
        year=2017,
        summary="Defines trafficking in persons and sets penalties.",
        pillar="prosecution",
        category="POL",
        source_url="https://example.org/act",
        indicator_codes=("POL.T.1",),
    )


def test_a_focal_point_proposes_for_their_own_state_only(data, focal, other_state):
    entry = services.entry_propose(data=data, by=focal)
    assert entry.status == EntryStatus.PROPOSED
    assert list(entry.indicators.values_list("indicator_code", flat=True)) == ["POL.T.1"]
    with pytest.raises(ValidationError, match="your own member state"):
        services.entry_propose(data=replace(data, member_state=other_state), by=focal)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": "data:text/html,hi"}, "source_url"),
        ({"year": 2999}, "year"),
        ({"indicator_codes": ("NOPE.1",)}, "indicator_codes"),
    ],
)
def test_unsafe_links_future_years_and_unknown_codes_are_refused(data, focal, change, field):
    with pytest.raises(ValidationError) as refused:
        services.entry_propose(data=replace(data, **change), by=focal)
    assert field in refused.value.message_dict
    assert not PracticeEntry.objects.exists()


def test_a_duplicate_entry_is_refused_with_a_message(data, focal):
    services.entry_propose(data=data, by=focal)
    with pytest.raises(ValidationError, match="already has this entry"):
        services.entry_propose(data=data, by=focal)


def test_publishing_and_rejecting(data, focal):
    rso = UserFactory(role=Role.RSO)
    entry = services.entry_propose(data=data, by=focal)
    with pytest.raises(ValidationError, match="Say why"):
        services.entry_reject(entry=entry, by=rso, reason="  ")
    rejected = services.entry_reject(entry=entry, by=rso, reason="Please add the source.")
    assert rejected.status == EntryStatus.REJECTED
    assert rejected.rejection_reason == "Please add the source."
    published = services.entry_publish(entry=entry, by=rso)
    assert published.is_published
    assert published.reviewed_by == rso
    assert PracticeEntry.objects.published().count() == 1


def test_an_update_from_a_stale_form_is_refused(data, focal):
    entry = services.entry_propose(data=data, by=focal)
    services.entry_update(entry=entry, data=replace(data, title="Act of 2017"), version=1)
    with pytest.raises(ValidationError, match="changed this entry"):
        services.entry_update(entry=entry, data=replace(data, title="Other"), version=1)
    assert PracticeEntry.objects.get().title == "Act of 2017"


def test_the_library_version_moves_with_each_change(data, focal):
    first = services.entry_propose(data=data, by=focal)
    one = services.library_version()
    second = services.entry_propose(data=replace(data, title="Second act"), by=focal)
    two = services.library_version()
    assert one != two
    second.delete()
    # Back to the entries of `one`: the same version, whose cached index is right again.
    assert services.library_version() == one
    services.entry_publish(entry=first, by=UserFactory(role=Role.RSO))
    assert services.library_version() not in {one, two}
