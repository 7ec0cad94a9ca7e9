"""An edition's structure is read once, cached, and read again when the edition changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from roadmap.edition_structure import cache_key, clear_memo, edition_structure
from roadmap.models import Edition, Indicator, ScaleLevel
from roadmap.publishing import edition_clone, edition_publish
from tests.factories import complete_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return fresh(complete_edition(code="2026", status=Edition.Status.PUBLISHED))


def fresh(edition: Edition) -> Edition:
    """The edition as a request reads it (its status and content version from the database)."""
    return Edition.objects.get(pk=edition.pk)


def test_the_structure_holds_the_framework_in_order(published):
    structure = edition_structure(published)
    assert [c.code for c in structure.categories] == ["PLAN", "PRIN", "POL", "PRAC"]
    assert [i.code for i in structure.indicators] == ["PLAN.A.1", "PRIN.A.1", "POL.A.1", "PRAC.A.1"]
    assert [s.code for s in structure.sections] == ["PLAN.A", "PRIN.A", "POL.A", "PRAC.A"]
    assert {(value, label) for _s, value, label, _k in structure.scale_levels} >= {
        (3, "Established")
    }


def test_a_published_edition_is_read_once_then_costs_no_query(published, django_assert_num_queries):
    with django_assert_num_queries(6):
        edition_structure(published)
    with django_assert_num_queries(0):  # this process's memo
        structure = edition_structure(published)
        [ref.citation for i in structure.indicators for ref in i.legal_references.all()]
        [(i.section.category.code, i.scale.max_value) for i in structure.indicators]


def test_another_worker_reads_it_from_the_cache_with_everything_loaded(
    published, django_assert_num_queries
):
    edition_structure(published)
    clear_memo()  # as in another process: only Django's cache holds it
    with django_assert_num_queries(0):
        structure = edition_structure(published)
        citations = [ref.citation for i in structure.indicators for ref in i.legal_references.all()]
        [(i.section.category.code, i.scale.max_value) for i in structure.indicators]
    assert citations == ["Trafficking Protocol, Art. 3"] * 4


def test_an_edit_of_the_content_gives_a_new_structure(published):
    assert edition_structure(published).indicators[0].question != "Edited?"
    indicator = Indicator.objects.get(edition=published, code="PLAN.A.1")
    indicator.question = "Edited?"
    indicator.save()  # an administrator's edit, before any assessment uses the edition
    assert edition_structure(fresh(published)).indicators[0].question == "Edited?"


def test_a_renamed_level_gives_a_new_structure(published):
    edition_structure(published)
    level = ScaleLevel.objects.get(scale__edition=published, scale__code="maturity", value=3)
    level.label = "Solid"
    level.save()
    labels = {label for _s, _v, label, _k in edition_structure(fresh(published)).scale_levels}
    assert "Solid" in labels


def test_a_draft_is_read_afresh_every_time(django_assert_num_queries):
    draft = complete_edition(code="next")
    edition_structure(draft)
    Indicator.objects.filter(edition=draft, code="POL.A.1").update(question="Changed?")
    with django_assert_num_queries(6):
        structure = edition_structure(draft)
    assert "Changed?" in [i.question for i in structure.indicators]
    assert cache.get(cache_key(draft)) is None


def test_publishing_drops_the_retired_editions_structure(
    published, django_capture_on_commit_callbacks
):
    edition_structure(published)
    key = cache_key(published)
    assert cache.get(key) is not None
    draft = edition_clone(source=published, code="2027", name="RSR framework, 2027 edition")
    with django_capture_on_commit_callbacks(execute=True):
        edition_publish(edition=draft)
    assert cache.get(key) is None
    retired = fresh(published)
    assert retired.status == Edition.Status.RETIRED
    assert cache_key(retired) != key  # its new status: a new key as well


def test_each_language_reads_its_own_level_labels():
    from django.utils import translation

    edition = complete_edition(code="lang", status=Edition.Status.PUBLISHED)
    ScaleLevel.objects.filter(scale__edition=edition, value=0).update(label_ind="Belum ada")
    with translation.override("en"):
        english = {
            label for _s, value, label, _k in edition_structure(edition).scale_levels if value == 0
        }
    with translation.override("id"):
        indonesian = {
            label for _s, value, label, _k in edition_structure(edition).scale_levels if value == 0
        }
    assert "Belum ada" in indonesian
    assert "Belum ada" not in english
