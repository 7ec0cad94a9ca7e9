"""Synthetic shared assessments of fictional member states, and the regional part of the demo."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Avg
from django.utils import timezone

from assessments.models import Answer, Assessment, AssessmentEvent, MemberState, Subregion
from assessments.regional import synthetic
from assessments.regional.aggregate import Filters, cache_key
from assessments.services import missing_answers
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry
from assessments.sharing.services import withdraw_share
from roadmap.models import Edition, Indicator, Scale
from tests.assessments.conftest import add_section
from tests.factories import (
    AssessmentFactory,
    IndicatorFactory,
    MemberStateFactory,
    SectionFactory,
    complete_edition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_edition(db) -> Edition:
    """Published: the four categories, 40 more indicators, a critical one, a yes/no one and
    one for countries of destination only."""
    edition = complete_edition(code="small", status=Edition.Status.PUBLISHED)
    section = add_section(edition, "POL.T", 40)
    IndicatorFactory(section=section, code="POL.T.CRIT", critical=True, critical_threshold=1)
    IndicatorFactory(
        section=section, code="POL.T.YN", scale=Scale.objects.get(edition=edition, code="yes-no")
    )
    other = SectionFactory(category=section.category, code="POL.D")
    IndicatorFactory(
        section=other, code="POL.D.1", applies_to_origin=False, applies_to_transit=False
    )
    return edition


@pytest.fixture
def real_state(small_edition) -> MemberState:
    """A real member state with a submitted assessment that it shares."""
    state = MemberStateFactory(code="IDN", name="Indonesia", is_demo=False)
    assessment = AssessmentFactory(member_state=state, edition=small_edition, status="submitted")
    Share.objects.create(assessment=assessment, level=ShareLevel.SCORES, shared_at=timezone.now())
    return state


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("regional_demo_data", *args, stdout=out)
    return out.getvalue()


def fictional():
    return Assessment.objects.filter(member_state__in=synthetic.synthetic_states())


def snapshot(assessments) -> dict[str, object]:
    return {
        "assessments": sorted(assessments.values_list("pk", "reporting_year", "submitted_at")),
        "answers": Answer.objects.filter(assessment__in=assessments).count(),
        "shares": sorted(Share.objects.filter(assessment__in=assessments).values_list()),
        "log": sorted(ShareLogEntry.objects.filter(assessment__in=assessments).values_list()),
        "events": AssessmentEvent.objects.filter(assessment__in=assessments).count(),
    }


def test_the_command_refuses_to_run_in_production(settings, small_edition):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="for demonstrations and benchmarks only"):
        run("--states", "2", "--years", "1")
    assert not MemberState.objects.exists()
    assert not Assessment.objects.exists()


def test_it_creates_submitted_fully_answered_shared_assessments_of_fictional_states(
    settings, small_edition, real_state
):
    settings.DEBUG = True
    real = snapshot(Assessment.objects.filter(member_state=real_state))
    out = run("--states", "4", "--years", "2", "--last-year", "2025")

    assert "8 submitted assessments of 4 fictional member states (2024-2025)" in out
    states = list(synthetic.synthetic_states().order_by("code"))
    assert [s.code for s in states] == ["QMA", "QMB", "QMC", "QMD"]
    assert all(s.is_demo and s.verified and s.name.endswith(" (fictional)") for s in states)
    assessments = fictional()
    assert assessments.count() == 8
    assert Counter(assessments.values_list("reporting_year", flat=True)) == {2024: 4, 2025: 4}
    for assessment in assessments:
        assert assessment.status == Assessment.Status.SUBMITTED
        assert assessment.edition == small_edition
        assert missing_answers(assessment) == []
        assert assessment.created_at < assessment.submitted_at
        assert assessment.submitted_at.year == assessment.reporting_year
        assert assessment.share.shared_at > assessment.submitted_at
        log = assessment.share_log.get()
        assert (log.kind, log.level) == (ShareLogEntry.Kind.SHARED, assessment.share.level)
        assert log.at == assessment.share.shared_at
        assert log.by_name.endswith("focal point (fictional)")
        assert sorted(assessment.events.values_list("kind", flat=True)) == [
            "created",
            "submitted",
        ]
    # Mixed levels: scores only, scores and answers, and with evidence.
    levels = set(
        Share.objects.filter(assessment__in=assessments).values_list("level", "include_evidence")
    )
    assert levels == {("answers", True), ("answers", False), ("scores", False)}
    # Profiles differ, so the destination-only indicator is answered by some states only.
    answered_d = Answer.objects.filter(assessment__in=assessments, indicator__code="POL.D.1")
    assert 0 < answered_d.count() < 8
    # Synthetic answers write no history (nobody edited them).
    assert not Answer.history.filter(assessment__in=assessments).exists()
    # The real member state's shared assessment is untouched, and so is its share.
    assert snapshot(Assessment.objects.filter(member_state=real_state)) == real


def test_running_again_replaces_the_fictional_data_and_never_duplicates(
    settings, small_edition, real_state
):
    settings.DEBUG = True
    from assessments.demo import DEMO_STATE_CODE

    demoland = MemberStateFactory(code=DEMO_STATE_CODE, name="Demoland (fictional)")
    demo_assessment = AssessmentFactory(member_state=demoland, edition=small_edition)
    run("--states", "4", "--years", "2")
    first = snapshot(fictional())
    key = cache_key(Filters(), demo=True)

    out = run("--states", "4", "--years", "2")

    assert "deleted 8 earlier synthetic assessments" in out
    second = snapshot(fictional())
    assert second["answers"] == first["answers"]
    assert len(second["assessments"]) == len(first["assessments"]) == 8
    assert synthetic.synthetic_states().count() == 4
    # New rows, so the regional view's cache key moves on.
    assert cache_key(Filters(), demo=True) != key
    # Replacing writes no "deleted" history rows for ~35,000 answers either.
    ids = [row[0] for row in first["assessments"] + second["assessments"]]
    assert not Answer.history.filter(assessment_id__in=ids).exists()
    assert Assessment.objects.filter(pk=demo_assessment.pk).exists()
    assert Assessment.objects.filter(member_state=real_state).count() == 1

    run("--states", "2", "--years", "3")
    assert fictional().count() == 6
    assert synthetic.synthetic_states().count() == 2


def test_clear_removes_the_fictional_states_only(settings, small_edition, real_state):
    settings.DEBUG = True
    run("--states", "3", "--years", "1")

    out = run("--clear")

    assert "deleted 3 earlier synthetic assessments" in out
    assert not synthetic.synthetic_states().exists()
    assert list(Assessment.objects.values_list("member_state__code", flat=True)) == ["IDN"]


def test_a_real_member_state_with_a_code_of_the_range_is_refused_and_left_alone(
    settings, small_edition
):
    settings.DEBUG = True
    clash = MemberStateFactory(code="QMB", name="Not fictional", is_demo=False)

    with pytest.raises(CommandError, match="QMB is not a demo state"):
        run("--states", "3", "--years", "1")

    clash.refresh_from_db()
    assert clash.name == "Not fictional"
    assert not Assessment.objects.exists()


def test_the_number_of_queries_does_not_grow_with_the_assessments(small_edition):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for states, years in ((2, 1), (8, 4)):
        synthetic.clear()
        with CaptureQueriesContext(connection) as queries:
            synthetic.generate(states, years, last_year=2025)
        counts.append(len(queries))
    assert fictional().count() == 32
    assert counts[0] == counts[1] <= 20


def test_levels_vary_by_state_and_mostly_improve_over_the_years(small_edition):
    synthetic.generate(12, 4, last_year=2025)
    answers = Answer.objects.filter(assessment__in=fictional(), level__isnull=False)
    by_year = dict(
        answers.values_list("assessment__reporting_year").annotate(Avg("level")).order_by()
    )
    assert by_year[2022] < by_year[2023] < by_year[2024] < by_year[2025]
    latest = answers.filter(assessment__reporting_year=2025)
    by_state = latest.values("assessment__member_state").annotate(mean=Avg("level"))
    means = sorted(row["mean"] for row in by_state)
    assert means[-1] - means[0] >= 1  # strong and weak states, not one profile
    assert set(latest.values_list("level", flat=True)) == {0, 1, 2, 3, 4}
    # Some answers have comments and links; every level has its evidence text.
    assert answers.exclude(comment="").exists()
    assert answers.exclude(evidence_links="").exists()
    assert not answers.filter(evidence="").exists()
    yes_no = answers.filter(indicator__code="POL.T.YN").values_list("level", flat=True)
    assert set(yes_no) <= {0, 1}


def test_not_applicable_never_on_a_critical_indicator_and_always_justified():
    state = synthetic.FictionalState(0)
    scale = Scale(kind=Scale.Kind.MATURITY)
    answers = {
        critical: [
            synthetic.answer_values(
                synthetic.SEED,
                state,
                Indicator(code=f"POL.X.{n}", critical=critical, scale=scale),
                2025,
                0,
            )
            for n in range(500)
        ]
        for critical in (False, True)
    }
    not_applicable = [a for a in answers[False] if a.get("not_applicable")]
    assert 5 <= len(not_applicable) <= 50  # about one in 25
    assert all("Norvania" in a["na_justification"] for a in not_applicable)
    assert not any(a.get("not_applicable") for a in answers[True])
    assert all(a["level"] is not None and a["evidence"] for a in answers[True])


def test_fictional_states_are_named_and_coded_so_that_no_one_takes_them_for_real():
    states = [synthetic.FictionalState(i) for i in range(synthetic.MAX_STATES)]
    codes = [s.code for s in states]
    names = [s.name for s in states]
    assert len(set(codes)) == len(set(names)) == synthetic.MAX_STATES
    # QMA-QZZ: left by ISO 3166 for user assignment, so never a country's code.
    assert all("QMA" <= code <= "QZZ" for code in codes)
    assert all(name.endswith(" (fictional)") for name in names)
    # At the benchmark's size every subregion has states enough for its aggregates.
    subregions = Counter(s.subregion for s in states[:45])
    assert set(subregions) == set(Subregion.values)
    assert min(subregions.values()) >= 3


# The demo (`make run`): fictional neighbours for the regional view, and Demoland's share.


def demo_snapshot() -> dict[str, object]:
    return {
        "states": sorted(MemberState.objects.values_list()),
        **snapshot(Assessment.objects.all()),
    }


def shared_states(shares, **filters) -> set[str]:
    return set(shares.filter(**filters).values_list("assessment__member_state__code", flat=True))


def test_the_demo_shares_demolands_2025_assessment_and_adds_fictional_neighbours(
    framework_module, settings
):
    from assessments.demo import DEMO_STATE_CODE, FOCAL
    from assessments.regional import demo

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)

    demoland = Assessment.objects.filter(member_state__code=DEMO_STATE_CODE)
    shared = demoland.get(reporting_year=2025)
    assert (shared.share.level, shared.share.include_evidence) == (ShareLevel.ANSWERS, False)
    assert shared.share.shared_by.email == FOCAL.email
    entry = shared.share_log.get()
    assert (entry.kind, entry.by_name) == (ShareLogEntry.Kind.SHARED, FOCAL.full_name)
    assert shared.submitted_at < entry.at == shared.share.shared_at < timezone.now()
    assert not Share.objects.filter(assessment__in=demoland.exclude(pk=shared.pk)).exists()

    states = synthetic.synthetic_states()
    assert states.count() == demo.STATES == 8
    assessments = fictional()
    assert assessments.count() == 22  # 2023-2025; every third state from 2024 only
    assert set(assessments.values_list("reporting_year", flat=True)) == {2023, 2024, 2025}
    assert all(missing_answers(a) == [] for a in assessments.filter(reporting_year=2025))

    # What the regional view of the demo counts (REGIONAL_DEMO_DATA: demo states only).
    shares = Share.objects.for_region(demo=True)
    minimum = settings.REGIONAL_MIN_STATES
    assert len(shared_states(shares)) == 9
    assert len(shared_states(shares, level=ShareLevel.ANSWERS)) >= minimum  # the gaps
    for year in (2023, 2024, 2025):
        assert len(shared_states(shares, assessment__reporting_year=year)) >= minimum
    for profile in ("origin", "transit", "destination"):
        assert len(shared_states(shares, **{f"assessment__profile_{profile}": True})) >= minimum
    pairs = shares.values_list("assessment__member_state", "assessment__member_state__subregion")
    by_subregion = Counter(subregion for _state, subregion in set(pairs))
    assert by_subregion[Subregion.SOUTH_EAST_ASIA] >= minimum
    assert by_subregion[Subregion.SOUTH_ASIA] >= minimum
    # Filtering to the Pacific shows why nothing is shown there.
    assert 0 < by_subregion[Subregion.PACIFIC] < minimum


def test_loading_the_demo_again_changes_nothing_and_a_withdrawal_stays(framework_module, settings):
    from assessments.demo import DEMO_STATE_CODE, FOCAL
    from assessments.models import User

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    first = demo_snapshot()

    call_command("load_demo", verbosity=0)

    assert demo_snapshot() == first
    shared = Assessment.objects.get(member_state__code=DEMO_STATE_CODE, reporting_year=2025)
    withdraw_share(assessment=shared, by=User.objects.get(email=FOCAL.email))
    call_command("load_demo", verbosity=0)
    assert not Share.objects.filter(assessment=shared).exists()


def test_a_database_from_before_the_regional_demo_gets_it_on_the_next_make_run(
    framework_module, settings
):
    from assessments.demo import DEMO_STATE_CODE

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    synthetic.clear()
    ShareLogEntry.objects.all().delete()
    Share.objects.all().delete()

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert "Demoland's assessments already exist" in out.getvalue()
    assert "8 fictional member states with 22 shared assessments" in out.getvalue()
    assert "Demoland's 2025 assessment shared with the RSO" in out.getvalue()
    assert Share.objects.filter(
        assessment__member_state__code=DEMO_STATE_CODE, assessment__reporting_year=2025
    ).exists()
