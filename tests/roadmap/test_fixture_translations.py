"""The shipped framework is complete in Bahasa Indonesia (docs/translation.md)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation

from roadmap.languages import english_fields, translated_fields
from roadmap.management.commands.load_framework import fixture_files, fixture_items
from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    IndicatorLevel,
    LegalReference,
    Resource,
    Scale,
    ScaleLevel,
    Section,
)

# An instrument's name is translated only where it has an official Indonesian title.
OPTIONAL = {("roadmap.instrument", "name"), ("roadmap.instrument", "short_name")}


def translatable_entries():
    for item in fixture_items(fixture_files()):
        model = apps.get_model(item["model"])
        for field in translated_fields(model):
            if (item["model"], field) not in OPTIONAL and item["fields"].get(field):
                yield item, model, field


def test_every_framework_text_of_the_fixture_has_its_indonesian_translation():
    missing = [
        f"{item['model']} {item['fields'].get('code', '')} {field}"
        for item, _model, field in translatable_entries()
        if not item["fields"].get(f"{field}_ind")
    ]
    assert missing == []


def test_indonesian_texts_fit_their_columns_and_are_not_english_copies():
    problems = []
    for item, model, field in translatable_entries():
        english, indonesian = item["fields"][field], item["fields"].get(f"{field}_ind") or ""
        limit = model._meta.get_field(field).max_length
        if limit and len(indonesian) > limit:
            problems.append(f"{item['model']} {field}: {len(indonesian)} > {limit}")
        if len(english) > 40 and indonesian.strip() == english.strip():
            problems.append(f"{item['model']} {field}: the English text, not a translation")
    assert problems == []


@pytest.mark.django_db
def test_the_loaded_framework_reads_in_indonesian_without_english_fallbacks(framework_module):
    with translation.override("id"):
        models = (Edition, Scale, ScaleLevel, Category, Section, Indicator, IndicatorLevel)
        for model in (*models, Challenge, LegalReference, Resource):
            fallbacks = [
                (str(obj), sorted(english_fields(obj)))
                for obj in model.objects.all()
                if english_fields(obj)
            ]
            assert fallbacks == [], model
        indicator = Indicator.objects.get(code="PLAN.PREV.1")
        assert indicator.question == indicator.question_ind != indicator.question_en
