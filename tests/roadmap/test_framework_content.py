"""Integrity of the shipped reference framework (fixtures/framework/*.yaml).

These tests read the framework as loaded into the database, so they check what users see.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    Instrument,
    LegalReference,
    Resource,
    Scale,
    Section,
)

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"\b(todo|tbd|fixme|lorem|ipsum|xxx)\b|\.\.\.|\[\s*\]", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?](\s|$)")
REQUIRED_INSTRUMENTS = {
    "tip-protocol",
    "untoc",
    "smuggling-protocol",
    "ilo-c29",
    "ilo-p029",
    "ilo-c105",
    "ilo-c182",
    "crc",
    "opsc",
    "cedaw",
    "actip",
    "saarc-convention",
    "ohchr-principles",
    "bali-declaration",
    "adelaide-strategy",
}


@pytest.fixture
def edition(framework_module) -> Edition:
    return framework_module


def indicators(edition: Edition):
    return Indicator.objects.in_edition(edition).select_related("section__category", "scale")


def test_at_least_one_hundred_indicators_spread_over_the_four_categories(edition):
    per_category = Counter(i.section.category.code for i in indicators(edition))
    assert sum(per_category.values()) >= 100
    assert per_category["PLAN"] >= 20
    assert per_category["PRIN"] >= 20
    assert per_category["POL"] >= 50
    assert per_category["PRAC"] >= 20


def test_planning_is_a_yes_no_checklist_grouped_by_the_four_pillars(edition):
    planning = Section.objects.filter(edition=edition, category__code="PLAN")
    assert set(planning.values_list("pillar", flat=True)) == {
        "prevention",
        "protection",
        "prosecution",
        "partnership",
    }
    kinds = {i.scale.kind for i in indicators(edition) if i.section.category.code == "PLAN"}
    assert kinds == {Scale.Kind.YES_NO}


def test_policy_covers_the_topics_of_each_p(edition):
    pillars = Counter(
        Section.objects.filter(edition=edition, category__code="POL").values_list(
            "pillar", flat=True
        )
    )
    assert pillars["prevention"] >= 5
    assert pillars["protection"] == 5
    assert pillars["prosecution"] == 9
    assert pillars["partnership"] >= 1
    for section in Section.objects.filter(edition=edition, category__code="POL"):
        assert 2 <= section.indicators.count() <= 4, section.code


def test_principles_cover_the_six_guiding_principles_and_the_instruments(edition):
    titles = " ".join(
        Section.objects.filter(edition=edition, category__code="PRIN").values_list(
            "title", flat=True
        )
    ).lower()
    for principle in (
        "governance",
        "human-rights",
        "partnership",
        "evidence",
        "whole-of-government",
        "subsidiarity",
    ):
        assert principle in titles
    cited = set(
        LegalReference.objects.filter(
            indicator__edition=edition, indicator__section__category__code="PRIN"
        ).values_list("instrument__code", flat=True)
    )
    assert REQUIRED_INSTRUMENTS - cited == set()


def test_instruments_have_official_names_and_plausible_years(edition):
    assert Instrument.objects.count() >= 12
    for instrument in Instrument.objects.all():
        assert len(instrument.name) > len(instrument.short_name) or instrument.code == "untoc"
        assert 1900 <= instrument.year <= 2026
    protocol = Instrument.objects.get(code="tip-protocol")
    assert protocol.year == 2000
    assert protocol.name.startswith("Protocol to Prevent, Suppress and Punish Trafficking")
    assert Instrument.objects.get(code="actip").year == 2015
    assert Instrument.objects.get(code="adelaide-strategy").year == 2023


def test_codes_are_unique_well_formed_and_nested(edition):
    codes = [i.code for i in indicators(edition)]
    assert len(codes) == len(set(codes))
    for indicator in indicators(edition):
        assert re.fullmatch(r"[A-Z]{2,5}(\.[A-Z0-9]{1,5})+", indicator.code)
        assert indicator.code.startswith(indicator.section.code + ".")
        assert indicator.section.code.startswith(indicator.section.category.code + ".")


def test_every_indicator_is_complete(edition):
    for indicator in indicators(edition):
        assert indicator.question.strip().endswith("?"), indicator.code
        sentences = len(SENTENCE_END.findall(indicator.guidance.strip()))
        assert 2 <= sentences <= 6, f"{indicator.code}: {sentences} sentences of guidance"
        assert len(indicator.recommendation) >= 40, indicator.code
        assert indicator.scale.edition_id == edition.pk
        assert indicator.applies_to, indicator.code
        has_basis = indicator.legal_references.exists() or indicator.resources.exists()
        assert has_basis, f"{indicator.code} has no legal reference or resource"


def test_every_indicator_cites_a_legal_instrument(edition):
    without = Indicator.objects.filter(edition=edition, legal_references__isnull=True)
    assert list(without.values_list("code", flat=True)) == []


def test_critical_indicators_are_few_and_include_the_core_obligations(edition):
    critical = Indicator.objects.filter(edition=edition, critical=True)
    assert 10 <= critical.count() <= 15
    questions = " ".join(critical.values_list("question", flat=True)).lower()
    assert "criminalise" in questions
    assert "punish" in questions  # non-punishment of victims
    assert "identif" in questions  # victim identification procedures
    assert all(weight == 3 for weight in critical.values_list("weight", flat=True))


def test_critical_thresholds_lie_below_the_top_of_each_scale(edition):
    for indicator in indicators(edition):
        assert 0 <= indicator.critical_threshold < indicator.scale.max_value, indicator.code


def test_legal_indicators_whose_level_one_is_an_inadequate_law_have_threshold_one(edition):
    # Partial criminalisation or a maximum below four years is still a critical gap.
    thresholds = dict(
        Indicator.objects.filter(edition=edition, critical=True).values_list(
            "code", "critical_threshold"
        )
    )
    assert thresholds["POL.PROS.1.1"] == 1
    assert thresholds["POL.PROS.3.1"] == 1
    assert thresholds["POL.PROT.4.1"] == 1


def test_no_empty_or_placeholder_text(edition):
    fields = {
        Indicator: ["question", "guidance", "recommendation"],
        Section: ["title", "description"],
        Category: ["name", "description"],
        LegalReference: ["article", "note"],
        Challenge: ["text"],
        Instrument: ["name", "short_name", "summary"],
        Resource: ["title", "publisher", "description"],
    }
    for model, names in fields.items():
        for row in model.objects.all():
            for name in names:
                value = getattr(row, name)
                assert not PLACEHOLDER.search(value), f"{model.__name__} {row}: {name}"
                if name not in {"article", "note", "description"}:
                    assert value.strip(), f"{model.__name__} {row}: empty {name}"


def test_level_descriptors_cover_every_level_when_given(edition):
    for indicator in indicators(edition).prefetch_related("levels", "scale__levels"):
        own = [level.value for level in indicator.levels.all()]
        if own:
            assert sorted(own) == list(range(indicator.scale.max_value + 1)), indicator.code
    with_own = Indicator.objects.filter(edition=edition, levels__isnull=False).distinct()
    assert with_own.count() >= 30


def test_resources_named_in_the_domain_facts_are_linked_from_indicators(edition):
    for code in (
        "unodc-toolkit-2008",
        "unodc-model-law-2009",
        "osce-nrm-2022",
        "icmpd-practitioners-guide",
        "bp-guide-identifying-victims",
    ):
        resource = Resource.objects.get(code=code)
        assert resource.indicators.filter(edition=edition).exists(), code
        assert resource.publisher


def test_planning_challenges_are_listed(edition):
    challenges = Challenge.objects.filter(edition=edition)
    assert challenges.count() >= 13
    assert set(challenges.values_list("kind", flat=True)) == {"strategic", "operational"}


def test_positions_are_unique_within_each_parent(edition):
    for section in Section.objects.filter(edition=edition):
        positions = list(section.indicators.values_list("position", flat=True))
        assert len(positions) == len(set(positions)), section.code
    for category in Category.objects.filter(edition=edition):
        positions = list(category.sections.values_list("position", flat=True))
        assert len(positions) == len(set(positions)), category.code
