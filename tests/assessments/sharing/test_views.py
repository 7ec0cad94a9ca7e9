"""The sharing page, the sharing line on the overview and the list, and the submit prompt."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services as journey
from assessments.answering import Submission, section_save
from assessments.models import EMPTY_VALUES
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry
from assessments.sharing.services import record_access, share_assessment
from tests.conftest import sign_in
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

Kind = ShareLogEntry.Kind


def url(assessment) -> str:
    return reverse("assessment-sharing", args=[assessment.pk])


def text(response) -> str:
    """The page as a reader sees it: tags removed, whitespace collapsed, quotes unescaped."""
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    page = page.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return " ".join(page.split())


def checked(response, name: str) -> set[str]:
    """The values of the ticked radios or checkboxes called `name`."""
    values = set()
    for tag in re.findall(r"<input[^>]*>", response.content.decode()):
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag):
            value = re.search(r'value="([^"]*)"', tag)
            values.add(value.group(1) if value else "on")  # a checkbox without a value sends "on"
    return values


def stored(assessment) -> tuple:
    """Everything a refused request must leave unchanged."""
    return (
        list(Share.objects.values_list("assessment_id", "level", "include_evidence")),
        list(ShareLogEntry.objects.order_by("id").values_list("kind", "level", "include_evidence")),
    )


def share(assessment, by, level=ShareLevel.SCORES, include_evidence=False) -> Share:
    return share_assessment(
        assessment=assessment, by=by, level=level, include_evidence=include_evidence
    )


def answer_all(assessment, by) -> None:
    submissions = [
        Submission(indicator, {**EMPTY_VALUES, "level": 2}, version=0, loaded="")
        for indicator in assessment.applicable_indicators()
    ]
    section_save(assessment=assessment, by=by, submissions=submissions)


# --- The focal point shares, changes and withdraws -------------------------------------------


def test_never_shared_the_page_says_so_and_preselects_nothing(client, submitted, focal):
    response = sign_in(client, focal).get(url(submitted))
    assert response.status_code == 200
    page = text(response)
    assert "Not shared with the Regional Support Office" in page
    assert "No indicator-level data at all" in page
    assert "withdraw the share at any time" in page
    assert "every time RSO staff open or download this assessment, is recorded" in page
    assert "Nothing yet: this assessment has never been shared." in page
    assert checked(response, "level") == set()
    assert "Share with the RSO" in page


def test_the_focal_point_shares_with_answers_and_evidence(client, submitted, focal):
    sign_in(client, focal)
    response = client.post(url(submitted), {"level": "answers", "include_evidence": "on"})
    assert response.status_code == 302
    assert response["Location"] == url(submitted)
    assert stored(submitted) == (
        [(submitted.pk, "answers", True)],
        [(Kind.SHARED, "answers", True)],
    )
    page = client.get(url(submitted))
    words = text(page)
    assert (
        "The assessment is now shared with the Regional Support Office: scores and answers, "
        "with the evidence." in words
    )
    assert re.search(
        r"Shared: scores and answers, with the evidence, since \d+ \w+ \d{4}, \d\d:\d\d, by "
        + re.escape(focal.get_full_name()),
        words,
    )
    assert checked(page, "level") == {"answers"}
    assert checked(page, "include_evidence") == {"on"}
    assert "Update the share" in words
    assert "Withdraw the share" in words


def test_the_focal_point_changes_the_level(client, submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS, include_evidence=True)
    sign_in(client, focal)
    response = client.post(url(submitted), {"level": "scores"}, follow=True)
    assert "The sharing level is now: scores only." in text(response)
    assert "Shared: scores only, since" in text(response)
    assert stored(submitted)[0] == [(submitted.pk, "scores", False)]
    assert [kind for kind, *_ in stored(submitted)[1]] == [Kind.SHARED, Kind.CHANGED]


def test_the_same_share_sent_twice_changes_nothing_and_says_so(client, submitted, focal):
    sign_in(client, focal)
    client.post(url(submitted), {"level": "scores"})
    response = client.post(url(submitted), {"level": "scores"}, follow=True)
    assert "It was already shared at this level: nothing changed." in text(response)
    assert ShareLogEntry.objects.count() == 1


def test_the_focal_point_withdraws_and_a_second_withdrawal_says_so(client, submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    sign_in(client, focal)
    response = client.post(url(submitted), {"withdraw": "1"}, follow=True)
    assert response.status_code == 200
    page = text(response)
    assert "The share is withdrawn" in page
    assert "Not shared with the Regional Support Office" in page
    assert not Share.objects.exists()
    again = client.post(url(submitted), {"withdraw": "1"}, follow=True)
    assert again.status_code == 200
    assert "not shared with the Regional Support Office: there was nothing to withdraw" in text(
        again
    )
    assert [kind for kind, *_ in stored(submitted)[1]] == [Kind.SHARED, Kind.WITHDRAWN]
    # Withdrawn: the form starts from the level it last had.
    assert checked(again, "level") == {"answers"}


def test_withdrawing_is_offered_only_while_shared(client, submitted, focal):
    page = text(sign_in(client, focal).get(url(submitted)))
    assert "Withdraw the share" not in page


# --- Bad input: a clear error and nothing saved ----------------------------------------------


@pytest.mark.parametrize(
    "data",
    [{"level": "everything"}, {"level": ""}, {}, {"level": "scores\x00"}, {"level": "x" * 5000}],
)
def test_a_missing_or_tampered_level_is_a_clear_error(client, submitted, focal, data):
    sign_in(client, focal)
    response = client.post(url(submitted), data)
    assert response.status_code == 400
    page = text(response)
    assert "Choose what to share: scores only, or scores and answers." in page
    assert "not one of the available choices" not in page
    assert stored(submitted) == ([], [])
    # each radio says it is invalid and points to the message (read when a radio gets focus)
    radios = [
        t for t in re.findall(r"<input[^>]*>", response.content.decode()) if 'name="level"' in t
    ]
    assert len(radios) == 2
    for radio in radios:
        assert 'aria-invalid="true"' in radio
        assert re.search(r'aria-describedby="[^"]*\bid_level_error\b', radio)


def test_evidence_with_scores_only_is_refused_with_a_message(client, submitted, focal):
    sign_in(client, focal)
    response = client.post(url(submitted), {"level": "scores", "include_evidence": "on"})
    assert response.status_code == 400
    assert "Evidence can be shared only together with the answers." in text(response)
    assert checked(response, "level") == {"scores"}  # what the focal point chose stays
    assert stored(submitted) == ([], [])


def test_a_tampered_level_leaves_an_existing_share_as_it_was(client, submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS, include_evidence=True)
    before = stored(submitted)
    response = sign_in(client, focal).post(
        url(submitted), {"level": "all", "include_evidence": "on"}
    )
    assert response.status_code == 400
    assert stored(submitted) == before


# --- Drafts ------------------------------------------------------------------------------------


def test_a_draft_cannot_be_shared(client, assessment, focal):
    sign_in(client, focal)
    response = client.get(url(assessment))
    page = text(response)
    assert "A draft cannot be shared: only a submitted assessment can." in page
    assert 'name="level"' not in response.content.decode()
    posted = client.post(url(assessment), {"level": "scores"})
    assert posted.status_code == 400
    assert "Only a submitted assessment can be shared." in text(posted)
    assert stored(assessment) == ([], [])


def test_a_reopened_draft_says_that_reopening_withdrew_the_share(client, submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    journey.assessment_reopen(assessment=submitted, by=focal, reason="Correct the data")
    page = text(sign_in(client, focal).get(url(submitted)))
    assert "A draft cannot be shared" in page
    assert re.search(
        r"It was shared \(scores and answers, without the evidence\) until it was reopened on "
        r"\d+ \w+ \d{4}: reopening withdrew the share. It can be shared again once it is "
        r"submitted again.",
        page,
    )
    assert "Withdrawn by reopening" in page  # in the log


# --- The rest of the team reads; others see nothing --------------------------------------------


@pytest.mark.parametrize("role", ["contributor", "viewer"])
def test_the_team_reads_the_page_but_cannot_share(client, submitted, focal, role, request):
    share(submitted, focal, ShareLevel.SCORES)
    user = request.getfixturevalue(role)
    sign_in(client, user)
    response = client.get(url(submitted))
    assert response.status_code == 200
    page = text(response)
    assert "Shared: scores only, since" in page
    assert "Only the focal point of Alphaland can share this assessment" in page
    assert 'name="level"' not in response.content.decode()
    assert "Withdraw the share" not in page
    before = stored(submitted)
    for data in ({"level": "answers", "include_evidence": "on"}, {"withdraw": "1"}):
        assert client.post(url(submitted), data).status_code == 403
    assert stored(submitted) == before


@pytest.mark.parametrize("who", ["other_focal", "rso", "superuser"])
def test_other_member_states_rso_and_administrators_get_404(client, submitted, focal, who, request):
    share(submitted, focal, ShareLevel.ANSWERS)
    before = stored(submitted)
    sign_in(client, request.getfixturevalue(who))
    assert client.get(url(submitted)).status_code == 404
    assert client.post(url(submitted), {"withdraw": "1"}).status_code == 404
    assert client.post(url(submitted), {"level": "scores"}).status_code == 404
    assert stored(submitted) == before


def test_the_log_shows_everything_to_a_viewer_newest_first(client, submitted, focal, viewer, rso):
    rso.full_name = "Rosa Regional"
    rso.save()
    shared = share(submitted, focal, ShareLevel.ANSWERS)
    record_access(share=shared, by=rso, kind=Kind.VIEWED, detail="Drill-down page")
    share(submitted, focal, ShareLevel.SCORES)
    page = text(sign_in(client, viewer).get(url(submitted)))
    log = page[page.index("Sharing log") :]
    rows = [
        "Sharing level changed Scores only no " + focal.get_full_name(),
        "Opened by RSO staff Scores and answers no Rosa Regional Drill-down page",
        "Shared Scores and answers no " + focal.get_full_name(),
    ]
    positions = [log.index(row) for row in rows]
    assert positions == sorted(positions)


# --- The overview, the list, the reopen page --------------------------------------------------


def test_the_overview_says_whether_it_is_shared(client, submitted, focal, viewer):
    sign_in(client, viewer)
    overview = reverse("assessment-overview", args=[submitted.pk])
    response = client.get(overview)
    assert "Not shared with the RSO" in text(response)
    assert f'href="{url(submitted)}"' in response.content.decode()
    share(submitted, focal, ShareLevel.SCORES)
    assert "Shared with the RSO: scores only" in text(client.get(overview))


def test_the_list_shows_sharing_without_a_query_per_row(client, submitted, state, focal):
    others = [
        AssessmentFactory(
            edition=submitted.edition, member_state=state, reporting_year=2020 + i, title=f"A{i}"
        )
        for i in range(2)
    ]
    sign_in(client, focal)
    list_url = reverse("assessment-list")
    client.get(list_url)  # warm the session and caches
    with CaptureQueriesContext(connection) as unshared:
        client.get(list_url)
    for assessment in [submitted, *others]:
        type(assessment).objects.filter(pk=assessment.pk).update(status="submitted")
        share(assessment, focal, ShareLevel.ANSWERS)
    with CaptureQueriesContext(connection) as shared:
        response = client.get(list_url)
    assert text(response).count("Shared with the RSO: scores and answers") == 3
    assert len(shared) == len(unshared)


def test_the_reopen_page_warns_that_reopening_withdraws_the_share(client, submitted, focal):
    sign_in(client, focal)
    reopen = reverse("assessment-reopen", args=[submitted.pk])
    assert "Reopening withdraws the share" not in text(client.get(reopen))
    share(submitted, focal, ShareLevel.SCORES)
    page = text(client.get(reopen))
    assert "This assessment is shared with the Regional Support Office (scores only)." in page
    assert "Reopening withdraws the share" in page


# --- Submitting --------------------------------------------------------------------------------


def test_submitting_again_offers_the_previous_level(client, assessment, focal):
    answer_all(assessment, focal)
    journey.assessment_submit(assessment=assessment, by=focal)
    share(assessment, focal, ShareLevel.ANSWERS, include_evidence=True)
    journey.assessment_reopen(assessment=assessment, by=focal, reason="Correct the data")
    sign_in(client, focal)
    response = client.post(reverse("assessment-submit", args=[assessment.pk]))
    assert response.status_code == 302
    assert response["Location"] == url(assessment)
    page = client.get(response["Location"])
    assert (
        "This assessment was shared with the RSO (scores and answers, with the evidence) "
        "before it was reopened. Share it again?" in text(page)
    )
    assert checked(page, "level") == {"answers"}
    assert checked(page, "include_evidence") == {"on"}
    assert not Share.objects.exists()  # offered, not done


def test_a_first_submission_says_that_the_focal_point_can_now_share(client, assessment, focal):
    answer_all(assessment, focal)
    sign_in(client, focal)
    response = client.post(reverse("assessment-submit", args=[assessment.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessment-overview", args=[assessment.pk])
    page = text(response)
    assert "The assessment was submitted and is now read-only." in page
    assert "you can now share it with the Regional Support Office" in page
    assert not Share.objects.exists()
