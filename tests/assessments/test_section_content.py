"""The framework content of section pages: read once per edition, renewed by every edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.section_content import build_content, edition_content
from roadmap.models import Edition, IndicatorLevel, ScaleLevel, Section
from tests.assessments.conftest import add_section
from tests.factories import AssessmentFactory, ResourceFactory, complete_edition

pytestmark = pytest.mark.django_db


def page(client, assessment, code="POL.T") -> str:
    url = reverse("assessment-section", args=[assessment.pk, code])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("n", [5, 50])
def test_an_editions_content_is_read_in_a_fixed_number_of_queries(n, django_assert_num_queries):
    edition = complete_edition(code=f"c{n}", status=Edition.Status.PUBLISHED)
    add_section(edition, "POL.C", n)
    # Sections, indicators, scale levels, indicator levels, resources, legal references.
    with django_assert_num_queries(6):
        content = build_content(edition)
    section = content.section("POL.C")
    assert [i.code for i in content.indicators_of(section)] == [
        f"POL.C.{i}" for i in range(1, n + 1)
    ]
    assert content.section("NOPE") is None


def test_a_read_edition_is_reused_without_queries(edition, django_assert_num_queries):
    first = edition_content(edition)
    with django_assert_num_queries(0):
        assert edition_content(edition) is first


def test_the_content_carries_what_the_page_shows(edition):
    indicator = edition.indicator_set.get(code="POL.A.1")
    [content] = edition_content(edition).indicators_of(Section.objects.get(code="POL.A"))
    assert (content.pk, content.code, content.question) == (
        indicator.pk,
        indicator.code,
        indicator.question,
    )
    assert content.level_descriptors() == indicator.level_descriptors()
    assert content.pillar == indicator.get_pillar_display()
    assert "Guidance" in content.help
    assert indicator.legal_references.get().citation in content.help


def test_editing_an_indicator_shows_on_the_next_page(client, assessment, focal):
    client.force_login(focal)
    indicator = assessment.edition.indicator_set.get(code="POL.T.1")
    assert "Do victims get shelter?" not in page(client, assessment)
    indicator.question = "Do victims get shelter?"
    indicator.save()
    assert "Do victims get shelter?" in page(client, assessment)


def test_editing_the_level_wording_shows_on_the_next_page(client, assessment, focal):
    client.force_login(focal)
    indicator = assessment.edition.indicator_set.get(code="POL.T.1")
    page(client, assessment)
    IndicatorLevel.objects.create(indicator=indicator, value=2, descriptor="A draft plan exists.")
    assert "A draft plan exists." in page(client, assessment)
    level = ScaleLevel.objects.get(scale=indicator.scale, value=3)
    level.label = "Well established"
    level.save()
    assert "3 Well established" in page(client, assessment)


def test_adding_a_guide_to_an_indicator_shows_on_the_next_page(client, assessment, focal):
    client.force_login(focal)
    indicator = assessment.edition.indicator_set.get(code="POL.T.1")
    page(client, assessment)
    indicator.resources.add(ResourceFactory(title="Handbook on shelters"))
    assert "Handbook on shelters" in page(client, assessment)


def test_an_assessment_of_another_edition_gets_that_editions_content(client, state, focal):
    client.force_login(focal)
    old = complete_edition(code="old", status=Edition.Status.RETIRED)
    add_section(old, "POL.T", 1)
    old.indicator_set.filter(code="POL.T.1").update(question="Old wording?")
    assessment = AssessmentFactory(edition=old, member_state=state)
    assert "Old wording?" in page(client, assessment)
