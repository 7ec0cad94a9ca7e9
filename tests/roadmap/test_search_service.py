"""An edition's cached search index: what it holds, and that every kind of edit renews it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap.models import Edition
from roadmap.search.service import edition_index, search
from tests.factories import (
    IndicatorFactory,
    InstrumentFactory,
    LegalReferenceFactory,
    ResourceFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def found(edition: Edition, query: str) -> list[str]:
    edition.refresh_from_db()  # as a request would read it
    return [hit.document.title for hit in search(edition, query).hits]


@pytest.fixture
def indicator():
    return IndicatorFactory(question="Are people forced to commit fraud in scam compounds?")


def test_the_index_holds_every_kind_of_document_of_the_edition(indicator):
    edition = indicator.edition
    guide = ResourceFactory(title="Handbook on scam compounds")
    indicator.resources.add(guide)
    LegalReferenceFactory(indicator=indicator, note="Non-punishment of scam victims.")
    other = IndicatorFactory(question="Are scam victims in another edition found?")
    kinds = {hit.document.kind for hit in search(edition, "scam").hits}
    assert kinds == {"indicator", "resource", "reference"}
    assert other.question not in found(edition, "scam")
    assert "Trafficking Protocol" in found(edition, "Trafficking Protocol")


def test_a_built_index_is_reused_without_queries(indicator):
    edition = Edition.objects.get(pk=indicator.edition_id)
    edition_index(edition)
    with CaptureQueriesContext(connection) as queries:
        assert found(edition, "scam compounds")
    assert len(queries) == 1  # refresh_from_db of the edition: the index comes from the cache


def test_saving_or_deleting_an_indicator_renews_the_index(indicator):
    edition = indicator.edition
    assert found(edition, "scam")
    indicator.question = "Are people forced to commit online fraud?"
    indicator.save()
    assert found(edition, "scam") == []
    assert found(edition, "online fraud") == [indicator.question]
    indicator.delete()
    assert found(edition, "online fraud") == []


def test_a_new_section_renews_the_index(indicator):
    edition = indicator.edition
    SectionFactory(category=indicator.section.category, title="Scam compounds")
    assert "Scam compounds" in found(edition, "scam")


def test_editing_a_legal_reference_renews_the_index(indicator):
    edition = indicator.edition
    reference = LegalReferenceFactory(indicator=indicator, note="Assistance.")
    assert found(edition, "compensation") == []
    reference.note = "Compensation for victims."
    reference.save()
    assert found(edition, "compensation") == [reference.citation]


def test_editing_an_instrument_or_a_guide_renews_every_edition(indicator):
    edition = indicator.edition
    instrument = InstrumentFactory(code="untoc", short_name="UNTOC", name="UN Convention")
    LegalReferenceFactory(indicator=indicator, instrument=instrument)
    assert found(edition, "Palermo") == []
    instrument.common_names = "Palermo Convention"
    instrument.save()
    assert found(edition, "Palermo") == ["UNTOC"]
    guide = ResourceFactory(title="Field guide")
    assert found(edition, "field guide") == ["Field guide"]
    guide.title = "Pocket manual"
    guide.save()
    assert found(edition, "field guide") == []


def test_linking_a_guide_to_an_indicator_renews_the_index(indicator):
    edition = indicator.edition
    guide = ResourceFactory(title="Field guide")
    found(edition, "field guide")
    before = Edition.objects.get(pk=edition.pk).content_version
    indicator.resources.add(guide)
    assert Edition.objects.get(pk=edition.pk).content_version != before
