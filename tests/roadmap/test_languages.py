"""Framework text per language: the reader's translation, or English marked as English."""

import pytest
from django.template import Context, Template
from django.utils import translation

from roadmap.languages import english_fields, shows_english
from tests.factories import IndicatorFactory

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
