"""Integrity of the shipped reference framework (fixtures/framework/*.yaml).

These tests read the framework as loaded into the database, so they check what users see.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from pathlib import Path

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
    # Ratification is recorded in the legal-status profile, not asked as indicators.
    assert per_category["PRIN"] >= 15
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
    assert pillars["prevention"] >= 6
    assert pillars["protection"] >= 5
    assert pillars["prosecution"] >= 9
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
    # Whether the State joined a treaty is asked in the legal-status profile, which lists every
    # treaty; Principles cites the rest, and the treaties whose effect in law it scores.
    treaties = set(
        Instrument.objects.filter(kind=Instrument.Kind.TREATY).values_list("code", flat=True)
    )
    assert REQUIRED_INSTRUMENTS - cited - treaties == set()
    assert {"tip-protocol", "untoc", "ilo-c29", "ilo-p029", "actip"} <= cited


def test_no_indicator_asks_whether_a_treaty_was_ratified(edition):
    # Ratification is the legal-status profile's question, never a scored one.
    asks = indicators(edition).filter(question__iregex=r"ratif|accede")
    assert list(asks.values_list("code", flat=True)) == []


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


# The reviewed critical set: one indicator per theme, except criminal law (the offence, the child
# offence without means, and penalties). Ratification of the Trafficking Protocol is no longer
# critical: it capped members automatically and duplicated the domestic-law indicator.
CRITICAL_THEMES = {
    "criminal law": {"POL.PROS.1.1", "POL.PROS.1.2", "POL.PROS.3.1"},
    "identification": {"PRAC.ID.1"},
    "referral": {"PRAC.NRM.1"},
    "assistance without conditions": {"POL.PROT.2.2"},
    "non-punishment": {"PRAC.NP.1"},
    "coordination body and plan": {"POL.PART.1.1"},
    "safe return and non-refoulement": {"POL.PROT.3.2"},
    "child guardianship": {"POL.PROT.1.3"},
}


def critical_indicators(edition):
    return indicators(edition).filter(critical=True).prefetch_related("levels")


def test_the_critical_set_is_the_reviewed_one_theme_each(edition):
    codes = set(critical_indicators(edition).values_list("code", flat=True))
    assert codes == set().union(*CRITICAL_THEMES.values())
    assert "PRIN.INT.1" not in codes


def test_critical_indicators_are_essential_maturity_questions_not_ratification(edition):
    for indicator in critical_indicators(edition):
        assert indicator.weight == 3, indicator.code
        assert indicator.scale.kind == Scale.Kind.MATURITY, indicator.code
        assert "ratif" not in indicator.question.lower(), indicator.code


def test_no_two_critical_indicators_ask_nearly_the_same_question(edition):
    critical = list(critical_indicators(edition))
    for first, second in combinations(critical, 2):
        assert similarity(first.question, second.question) < 0.5, (first.code, second.code)


def test_critical_thresholds_lie_below_the_top_of_each_scale(edition):
    for indicator in indicators(edition):
        assert 0 <= indicator.critical_threshold < indicator.scale.max_value, indicator.code


def test_critical_policy_indicators_have_threshold_one_and_practice_indicators_zero(edition):
    # In a policy (legal) indicator, level 1 still describes an inadequate legal basis:
    # partial criminalisation, a maximum below four years, guardianship left to discretion.
    for indicator in critical_indicators(edition):
        expected = 1 if indicator.section.category.code == "POL" else 0
        assert indicator.critical_threshold == expected, indicator.code
        if expected:
            own = {level.value for level in indicator.levels.all()}
            assert own == set(range(5)), f"{indicator.code}: level 1 needs its own descriptor"


def test_thresholds_are_set_only_on_critical_indicators(edition):
    stray = indicators(edition).filter(critical=False, critical_threshold__gt=0)
    assert list(stray.values_list("code", flat=True)) == []


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


# --- duplicates ------------------------------------------------------------------------------

# fmt: off
STOPWORDS = {
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "from", "at",
    "as", "is", "are", "be", "been", "do", "does", "did", "how", "far", "well", "what", "which",
    "who", "whom", "whose", "whether", "this", "that", "these", "those", "their", "its", "it",
    "they", "them", "there", "has", "have", "had", "can", "could", "may", "might", "shall",
    "should", "will", "would", "not", "no", "any", "all", "every", "each", "other", "than",
    "into", "such", "so", "also", "own", "state", "states", "national", "country", "countries",
    "including"
}
# fmt: on


def stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ised", "ises", "ise", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {stem(w) for w in words if w not in STOPWORDS and len(w) > 2}


def similarity(first: str, second: str) -> float:
    """Share of the shorter question's content words that the other question also uses."""
    a, b = content_words(first), content_words(second)
    return len(a & b) / min(len(a), len(b))


def test_similarity_flags_the_duplicates_of_the_first_draft():
    # The funding question appeared in policy and in practice with the same content words.
    policy = (
        "How far does the State fund victim services sustainably, including services run by "
        "civil society organisations?"
    )
    practice = (
        "How secure and sufficient is public funding for victim services, including services "
        "provided by civil-society organisations?"
    )
    assert similarity(policy, practice) >= 0.6
    assert similarity(policy, "How far does national law criminalise trafficking?") < 0.6


def test_no_two_indicators_ask_the_same_question(edition):
    normalised = Counter(
        " ".join(re.findall(r"[a-z0-9]+", i.question.lower())) for i in indicators(edition)
    )
    assert [question for question, n in normalised.items() if n > 1] == []


def test_no_two_maturity_indicators_ask_nearly_the_same_question(edition):
    # Planning (yes/no) repeats themes on purpose ("is it in the plan?"); policy and practice
    # may keep a topic only if policy asks about law and policy and practice about what happens.
    maturity = [i for i in indicators(edition) if i.scale.kind == Scale.Kind.MATURITY]
    close = [
        (first.code, second.code)
        for first, second in combinations(maturity, 2)
        if similarity(first.question, second.question) >= 0.6
    ]
    assert close == []


def test_no_two_planning_questions_are_nearly_the_same(edition):
    planning = [i for i in indicators(edition) if i.section.category.code == "PLAN"]
    for first, second in combinations(planning, 2):
        assert similarity(first.question, second.question) < 0.6, (first.code, second.code)


# --- references ------------------------------------------------------------------------------

ARTICLE = re.compile(
    r"^((Art|Arts)\. [0-9]|Principle [0-9]|Guideline [0-9]|Objective [0-9]|Target [0-9]|"
    r"Recommendation [0-9])"
)


def references(edition):
    return LegalReference.objects.filter(indicator__edition=edition).select_related(
        "indicator", "instrument"
    )


def test_every_legal_reference_points_to_an_instrument_with_a_pinpoint_in_a_known_form(edition):
    for reference in references(edition):
        assert reference.instrument_id, reference.indicator.code
        where = f"{reference.indicator.code} {reference.instrument.code}"
        assert reference.article == "" or ARTICLE.match(reference.article), where


def test_every_instrument_is_cited_by_an_indicator_or_is_a_treaty(edition):
    # A treaty may be listed only for the State's legal-status profile (ratifications).
    cited = set(references(edition).values_list("instrument__code", flat=True))
    uncited = Instrument.objects.exclude(code__in=cited).exclude(kind=Instrument.Kind.TREATY)
    assert list(uncited.values_list("code", flat=True)) == []


def test_actip_is_cited_with_an_article_outside_the_ratification_question(edition):
    bare = references(edition).filter(instrument__code="actip", article="")
    bare = bare.exclude(indicator__question__istartswith="Has the State ratified")
    assert list(bare.values_list("indicator__code", flat=True)) == []


def test_unconfirmed_article_numbers_say_so_in_the_note(edition):
    # Article numbers the source facts leave unconfirmed carry "verify" in the note.
    unconfirmed = {
        ("actip", "Art. 16"),
        ("actip", "Art. 19"),
        ("ilo-c188", "Art. 22"),
        ("uncac", "Art. 30"),
    }
    checked = 0
    for reference in references(edition):
        if (reference.instrument.code, reference.article) in unconfirmed:
            assert "verify" in reference.note, reference.indicator.code
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize(
    ("code", "instrument", "article", "cited"),
    [
        ("POL.PREV.1.2", "crc", "Art. 35", False),  # birth registration is CRC Art. 7
        ("POL.PREV.1.2", "crc", "Art. 7", True),
        ("POL.PREV.1.2", "cedaw", "Art. 16(2)", True),
        ("PLAN.PROS.2", "untoc", "Art. 12", False),  # specialised units, not confiscation
        ("PRIN.WOG.3", "ohchr-principles", "Guideline 10", False),  # consular assistance
        ("PRIN.WOG.3", "ohchr-principles", "Guideline 6", True),
        ("PRIN.WOG.3", "vccr", "Art. 36", True),
        ("POL.PROT.1.3", "tip-protocol", "Art. 3(c)", False),  # age presumption, guardianship
        ("POL.PROT.1.3", "tip-protocol", "Art. 6(4)", True),
        ("POL.PROT.1.3", "ohchr-principles", "Guideline 8", True),
        ("POL.PROT.1.3", "crc", "Art. 3", True),
        ("POL.PROT.1.3", "crc", "Art. 20", True),
        ("POL.PREV.3.3", "crc", "Art. 35", False),  # schooling is CRC Art. 28
        ("POL.PREV.3.3", "crc", "Art. 28", True),
        ("POL.PREV.1.3", "cedaw", "Art. 6", False),  # child marriage and caste
        ("POL.PREV.1.3", "cedaw", "Art. 16(2)", True),
        ("POL.PREV.1.3", "cedaw-gr35", "", True),
        ("POL.PREV.1.3", "cerd-gr29", "", True),
        ("POL.PREV.5.1", "ohchr-principles", "Principle 3", False),
        ("POL.PREV.5.1", "tip-protocol", "Art. 9(4)", True),
        ("POL.PROS.5.1", "tip-protocol", "Art. 6(5)", True),  # physical safety of victims
        ("POL.PROS.6.2", "untoc", "Art. 25(2)", True),  # compensation
        ("POL.PROS.6.2", "untoc", "Art. 14(2)", True),
        ("POL.PROS.1.3", "untoc", "Art. 34(2)", True),  # offences without a border crossed
        ("POL.PROT.2.2", "ohchr-principles", "Principle 8", True),  # assistance, no conditions
    ],
)
def test_reviewed_references_are_corrected(edition, code, instrument, article, cited):
    found = references(edition).filter(
        indicator__code=code, instrument__code=instrument, article=article
    )
    assert found.exists() is cited


# --- the region's current threats ------------------------------------------------------------


def questions_in(edition, category: str) -> str:
    return " ".join(
        i.question.lower() for i in indicators(edition) if i.section.category.code == category
    )


@pytest.mark.parametrize(
    ("category", "words"),
    [
        ("POL", ["scam", "forced criminality", "special economic zones", "crypto-asset"]),
        ("POL", ["online sexual exploitation of children", "platforms", "cyber-investigation"]),
        ("POL", ["recruitment fees", "sponsor", "domestic workers", "fishers"]),
        ("POL", ["forced marriage", "brides"]),
        ("POL", ["refugees", "asylum", "stateless", "at sea", "non-refoulement"]),
        ("POL", ["corruption", "money laundering", "financial investigation"]),
        ("PLAN", ["forced criminality", "online sexual exploitation", "forced marriage"]),
        ("PLAN", ["refugees", "financial investigation", "sponsors", "exit points"]),
        ("PRAC", ["scam compounds", "children exploited online", "recruitment agencies"]),
        ("PRAC", ["asylum", "exit points", "financial investigations", "fishing vessels"]),
    ],
)
def test_the_regions_current_threats_are_covered(edition, category, words):
    text = questions_in(edition, category)
    assert [word for word in words if word not in text] == []


@pytest.mark.parametrize(
    ("instrument", "article"),
    [
        ("uncac", "Art. 15"),
        ("ilo-c181", "Art. 7(1)"),
        ("ilo-c189", "Art. 15(1)"),
        ("ilo-c188", "Art. 22"),
        ("gcm", "Objective 6"),
        ("agenda-2030", "Target 8.7"),
        ("agenda-2030", "Target 16.2"),
        ("fatf-recommendations", "Recommendation 3"),
        ("slavery-supplementary-convention", "Art. 1(c)"),
        ("bali-rcf-2011", ""),
        ("bali-declaration-2018", ""),
        ("bp-gabf-aaa", ""),
        ("adelaide-strategy", ""),
    ],
)
def test_the_added_instruments_are_cited(edition, instrument, article):
    assert references(edition).filter(instrument__code=instrument, article=article).exists()


# --- origin, transit, destination ------------------------------------------------------------


def test_the_country_profile_changes_what_is_asked(edition):
    rows = list(indicators(edition))
    specific = [
        i
        for i in rows
        if not (i.applies_to_origin and i.applies_to_transit and i.applies_to_destination)
    ]
    assert len(specific) * 7 >= len(rows)  # at least one indicator in seven
    for flag in ("applies_to_origin", "applies_to_transit", "applies_to_destination"):
        assert any(not getattr(i, flag) for i in rows), flag


@pytest.mark.parametrize(
    ("words", "origin", "transit", "destination"),
    [
        ("points of entry and exit", True, True, True),  # border detection includes exit
        ("exit points", True, False, False),  # exit screening and pre-departure: origin
        ("pre-departure orientation", True, False, False),
        ("change employer", False, False, True),  # sponsorship: destination
        ("employers and sponsors", False, False, True),
        ("rescued or intercepted at sea", False, True, True),  # sea and mixed movements
    ],
)
def test_profile_specific_topics_apply_to_the_right_countries(
    edition, words, origin, transit, destination
):
    matching = [i for i in indicators(edition) if words in i.question.lower()]
    assert matching, words
    for indicator in matching:
        flags = (
            indicator.applies_to_origin,
            indicator.applies_to_transit,
            indicator.applies_to_destination,
        )
        assert flags == (origin, transit, destination), indicator.code


# --- documentation ---------------------------------------------------------------------------


def test_the_framework_doc_states_the_current_counts(edition):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "framework.md").read_text()
    total = indicators(edition).count()
    critical = indicators(edition).filter(critical=True).count()
    assert f"**{total} indicators**" in doc
    assert f"## Critical indicators ({critical})" in doc
    for code in set().union(*CRITICAL_THEMES.values()):
        assert f"`{code}`" in doc
