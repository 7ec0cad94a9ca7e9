"""Confirming: conflicts with online changes, double submits, who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.answering import Submission, section_save
from assessments.models import EMPTY_VALUES, Answer, Assessment, fingerprint
from assessments.questionnaires.models import WorkbookImport
from roadmap.models import Indicator
from tests.assessments.questionnaires.helpers import download, fill, upload
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def save_online(assessment, by, code: str, **values) -> Answer:
    """A colleague saves an answer on the section page."""
    indicator = Indicator.objects.get(edition=assessment.edition, code=code)
    answer = Answer.objects.filter(assessment=assessment, indicator=indicator).first()
    current = answer.values() if answer else {}
    full = {**EMPTY_VALUES, **current, **values}
    section_save(
        assessment=assessment,
        by=by,
        submissions=[
            Submission(indicator, full, answer.version if answer else 0, fingerprint(current))
        ],
    )
    return Answer.objects.get(assessment=assessment, indicator=indicator)


@pytest.fixture
def conflicted(assessment, focal_client, contributor):
    """A workbook that gives POL.T.1 level 1 and POL.T.2 level 2; POL.T.1 was saved online
    (level 4) after the download."""
    data = download(focal_client, assessment)
    save_online(assessment, contributor, "POL.T.1", level=4)
    data = fill(data, {"POL.T.1": {"level": "1"}, "POL.T.2": {"level": "2"}})
    response = upload(focal_client, assessment, data)
    assert response.status_code == 302
    return response["Location"]


def levels() -> dict[str, int]:
    return dict(Answer.objects.values_list("indicator__code", "level"))


def test_the_preview_shows_an_online_change_since_the_download(conflicted, focal_client):
    page = focal_client.get(conflicted).content.decode()
    assert "choose which answer to keep" in page
    assert 'name="resolution-POL.T.1"' in page
    assert "1 answer would change" in page


def test_confirming_without_a_choice_saves_nothing(conflicted, focal_client):
    response = focal_client.post(conflicted)
    assert response.status_code == 409
    assert levels() == {"POL.T.1": 4}


def keep(client, url, choice: str):
    version = Answer.objects.get(indicator__code="POL.T.1").version
    return client.post(url, {"resolution-POL.T.1": choice, "theirs-POL.T.1": version})


def test_keep_mine_saves_the_workbooks_answer(conflicted, focal_client):
    assert keep(focal_client, conflicted, "mine").status_code == 302
    assert levels() == {"POL.T.1": 1, "POL.T.2": 2}


def test_keep_the_saved_answer_keeps_the_colleagues(conflicted, focal_client):
    assert keep(focal_client, conflicted, "theirs").status_code == 302
    assert levels() == {"POL.T.1": 4, "POL.T.2": 2}


def test_an_online_change_after_the_preview_sends_back_to_it(assessment, focal_client, contributor):
    data = fill(download(focal_client, assessment), {"POL.T.2": {"level": "2"}})
    url = upload(focal_client, assessment, data)["Location"]
    focal_client.get(url)
    save_online(assessment, contributor, "POL.T.2", level=3)
    response = focal_client.post(url)
    assert response.status_code == 409
    assert "changed online" in response.content.decode()
    assert levels() == {"POL.T.2": 3}


def test_a_second_confirm_says_it_was_applied_and_saves_nothing_again(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.2": {"level": "2"}})
    url = upload(focal_client, assessment, data)["Location"]
    assert focal_client.post(url).status_code == 302
    again = focal_client.post(url, follow=True)
    assert "already applied" in again.content.decode()
    assert Answer.history.count() == 1


def test_a_new_upload_supersedes_the_earlier_preview(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.2": {"level": "2"}})
    first = upload(focal_client, assessment, data)["Location"]
    upload(focal_client, assessment, data)
    assert WorkbookImport.objects.filter(status="cancelled").count() == 1
    assert "cancelled" in focal_client.post(first, follow=True).content.decode()


def test_cancel_saves_nothing(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.2": {"level": "2"}})
    url = upload(focal_client, assessment, data)["Location"]
    focal_client.post(url + "cancel/")
    assert focal_client.post(url).status_code == 302
    assert not Answer.objects.exists()


def test_a_contributor_works_offline_too(assessment, client, contributor):
    sign_in(client, contributor)
    data = fill(download(client, assessment), {"POL.T.2": {"level": "2"}})
    assert client.post(upload(client, assessment, data)["Location"]).status_code == 302
    assert levels() == {"POL.T.2": 2}


def test_a_viewer_is_told_why_not(assessment, client, viewer):
    sign_in(client, viewer)
    page = client.get(reverse("questionnaire", args=[assessment.pk]))
    assert page.status_code == 403
    assert "viewer" in page.content.decode()
    download_url = reverse("questionnaire-download", args=[assessment.pk])
    assert client.get(download_url).status_code == 403
    assert (
        "Work offline"
        not in client.get(reverse("assessment-overview", args=[assessment.pk])).content.decode()
    )


def test_another_member_state_gets_404(assessment, client, other_focal):
    sign_in(client, other_focal)
    assert client.get(reverse("questionnaire", args=[assessment.pk])).status_code == 404
    url = reverse("questionnaire-download", args=[assessment.pk])
    assert client.get(url).status_code == 404


def test_someone_elses_preview_is_404(assessment, focal_client, client, contributor):
    data = fill(download(focal_client, assessment), {"POL.T.2": {"level": "2"}})
    url = upload(focal_client, assessment, data)["Location"]
    sign_in(client, contributor)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_a_submitted_assessment_downloads_but_refuses_uploads(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.2": {"level": "2"}})
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    page = focal_client.get(reverse("questionnaire", args=[assessment.pk]))
    assert "cannot be uploaded" in page.content.decode()
    response = upload(focal_client, assessment, data)
    assert response.status_code == 403
    assert "submitted and is read-only" in response.content.decode()
    assert not Answer.objects.exists()


def test_submitting_after_the_preview_refuses_the_confirm(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.2": {"level": "2"}})
    url = upload(focal_client, assessment, data)["Location"]
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    assert focal_client.post(url).status_code == 403
    assert not Answer.objects.exists()


def test_the_overview_leads_to_the_workbook_page(assessment, focal_client):
    page = focal_client.get(reverse("assessment-overview", args=[assessment.pk]))
    assert reverse("questionnaire", args=[assessment.pk]) in page.content.decode()


def test_an_unchanged_workbook_changes_nothing(assessment, focal_client, focal):
    save_online(assessment, focal, "POL.T.1", level=2, evidence="line one\nline two")
    data = download(focal_client, assessment, scope="all")
    url = upload(focal_client, assessment, data)["Location"]
    page = focal_client.get(url).content.decode()
    assert "0 answers would change" in page
    assert "Confirm and save" not in page
