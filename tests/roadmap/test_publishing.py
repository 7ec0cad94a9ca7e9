"""Editions: clone the published one into a draft, edit the draft, publish it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    IndicatorLevel,
    LegalReference,
    ScaleLevel,
    Section,
)
from roadmap.publishing import edition_clone, edition_problems, edition_publish
from tests.factories import AssessmentFactory, EditionFactory, ResourceFactory, complete_edition

pytestmark = pytest.mark.django_db


def content_counts(edition: Edition) -> dict[str, int]:
    return {
        "categories": Category.objects.filter(edition=edition).count(),
        "sections": Section.objects.filter(edition=edition).count(),
        "indicators": Indicator.objects.filter(edition=edition).count(),
        "levels": ScaleLevel.objects.filter(scale__edition=edition).count(),
        "indicator_levels": IndicatorLevel.objects.filter(indicator__edition=edition).count(),
        "references": LegalReference.objects.filter(indicator__edition=edition).count(),
        "challenges": Challenge.objects.filter(edition=edition).count(),
        "resource_links": Indicator.resources.through.objects.filter(
            indicator__edition=edition
        ).count(),
    }


@pytest.fixture
def published():
    edition = complete_edition(code="2026", status=Edition.Status.PUBLISHED)
    indicator = Indicator.objects.filter(edition=edition).first()
    indicator.resources.add(ResourceFactory())
    IndicatorLevel.objects.create(indicator=indicator, value=2, descriptor="Partly in place.")
    return edition


def test_clone_copies_all_content_into_a_new_draft(published):
    draft = edition_clone(source=published)
    assert draft.status == Edition.Status.DRAFT
    assert draft.based_on == published
    assert draft.code == "2026-draft"
    assert content_counts(draft) == content_counts(published)
    assert set(Indicator.objects.filter(edition=draft).values_list("code", flat=True)) == set(
        Indicator.objects.filter(edition=published).values_list("code", flat=True)
    )


def test_cloned_rows_point_inside_the_draft(published):
    draft = edition_clone(source=published)
    for indicator in Indicator.objects.filter(edition=draft).select_related(
        "section__category", "scale"
    ):
        assert indicator.section.edition == draft
        assert indicator.section.category.edition == draft
        assert indicator.scale.edition == draft


def test_editing_the_draft_leaves_the_published_edition_unchanged(published):
    draft = edition_clone(source=published)
    Indicator.objects.filter(edition=draft).update(question="Reworded?")
    assert not Indicator.objects.filter(edition=published, question="Reworded?").exists()


def test_cloning_twice_gives_distinct_codes(published):
    assert edition_clone(source=published).code != edition_clone(source=published).code


def renamed_clone(source: Edition) -> Edition:
    return edition_clone(source=source, code="2027", name="RSR framework, 2027 edition")


def test_clone_takes_the_name_and_code_given():
    source = complete_edition(code="2026", status=Edition.Status.PUBLISHED)
    draft = renamed_clone(source)
    assert (draft.code, draft.name, draft.status) == (
        "2027",
        "RSR framework, 2027 edition",
        "draft",
    )


def test_publishing_a_draft_retires_the_previous_edition(published):
    draft = renamed_clone(published)
    edition_publish(edition=draft)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED
    assert draft.published_at is not None
    assert published.status == Edition.Status.RETIRED
    assert Edition.objects.current() == draft


def test_assessments_keep_their_edition_when_a_new_one_is_published(published):
    assessment = AssessmentFactory(edition=published)
    edition_publish(edition=renamed_clone(published))
    assessment.refresh_from_db()
    assert assessment.edition == published
    assert Indicator.objects.filter(edition=published).count() == 4


def test_an_incomplete_draft_cannot_be_published():
    draft = EditionFactory()
    with pytest.raises(ValidationError) as error:
        edition_publish(edition=draft)
    assert "all four categories" in str(error.value)


def test_a_clone_keeps_its_draft_name_and_cannot_be_published_until_renamed(published):
    draft = edition_clone(source=published)
    with pytest.raises(ValidationError) as error:
        edition_publish(edition=draft)
    assert "Rename the edition" in str(error.value)
    assert "(draft copy)" in str(error.value)
    assert "2026-draft" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    assert Edition.objects.current() == published

    Edition.objects.filter(pk=draft.pk).update(code="2027", name="RSR framework, 2027 edition")
    edition_publish(edition=draft)
    assert Edition.objects.current() == draft


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("RSR framework 2026 (draft copy)", "2027"),
        ("RSR framework, 2027 edition", "2026-draft"),
        ("DRAFT RSR framework", "2027"),
        ("Copy of the 2026 edition", "2027"),
        ("RSR framework, 2027 edition", "2027draft"),
        ("RSR framework, 2027 edition", "2027_copy"),
    ],
)
def test_a_name_or_code_saying_draft_or_copy_is_a_problem(name, code):
    edition = complete_edition(name=name, code=code)
    problems = edition_problems(edition)
    assert len(problems) == 1
    assert "Rename the edition" in problems[0]


@pytest.mark.parametrize(
    "name",
    ["RSR framework, 2027 edition", "Copyright-cleared 2027 edition", "Drafted with partners"],
)
def test_draft_or_copy_inside_another_word_is_no_problem(name):
    assert edition_problems(complete_edition(name=name, code="2027")) == []


def test_only_a_draft_can_be_published(published):
    with pytest.raises(ValidationError, match="Only a draft"):
        edition_publish(edition=published)


def test_published_edition_is_locked_only_once_an_assessment_uses_it(published):
    assert not published.is_locked()
    AssessmentFactory(edition=published)
    assert published.is_locked()


def test_a_draft_is_never_locked():
    draft = complete_edition()
    assert not draft.is_locked()


def test_deleting_a_draft_edition_removes_its_content():
    draft = complete_edition()
    draft.delete()
    assert not Indicator.objects.filter(edition_id=draft.pk).exists()
    assert not Section.objects.filter(edition_id=draft.pk).exists()


def test_a_clone_is_named_a_copy_in_each_language_and_publishing_checks_every_name():
    from django.utils import translation

    from roadmap.publishing import draft_word_problems

    source = complete_edition(code="src", status=Edition.Status.PUBLISHED)
    Edition.objects.filter(pk=source.pk).update(name_ind="Kerangka RSR, edisi 2026")
    source.refresh_from_db()
    with translation.override("id"):  # an administrator reading the admin in Indonesian
        draft = edition_clone(source=source)
    draft.refresh_from_db()
    assert draft.name_en == f"{source.name_en} (draft copy)"
    assert draft.name_ind == "Kerangka RSR, edisi 2026 (draft copy)"
    draft.code, draft.name_en = "2027", "RSR framework, 2027 edition"
    draft.save()
    problems = draft_word_problems(draft)
    assert len(problems) == 1
    assert "Kerangka RSR, edisi 2026 (draft copy)" in problems[0]
