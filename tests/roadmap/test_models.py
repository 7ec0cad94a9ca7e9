"""Constraints and validation keep bad framework data out, in forms and in the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roadmap.models import Category, Edition, Indicator, IndicatorLevel, Section
from tests.factories import (
    AssessmentFactory,
    CategoryFactory,
    EditionFactory,
    IndicatorFactory,
    ScaleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_duplicate_indicator_code_in_one_edition_is_rejected_by_the_database():
    indicator = IndicatorFactory(code="POL.S1.1", section__code="POL.S1")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(section=indicator.section, code="POL.S1.1")


def test_duplicate_indicator_code_is_a_form_error_on_the_code_field():
    indicator = IndicatorFactory(code="POL.S1.1", section__code="POL.S1")
    twin = Indicator(
        section=indicator.section,
        code="POL.S1.1",
        question="Another question?",
        guidance="Guidance. More guidance.",
        recommendation="Do something concrete about it.",
        scale=indicator.scale,
        pillar="protection",
    )
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "code" in error.value.message_dict


def test_the_same_code_may_be_used_again_in_another_edition():
    first = IndicatorFactory(code="POL.S1.1", section__code="POL.S1")
    other = SectionFactory(code="POL.S1", category__edition=EditionFactory())
    second = IndicatorFactory(section=other, code="POL.S1.1")
    assert first.code == second.code
    assert first.edition != second.edition


@pytest.mark.parametrize("weight", [0, 4])
def test_weight_outside_one_to_three_is_rejected(weight):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(weight=weight)


def test_weight_outside_range_is_a_validation_error_too():
    indicator = IndicatorFactory.build(weight=0, section=SectionFactory())
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "weight" in error.value.message_dict


def test_a_fifth_category_is_rejected():
    edition = EditionFactory()
    for code in Category.Code:
        CategoryFactory(edition=edition, code=code)
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(edition=edition, code="POL", position=5, name="Extra")


def test_categories_keep_their_fixed_order():
    edition = EditionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(edition=edition, code="PRAC", position=1, name="Practices")


def test_category_position_follows_its_code_when_not_given():
    category = Category.objects.create(edition=EditionFactory(), code="PRIN", name="Principles")
    assert category.position == 2


def test_only_one_edition_can_be_published():
    EditionFactory(status=Edition.Status.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionFactory(status=Edition.Status.PUBLISHED)


def test_indicator_code_must_start_with_its_section_code():
    section = SectionFactory(code="POL.S1")
    indicator = IndicatorFactory.build(section=section, code="POL.S2.1")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "starts with “POL.S1.”" in str(error.value)


def test_indicator_cannot_use_a_scale_of_another_edition():
    section = SectionFactory()
    indicator = IndicatorFactory.build(section=section, code=f"{section.code}.1")
    indicator.scale = ScaleFactory(edition=EditionFactory())
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "scale" in error.value.message_dict


def test_section_and_indicator_take_the_edition_of_their_parent():
    section = Section.objects.create(
        category=CategoryFactory(), code="POL.X", title="Topic", edition_id=None
    )
    assert section.edition == section.category.edition


def test_level_descriptor_beyond_the_scale_is_rejected():
    yes_no = ScaleFactory(code="yes-no", kind="yes_no")
    indicator = IndicatorFactory(section__category__edition=yes_no.edition, scale=yes_no)
    level = IndicatorLevel(indicator=indicator, value=3, descriptor="Established.")
    with pytest.raises(ValidationError) as error:
        level.full_clean()
    assert "0 to 1" in str(error.value)


def test_critical_threshold_defaults_to_the_lowest_level():
    assert IndicatorFactory(critical=True).critical_threshold == 0


def test_critical_threshold_below_the_top_of_the_scale_is_accepted():
    indicator = IndicatorFactory.build(section=SectionFactory(), critical=True)
    indicator.code = f"{indicator.section.code}.1"
    indicator.critical_threshold = 3
    indicator.full_clean()


def test_critical_threshold_above_a_yes_no_scale_is_a_validation_error():
    yes_no = ScaleFactory(code="yes-no", kind="yes_no")
    section = SectionFactory(category__edition=yes_no.edition)
    indicator = IndicatorFactory.build(
        section=section, code=f"{section.code}.1", scale=yes_no, critical=True
    )
    indicator.critical_threshold = 1
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "0 to 0" in str(error.value.message_dict["critical_threshold"])


def test_critical_threshold_at_the_top_of_the_maturity_scale_is_a_validation_error():
    section = SectionFactory()
    indicator = IndicatorFactory.build(section=section, code=f"{section.code}.1", critical=True)
    indicator.critical_threshold = 4
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "0 to 3" in str(error.value.message_dict["critical_threshold"])


def test_critical_threshold_at_the_top_level_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(critical=True, critical_threshold=4)


def test_content_of_an_edition_in_use_cannot_be_changed():
    assessment = AssessmentFactory()
    indicator = IndicatorFactory(section__category__edition=assessment.edition)
    indicator.question = "Changed?"
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "used by 1 assessment" in str(error.value)


def test_content_of_a_draft_edition_can_be_changed():
    indicator = IndicatorFactory()
    indicator.question = "Changed question?"
    indicator.full_clean()  # no error


def test_readable_names_for_admin_lists():
    indicator = IndicatorFactory(code="POL.S1.1", section__code="POL.S1", question="Is it so?")
    assert str(indicator) == "POL.S1.1 Is it so?"
    assert str(indicator.section).startswith("POL.S1 ")
    assert indicator.edition.name in str(indicator.edition)
