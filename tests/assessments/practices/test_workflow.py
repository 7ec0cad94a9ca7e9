"""Proposing entries (a focal point) and curating them (RSO staff), through the pages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import EntryStatus, PracticeEntry
from assessments.practices import services
from assessments.practices.services import EntryData
from roadmap.models import Indicator
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PROPOSE = reverse("practices-propose")
MINE = reverse("practices-mine")
REVIEW = reverse("practices-review")
NEW = reverse("practices-entry-new")


def form_data(**change) -> dict:
    data = {
        "kind": "legislation",
        "title": "Anti-Trafficking Act",
        "year": "2017",
        "summary": "Defines trafficking in persons and sets penalties.",
        "pillar": "prosecution",
        "category": "POL",
        "source_url": "https://example.org/act",
        "indicator_codes": "pol.t.1, POL.T.2",
    }
    return {**data, **change}


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def rso_client(client, rso):
    return sign_in(client, rso)


@pytest.fixture
def proposed(edition, state, focal) -> PracticeEntry:
    data = EntryData(
        member_state=state,
        kind="plan",
        title="National Action Plan 2020-2024",
        year=2020,
        summary="Five years of coordinated work.",
        pillar="partnership",
        category="PLA",
        indicator_codes=("POL.T.1",),
    )
    return services.entry_propose(data=data, by=focal)


def edit_url(entry) -> str:
    return reverse("practices-entry-edit", args=[entry.pk])


# --- proposing ---------------------------------------------------------------------------------


def test_a_focal_point_proposes_for_their_own_state_whatever_the_post_says(
    client, edition, focal, other_state
):
    client.force_login(focal)
    page = client.get(PROPOSE)
    assert page.status_code == 200
    assert 'name="member_state"' not in body(page)
    response = client.post(PROPOSE, form_data(member_state=other_state.pk), follow=True)
    assert response.redirect_chain[-1][0] == MINE
    assert "Sent for review by the Regional Support Office" in body(response)
    entry = PracticeEntry.objects.get()
    assert entry.member_state == focal.member_state
    assert entry.status == EntryStatus.PROPOSED
    assert entry.proposed_by == focal
    assert sorted(entry.indicators.values_list("indicator_code", flat=True)) == [
        "POL.T.1",
        "POL.T.2",
    ]
    assert "Anti-Trafficking Act" in body(response)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source_url": "javascript:alert(1)"}, "must be a web address starting with https://"),
        ({"source_url": "data:text/html,hi"}, "must be a web address starting with https://"),
        ({"year": "2999"}, "cannot be later than this year"),
        ({"indicator_codes": "POL.T.1 NOPE.9"}, "not in the framework: NOPE.9"),
        ({"title": "x" * 201}, "Title is 201 characters; the limit is 200"),
        ({"title": "Two\nlines"}, "Title must be on one line"),
        ({"title": "Act\x07 of 2017"}, "invisible control character (U+0007)"),
        ({"summary": "y" * 2001}, "Summary is 2,001 characters; the limit is 2,000"),
        ({"summary": "Sets\x1b penalties"}, "invisible control character (U+001B)"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_values_kept(
    client, edition, focal, change, message
):
    client.force_login(focal)
    response = client.post(PROPOSE, form_data(**change))
    assert response.status_code == 400
    assert message in body(response)
    assert "Nothing was saved yet" in body(response)
    assert "Defines trafficking in persons" in body(response) or "summary" in change
    assert not PracticeEntry.objects.exists()


def test_one_round_reports_every_problem_at_once(client, edition, focal):
    """A missing type does not hide the unsafe link or the future year until the next save."""
    client.force_login(focal)
    response = client.post(
        PROPOSE, form_data(kind="", source_url="javascript:alert(1)", year="2999")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"kind", "source_url", "year"}
    assert not PracticeEntry.objects.exists()


def test_the_page_never_cuts_text_with_a_maxlength(client, edition, focal):
    client.force_login(focal)
    assert "maxlength" not in body(client.get(PROPOSE))


def test_a_duplicate_is_refused_and_the_form_keeps_the_values(client, edition, focal):
    client.force_login(focal)
    client.post(PROPOSE, form_data())
    again = client.post(PROPOSE, form_data(summary="Typed again, with more detail."))
    assert again.status_code == 400
    assert "already has this entry for this member state and year" in body(again)
    assert "Typed again, with more detail." in body(again)
    assert PracticeEntry.objects.count() == 1


def test_the_chosen_indicators_are_shown_with_their_questions(client, edition, focal):
    client.force_login(focal)
    response = client.post(PROPOSE, form_data(year="2999"))
    indicator = Indicator.objects.get(edition=edition, code="POL.T.1")
    assert indicator.question[:40] in body(response)


@pytest.mark.parametrize("who", ["contributor", "viewer"])
def test_only_the_focal_point_proposes(client, edition, request, who):
    client.force_login(request.getfixturevalue(who))
    for response in (client.get(PROPOSE), client.post(PROPOSE, form_data())):
        assert response.status_code == 403
        assert "Only the focal point of your member state can propose" in body(response)
    assert not PracticeEntry.objects.exists()


def test_rso_staff_add_entries_on_the_review_pages_not_by_proposing(rso_client, edition):
    for response in (rso_client.get(PROPOSE), rso_client.post(PROPOSE, form_data())):
        assert response.status_code == 403
        assert "on the practices review page" in body(response)
    assert not PracticeEntry.objects.exists()


# --- our entries -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["focal", "contributor", "viewer"])
def test_the_whole_team_reads_its_entries_with_the_rejection_reason(
    client, proposed, rso, request, who
):
    services.entry_reject(entry=proposed, by=rso, reason="Please add a link to the plan.")
    client.force_login(request.getfixturevalue(who))
    page = body(client.get(MINE))
    assert "National Action Plan 2020-2024" in page
    assert "Not published" in page
    assert "Please add a link to the plan." in page
    assert ("Correct" in page) == (who == "focal")


def test_another_state_sees_none_of_our_entries(client, proposed, other_focal):
    client.force_login(other_focal)
    assert "National Action Plan" not in body(client.get(MINE))
    url = reverse("practices-mine-edit", args=[proposed.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404


def test_correcting_a_rejected_entry_sends_it_back_to_review(client, proposed, focal, rso):
    services.entry_reject(entry=proposed, by=rso, reason="Please add a link to the plan.")
    client.force_login(focal)
    url = reverse("practices-mine-edit", args=[proposed.pk])
    page = client.get(url)
    assert "Please add a link to the plan." in body(page)
    proposed.refresh_from_db()  # the rejection counts as a change
    data = form_data(kind="plan", title=proposed.title, year="2020", version=proposed.version)
    response = client.post(url, data, follow=True)
    assert "sent for review by the Regional Support Office again" in body(response)
    entry = PracticeEntry.objects.get()
    assert entry.status == EntryStatus.PROPOSED
    assert entry.source_url == "https://example.org/act"
    # sent twice (a double click): the same values are no conflict
    assert client.post(url, data).status_code == 302


def test_a_published_entry_is_the_rso_s_to_correct(client, proposed, focal, rso):
    services.entry_publish(entry=proposed, by=rso)
    client.force_login(focal)
    url = reverse("practices-mine-edit", args=[proposed.pk])
    response = client.post(url, form_data(version=2), follow=True)
    assert "the Regional Support Office changes it" in body(response)
    assert PracticeEntry.objects.get().title == "National Action Plan 2020-2024"


@pytest.mark.parametrize("who", ["contributor", "viewer"])
def test_only_the_focal_point_corrects_entries(client, proposed, request, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("practices-mine-edit", args=[proposed.pk])
    assert client.post(url, form_data(version=1)).status_code == 403
    assert PracticeEntry.objects.get().title == "National Action Plan 2020-2024"


def test_entry_resubmit_refuses_published_entries_and_other_states(proposed, focal, rso):
    data = services.entry_data_of(proposed)
    with pytest.raises(services.ValidationError, match="your own member state"):
        services.entry_resubmit(entry=proposed, data=data, version=proposed.version, by=rso)
    services.entry_publish(entry=proposed, by=rso)
    with pytest.raises(services.ValidationError, match="is published"):
        services.entry_resubmit(entry=proposed, data=data, version=2, by=focal)


# --- curation ----------------------------------------------------------------------------------


def test_the_review_queue_lists_proposals_oldest_first(rso_client, proposed, focal, state):
    later = services.entry_propose(
        data=replace(services.entry_data_of(proposed), title="Second plan"),
        by=focal,
    )
    PracticeEntry.objects.filter(pk=later.pk).update(created_at=timezone.now())
    page = body(rso_client.get(REVIEW))
    assert "2 proposals waiting" in page
    assert page.index("National Action Plan 2020-2024") < page.index("Second plan")
    assert str(focal) in page
    assert state.name in page


def test_the_review_filters_ignore_unknown_values(rso_client, proposed):
    assert rso_client.get(REVIEW, {"status": "nonsense", "member_state": "ZZZ"}).status_code == 200
    page = body(rso_client.get(REVIEW, {"status": "published"}))
    assert "No entries match." in page


def test_rso_publishes_a_proposal(rso_client, proposed, rso):
    data = form_data(
        member_state=proposed.member_state_id,
        title="National Action Plan (2020 to 2024)",
        version=proposed.version,
        then="publish",
        action="save",
    )
    response = rso_client.post(edit_url(proposed), data, follow=True)
    assert "Entry published" in body(response)
    entry = PracticeEntry.objects.get()
    assert entry.status == EntryStatus.PUBLISHED
    assert entry.reviewed_by == rso
    assert list(PracticeEntry.objects.published()) == [entry]
    # the same click twice: no conflict, still published once
    again = rso_client.post(edit_url(proposed), data)
    assert again.status_code == 302
    assert PracticeEntry.objects.get().status == EntryStatus.PUBLISHED


def test_rso_does_not_publish_without_a_reason(rso_client, proposed, client, focal):
    refused = rso_client.post(edit_url(proposed), {"action": "reject", "reason": "  "})
    assert refused.status_code == 400
    assert "Say why the entry is not published: the proposer reads it." in body(refused)
    assert PracticeEntry.objects.get().status == EntryStatus.PROPOSED
    reason = {"action": "reject", "reason": "Please add a link to the plan."}
    assert rso_client.post(edit_url(proposed), reason).status_code == 302
    assert rso_client.post(edit_url(proposed), reason).status_code == 302  # twice: no harm
    entry = PracticeEntry.objects.get()
    assert entry.status == EntryStatus.REJECTED
    assert entry.rejection_reason == "Please add a link to the plan."
    assert not PracticeEntry.objects.published().exists()


def test_a_stale_edit_shows_the_conflict_and_keeps_the_typed_values(rso_client, proposed, rso):
    stale = proposed.version
    services.entry_update(
        entry=proposed,
        data=replace(services.entry_data_of(proposed), summary="Their newer summary."),
        version=stale,
    )
    data = form_data(
        member_state=proposed.member_state_id,
        summary="My own careful summary.",
        version=stale,
        action="save",
    )
    response = rso_client.post(edit_url(proposed), data)
    assert response.status_code == 409
    page = body(response)
    assert "Someone changed this entry while you were editing it" in page
    assert "Their newer summary." in page
    assert "My own careful summary." in page
    assert PracticeEntry.objects.get().summary == "Their newer summary."
    # saving again (now on their version) keeps mine
    data["version"] = PracticeEntry.objects.get().version
    assert rso_client.post(edit_url(proposed), data).status_code == 302
    assert PracticeEntry.objects.get().summary == "My own careful summary."


@pytest.mark.parametrize(("then", "status"), [("publish", "published"), ("", "proposed")])
def test_rso_adds_an_entry_for_any_member_state(rso_client, edition, other_state, then, status):
    data = form_data(member_state=other_state.pk, then=then)
    response = rso_client.post(NEW, data)
    assert response.status_code == 302
    entry = PracticeEntry.objects.get()
    assert entry.member_state == other_state
    assert entry.status == status
    again = rso_client.post(NEW, data)  # sent twice (a double click): the first one saved it
    assert again.status_code == 302
    assert again.url == edit_url(entry)
    assert PracticeEntry.objects.count() == 1
    changed = rso_client.post(NEW, {**data, "summary": "Another summary."})  # a real duplicate
    assert changed.status_code == 400
    assert "already has this entry" in body(changed)
    assert PracticeEntry.objects.count() == 1


@pytest.mark.parametrize("who", ["focal", "contributor", "viewer", "other_focal"])
def test_member_state_users_cannot_open_the_review_pages(client, proposed, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in (REVIEW, NEW, edit_url(proposed)):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only staff of the Regional Support Office curate" in body(response)
    reason = {"action": "reject", "reason": "No."}
    assert client.post(edit_url(proposed), reason).status_code == 403
    assert PracticeEntry.objects.get().status == EntryStatus.PROPOSED


def test_anonymous_visitors_are_sent_to_sign_in(client, proposed):
    for url in (PROPOSE, MINE, REVIEW, NEW, edit_url(proposed)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_rso_staff_have_no_admin_rights(rso_client, proposed):
    response = rso_client.get("/admin/assessments/practiceentry/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_administrators_curate_in_the_admin(admin_client, proposed):
    page = admin_client.get(f"/admin/assessments/practiceentry/{proposed.pk}/change/")
    assert page.status_code == 200
    assert "POL.T.1" in body(page)


def test_the_navbar_counts_proposals_for_rso_staff(rso_client, proposed, client):
    page = body(rso_client.get(REVIEW))
    assert "Practices review" in page
    assert '1<span class="visually-hidden"> proposal waiting' in page


def test_the_navbar_offers_our_practices_to_the_team(client, viewer):
    client.force_login(viewer)
    page = body(client.get(MINE))
    assert f'href="{MINE}"' in page
    assert "Practices review" not in page


def test_nothing_unpublished_is_public(proposed, rso):
    assert not PracticeEntry.objects.published().exists()
    services.entry_reject(entry=proposed, by=rso, reason="No source.")
    assert not PracticeEntry.objects.published().exists()


def test_a_duplicate_differing_only_in_case_and_spaces_is_refused(client, edition, focal):
    client.force_login(focal)
    client.post(PROPOSE, form_data())
    again = client.post(PROPOSE, form_data(title="anti-trafficking  ACT"))
    assert again.status_code == 400
    assert "already has this entry for this member state and year" in body(again)
    assert PracticeEntry.objects.count() == 1


def test_a_proposal_sent_twice_is_saved_once_without_an_error(client, edition, focal):
    client.force_login(focal)
    client.post(PROPOSE, form_data())
    again = client.post(PROPOSE, form_data(), follow=True)  # a double click
    assert again.redirect_chain[-1][0] == MINE
    assert "Sent for review by the Regional Support Office" in body(again)
    assert "already has this entry" not in body(again)
    assert PracticeEntry.objects.count() == 1


def test_our_practices_costs_the_same_queries_for_more_entries(client, proposed, focal, state):
    client.force_login(focal)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MINE).status_code == 200
        return len(captured)

    few = queries()
    data = services.entry_data_of(proposed)
    for year in (2010, 2011, 2012):
        services.entry_propose(data=replace(data, year=year), by=focal)
    assert queries() == few
