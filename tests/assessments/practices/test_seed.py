"""The seed entries of the practices library (fixtures/practices.yaml) and their loading."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from assessments.models import EntryStatus, MemberState, PracticeEntry
from assessments.practices import seed
from assessments.practices.models import SUMMARY_MAX_LENGTH, EntryKind
from assessments.practices.services import check_entry, entry_update
from roadmap.models import Category, Edition, Pillar

pytestmark = pytest.mark.django_db

ITEMS = seed.seed_items()
MEMBER_STATES = {
    item["fields"]["code"]: item["fields"]
    for item in yaml.safe_load(
        (Path(settings.BASE_DIR) / "fixtures" / "member_states.yaml").read_text(encoding="utf-8")
    )
}


def key(item: dict) -> tuple:
    return (item["member_state"], item["kind"], item["title"], item["year"])


@pytest.mark.parametrize("item", ITEMS, ids=[f"{i['member_state']}-{i['year']}" for i in ITEMS])
def test_every_seed_entry_passes_the_checks_of_the_entry_form(framework_module, item):
    state = MemberState(code=item["member_state"], name=item["member_state"])
    data = seed.entry_data(item, state)
    assert check_entry(data) == {}  # known indicator codes, no future year, a safe link
    assert data.kind in EntryKind.values
    assert data.pillar in Pillar.values
    assert data.category in Category.Code.values
    assert 1 <= len(data.indicator_codes) <= 3
    assert len(set(data.indicator_codes)) == len(data.indicator_codes)
    assert 1900 <= data.year <= timezone.localdate().year
    assert 0 < len(data.title) <= PracticeEntry._meta.get_field("title").max_length
    assert 50 < len(data.summary) <= SUMMARY_MAX_LENGTH
    assert data.source_url == "" or data.source_url.startswith("https://")


def test_seed_entries_are_for_real_member_states_without_duplicates():
    for item in ITEMS:
        assert item["member_state"] in MEMBER_STATES
        assert not MEMBER_STATES[item["member_state"]]["is_demo"]
    assert [k for k, n in Counter(map(key, ITEMS)).items() if n > 1] == []


def test_the_seed_covers_the_four_types_the_pacific_and_south_east_asia():
    assert {item["kind"] for item in ITEMS} == set(EntryKind.values)
    by_region = {}
    for item in ITEMS:
        region = MEMBER_STATES[item["member_state"]]["subregion"]
        by_region.setdefault(region, set()).add(item["member_state"])
    assert len(by_region["pacific"] - {"AUS"}) >= 2  # small island states, not only Australia
    assert len(by_region["south_east_asia"]) >= 3


@pytest.fixture
def states(db):
    call_command("load_member_states", verbosity=0)


def seeded() -> dict[tuple, PracticeEntry]:
    return {
        (e.member_state.code, e.kind, e.title, e.year): e
        for e in PracticeEntry.objects.select_related("member_state").prefetch_related("indicators")
    }


def test_load_practices_adds_the_entries_as_proposed_for_the_rso(framework_module, states):
    call_command("load_practices", verbosity=0)
    entries = seeded()
    assert set(entries) == set(map(key, ITEMS))
    for item in ITEMS:
        entry = entries[key(item)]
        assert entry.status == EntryStatus.PROPOSED
        assert entry.proposed_by is None
        assert entry.reviewed_by is None
        assert entry.summary == " ".join(item["summary"].split())
        assert sorted(i.indicator_code for i in entry.indicators.all()) == sorted(
            item["indicators"]
        )
    assert not PracticeEntry.objects.published().exists()


def test_publish_publishes_them(framework_module, states, capsys):
    call_command("load_practices", "--publish")
    assert PracticeEntry.objects.published().count() == len(ITEMS)
    assert f"{len(ITEMS)} seed entries added (published)" in capsys.readouterr().out


def test_running_again_changes_nothing_and_keeps_the_rso_edits(framework_module, states, capsys):
    call_command("load_practices", verbosity=0)
    first = seeded()
    entry = next(iter(first.values()))
    data = seed.entry_data(next(i for i in ITEMS if key(i) == key_of(entry)), entry.member_state)
    entry_update(entry=entry, data=replace(data, summary="Corrected by the RSO."), version=1)
    other = list(first.values())[1]
    other.status = EntryStatus.PUBLISHED
    other.save()
    before = {k: (e.version, e.updated_at, e.status) for k, e in seeded().items()}

    call_command("load_practices", "--publish")

    assert f"0 seed entries added (published), {len(ITEMS)} already present" in (
        capsys.readouterr().out
    )
    after = seeded()
    assert {k: (e.version, e.updated_at, e.status) for k, e in after.items()} == before
    assert after[key_of(entry)].summary == "Corrected by the RSO."
    # --publish publishes only what it adds: the RSO's queue is left as it is.
    assert after[key_of(list(first.values())[2])].status == EntryStatus.PROPOSED


def test_an_entry_whose_title_the_rso_recased_is_still_present(framework_module, states, capsys):
    call_command("load_practices", verbosity=0)
    entry = next(iter(seeded().values()))
    PracticeEntry.objects.filter(pk=entry.pk).update(title=entry.title.upper())
    call_command("load_practices")
    assert f"0 seed entries added (proposed, for RSO staff to verify), {len(ITEMS)} already" in (
        capsys.readouterr().out
    )
    assert PracticeEntry.objects.count() == len(ITEMS)


def key_of(entry: PracticeEntry) -> tuple:
    return (entry.member_state.code, entry.kind, entry.title, entry.year)


def test_missing_member_states_or_framework_are_named_and_nothing_is_added(framework_module):
    with pytest.raises(CommandError, match="load_member_states"):
        call_command("load_practices", verbosity=0)
    call_command("load_member_states", verbosity=0)
    Edition.objects.update(status=Edition.Status.DRAFT)
    with pytest.raises(CommandError, match="Load the framework first"):
        call_command("load_practices", verbosity=0)
    assert not PracticeEntry.objects.exists()


def test_a_bad_seed_entry_is_named_and_nothing_is_added(framework_module, states, tmp_path):
    bad = [dict(ITEMS[0]), dict(ITEMS[1], indicators=["NOPE.1"])]
    path = tmp_path / "practices.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(ValidationError, match=rf"{ITEMS[1]['title']}.*NOPE\.1"):
        seed.load_seed(path=path)
    assert not PracticeEntry.objects.exists()


@override_settings(DEBUG=True)
def test_the_demo_publishes_the_seed_and_gives_demoland_a_proposal_and_a_rejection(
    framework_module,
):
    call_command("load_demo", verbosity=0)
    published = PracticeEntry.objects.published()
    assert published.count() == len(ITEMS)
    assert not published.filter(member_state__is_demo=True).exists()
    demoland = PracticeEntry.objects.filter(member_state__code="XDL")
    proposed = demoland.get(status=EntryStatus.PROPOSED)
    assert proposed.proposed_by.email == "focal@demo.example"
    rejected = demoland.get(status=EntryStatus.REJECTED)
    assert rejected.rejection_reason == seed.DEMO_REJECTION_REASON
    assert rejected.reviewed_by.email == "rso@demo.example"

    # The RSO publishes Demoland's proposal; the next `make run` leaves it so and adds nothing.
    PracticeEntry.objects.filter(pk=proposed.pk).update(status=EntryStatus.PUBLISHED)
    call_command("load_demo", verbosity=0)
    assert PracticeEntry.objects.count() == len(ITEMS) + 2
    assert PracticeEntry.objects.get(pk=proposed.pk).is_published
