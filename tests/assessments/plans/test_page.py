"""The plan page: groups, sorting, filters, the timeline beside its table, a fixed query count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Action
from tests.factories import ActionFactory, AgencyFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """The actions' objectives in the order of the table beside the timeline."""
    table = response.content.decode().split('class="table table-sm plan-table"')[1]
    return re.findall(r'<a href="/plan/actions/\d+/">([^<]+)</a>', table.split("</table>")[0])


@pytest.fixture
def plan(answered):
    """Three actions on the gaps POL.T.1 (priority 1.0, done), POL.T.2 (0.5, overdue) and
    POL.A.1 (1.5)."""
    today = timezone.localdate()
    state = answered.member_state
    police = AgencyFactory(member_state=state, name="National Police")
    labour = AgencyFactory(member_state=state, name="Ministry of Labour")
    return {
        "late": ActionFactory(
            member_state=state,
            found_in=answered,
            objective="Late action",
            aims={"POL.T.2": 3},
            lead_agency=police,
            start_date=today - timedelta(days=200),
            due_date=today - timedelta(days=10),
            status=Action.Status.IN_PROGRESS,
        ),
        "urgent": ActionFactory(
            member_state=state,
            found_in=answered,
            objective="Urgent action",
            aims={"POL.A.1": 3},
            start_date=today,
            due_date=today + timedelta(days=300),
        ),
        "done": ActionFactory(
            member_state=state,
            found_in=answered,
            objective="Done action",
            aims={"POL.T.1": 3},
            lead_agency=labour,
            start_date=today - timedelta(days=400),
            due_date=today - timedelta(days=30),
            status=Action.Status.DONE,
        ),
    }


def test_open_actions_are_sorted_by_priority_or_by_due_date_and_closed_ones_follow(
    client, focal, plan
):
    client.force_login(focal)
    by_priority = client.get(reverse("plan"))
    assert titles(by_priority) == ["Urgent action", "Late action", "Done action"]
    by_due = client.get(reverse("plan"), {"sort": "due"})
    assert titles(by_due) == ["Late action", "Urgent action", "Done action"]
    plan["done"].status = Action.Status.PLANNED
    plan["done"].save()
    # Open again, it takes its place: priority 1.0 of POL.T.1, between 1.5 and 0.5.
    assert titles(client.get(reverse("plan"))) == ["Urgent action", "Done action", "Late action"]


def test_filters_by_status_and_by_agency(client, focal, plan):
    client.force_login(focal)
    assert titles(client.get(reverse("plan"), {"status": "done"})) == ["Done action"]
    police = plan["late"].lead_agency
    plan["urgent"].partners.add(police)
    assert titles(client.get(reverse("plan"), {"agency": police.pk})) == [
        "Urgent action",
        "Late action",
    ]


def test_an_unknown_filter_is_ignored_and_said_so(client, focal, plan):
    client.force_login(focal)
    response = client.get(reverse("plan"), {"status": "finished", "agency": "x", "sort": "?"})
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "“finished” is not a filter of this page" in response.content.decode()


def test_actions_are_grouped_by_category_or_by_pillar(client, focal, plan):
    client.force_login(focal)
    page = client.get(reverse("plan")).context["page"]
    assert [(g.key, len(g.rows)) for g in page.groups] == [("POL", 3)]
    by_pillar = client.get(reverse("plan"), {"group": "pillar"}).context["page"]
    assert [(g.key, len(g.rows)) for g in by_pillar.groups] == [("protection", 3)]


def test_the_timeline_marks_the_overdue_action_and_today(client, focal, plan):
    client.force_login(focal)
    body = client.get(reverse("plan")).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert svg.count('class="timeline-bar') == 3
    assert svg.count("timeline-bar status-in_progress overdue") == 1  # the late one only
    assert 'class="timeline-today"' in svg
    assert 'class="overdue-row"' in body  # the table beside it says it too
    assert "style=" not in svg  # the CSP forbids inline style


def test_the_plan_page_asks_a_fixed_number_of_queries(client, focal, answered):
    client.force_login(focal)
    client.get(reverse("plan"))  # the first request reads the edition's structure into the cache

    def count(n: int) -> int:
        Action.objects.all().delete()
        agency = AgencyFactory(member_state=answered.member_state)
        for i in range(n):
            action = ActionFactory(
                member_state=answered.member_state,
                found_in=answered,
                aims={"POL.T.1": 3, "POL.T.2": 4},
                lead_agency=agency,
                due_date=timezone.localdate() + timedelta(days=i),
            )
            action.partners.add(agency)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("plan")).status_code == 200
        return len(queries)

    few = count(2)
    assert few > 5  # counted for real
    assert count(20) == few


def test_a_viewer_reads_the_plan_without_links_to_change_it(client, viewer, plan):
    client.force_login(viewer)
    body = client.get(reverse("plan")).content.decode()
    assert "Late action" in body
    assert "/actions/new/" not in body
    assert "/edit/" not in body


def test_another_member_states_plan_is_not_shown(client, other_focal, plan):
    client.force_login(other_focal)
    body = client.get(reverse("plan")).content.decode()
    assert "Late action" not in body
    assert "The plan has no action yet" in body
