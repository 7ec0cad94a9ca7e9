"""The shipped framework fixture loads, loads idempotently, and never overwrites admin edits."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from roadmap.management.commands.load_framework import fixture_files
from roadmap.models import Edition, Indicator, Instrument, LegalReference
from tests.factories import AssessmentFactory
from tests.roadmap.test_natural_keys import snapshot

pytestmark = pytest.mark.django_db


def load(**options) -> None:
    call_command("load_framework", verbosity=0, **options)


@pytest.fixture(autouse=True)
def loaded(framework_module) -> None:
    """Each test starts with the fixture loaded once (shared by the module, see conftest)."""


def test_fixture_loads_a_published_edition_with_four_categories():
    edition = Edition.objects.current()
    assert edition is not None
    assert list(edition.category_set.values_list("code", flat=True)) == [
        "PLAN",
        "PRIN",
        "POL",
        "PRAC",
    ]
    assert Indicator.objects.filter(edition=edition).exists()


def test_loading_the_fixture_twice_changes_nothing():
    first = snapshot()
    call_command("loaddata", *map(str, fixture_files()), verbosity=0)
    assert snapshot() == first


def test_load_framework_leaves_an_edited_edition_alone():
    indicator = Indicator.objects.first()
    indicator.question = "Edited by an administrator?"
    indicator.save()
    load()
    indicator.refresh_from_db()
    assert indicator.question == "Edited by an administrator?"


def test_load_framework_update_restores_the_fixture_text():
    indicator = Indicator.objects.first()
    original = indicator.question
    Indicator.objects.filter(pk=indicator.pk).update(question="Edited?")
    load(update=True)
    indicator.refresh_from_db()
    assert indicator.question == original


def test_load_framework_refuses_to_update_an_edition_in_use():
    AssessmentFactory(edition=Edition.objects.current())
    with pytest.raises(CommandError, match="used by assessments"):
        load(update=True)


def test_load_framework_leaves_an_edition_in_use_alone_and_succeeds():
    AssessmentFactory(edition=Edition.objects.current())
    first = snapshot()
    out = io.StringIO()
    call_command("load_framework", stdout=out)
    assert "already loaded; left as it is" in out.getvalue()
    assert snapshot() == first


@override_settings(DEBUG=True)
def test_make_run_set_up_runs_twice_on_a_database_with_assessments():
    """`make run` runs these on every start; the demo data creates assessments at once."""
    for _ in range(2):
        call_command("load_framework", verbosity=0)
        call_command("load_member_states", verbosity=0)
        call_command("load_demo", verbosity=0)
    assert Edition.objects.current().is_locked()


def test_sections_and_indicators_carry_the_edition_of_their_parents():
    for indicator in Indicator.objects.select_related("section__category"):
        assert indicator.edition_id == indicator.section.edition_id
        assert indicator.section.edition_id == indicator.section.category.edition_id
        assert indicator.code.startswith(indicator.section.code + ".")


def test_every_reference_points_to_an_instrument_in_the_fixture():
    cited = set(LegalReference.objects.values_list("instrument__code", flat=True))
    assert cited
    assert cited <= set(Instrument.objects.values_list("code", flat=True))


def test_reloading_the_fixture_renews_the_search_version_of_every_edition():
    # Instruments and resources are shared, so an edition outside the fixture searches them too.
    other = Edition.objects.create(code="2030", name="Next edition")
    before = {e.pk: e.content_version for e in Edition.objects.all()}
    load(update=True)
    after = {e.pk: e.content_version for e in Edition.objects.all()}
    assert all(after[pk] != version for pk, version in before.items())
    assert other.pk in after
