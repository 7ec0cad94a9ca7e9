"""The plan as rows, now or as it stood at a moment (assessments/plans/snapshot.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.plans.models import Action, ActionIndicator
from assessments.plans.snapshot import (
    PlanRow,
    agency_labels,
    load_plan,
    plan_as_of,
    plan_day,
    plan_rows,
)
from tests.factories import ActionFactory, AgencyFactory, MemberStateFactory

pytestmark = pytest.mark.django_db


def rows_of(state, *, as_of=None, day=date(2026, 6, 1)) -> list[PlanRow]:
    return plan_rows(load_plan(state.pk, as_of=as_of), agency_labels(state.pk), day=day)


def test_the_plan_as_of_a_moment_keeps_the_fields_partners_and_aims_of_then(state):
    lead = AgencyFactory(member_state=state, name="Ministry of Labour", short_name="MoL")
    police, court = AgencyFactory(member_state=state), AgencyFactory(member_state=state)
    action = ActionFactory(
        member_state=state, objective="Old objective", lead_agency=lead, aims={"POL.T.1": 2}
    )
    action.partners.set([police])
    moment = timezone.now()

    action.objective = "New objective"
    action.status = Action.Status.DONE
    action.lead_agency = court
    action.save()
    action.partners.set([court])
    aim = ActionIndicator.objects.get(action=action)
    aim.aimed_level = 4
    aim.save()
    ActionIndicator.objects.create(action=action, indicator_code="POL.T.2", aimed_level=3)
    ActionFactory(member_state=state, objective="Made later")

    [then] = rows_of(state, as_of=moment)
    assert (then.objective, then.status, then.lead) == ("Old objective", "planned", "MoL")
    assert then.partners == (police.name,)
    assert [(a.code, a.aimed_level) for a in then.aims] == [("POL.T.1", 2)]
    now = {r.objective: r for r in rows_of(state)}
    assert set(now) == {"New objective", "Made later"}
    assert now["New objective"].lead == court.name
    assert now["New objective"].partners == (court.name,)
    assert [(a.code, a.aimed_level) for a in now["New objective"].aims] == [
        ("POL.T.1", 4),
        ("POL.T.2", 3),
    ]


def test_an_action_deleted_later_is_still_in_the_plan_of_before(state):
    action = ActionFactory(member_state=state, objective="Deleted later", aims={"POL.T.1": 3})
    moment = timezone.now()
    action.delete()
    assert [r.objective for r in rows_of(state, as_of=moment)] == ["Deleted later"]
    assert rows_of(state) == []


def test_another_member_states_actions_are_never_in_the_rows(state):
    ActionFactory(member_state=MemberStateFactory(), objective="Theirs")
    mine = ActionFactory(member_state=state, objective="Mine")
    assert [r.pk for r in rows_of(state)] == [mine.pk]
    assert [r.pk for r in rows_of(state, as_of=timezone.now())] == [mine.pk]


@pytest.mark.parametrize("as_of", [None, "now"])
def test_loading_the_plan_takes_three_queries_whatever_the_number_of_actions(
    state, django_assert_num_queries, as_of
):
    agencies = [AgencyFactory(member_state=state) for _ in range(3)]
    for n in range(12):
        action = ActionFactory(member_state=state, aims={"POL.T.1": 3, f"POL.T.{n}": 2})
        action.partners.set(agencies[: n % 3])
    moment = timezone.now() if as_of else None
    with django_assert_num_queries(3):
        raw = load_plan(state.pk, as_of=moment)
    assert len(raw) == 12
    assert sum(len(r.partner_ids) for r in raw) == 12


def test_rows_are_by_due_date_with_undated_actions_last(state):
    ActionFactory(member_state=state, objective="Undated")
    ActionFactory(member_state=state, objective="Later", due_date=date(2027, 1, 1))
    ActionFactory(member_state=state, objective="Sooner", due_date=date(2026, 3, 1))
    assert [r.objective for r in rows_of(state)] == ["Sooner", "Later", "Undated"]


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("planned", date(2026, 5, 31), True),
        ("in_progress", date(2026, 5, 31), True),
        ("planned", date(2026, 6, 1), False),  # due today is not late yet
        ("done", date(2026, 1, 1), False),
        ("dropped", date(2026, 1, 1), False),
        ("planned", None, False),
    ],
)
def test_open_actions_past_their_due_date_are_overdue_on_the_day(state, status, due, overdue):
    ActionFactory(member_state=state, status=status, due_date=due)
    assert rows_of(state, day=date(2026, 6, 1))[0].overdue is overdue


@pytest.mark.parametrize(
    ("amount", "currency", "note", "shown"),
    [
        (Decimal("25000"), "USD", "", "25,000 USD"),
        (Decimal("1234.5"), "EUR", "", "1,234.50 EUR"),
        (None, "", "Within the ministry's budget", "Within the ministry's budget"),
        (Decimal("100"), "USD", "from donors", "100 USD; from donors"),
        (None, "", "", ""),
    ],
)
def test_the_budget_reads_as_amount_currency_and_note(state, amount, currency, note, shown):
    ActionFactory(
        member_state=state, budget_amount=amount, budget_currency=currency, budget_note=note
    )
    assert rows_of(state)[0].budget == shown


def test_a_submitted_assessments_plan_is_the_plan_at_submission(assessment):
    assert plan_as_of(assessment) is None
    assessment.status = "submitted"
    assessment.submitted_at = timezone.now() - timedelta(days=40)
    assert plan_as_of(assessment) == assessment.submitted_at
    assert plan_day(plan_as_of(assessment)) == timezone.localdate() - timedelta(days=40)
    assert plan_day(None) == timezone.localdate()
