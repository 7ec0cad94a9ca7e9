"""A database whose framework differs from the fixture is reported, never left silently."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from roadmap.fixture_diff import Difference, describe, fixture_differences
from roadmap.management.commands.load_framework import fixture_files, fixture_items
from roadmap.models import Edition, Indicator, Instrument
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loaded(framework_module) -> None:
    """The fixture loaded once for the module (see conftest); each test is rolled back."""


def differences():
    return fixture_differences(fixture_items(fixture_files()), ["2026"])


def run() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_framework", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_freshly_loaded_framework_matches_its_fixture():
    assert differences() == {}
    assert run()[1] == ""


def test_a_changed_question_in_an_edition_in_use_is_reported_with_what_to_do():
    AssessmentFactory(edition=Edition.objects.current())
    Indicator.objects.filter(code="POL.PROS.3.1").update(question="The old wording?")
    out, err = run()
    assert "already loaded; left as it is" in out
    assert "differs from edition 2026" in err
    assert "1 indicators changed" in err
    assert "make reset-db" in err
    assert "clone the published edition" in err
    assert Indicator.objects.get(code="POL.PROS.3.1").question == "The old wording?"


def test_a_changed_threshold_is_a_difference():
    Indicator.objects.filter(code="POL.PROS.3.1").update(critical_threshold=0)
    assert differences() == {"roadmap.indicator": Difference(changed=1)}


def test_an_indicator_no_longer_in_the_fixture_is_reported():
    indicator = Indicator.objects.get(code="POL.PROS.3.1")
    clone = Indicator.objects.get(pk=indicator.pk)
    clone.pk, clone.code, clone.position = None, "POL.PROS.3.9", 9
    clone.save()
    assert describe(differences()) == ("1 indicators in the database but no longer in the fixture")


def test_an_indicator_missing_from_the_database_is_new():
    Indicator.objects.filter(code="PRIN.INT.2").delete()
    assert describe(differences()).startswith("1 indicators new")


def test_an_edition_not_in_use_is_reported_with_the_update_command():
    Indicator.objects.filter(code="POL.PROS.3.1").update(question="Edited in the admin?")
    _out, err = run()
    assert "load_framework --update" in err
    assert "clone" not in err


def test_an_instrument_an_administrator_added_is_not_a_difference():
    Instrument.objects.create(code="local-mou", name="A bilateral MOU", kind="treaty", year=2024)
    assert differences() == {}
