"""The regional figures: latest shared assessment per state, averages, gaps, trends, threshold."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from assessments.models import ShareLevel
from assessments.regional.aggregate import Filters, build, regional_view
from assessments.scoring import shown
from assessments.services import assessment_reopen
from assessments.sharing.services import withdraw_share
from roadmap.models import Edition
from tests.assessments.regional.conftest import shared_assessment
from tests.factories import MemberStateFactory, UserFactory, complete_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return complete_edition(code="pub", status=Edition.Status.PUBLISHED)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_each_state_counts_once_with_its_latest_shared_assessment(states, edition):
    alpha, beta, gamma, _delta = states
    shared_assessment(alpha, edition, level=1, year=2024)
    shared_assessment(alpha, edition, level=4, year=2025)
    shared_assessment(beta, edition, level=2)
    shared_assessment(gamma, edition, level=3)

    region = build(Filters(), demo=True)

    assert [(r.name, r.reporting_year) for r in region.states] == [
        ("Alphaland", 2025),
        ("Betaland", 2025),
        ("Gammaland", 2025),
    ]
    # Maturity 4, 2, 3 -> 100, 50, 75: the average is 75 in every category.
    assert region.overall.value == 75
    assert {a.value for a in region.category_averages.values()} == {75}
    assert region.overall.n == 3


def test_unshared_draft_and_real_states_are_left_out(states, edition):
    alpha, beta, _gamma, _delta = states
    shared_assessment(alpha, edition)
    shared_assessment(beta, edition, share=None)  # submitted, not shared
    real = MemberStateFactory(code="QRL", name="Realstate", is_demo=False)
    shared_assessment(real, edition)

    assert [r.name for r in build(Filters(), demo=True).states] == ["Alphaland"]
    assert [r.name for r in build(Filters(), demo=False).states] == ["Realstate"]


def test_aggregates_of_fewer_than_three_states_are_not_shown(states, edition):
    _alpha, _beta, _gamma, _delta = states
    for state in states:
        shared_assessment(state, edition, level=2)

    everyone = build(Filters(), demo=True)
    pacific = build(Filters(subregion="pacific"), demo=True)

    assert everyone.enough
    assert everyone.overall.value == 50
    assert not pacific.enough
    assert [r.name for r in pacific.states] == ["Deltaland"]
    assert pacific.overall.value is None
    assert not pacific.overall.shown
    assert all(a.value is None for a in pacific.category_averages.values())
    assert pacific.shown_gaps == []


def test_gaps_count_only_states_that_shared_answers_against_established(states, edition):
    alpha, beta, gamma, delta = states
    # Alphaland and Betaland below Established on PLAN.A.1, Gammaland at it; Deltaland shares
    # scores only, so its (low) answers are not counted.
    shared_assessment(alpha, edition, level={"PLAN.A.1": 1}, target_level=1)
    shared_assessment(beta, edition, level={"PLAN.A.1": 2})
    shared_assessment(gamma, edition, level={"PLAN.A.1": 3})
    shared_assessment(delta, edition, level=0, share=ShareLevel.SCORES)

    region = build(Filters(), demo=True)

    assert region.answers_states == 3
    top = region.shown_gaps[0]
    assert (top.code, top.n, top.gaps, top.share) == ("PLAN.A.1", 3, 2, shown(200 / 3))
    assert [g.code for g in region.shown_gaps] == ["PLAN.A.1"]


def test_filters_by_profile_and_year(states, edition):
    alpha, beta, gamma, _delta = states
    shared_assessment(alpha, edition, year=2024, profile_transit=True)
    shared_assessment(beta, edition, year=2025, profile_transit=True)
    shared_assessment(gamma, edition, year=2025)

    assert [r.name for r in build(Filters(profile="transit"), demo=True).states] == [
        "Alphaland",
        "Betaland",
    ]
    assert [r.name for r in build(Filters(year=2025), demo=True).states] == [
        "Betaland",
        "Gammaland",
    ]


def test_trends_average_each_year_and_hide_small_years(states, edition):
    alpha, beta, gamma, delta = states
    for state, level in zip([alpha, beta, gamma], [1, 2, 3], strict=True):
        shared_assessment(state, edition, level=level, year=2024)
        shared_assessment(state, edition, level=level + 1, year=2025)
    shared_assessment(delta, edition, level=4, year=2023)

    trends = {p.year: p for p in build(Filters(), demo=True).trends}

    assert trends[2024].overall.value == 50
    assert trends[2025].overall.value == 75
    assert not trends[2023].shown
    assert trends[2023].overall.value is None


def test_withdrawing_or_reopening_removes_a_state_at_once_through_the_cache(states, edition):
    alpha, beta, gamma, _delta = states
    a = shared_assessment(alpha, edition)
    b = shared_assessment(beta, edition)
    shared_assessment(gamma, edition)
    assert len(regional_view(Filters(), demo=True).states) == 3

    withdraw_share(assessment=a, by=UserFactory())
    assert [r.name for r in regional_view(Filters(), demo=True).states] == [
        "Betaland",
        "Gammaland",
    ]
    assessment_reopen(assessment=b, by=UserFactory(), reason="Correction")
    assert [r.name for r in regional_view(Filters(), demo=True).states] == ["Gammaland"]


def test_editions_are_compared_by_code_and_their_mix_is_reported(states, edition):
    alpha, beta, gamma, _delta = states
    edition.status = Edition.Status.RETIRED
    edition.save()
    newer = complete_edition(code="new", name="Newer edition", status=Edition.Status.PUBLISHED)
    shared_assessment(alpha, edition, level={"PLAN.A.1": 1})
    shared_assessment(beta, newer, level={"PLAN.A.1": 1})
    shared_assessment(gamma, newer, level={"PLAN.A.1": 1})

    region = build(Filters(), demo=True)

    assert dict(region.editions) == {edition.name: 1, "Newer edition": 2}
    assert region.shown_gaps[0].code == "PLAN.A.1"
    assert region.shown_gaps[0].n == 3


def test_query_string_filters_are_validated():
    filters, errors = Filters.from_query({"subregion": "atlantis", "year": "20x5", "profile": ""})
    assert filters == Filters()
    assert len(errors) == 2
    filters, errors = Filters.from_query({"subregion": "pacific", "year": "2025"})
    assert filters == Filters(subregion="pacific", year=2025)
    assert errors == []


def test_the_year_filter_offers_every_shared_year_whatever_the_other_filters(states, edition):
    alpha, beta, _gamma, delta = states
    shared_assessment(alpha, edition, year=2023)
    shared_assessment(beta, edition, year=2025)
    shared_assessment(delta, edition, year=2024)
    shared_assessment(beta, edition, year=2026, share=None)  # not shared: not offered

    assert build(Filters(subregion="pacific", year=2025), demo=True).years == [2023, 2024, 2025]


def test_deleting_a_shared_assessment_leaves_the_cached_figures_at_once(states, edition):
    alpha, beta, gamma, _delta = states
    first = shared_assessment(alpha, edition)
    shared_assessment(beta, edition)
    shared_assessment(gamma, edition)
    assert len(regional_view(Filters(), demo=True).states) == 3

    # Deleting it (an administrator, a demo reset) deletes its log entries too, while the
    # newest log entry stays: the figures must not keep the deleted assessment.
    first.delete()

    assert [r.name for r in regional_view(Filters(), demo=True).states] == [
        "Betaland",
        "Gammaland",
    ]


def test_a_moved_renamed_or_reflagged_state_leaves_the_cached_view_at_once(states, edition):
    """None of these writes a sharing log entry, so the share version alone would not move."""
    alpha, beta, gamma, delta = states
    a = shared_assessment(alpha, edition)
    for state in (beta, gamma, delta):
        shared_assessment(state, edition)
    south_east = Filters(subregion="south_east_asia")
    assert len(regional_view(south_east, demo=True).states) == 3
    assert len(regional_view(Filters(), demo=True).states) == 4

    a.delete()  # e.g. by an administrator; its share and log entries go with it
    assert [r.name for r in regional_view(Filters(), demo=True).states] == [
        "Betaland",
        "Deltaland",
        "Gammaland",
    ]
    gamma.subregion = "pacific"
    gamma.save()
    assert [r.name for r in regional_view(south_east, demo=True).states] == ["Betaland"]
    beta.is_demo = False
    beta.save()
    assert "Betaland" not in [r.name for r in regional_view(Filters(), demo=True).states]
    assert [r.name for r in regional_view(Filters(), demo=False).states] == ["Betaland"]


def test_the_cache_keeps_one_entry_per_language():
    from django.utils import translation

    from assessments.regional.aggregate import cache_key

    with translation.override("en"):
        english = cache_key(Filters(), demo=True)
    with translation.override("id"):
        indonesian = cache_key(Filters(), demo=True)
    assert english != indonesian
