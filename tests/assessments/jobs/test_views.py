"""The progress page works without JavaScript, the download serves the stored file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.jobs import services
from assessments.jobs.models import DocumentJob
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(note_kind, assessment, focal):
    return services.request_document(
        kind="test-note",
        subject=f"assessment:{assessment.pk}",
        assessment=assessment,
        fingerprint="f",
        user=focal,
        language="en",
    )


def test_a_waiting_document_shows_a_page_that_updates_itself_or_is_checked_again(
    client, job, focal
):
    sign_in(client, focal)
    page = client.get(reverse("document-progress", args=[job.public_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-refresh="2"' in html
    assert "js/document-progress.js" in html
    assert 'http-equiv="refresh"' not in html  # it would restart a screen reader every 2 s
    check_again = f'href="{reverse("document-progress", args=[job.public_id])}">Check again</a>'
    assert check_again in html  # without JavaScript
    assert "waiting for a worker" in html
    assert "Download" not in html


def test_a_ready_document_offers_its_download_and_serves_the_stored_file(client, job, focal):
    services.run_job(job.pk)
    sign_in(client, focal)
    page = client.get(reverse("document-progress", args=[job.public_id])).content.decode()
    assert "data-refresh" not in page
    assert reverse("document-download", args=[job.public_id]) in page
    response = client.get(reverse("document-download", args=[job.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"note for assessment:")
    assert response["Content-Type"] == "text/plain"
    assert "no-store" in response["Cache-Control"]
    assert 'filename="note-assessment' in response["Content-Disposition"]


def test_downloading_before_it_is_ready_leads_to_the_progress_page(client, job, focal):
    sign_in(client, focal)
    response = client.get(reverse("document-download", args=[job.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("document-progress", args=[job.public_id])


def test_a_failed_document_says_why_and_can_be_asked_for_again(client, note_kind, job, focal):
    job.params = {"fail": True}
    job.save()
    services.run_job(job.pk)
    sign_in(client, focal)
    page = client.get(reverse("document-progress", args=[job.public_id])).content.decode()
    assert services.RENDER_FAILED in page
    assert "data-refresh" not in page  # nothing to wait for
    response = client.post(reverse("document-retry", args=[job.public_id]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.QUEUED


def test_a_stored_file_that_disappeared_is_reported_and_can_be_prepared_again(
    client, job, focal, documents_storage
):
    done = services.run_job(job.pk)
    (documents_storage / done.file_name).unlink()
    sign_in(client, focal)
    response = client.get(reverse("document-download", args=[job.public_id]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert services.FILE_MISSING in page
    assert reverse("document-retry", args=[job.public_id]) in page


def test_another_member_state_gets_404(client, job, other_focal):
    client.force_login(other_focal)
    for name in ("document-progress", "document-download"):
        assert client.get(reverse(name, args=[job.public_id])).status_code == 404


def test_the_progress_page_says_the_documents_language(client, job, focal):
    DocumentJob.objects.filter(pk=job.pk).update(language="th")
    client.force_login(focal)
    page = client.get(reverse("document-progress", args=[job.public_id])).content.decode()
    assert 'Language of the document: <span lang="th">ไทย</span>' in page
