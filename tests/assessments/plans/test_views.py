"""Actions from gaps, their pages and edits, per role; bad input is refused and nothing is lost."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import access
from assessments.models import Action, ActionIndicator, Agency, Assessment
from assessments.plans import forms as plan_forms
from assessments.plans import services
from tests.assessments.plans.conftest import action_post, answer_all
from tests.conftest import sign_in
from tests.factories import ActionFactory, AgencyFactory, AssessmentFactory

pytestmark = pytest.mark.django_db


def new_url(assessment) -> str:
    return reverse("assessment-action-new", args=[assessment.pk])


# --- creating an action from gaps ---------------------------------------------------------------


def test_the_form_offers_the_recommendation_and_the_target_as_aims(client, focal, answered):
    client.force_login(focal)
    page = client.get(new_url(answered), {"gaps": ["POL.T.1", "POL.T.2"]})
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["objective"].startswith("Adopt written procedures")  # the factory's text
    assert form.initial["aim-POL.T.1"] == 3
    assert form.initial["aim-POL.T.2"] == 3


def test_the_form_names_the_answer_and_the_target_by_level(client, focal, answered):
    # As the section and results pages do: "1 Initial", not a bare "1" (POL.T.1 is at 1).
    client.force_login(focal)
    page = client.get(new_url(answered), {"gaps": ["POL.T.1"]}).content.decode()
    assert "Answer now: 1 Initial · target: 3 Established · top of the scale: 4 Advanced" in page


def test_the_focal_point_turns_two_gaps_into_one_planned_action(client, focal, answered):
    lead = AgencyFactory(member_state=answered.member_state, name="Ministry of Justice")
    client.force_login(focal)
    response = client.post(new_url(answered), action_post(lead_agency=lead.pk))
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-action", args=[action.pk])
    assert action.status == Action.Status.PLANNED
    assert action.found_in == answered
    assert action.member_state == answered.member_state
    assert action.budget_currency == "USD"
    assert action.lead_agency == lead
    assert dict(action.aims.values_list("indicator_code", "aimed_level")) == {
        "POL.T.1": 3,
        "POL.T.2": 3,
    }
    assert action.history.get().history_user == focal


def test_a_contributors_action_is_proposed_whatever_status_is_sent(client, contributor, answered):
    client.force_login(contributor)
    response = client.post(new_url(answered), action_post(status="done"))
    assert response.status_code == 302
    assert Action.objects.get().status == Action.Status.PROPOSED


def test_a_viewer_cannot_create_an_action(client, viewer, answered):
    client.force_login(viewer)
    assert client.get(new_url(answered), {"gaps": "POL.T.1"}).status_code == 403
    assert client.post(new_url(answered), action_post()).status_code == 403
    assert not Action.objects.exists()


def test_another_member_states_assessment_is_not_found(client, other_focal, answered):
    client.force_login(other_focal)
    assert client.post(new_url(answered), action_post()).status_code == 404
    assert not Action.objects.exists()


def test_without_a_chosen_gap_the_user_goes_back_to_the_gap_list(client, focal, answered):
    client.force_login(focal)
    response = client.get(new_url(answered))
    assert response.status_code == 302
    assert response["Location"].endswith("/results/#gaps")


# --- bad input: clear message, nothing saved, the user's text kept -------------------------------

BAD_INPUT = [
    ({"start_date": "2026-06-01", "due_date": "2026-01-01"}, "is before the start date"),
    ({"objective": ""}, str(plan_forms.OBJECTIVE_REQUIRED)),
    ({"budget_amount": "25k"}, "must be a number"),
    ({"budget_amount": "25000", "budget_currency": ""}, str(plan_forms.BUDGET_NEEDS_CURRENCY)),
    ({"budget_currency": "dollars"}, "ISO 4217"),
    ({"status": "finished"}, "“finished” is not a status"),
    ({"aim-POL.T.2": "1"}, "aim above the current answer (2)"),
    ({"aim-POL.T.2": "2"}, "aim above the current answer (2)"),
    ({"aim-POL.T.1": "7"}, "the highest level on this indicator"),
    ({"aim-POL.T.1": "three"}, "Choose the level this action aims for on POL.T.1"),
    ({"gaps": ["POL.T.1", "POL.T.3"], "aim-POL.T.3": "4"}, "POL.T.3 is not a gap"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_and_kept(client, focal, answered, changes, message):
    client.force_login(focal)
    data = action_post(**{"objective": "My carefully written objective", **changes})
    response = client.post(new_url(answered), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body.replace("&quot;", '"').replace("&#x27;", "'")
    if data.get("objective"):
        assert "My carefully written objective" in body
    assert not Action.objects.exists()


def test_a_gap_of_another_assessment_cannot_be_linked(client, focal, answered):
    # POL.A.1 is a gap of an older assessment of the same member state, not of this one.
    older = AssessmentFactory(
        edition=answered.edition, member_state=answered.member_state, reporting_year=2025
    )
    answer_all(older, {"PRIN.A.1": 0})
    answer_all(answered, {"PRIN.A.1": 4})
    client.force_login(focal)
    response = client.post(new_url(answered), action_post(gaps=["PRIN.A.1"], **{"aim-PRIN.A.1": 4}))
    assert response.status_code == 400
    assert "PRIN.A.1 is not a gap of this assessment" in response.content.decode()
    assert not Action.objects.exists()


def test_another_member_states_agency_is_refused(client, focal, answered, other_state):
    foreign = AgencyFactory(member_state=other_state)
    client.force_login(focal)
    response = client.post(new_url(answered), action_post(lead_agency=foreign.pk))
    assert response.status_code == 400
    assert not Action.objects.exists()


# --- the action page and edits -------------------------------------------------------------------


@pytest.fixture
def action(answered, focal):
    action = ActionFactory(
        member_state=answered.member_state,
        found_in=answered,
        objective="Train border officers",
        status=Action.Status.PROPOSED,
        aims={"POL.T.1": 3},
    )
    return action


def edit(client, action, **changes):
    data = action_post(gaps=None, **{"aim-POL.T.2": None}, version=action.version, **changes)
    return client.post(reverse("plan-action-edit", args=[action.pk]), data)


def test_the_focal_point_plans_an_action_and_the_history_says_so(client, focal, action):
    client.force_login(focal)
    assert edit(client, action, status="planned").status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.PLANNED
    assert action.version == 2
    page = client.get(reverse("plan-action", args=[action.pk])).content.decode()
    assert 'Proposed <span class="flip-rtl">→</span> Planned' in page


def test_a_contributor_edits_a_proposal_but_not_a_planned_action(client, contributor, action):
    client.force_login(contributor)
    assert edit(client, action, objective="Better words").status_code == 302
    action.refresh_from_db()
    assert action.objective == "Better words"
    assert action.status == Action.Status.PROPOSED
    Action.objects.filter(pk=action.pk).update(status=Action.Status.PLANNED)
    action.refresh_from_db()
    response = edit(client, action, objective="Again")
    assert response.status_code == 403
    assert access.PLANNED_ACTION_FOCAL_ONLY in response.content.decode()
    action.refresh_from_db()
    assert action.objective == "Better words"


def test_a_viewer_reads_an_action_without_an_edit_link(client, viewer, action):
    client.force_login(viewer)
    page = client.get(reverse("plan-action", args=[action.pk]))
    assert page.status_code == 200
    assert reverse("plan-action-edit", args=[action.pk]) not in page.content.decode()
    assert edit(client, action).status_code == 403


def test_another_member_states_action_is_not_found(client, other_focal, action):
    client.force_login(other_focal)
    assert client.get(reverse("plan-action", args=[action.pk])).status_code == 404
    assert edit(client, action, objective="Hijacked").status_code == 404
    action.refresh_from_db()
    assert action.objective == "Train border officers"


def test_rso_staff_have_no_plan(client, rso, action):
    sign_in(client, rso)
    assert client.get(reverse("plan")).status_code == 403
    assert client.get(reverse("plan-action", args=[action.pk])).status_code == 404


def test_statuses_and_dates_move_after_the_assessment_is_submitted(client, focal, action):
    Assessment.objects.filter(pk=action.found_in_id).update(status=Assessment.Status.SUBMITTED)
    client.force_login(focal)
    assert edit(client, action, status="in_progress", due_date="2027-03-31").status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert str(action.due_date) == "2027-03-31"
    assert action.history.count() == 2


def test_an_aim_left_as_it_was_is_not_checked_again(client, focal, action):
    # Since the action was written, POL.T.1 rose to 3: the saved aim 3 is no longer above it.
    answer_all(action.found_in, {"POL.T.1": 3})
    client.force_login(focal)
    assert edit(client, action, status="done").status_code == 302
    assert edit(client, Action.objects.get(), **{"aim-POL.T.1": "2"}).status_code == 400


# --- concurrent edits ----------------------------------------------------------------------------


def test_a_stale_edit_shows_both_versions_and_overwrites_nothing(client, focal, action):
    client.force_login(focal)
    stale = action.version
    assert edit(client, action, objective="Theirs").status_code == 302
    action.version = stale
    response = edit(client, action, objective="Mine, written at the same time")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Theirs" in body
    assert "Mine, written at the same time" in body
    assert Action.objects.get().objective == "Theirs"
    # "Save mine": the form now carries the newer version.
    assert response.context["form"]["version"].value() == str(stale + 1)
    action.version = stale + 1
    assert edit(client, action, objective="Mine, written at the same time").status_code == 302
    assert Action.objects.get().objective == "Mine, written at the same time"


def test_a_stale_edit_identical_to_the_saved_one_is_no_conflict(focal, action):
    data = services.ActionData(objective="Same", aims={"POL.T.1": 3})
    services.action_update(action=action, by=focal, data=data, version=action.version)
    outcome = services.action_update(action=action, by=focal, data=data, version=action.version)
    assert not isinstance(outcome, services.ActionConflict)
    assert Action.objects.get().version == 2


# --- agencies ------------------------------------------------------------------------------------


def test_the_focal_point_adds_an_agency_once(client, focal, state):
    client.force_login(focal)
    url = reverse("plan-agencies")
    assert client.post(url, {"name": "Ministry of Labour", "short_name": "MoL"}).status_code == 302
    again = client.post(url, {"name": "Ministry of Labour"})
    assert again.status_code == 400
    assert "already has an agency of this name" in again.content.decode()
    assert list(Agency.objects.values_list("name", "member_state")) == [
        ("Ministry of Labour", state.pk)
    ]


def test_only_the_focal_point_adds_agencies(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("plan-agencies")).status_code == 200
    assert client.post(reverse("plan-agencies"), {"name": "X"}).status_code == 403
    assert not Agency.objects.exists()


def test_an_aim_is_recorded_in_its_history(focal, action):
    data = services.ActionData(objective="x", aims={"POL.T.1": 4})
    services.action_update(action=action, by=focal, data=data, version=action.version)
    records = ActionIndicator.history.filter(action_id=action.pk).order_by("history_date")
    assert [r.aimed_level for r in records] == [3, 4]


def test_a_forged_gap_code_is_cut_to_length_and_refused_by_name(client, focal, answered):
    client.force_login(focal)
    forged = "X" * 500
    response = client.post(new_url(answered), action_post(gaps=[forged], **{f"aim-{'X' * 40}": 3}))
    assert response.status_code == 400
    assert f"{'X' * 40} is not a gap of this assessment" in response.content.decode()
    assert forged not in response.content.decode()
    assert not Action.objects.exists()


def test_the_aims_offered_are_named_levels_above_the_answer(client, focal, answered):
    client.force_login(focal)
    body = client.get(new_url(answered), {"gaps": "POL.T.2"}).content.decode()
    select = body[body.index('name="aim-POL.T.2"') :]
    select = select[: select.index("</select>")]
    assert '<option value="3" selected>3 Established</option>' in select
    assert "4 Advanced" in select
    assert "2 Developing" not in select  # the current answer is not an aim


def test_the_history_names_the_partner_agencies_that_changed(client, focal, action):
    police = AgencyFactory(member_state=action.member_state, name="National Police")
    client.force_login(focal)
    assert edit(client, action, partners=[police.pk]).status_code == 302
    page = client.get(reverse("plan-action", args=[action.pk])).content.decode()
    assert 'partner agencies: — <span class="flip-rtl">→</span> National Police' in page


def test_the_history_names_the_lead_agency_that_changed(client, focal, action):
    police = AgencyFactory(member_state=action.member_state, name="National Police")
    client.force_login(focal)
    assert edit(client, action, lead_agency=police.pk).status_code == 302
    page = client.get(reverse("plan-action", args=[action.pk])).content.decode()
    assert 'lead agency: — <span class="flip-rtl">→</span> National Police' in page


def test_the_focal_point_renames_an_agency_and_removes_one_no_action_uses(client, focal, action):
    used = AgencyFactory(member_state=action.member_state, name="Ministry of Justise")
    spare = AgencyFactory(member_state=action.member_state, name="Spare")
    action.partners.add(used)
    client.force_login(focal)
    url = reverse("plan-agency", args=[used.pk])
    assert client.post(url, {"name": "Ministry of Justice"}).status_code == 302
    refused = client.post(url, {"remove": "1", "name": "x"})
    assert refused.status_code == 400
    assert "stays on the list" in refused.content.decode()
    assert client.post(reverse("plan-agency", args=[spare.pk]), {"remove": "1"}).status_code == 302
    assert list(Agency.objects.values_list("name", flat=True)) == ["Ministry of Justice"]


def test_only_the_focal_point_of_the_same_state_changes_an_agency(
    client, contributor, other_focal, state
):
    agency = AgencyFactory(member_state=state, name="Police")
    url = reverse("plan-agency", args=[agency.pk])
    client.force_login(contributor)
    assert client.post(url, {"name": "Renamed"}).status_code == 403
    client.force_login(other_focal)
    assert client.post(url, {"remove": "1"}).status_code == 404
    assert Agency.objects.get().name == "Police"
