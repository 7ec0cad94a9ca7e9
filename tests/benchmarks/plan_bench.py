"""Action plan benchmarks: projected scores and the plan page with 200 actions."""

from __future__ import annotations

import random
from datetime import timedelta

from tests.benchmarks.scoring_bench import synthetic, timed

ACTIONS = 200


def bench_projection_pure(report) -> None:
    """The pure projection: the full framework's size, 200 actions of every status."""
    from assessments.plans.models import Action
    from assessments.projection import Aim, project

    rnd = random.Random(3)
    indicators, answers = synthetic(150)
    aims = [
        Aim(rnd.choice(indicators).code, rnd.randint(1, 4), rnd.choice(Action.Status.values))
        for _ in range(ACTIONS)
    ]
    report(
        f"project 150 indicators, {ACTIONS} actions (pure)",
        timed(lambda: project(indicators, answers, aims), 200),
    )


def bench_plan(report) -> None:
    """Projected scores from the database and the plan page, for 200 actions."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from assessments.models import Answer, Role
    from assessments.plans.models import Action, Agency
    from assessments.plans.projected import projected_result
    from roadmap.models import Edition
    from tests.factories import ActionFactory, AssessmentFactory, MemberFactory

    bench_projection_pure(report)
    focal = MemberFactory(Role.FOCAL_POINT)
    state = focal.member_state
    assessment = AssessmentFactory(edition=Edition.objects.current(), member_state=state)
    indicators = list(assessment.applicable_indicators().select_related("scale"))
    Answer.objects.bulk_create(
        Answer(assessment=assessment, indicator=i, level=i.pk % (i.scale.max_value + 1))
        for i in indicators
    )
    agencies = [Agency.objects.create(member_state=state, name=f"Agency {n}") for n in range(10)]
    rnd = random.Random(5)
    today = timezone.localdate()
    for _ in range(ACTIONS):
        action = ActionFactory(
            member_state=state,
            found_in=assessment,
            status=rnd.choice(Action.Status.values),
            lead_agency=rnd.choice(agencies),
            start_date=today + timedelta(days=rnd.randint(-400, 100)),
            due_date=today + timedelta(days=rnd.randint(101, 700)),
            aims={i.code: i.scale.max_value for i in rnd.sample(indicators, 2)},
        )
        action.partners.set(rnd.sample(agencies, 2))
    report(
        f"projected scores from the database ({ACTIONS} actions)",
        timed(lambda: projected_result(assessment), 20),
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(focal)
    url = reverse("plan")
    connection.queries_log.clear()  # full after the set-up: the count would read 0
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Counted now: captured_queries reads the connection's log lazily, and every later request
    # empties that log.
    count = len(queries)
    report(
        f"plan page GET ({ACTIONS} actions)", timed(lambda: client.get(url), 20), f"{count} queries"
    )
    results = reverse("assessment-results", args=[assessment.pk])
    report(f"results page GET with {ACTIONS} actions", timed(lambda: client.get(results), 10))
