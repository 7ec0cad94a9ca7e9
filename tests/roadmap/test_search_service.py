"""An edition's cached search index: what it holds, and that every kind of edit renews it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

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


# --- Languages (docs/translation.md, "Search in each language") -------------------------------


def found_in(edition: Edition, query: str, language: str) -> list[str]:
    edition.refresh_from_db()
    return [hit.document.title for hit in search(edition, query, language).hits]


@pytest.fixture
def translated():
    """An indicator translated into Indonesian, Thai and Vietnamese, and one in English only."""
    indicator = IndicatorFactory(
        question="Is trafficking in persons a crime under national law?",
        question_ind="Apakah perdagangan orang merupakan tindak pidana menurut hukum nasional?",
        question_th="การค้ามนุษย์เป็นความผิดอาญาตามกฎหมายภายในหรือไม่",
        question_vi="Buôn bán người có phải là tội phạm theo luật quốc gia không?",
        guidance="Look for the Trafficking Protocol's definition in the penal code.",
        guidance_ind="Periksa definisi dalam kitab undang-undang hukum pidana.",
    )
    english_only = IndicatorFactory(
        section=indicator.section, question="Are victims of forced labour identified?"
    )
    return indicator, english_only


def test_indonesian_search_finds_every_form_of_an_indonesian_word(translated):
    indicator, _ = translated
    for form in ("memperdagangkan", "diperdagangkan", "perdagangan orang"):
        assert found_in(indicator.edition, form, "id") == [indicator.question_ind], form
    assert found_in(indicator.edition, "memperdagangkan", "en") == []


def test_indonesian_search_still_finds_english_terms_and_untranslated_indicators(translated):
    indicator, english_only = translated
    edition = indicator.edition
    assert found_in(edition, "trafficking", "id") == [indicator.question_ind]  # the original
    assert found_in(edition, "Trafficking Protocol", "id") == [indicator.question_ind]
    assert found_in(edition, "forced labour", "id") == [english_only.question]  # fallback
    hits = search(edition, "forced labour", "id").hits
    assert hits[0].title_in_english


def test_thai_search_finds_a_thai_text_by_a_part_of_a_word(translated):
    indicator, _ = translated
    assert found_in(indicator.edition, "ค้ามนุษย์", "th") == [indicator.question_th]
    assert found_in(indicator.edition, "ความผิดอาญา", "th") == [indicator.question_th]
    assert found_in(indicator.edition, "trafficking", "th") == [indicator.question_th]


def test_vietnamese_search_without_tone_marks_finds_text_with_them(translated):
    indicator, _ = translated
    assert found_in(indicator.edition, "buon ban nguoi", "vi") == [indicator.question_vi]
    assert found_in(indicator.edition, "toi pham", "vi") == [indicator.question_vi]


def test_arabic_pages_search_the_english_text_their_content_falls_back_to(translated):
    _, english_only = translated
    assert found_in(english_only.edition, "forced labour", "ar") == [english_only.question]


def test_each_language_has_its_own_cached_index(translated):
    indicator, _ = translated
    edition = Edition.objects.get(pk=indicator.edition_id)
    assert edition_index(edition, "id") is not edition_index(edition, "en")
    assert found_in(edition, "perdagangan", "id") == [indicator.question_ind]
    assert found_in(edition, "perdagangan", "en") == []  # not the Indonesian index
    assert found_in(edition, "perdagangan", "id") == [indicator.question_ind]
    with translation.override("id"):  # the active language by default
        assert [hit.document.title for hit in search(edition, "perdagangan").hits] == [
            indicator.question_ind
        ]
    with translation.override("th"):
        assert search(edition, "perdagangan").hits == []


def test_a_new_translation_renews_the_index(translated):
    indicator, _ = translated
    assert found_in(indicator.edition, "kerja paksa", "id") == []
    indicator.guidance_ind = "Termasuk kerja paksa."
    indicator.save()
    assert found_in(indicator.edition, "kerja paksa", "id") == [indicator.question_ind]


def test_the_search_page_in_indonesian_shows_and_marks_the_texts(client, translated):
    indicator, _ = translated
    Edition.objects.filter(pk=indicator.edition_id).update(status=Edition.Status.PUBLISHED)
    client.cookies["rsr_language"] = "id"
    page = client.get(reverse("framework-search"), {"q": "diperdagangkan"}).content.decode()
    assert "Apakah <mark>perdagangan</mark> orang" in page
    page = client.get(reverse("framework-search"), {"q": "forced labour"}).content.decode()
    assert '<span lang="en" dir="ltr">Are victims of <mark>forced</mark>' in page
