"""Results in the reader's words: level names, gaps by category, named changes, weights."""

from __future__ import annotations

import pytest

from assessments.display import (
    LevelNames,
    changes_by_section,
    gap_groups,
    gap_views,
    indicator_changes,
    section_breakdown,
)
from assessments.models import Answer, CategoryTarget
from assessments.results import assessment_results
from roadmap.models import Indicator
from tests.assessments.conftest import add_section
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def answer(assessment, code, level=None, na=False):
    Answer.objects.update_or_create(
        assessment=assessment,
        indicator=Indicator.objects.get(edition=assessment.edition, code=code),
        defaults={"level": level, "not_applicable": na, "na_justification": "x" if na else ""},
    )


def names_for(edition) -> LevelNames:
    return LevelNames.for_edition(edition.pk)


def test_maturity_levels_are_named_with_their_number_and_yes_no_without(edition, yes_no):
    names = names_for(edition)
    maturity = Indicator.objects.select_related("scale").get(edition=edition, code="POL.T.1")
    assert names.level(maturity, 0) == "0 Not in place"
    assert names.fraction(maturity, 0.75) == "3 Established"
    maturity.scale = yes_no
    maturity.scale_id = yes_no.pk
    assert names.fraction(maturity, 1.0) == "Yes"
    assert names.fraction(maturity, 0.0) == "No"


def test_a_target_level_is_named_on_the_maturity_scale(edition):
    assert names_for(edition).target_level(4) == "4 Advanced"


def test_gaps_name_the_answer_and_the_target_of_their_own_category(assessment):
    CategoryTarget.objects.create(assessment=assessment, category="POL", level=4)
    answer(assessment, "POL.T.1", 1)
    answer(assessment, "PLAN.A.1", 0)
    results = assessment_results(assessment)
    views = {v.gap.code: v for v in gap_views(results, names_for(assessment.edition))}
    assert (views["POL.T.1"].answer, views["POL.T.1"].target) == ("1 Initial", "4 Advanced")
    assert (views["PLAN.A.1"].answer, views["PLAN.A.1"].target) == (
        "0 Not in place",
        "3 Established",
    )


def test_a_yes_no_gap_reads_no_to_yes(assessment, yes_no):
    Indicator.objects.filter(edition=assessment.edition, code="PRAC.A.1").update(scale=yes_no)
    answer(assessment, "PRAC.A.1", 0)
    results = assessment_results(assessment)
    (view,) = gap_views(results, names_for(assessment.edition))
    assert (view.answer, view.target) == ("No", "Yes")


def test_the_first_ten_gaps_stay_open_and_the_rest_fold_under_their_category(assessment):
    add_section(assessment.edition, "PRAC.X", 12, category="PRAC")
    for indicator in assessment.applicable_indicators():
        answer(assessment, indicator.code, 2)
    Indicator.objects.filter(edition=assessment.edition, code="POL.T.3").update(weight=3)
    answer(assessment, "POL.T.3", 0)
    results = assessment_results(assessment)
    views = gap_views(results, names_for(assessment.edition))
    groups = gap_groups(views, results.categories)

    assert groups[0].category.code == "POL"  # holds the gap with the highest priority
    assert groups[0].shown[0].gap.code == "POL.T.3"
    shown = [v.rank for g in groups for v in g.shown]
    assert sorted(shown) == list(range(1, 11))
    assert sum(len(g.folded) for g in groups) == len(views) - 10
    for group in groups:
        ranks = [v.rank for v in group.shown + group.folded]
        assert ranks == sorted(ranks)
        assert {v.gap.category for v in group.shown + group.folded} == {group.category.code}


def test_no_gap_gives_no_group(assessment):
    for indicator in assessment.applicable_indicators():
        answer(assessment, indicator.code, 4)
    results = assessment_results(assessment)
    assert gap_groups(gap_views(results, names_for(assessment.edition)), results.categories) == []


def test_changes_name_the_indicators_and_their_levels(edition, state):
    before = AssessmentFactory(
        edition=edition, member_state=state, reporting_year=2025, status="submitted"
    )
    now = AssessmentFactory(edition=edition, member_state=state, reporting_year=2026)
    for assessment in (before, now):
        for indicator in assessment.applicable_indicators():
            answer(assessment, indicator.code, 1)
    answer(now, "POL.T.2", 3)
    answer(now, "PRAC.A.1", 0)
    results = assessment_results(now)
    changes = indicator_changes(results.comparison, names_for(edition))
    assert [(c.indicator.code, c.before, c.after, c.improved) for c in changes] == [
        ("POL.T.2", "1 Initial", "3 Established", True),
        ("PRAC.A.1", "1 Initial", "0 Not in place", False),
    ]
    by_section = changes_by_section(changes, results.sections)
    assert [c.indicator.code for c in by_section["POL.T"]] == ["POL.T.2"]


def test_the_breakdown_of_a_section_shows_every_answer_and_weight(assessment):
    Indicator.objects.filter(edition=assessment.edition, code="POL.T.1").update(weight=3)
    answer(assessment, "POL.T.1", 4)
    answer(assessment, "POL.T.2", na=True)
    results = assessment_results(assessment)
    section = next(s for s in results.sections if s.code == "POL.T")
    rows = section_breakdown(results, names_for(assessment.edition))[section.pk]
    assert [(r.indicator.code, r.answer, r.counted) for r in rows] == [
        ("POL.T.1", "4 Advanced", True),
        ("POL.T.2", "Not applicable", False),
        ("POL.T.3", "Not answered", False),
    ]
    assert rows[0].indicator.weight == 3


def test_level_names_cost_one_query(edition, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = names_for(edition)
    assert len(names.labels) == 5 + 2  # the maturity and the yes/no scale
