"""The scoring method (docs/scoring.md), rule by rule, without a database."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import (
    AnswerInput,
    Band,
    Count,
    IndicatorInput,
    Score,
    band_for,
    score,
    shown,
)

M, YN = 4, 1


def ind(
    code,
    *,
    section="POL.A",
    category="POL",
    pillar="protection",
    weight=1,
    critical=False,
    max_level=M,
    threshold=0,
):
    return IndicatorInput(code, section, category, pillar, weight, critical, max_level, threshold)


def ans(level=None, na=False):
    return AnswerInput(level=level, not_applicable=na)


# --- indicator values, weights and means ------------------------------------------------------


def test_maturity_level_over_four_and_yes_no_as_one_or_zero():
    result = score(
        [ind("A", max_level=M), ind("B", max_level=YN), ind("C", max_level=YN)],
        {"A": ans(3), "B": ans(1), "C": ans(0)},
    )
    assert result.values == {"A": 0.75, "B": 1.0, "C": 0.0}


def test_section_score_is_the_weighted_mean_times_100():
    # (4/4 x 3 + 1/4 x 1) / (3 + 1) x 100 = 81.25
    result = score([ind("A", weight=3), ind("B", weight=1)], {"A": ans(4), "B": ans(1)})
    assert result.sections["POL.A"].score == pytest.approx(81.25)


def test_overall_is_the_mean_of_the_category_scores_which_weigh_equally():
    indicators = [
        ind("P1", category="PLAN", section="PLAN.A"),
        ind("Q1", category="POL"),
        ind("Q2", category="POL"),
        ind("Q3", category="POL"),
    ]
    result = score(indicators, {"P1": ans(4), "Q1": ans(0), "Q2": ans(0), "Q3": ans(0)})
    assert result.categories["PLAN"].score == 100
    assert result.categories["POL"].score == 0
    assert result.overall == 50  # not 25: categories weigh equally, not indicators


def test_not_applicable_is_left_out_of_the_denominator():
    result = score([ind("A"), ind("B")], {"A": ans(4), "B": ans(na=True)})
    assert result.sections["POL.A"].score == 100
    assert result.applicable == 1
    assert result.not_applicable == 1
    assert not result.provisional


def test_unanswered_is_excluded_from_scores_but_makes_the_result_provisional():
    result = score([ind("A"), ind("B")], {"A": ans(2)})
    assert result.sections["POL.A"].score == 50
    assert result.provisional
    assert result.missing == ["B"]
    assert result.percent == 50


def test_a_group_with_nothing_answered_has_no_score_and_is_left_out():
    indicators = [ind("P1", category="PLAN", section="PLAN.A"), ind("Q1", category="POL")]
    result = score(indicators, {"Q1": ans(2)})
    assert result.categories["PLAN"].score is None  # "no score", never 0
    assert result.overall == 50


def test_nothing_answered_gives_no_overall_score_and_no_band():
    result = score([ind("A")], {})
    assert (result.overall, result.band) == (None, None)


def test_pillar_scores_cut_across_categories():
    indicators = [
        ind("A", category="PLAN", section="PLAN.A", pillar="prevention"),
        ind("B", category="POL", pillar="prevention"),
        ind("C", category="POL", pillar="prosecution"),
    ]
    result = score(indicators, {"A": ans(4), "B": ans(2), "C": ans(0)})
    assert result.pillars["prevention"].score == 75
    assert result.pillars["prosecution"].score == 0


# --- bands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, Band.NASCENT),
        (19.99, Band.NASCENT),
        (20, Band.EMERGING),
        (39.9, Band.EMERGING),
        (40, Band.DEVELOPING),
        (59.99, Band.DEVELOPING),
        (60, Band.ESTABLISHED),
        (79.99, Band.ESTABLISHED),
        (80, Band.ADVANCED),
        (100, Band.ADVANCED),
    ],
)
def test_bands(value, band):
    assert band_for(value) is band


# --- shown scores: whole numbers half up, the band of the number shown ------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.5, 1),  # Python's round() gives 0
        (58.5, 59),  # round() gives 58 (half to even)
        (59.5, 60),
        (59.75, 60),
        (60.49, 60),
        (62.49999999999999, 63),  # float noise of a true 62.5
        (62.4999, 62),
        (0, 0),
        (100, 100),
        (None, None),
    ],
)
def test_scores_are_shown_as_whole_numbers_rounded_half_up(value, expected):
    assert shown(value) == expected


def test_the_band_is_the_band_of_the_number_shown():
    assert Score(score=59.5).shown == 60
    assert Score(score=59.5).band is Band.ESTABLISHED  # 60 on the page, so Established
    assert Score(score=59.49).band is Band.DEVELOPING
    assert Score(score=19.5).band is Band.EMERGING
    assert Score(score=None).band is None


def test_the_overall_band_is_the_band_of_the_overall_score_shown():
    indicators = [
        ind("P", category="PLAN", section="PLAN.A"),
        ind("R", category="PRIN", section="PRIN.A"),
        ind("C", category="PRAC", section="PRAC.A"),
        ind("Q1", weight=1),
        ind("Q2", weight=1),
        ind("Q3", weight=2),
    ]
    answers = {"P": ans(3), "R": ans(4), "C": ans(4), "Q1": ans(0), "Q2": ans(1), "Q3": ans(3)}
    result = score(indicators, answers)
    # POL (0 + 0.25 + 0.75 x 2) / 4 = 43.75; overall (75 + 100 + 100 + 43.75) / 4 = 79.6875
    assert result.overall == pytest.approx(79.6875)
    assert result.shown_overall == 80
    assert result.band is Band.ADVANCED  # as 80 reads, not Established as 79.69 would
    assert result.categories["POL"].shown == 44


# --- counts: answered, applicable, complete ---------------------------------------------------


def test_a_count_takes_a_level_or_not_applicable_as_answered():
    count = Count.of([ans(0), ans(4), ans(na=True), ans(), None, ans(2, na=True)])
    assert (count.total, count.answered, count.not_applicable) == (6, 4, 2)
    assert (count.applicable, count.unanswered) == (4, 2)
    assert not count.complete
    assert count.provisional


def test_a_count_is_complete_only_when_everything_is_answered():
    assert Count.of([ans(1), ans(na=True)]).complete
    assert not Count.of([ans(1), None]).complete
    assert Count.of([]).complete  # nothing to answer


@pytest.mark.parametrize(
    ("answered", "total", "percent"),
    [(0, 3, 0), (1, 3, 33), (2, 3, 66), (199, 200, 99), (3, 3, 100), (0, 0, 100)],
)
def test_the_percentage_is_rounded_down_so_100_means_complete(answered, total, percent):
    assert Count(total=total, answered=answered).percent == percent


def test_counts_add_up():
    total = Count.sum([Count(3, 2, 1), Count(4, 4, 0), Count()])
    assert total == Count(total=7, answered=6, not_applicable=1)


def test_the_result_and_every_score_carry_the_same_counts():
    indicators = [ind("A"), ind("B"), ind("C", section="POL.B"), ind("D", section="POL.B")]
    answers = {"A": ans(2), "B": ans(na=True), "C": ans(0)}
    result = score(indicators, answers)
    assert (result.total, result.answered, result.not_applicable) == (4, 3, 1)
    assert result.missing == ["D"]
    assert result.provisional
    section_a, section_b = result.sections["POL.A"], result.sections["POL.B"]
    assert (section_a.total, section_a.answered, section_a.not_applicable) == (2, 2, 1)
    assert (section_b.total, section_b.answered, section_b.complete) == (2, 1, False)
    assert result.categories["POL"].answered == 3
    assert result.pillars["protection"].total == 4


def test_a_group_where_everything_is_not_applicable_has_counts_but_no_score():
    result = score([ind("A"), ind("B")], {"A": ans(na=True), "B": ans(na=True)})
    section = result.sections["POL.A"]
    assert (section.score, section.answered, section.complete) == (None, 2, True)
    assert not result.provisional


# --- gaps, priorities and critical gaps ---------------------------------------------------------


def test_gap_is_target_minus_value_and_priority_weighs_it():
    # target 3 -> 0.75; level 1 -> 0.25; gap 0.5; weight 2; critical doubles: 2.0
    result = score([ind("A", weight=2, critical=True)], {"A": ans(1)}, target_level=3)
    (gap,) = result.gaps
    assert (gap.value, gap.target, gap.gap, gap.priority) == (0.25, 0.75, 0.5, 2.0)
    assert not gap.critical_gap  # not at zero


def test_priority_of_an_indicator_that_is_not_critical_is_not_doubled():
    # target 4 -> 1.0; level 2 -> 0.5; gap 0.5; weight 3: priority 1.5
    result = score([ind("A", weight=3)], {"A": ans(2)}, target_level=4)
    assert result.gaps[0].priority == 1.5


def test_a_gap_says_where_it_is_in_the_framework():
    indicators = [
        ind("A", section="PLAN.A", category="PLAN", pillar="partnership"),
        ind("B", section="POL.B", category="POL", pillar="prosecution"),
    ]
    result = score(indicators, {"A": ans(4), "B": ans(1)})
    (gap,) = result.gaps
    assert (gap.code, gap.section, gap.category, gap.pillar, gap.order) == (
        "B",
        "POL.B",
        "POL",
        "prosecution",
        1,
    )


def test_the_default_target_is_level_3_established():
    assert score([ind("A")], {"A": ans(3)}).gaps == []
    assert [g.target for g in score([ind("A")], {"A": ans(2)}).gaps] == [0.75]


def test_yes_no_target_is_always_yes():
    result = score([ind("A", max_level=YN)], {"A": ans(0)}, target_level=1)
    assert result.gaps[0].target == 1.0


def test_no_gap_at_or_above_target():
    result = score([ind("A"), ind("B")], {"A": ans(3), "B": ans(4)}, target_level=3)
    assert result.gaps == []


def test_gaps_are_ordered_by_priority_then_framework_order():
    indicators = [ind("A", weight=1), ind("B", weight=3), ind("C", weight=1)]
    result = score(indicators, {"A": ans(0), "B": ans(2), "C": ans(0)}, target_level=4)
    # A: 1.0, B: 0.5 x 3 = 1.5, C: 1.0 -> B, then A before C (framework order)
    assert [g.code for g in result.gaps] == ["B", "A", "C"]


def test_critical_gaps_come_first_whatever_their_priority():
    indicators = [ind("A", weight=3), ind("K", critical=True, weight=1)]
    result = score(indicators, {"A": ans(0), "K": ans(0)}, target_level=1)
    # A: 0.25 x 3 = 0.75; K: 0.25 x 1 x 2 = 0.5, but K is a critical gap
    assert [g.code for g in result.gaps] == ["K", "A"]
    assert [g.code for g in result.critical_gaps] == ["K"]


def test_a_critical_gap_caps_the_overall_band_at_developing():
    indicators = [ind(f"A{n}") for n in range(9)] + [ind("K", critical=True, max_level=YN)]
    answers = {f"A{n}": ans(4) for n in range(9)} | {"K": ans(0)}
    result = score(indicators, answers)
    assert result.overall == pytest.approx(90)
    assert result.uncapped_band is Band.ADVANCED
    assert result.band is Band.DEVELOPING
    assert result.capped


def test_a_band_of_developing_is_not_capped():
    # 50 and a critical gap: the band is Developing, which the cap allows; nothing to say.
    indicators = [ind("A"), ind("K", critical=True, max_level=YN)]
    result = score(indicators, {"A": ans(4), "K": ans(0)})
    assert result.band is Band.DEVELOPING
    assert not result.capped


def test_the_cap_never_raises_a_band():
    result = score([ind("K", critical=True)], {"K": ans(0)})
    assert result.band is Band.NASCENT
    assert not result.capped


def test_a_critical_indicator_at_its_own_threshold_is_a_critical_gap():
    # Threshold 1: level 1 ("partial criminalisation") is still a critical gap; level 2 is not.
    indicators = [ind("K", critical=True, threshold=1), ind("L", critical=True, threshold=1)]
    result = score(indicators, {"K": ans(1), "L": ans(2)}, target_level=3)
    assert [(g.code, g.critical_gap) for g in result.gaps] == [("K", True), ("L", False)]


def test_worked_example_4_of_the_docs_a_legal_indicator_with_threshold_one():
    law = ind("POL.PROS.3.1", weight=3, critical=True, threshold=1)
    practice = ind("PRAC.ID.1", section="PRAC.ID", category="PRAC", weight=3, critical=True)
    others = [ind(f"A{n}", weight=3) for n in range(20)]
    answers = {"POL.PROS.3.1": ans(1), "PRAC.ID.1": ans(1)} | {f"A{n}": ans(4) for n in range(20)}
    result = score([law, practice, *others], answers, target_level=3)
    assert [(g.code, g.gap, g.priority, g.critical_gap) for g in result.gaps] == [
        ("POL.PROS.3.1", 0.5, 3.0, True),
        ("PRAC.ID.1", 0.5, 3.0, False),
    ]
    assert result.capped
    assert result.band is Band.DEVELOPING
    amended = score([law, practice, *others], {**answers, "POL.PROS.3.1": ans(2)})
    assert amended.critical_gaps == []
    assert {g.code: g.priority for g in amended.gaps} == {"PRAC.ID.1": 3.0, "POL.PROS.3.1": 1.5}
    assert not amended.capped


def test_a_threshold_on_a_non_critical_indicator_makes_no_critical_gap():
    result = score([ind("A", threshold=1)], {"A": ans(0)}, target_level=3)
    assert result.critical_gaps == []


def test_a_critical_gap_is_listed_and_caps_even_when_the_target_is_at_the_threshold():
    # Target 1 and threshold 1, answered 1: no distance to the target, but still a critical gap.
    indicators = [ind(f"A{n}") for n in range(9)] + [ind("K", critical=True, threshold=1)]
    answers = {f"A{n}": ans(4) for n in range(9)} | {"K": ans(1)}
    result = score(indicators, answers, target_level=1)
    (gap,) = result.gaps
    assert (gap.code, gap.gap, gap.priority, gap.critical_gap) == ("K", 0.0, 0.0, True)
    assert result.band is Band.DEVELOPING
    assert result.capped


def test_not_applicable_on_a_critical_indicator_counts_as_unanswered():
    indicators = [ind("A"), ind("K", critical=True)]
    result = score(indicators, {"A": ans(2), "K": ans(na=True)})
    assert (result.applicable, result.not_applicable, result.answered) == (2, 0, 1)
    assert result.missing == ["K"]
    assert result.provisional


def test_category_targets_override_the_assessment_target_for_gaps_not_scores():
    indicators = [ind("P", category="PLAN", section="PLAN.A"), ind("Q", category="POL")]
    answers = {"P": ans(2), "Q": ans(2)}
    plain = score(indicators, answers, target_level=2)
    raised = score(indicators, answers, target_level=2, category_targets={"POL": 4})
    assert plain.gaps == []
    assert [g.code for g in raised.gaps] == ["Q"]
    assert raised.overall == plain.overall
    assert raised.categories == plain.categories


def test_a_level_outside_the_scale_is_an_error_not_a_silent_score():
    with pytest.raises(ValueError, match="outside"):
        score([ind("A", max_level=YN)], {"A": ans(3)})


# --- properties ------------------------------------------------------------------------------

CATEGORIES = ["PLAN", "PRIN", "POL", "PRAC"]
PILLARS = ["prevention", "protection", "prosecution", "partnership"]


@st.composite
def frameworks(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    indicators, answers = [], {}
    for i in range(n):
        category = draw(st.sampled_from(CATEGORIES))
        max_level = draw(st.sampled_from([M, YN]))
        indicator = IndicatorInput(
            code=f"I{i}",
            section=f"{category}.{draw(st.integers(0, 2))}",
            category=category,
            pillar=draw(st.sampled_from(PILLARS)),
            weight=draw(st.integers(1, 3)),
            critical=draw(st.booleans()),
            max_level=max_level,
            critical_threshold=draw(st.integers(0, max_level - 1)),
        )
        indicators.append(indicator)
        kind = draw(st.sampled_from(["level", "na", "none"]))
        if kind == "level":
            answers[indicator.code] = AnswerInput(level=draw(st.integers(0, max_level)))
        elif kind == "na":
            answers[indicator.code] = AnswerInput(not_applicable=True)
    target = draw(st.integers(1, 4))
    return indicators, answers, target


def all_scores(result):
    groups = [result.categories, result.sections, result.pillars]
    return [result.overall] + [s.score for g in groups for s in g.values()]


@given(frameworks())
def test_scores_stay_between_0_and_100(case):
    indicators, answers, target = case
    for value in all_scores(score(indicators, answers, target_level=target)):
        assert value is None or 0 <= value <= 100


@given(frameworks())
def test_same_input_same_output(case):
    indicators, answers, target = case
    assert score(indicators, answers, target_level=target) == score(
        indicators, answers, target_level=target
    )


@given(frameworks(), st.randoms(use_true_random=False))
def test_the_order_of_answers_changes_nothing(case, rnd):
    indicators, answers, target = case
    shuffled = dict(rnd.sample(list(answers.items()), len(answers)))
    assert score(indicators, shuffled, target_level=target) == score(
        indicators, answers, target_level=target
    )


@given(frameworks(), st.data())
def test_raising_one_answer_never_lowers_any_score(case, data):
    indicators, answers, target = case
    answered = [i for i in indicators if answers.get(i.code, AnswerInput()).level is not None]
    if not answered:
        return
    chosen = data.draw(st.sampled_from(answered))
    level = answers[chosen.code].level
    if level == chosen.max_level:
        return
    before = score(indicators, answers, target_level=target)
    after = score(
        indicators, {**answers, chosen.code: AnswerInput(level=level + 1)}, target_level=target
    )
    for group in ("categories", "sections", "pillars"):
        for name, was in getattr(before, group).items():
            if was.score is not None:  # a group without a score cannot go down
                assert getattr(after, group)[name].score >= was.score - 1e-9
    assert after.overall >= before.overall - 1e-9


@given(frameworks(), st.data())
def test_not_applicable_never_changes_the_other_indicators_contribution(case, data):
    indicators, answers, target = case
    before = score(indicators, answers, target_level=target)
    chosen = data.draw(st.sampled_from(indicators))
    after = score(
        indicators, {**answers, chosen.code: AnswerInput(not_applicable=True)}, target_level=target
    )
    others = {k: v for k, v in before.values.items() if k != chosen.code}
    assert dict(after.values.items()) == others
    before_gaps = {g.code: g for g in before.gaps if g.code != chosen.code}
    assert {g.code: g for g in after.gaps} == before_gaps


@given(frameworks())
def test_gap_is_zero_at_or_above_target(case):
    indicators, answers, target = case
    result = score(indicators, answers, target_level=target)
    gapped = {g.code for g in result.gaps if g.gap > 0}
    for indicator in indicators:
        if indicator.code in result.values:
            t = 1.0 if indicator.max_level == YN else target / 4
            assert (indicator.code in gapped) == (result.values[indicator.code] < t)


@given(frameworks(), st.data())
def test_raising_a_threshold_never_removes_a_critical_gap(case, data):
    indicators, answers, target = case
    chosen = data.draw(st.sampled_from(indicators))
    higher = data.draw(st.integers(chosen.critical_threshold, chosen.max_level - 1))
    raised = [
        replace(i, critical_threshold=higher) if i.code == chosen.code else i for i in indicators
    ]
    before = {g.code for g in score(indicators, answers, target_level=target).critical_gaps}
    after = {g.code for g in score(raised, answers, target_level=target).critical_gaps}
    assert before <= after


@given(frameworks())
def test_every_critical_indicator_at_or_below_its_threshold_is_a_critical_gap(case):
    indicators, answers, target = case
    result = score(indicators, answers, target_level=target)
    expected = {
        i.code
        for i in indicators
        if i.critical
        and answers.get(i.code, AnswerInput()).level is not None
        and answers[i.code].level <= i.critical_threshold
    }
    assert {g.code for g in result.critical_gaps} == expected


def test_ten_thousand_indicators_score_in_one_call():
    rnd = random.Random(7)
    indicators = [ind(f"I{n}", section=f"POL.{n % 50}") for n in range(10_000)]
    answers = {i.code: ans(rnd.randint(0, 4)) for i in indicators}
    result = score(indicators, answers)
    assert result.answered == 10_000
    assert len(result.sections) == 50
