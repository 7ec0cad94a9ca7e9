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


def test_translations_the_fixture_adds_are_filled_in_even_in_a_locked_edition(tmp_path):
    """A database loaded before the Indonesian texts arrived gets them on the next plain load,
    without the warning meant for changed questions; an administrator's own text stays."""
    from roadmap.fixture_diff import translation_updates
    from roadmap.models import TranslationChange

    items = fixture_items(fixture_files())
    call_command("load_framework", verbosity=0)
    edition = Edition.objects.get(code=items[0]["fields"]["code"])
    AssessmentFactory(edition=edition)
    assert edition.is_locked()
    first, second = Indicator.objects.filter(edition=edition).order_by("code")[:2]
    Indicator.objects.filter(pk=first.pk).update(question_ind=None)
    Indicator.objects.filter(pk=second.pk).update(question_ind="Teks dari administrator.")
    entry = next(
        i["fields"]
        for i in items
        if i["model"] == "roadmap.indicator" and i["fields"]["code"] == first.code
    )
    entry["question_ind"] = entry.get("question_ind") or "Apakah rencana nasional ...?"
    updates = translation_updates(items, [edition.code])
    assert any(u.pk == first.pk and "question_ind" in u.texts for u in updates)
    assert not any(u.pk == second.pk and "question_ind" in u.texts for u in updates)
    assert fixture_differences(items, [edition.code]) == {}  # translations are no difference
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "roadmap.management.commands.load_framework.fixture_items", lambda files: items
        )
        call_command("load_framework", verbosity=0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.question_ind == entry["question_ind"]
    assert second.question_ind == "Teks dari administrator."
    assert TranslationChange.objects.of(first).filter(source="fixture", language="id").exists()
