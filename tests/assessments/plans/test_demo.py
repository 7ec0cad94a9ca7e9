"""Demoland's action plan: about eight actions, one overdue and one done, on real gaps."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from assessments.models import Action, Agency, Assessment
from assessments.plans.gaps import assessment_gaps
from assessments.plans.projected import projected_result
from assessments.results import score_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(framework_module):
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
    return Action.objects.filter(member_state__code="XDL")


def test_the_demo_plan_has_eight_actions_one_overdue_and_one_done_on_real_gaps(demo):
    actions = list(demo.prefetch_related("aims"))
    assert len(actions) == 8
    assert sum(a.is_overdue() for a in actions) == 1
    assert [a.status for a in actions].count(Action.Status.DONE) == 1
    assert {a.status for a in actions} == set(Action.Status.values)
    assert Agency.objects.filter(member_state__code="XDL").count() == 8
    source = Assessment.objects.get(member_state__code="XDL", reporting_year=2025)
    gaps = assessment_gaps(source)
    for action in actions:
        assert action.found_in == source
        for aim in action.aims.all():
            assert aim.indicator_code in gaps
            assert aim.aimed_level > gaps[aim.indicator_code].current
    # The plan moves the 2025 assessment's projected score.
    now, _indicators, _targets = score_assessment(source)
    assert projected_result(source).overall > now.overall


def test_loading_the_demo_again_leaves_the_plan_alone_or_adds_a_missing_one(demo):
    action = demo.first()
    action.objective = "Changed by the focal point"
    action.save()
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
    assert demo.count() == 8
    assert demo.filter(objective="Changed by the focal point").exists()
    # A database loaded before the plan existed gets it on the next load.
    Action.objects.all().delete()
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
    assert demo.count() == 8


def test_a_new_user_turns_three_demo_gaps_into_actions_and_sees_the_projection_move(demo, client):
    import re

    from django.urls import reverse

    from assessments.demo import FOCAL
    from assessments.models import User

    client.force_login(User.objects.get(email=FOCAL.email))
    draft = Assessment.objects.get(member_state__code="XDL", status="draft")
    results = reverse("assessment-results", args=[draft.pk])

    def projected() -> str:
        body = client.get(results).content.decode()
        return re.search(r"data-projected-overall>([^<]+)<", body).group(1).strip()

    before = projected()
    body = client.get(results).content.decode()
    codes = re.findall(r'name="gaps" value="([^"]+)" id="pick-', body)
    planned = {a.indicator_code for a in demo.counted().first().aims.all()}
    fresh = [c for c in codes if c not in planned][:3]
    for code in fresh:
        form = client.get(reverse("assessment-action-new", args=[draft.pk]), {"gaps": code})
        data = {k: v for k, v in form.context["form"].initial.items() if v is not None}
        data |= {"gaps": code, "status": "planned"}
        assert client.post(form.wsgi_request.path, data).status_code == 302
    assert projected() != before
    plan = client.get(reverse("plan")).content.decode()
    assert "11 actions shown of 11 in the plan" in plan
    assert plan.count('class="timeline-bar') == 8  # the new actions have no dates yet
    assert plan.count("timeline-bar status-in_progress overdue") == 1
