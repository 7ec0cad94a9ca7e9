"""Framework text per language: the reader's translation, or English marked as English."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from roadmap.languages import english_fields, fallbacks_of, shows_english
from roadmap.models import Edition, Indicator, LevelText
from tests.factories import (
    DESCRIPTOR_IND,
    QUESTION_IND,
    IndicatorFactory,
    SectionFactory,
    complete_edition,
    partly_in_indonesian,
)

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load framework_text %}" + source).render(Context(context))


def test_indonesian_is_stored_in_columns_named_ind_not_id():
    """`question_id` would read as a foreign key; modeltranslation names Indonesian `_ind`."""
    indicator = IndicatorFactory(
        question="Is there a law?", question_ind="Apakah ada undang-undang?"
    )
    indicator.refresh_from_db()
    with translation.override("id"):
        assert indicator.question == "Apakah ada undang-undang?"
    with translation.override("en"):
        assert indicator.question == "Is there a law?"


def test_creating_with_the_plain_field_fills_english():
    indicator = IndicatorFactory(question="Is there a law?")
    indicator.refresh_from_db()
    assert indicator.question_en == "Is there a law?"


def test_a_missing_translation_falls_back_to_english_with_the_marker():
    indicator = IndicatorFactory(guidance="Look at the law.", guidance_ind="")
    with translation.override("id"):
        assert indicator.guidance == "Look at the law."
        assert shows_english(indicator, "guidance")
        html = render('<p{{ i|fallback_lang:"guidance" }}>{{ i.guidance }}</p>', i=indicator)
        assert html == '<p lang="en" dir="ltr">Look at the law.</p>'
        assert render('{{ i|framework_text:"guidance" }}', i=indicator) == (
            '<span lang="en" dir="ltr">Look at the law.</span>'
        )
        assert "guidance" in english_fields(indicator)


def test_a_translated_text_is_not_marked():
    indicator = IndicatorFactory(guidance="Look at the law.", guidance_ind="Periksa undang-undang.")
    with translation.override("id"):
        assert render('<p{{ i|fallback_lang:"guidance" }}>x</p>', i=indicator) == "<p>x</p>"
        assert render('{{ i|framework_text:"guidance" }}', i=indicator) == "Periksa undang-undang."
    with translation.override("th"):  # no Thai text: English, marked
        assert render('{{ i|framework_text:"guidance" }}', i=indicator).startswith(
            '<span lang="en" dir="ltr">'
        )


def test_english_pages_mark_nothing_and_the_text_is_escaped():
    indicator = IndicatorFactory(question="Is <b>this</b> a law?")
    with translation.override("en"):
        assert render('{{ i|framework_text:"question" }}', i=indicator) == (
            "Is &lt;b&gt;this&lt;/b&gt; a law?"
        )
        assert not english_fields(indicator)


def test_copied_text_carries_its_fallbacks_and_the_filters_read_them():
    """A plain object (a table row, cached content) says which of its texts are English."""
    section = SectionFactory(title="Victim identification", title_ind="")
    with translation.override("id"):
        fallbacks = fallbacks_of(name=(section, "title"), other=(section, "code"))
        assert fallbacks == {"name"}  # a code is not translated: never a fallback
        row = type("Row", (), {"name": section.title, "fallbacks": fallbacks})()
        assert render('{{ r|framework_text:"name" }}', r=row) == (
            '<span lang="en" dir="ltr">Victim identification</span>'
        )
    with translation.override("en"):
        assert render('<th{{ r|fallback_lang:"name" }}>', r=row) == "<th>"


# --- the markers on the framework pages -------------------------------------------------------

MARK = ' lang="en" dir="ltr"'


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def main_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('<main id="main"', 1)[1]


@pytest.fixture
def translated_in_part():
    return partly_in_indonesian(complete_edition(code="pub", status=Edition.Status.PUBLISHED))


def test_levels_fall_back_one_by_one_label_and_descriptor_apart(translated_in_part):
    indicator = Indicator.objects.with_details().get(edition=translated_in_part, code="POL.A.1")
    with translation.override("id"):
        levels = indicator.level_descriptors()
    assert levels[0] == LevelText(0, "Belum ada", DESCRIPTOR_IND, frozenset())
    assert levels[3] == LevelText(3, "Mapan", "Established level.", frozenset({"descriptor"}))
    with translation.override("en"):
        assert indicator.level_descriptors()[3] == (3, "Established", "Established level.", set())


def test_the_indicator_page_marks_only_what_has_no_indonesian(client, translated_in_part):
    url = reverse("framework-indicator", args=["POL.A.1"])
    html = main_of(in_language(client, "id").get(url))
    assert f'id="POL.A.1-q">{QUESTION_IND}</h2>' in html  # translated: not marked
    assert f'<p class="mt-2 mb-0"{MARK}>Good practice is a written procedure.' in html
    assert f'<p class="mb-0"{MARK}>Adopt written procedures' in html  # the recommendation
    assert '<span class="level-value">3</span> Mapan</dt>' in html
    assert f'<dd class="col-sm-8 col-lg-9">{DESCRIPTOR_IND}</dd>' in html
    assert f'<dd class="col-sm-8 col-lg-9"{MARK}>Established level.</dd>' in html
    # The breadcrumbs: Policy has an Indonesian name, the section a title.
    assert ">Kebijakan</a>" in html
    assert ">Bagian POL.A</a>" in html
    assert 'class="fallback-note' in html  # shown by the CSS: the page holds a marked text


def test_a_category_without_indonesian_is_marked_where_it_is_listed(client, translated_in_part):
    html = main_of(in_language(client, "id").get(reverse("framework")))
    assert f'href="/framework/planning/"{MARK}>Planning</a>' in html
    assert 'href="/framework/policy/">Kebijakan</a>' in html
    assert f"<p{MARK}>What this category evaluates.</p>" in html  # no description is translated
    assert '<span class="text-body-secondary me-2">POL.A</span>Bagian POL.A</a>' in html


def test_english_pages_mark_nothing(client, translated_in_part):
    for url in (
        reverse("framework"),
        reverse("framework-category", args=["policy"]),
        reverse("framework-section", args=["POL.A"]),
        reverse("framework-indicator", args=["POL.A.1"]),
    ):
        html = main_of(in_language(client, "en").get(url))
        assert MARK not in html, url
        assert "fallback-note" not in html


def test_a_thai_page_marks_every_framework_text(client, translated_in_part):
    """No Thai framework text exists: everything is English, and marked so."""
    html = main_of(in_language(client, "th").get(reverse("framework-indicator", args=["POL.A.1"])))
    assert f'id="POL.A.1-q"{MARK}>Does the State have written procedures' in html
    assert f'<span class="level-value">3</span> <span{MARK}>Established</span></dt>' in html
