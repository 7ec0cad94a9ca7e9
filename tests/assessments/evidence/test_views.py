"""Attach, open, remove and purge an answer's files, each as the member who may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.evidence.models import EvidenceFile, evidence_storage
from tests.assessments.evidence import samples
from tests.assessments.jobs.helpers import body
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def files_url(assessment, code="POL.T.1") -> str:
    return reverse("evidence-files", args=[assessment.pk, code])


def download_url(evidence: EvidenceFile) -> str:
    return reverse("evidence-download", args=[evidence.public_id])


def upload(client, assessment, content: bytes, name: str = "Law 2020.pdf"):
    return client.post(files_url(assessment), {"file": samples.upload(content, name)})


def content_of(response) -> bytes:
    # Read to its end, the test client closes the file (tests/assessments/jobs/helpers.py says
    # why response.close() must not be called here).
    return body(response)


def download_status(client, evidence: EvidenceFile) -> int:
    response = client.get(download_url(evidence))
    body(response)
    return response.status_code


def test_a_contributor_attaches_a_pdf_and_a_viewer_downloads_it(
    client, assessment, contributor, viewer
):
    response = upload(sign_in(client, contributor), assessment, samples.pdf("the law"))
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert (evidence.name, evidence.content_type, evidence.uploaded_by) == (
        "Law 2020.pdf",
        "application/pdf",
        contributor,
    )
    assert evidence.scan == EvidenceFile.Scan.NOT_SCANNED
    assert evidence.stored_name.startswith(f"{assessment.pk}/")
    assert "Law 2020" not in evidence.stored_name

    response = sign_in(client, viewer).get(download_url(evidence))
    assert response.status_code == 200
    assert content_of(response) == samples.pdf("the law")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Law 2020.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_another_member_states_user_and_rso_staff_get_404_for_a_file(
    client, attach, other_focal, rso, assessment
):
    evidence = attach()
    for outsider in (other_focal, rso):
        assert sign_in(client, outsider).get(download_url(evidence)).status_code == 404
        assert client.get(files_url(assessment)).status_code == 404
        assert client.post(reverse("evidence-remove", args=[evidence.public_id])).status_code == 404
        assert client.get(reverse("evidence-purge", args=[evidence.public_id])).status_code == 404
    assert EvidenceFile.objects.get().is_attached


def test_the_section_page_lists_each_answers_files_with_a_link_to_manage_them(
    client, attach, assessment, contributor
):
    evidence = attach()
    page = sign_in(client, contributor).get(
        reverse("assessment-section", args=[assessment.pk, "POL.T"])
    )
    html = page.content.decode()
    assert download_url(evidence) in html
    assert "Law 2020.pdf" in html
    assert "Attach or manage files (1)" in html
    assert "Attach or manage files (0)" in html  # the other indicators
    assert files_url(assessment) in html


def test_the_files_page_states_the_limits_and_accepted_types(client, assessment, contributor):
    html = sign_in(client, contributor).get(files_url(assessment)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "up to 20 MB" in html
    assert "PDF, Word (.docx, .doc)" in html


def test_a_viewer_sees_the_files_but_cannot_attach_or_remove(client, attach, assessment, viewer):
    evidence = attach()
    sign_in(client, viewer)
    html = client.get(files_url(assessment)).content.decode()
    assert "Law 2020.pdf" in html
    assert "Attach a file" not in html
    assert "Remove" not in html
    assert upload(client, assessment, samples.pdf("x")).status_code == 403
    assert client.post(reverse("evidence-remove", args=[evidence.public_id])).status_code == 403
    assert EvidenceFile.objects.count() == 1


def test_a_submitted_assessments_files_are_read_only(client, attach, assessment, focal):
    evidence = attach()
    assessment.status = "submitted"
    assessment.save()
    sign_in(client, focal)
    html = client.get(files_url(assessment)).content.decode()
    assert "shown read-only" in html
    assert "Attach a file" not in html
    assert upload(client, assessment, samples.pdf("x")).status_code == 403
    assert client.post(reverse("evidence-remove", args=[evidence.public_id])).status_code == 403
    assert download_status(client, evidence) == 200


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (samples.EXE, "invoice.pdf", "cannot be attached"),
        (samples.docm(), "plan.docx", "contains macros"),
        (samples.xlsm(), "budget.xlsx", "contains macros"),
        (samples.ole("WordDocument", macros="Macros"), "law.doc", "contains macros"),
    ],
)
def test_a_refused_file_is_not_stored_and_the_page_says_why(
    client, assessment, contributor, evidence_folder, content, name, message
):
    response = upload(sign_in(client, contributor), assessment, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert not any(p.is_file() for p in evidence_folder.rglob("*"))


def test_a_file_over_the_limit_is_refused_with_the_limit(client, assessment, contributor, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    response = upload(sign_in(client, contributor), assessment, samples.pdf("x" * 200))
    assert response.status_code == 400
    assert "larger than 0 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_file_stopped_while_it_arrives_is_reported_as_too_large(
    client, assessment, contributor, settings
):
    settings.EVIDENCE_MAX_BYTES = settings.WORKBOOK_MAX_BYTES = 1000  # the handler's limit
    response = upload(sign_in(client, contributor), assessment, samples.pdf("x" * 5000))
    assert response.status_code == 400
    assert "The file is larger than" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_the_same_file_twice_on_one_answer_is_refused_as_already_attached(
    client, assessment, contributor
):
    sign_in(client, contributor)
    upload(client, assessment, samples.pdf("same"))
    response = upload(client, assessment, samples.pdf("same"), "Copy.pdf")
    assert response.status_code == 400
    assert "already attached to this answer (as “Law 2020.pdf”)" in response.content.decode()
    assert EvidenceFile.objects.count() == 1


def test_a_removed_file_stays_in_the_history_and_can_be_downloaded_there(
    client, attach, assessment, contributor, viewer
):
    evidence = attach()
    sign_in(client, contributor)
    response = client.post(reverse("evidence-remove", args=[evidence.public_id]), follow=True)
    assert "was removed from the answer" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.removed_by == contributor
    assert not evidence.is_attached
    assert download_url(evidence) not in client.get(files_url(assessment)).content.decode()

    sign_in(client, viewer)
    history = client.get(reverse("answer-history", args=[assessment.pk, "POL.T.1"]))
    html = history.content.decode()
    assert download_url(evidence) in html
    assert "Law 2020.pdf" in html
    assert download_status(client, evidence) == 200


def test_only_the_focal_point_may_purge(client, attach, contributor):
    evidence = attach()
    url = reverse("evidence-purge", args=[evidence.public_id])
    assert sign_in(client, contributor).get(url).status_code == 403
    assert client.post(url, {"reason": "Names a victim"}).status_code == 403
    assert EvidenceFile.objects.get().stored_name


def test_purging_asks_to_confirm_and_needs_a_reason(client, attach, focal):
    evidence = attach()
    url = reverse("evidence-purge", args=[evidence.public_id])
    sign_in(client, focal)
    assert "This cannot be undone." in client.get(url).content.decode()
    assert client.post(url, {"reason": "  "}).status_code == 400
    assert EvidenceFile.objects.get().purged_at is None


def test_a_purged_file_is_gone_for_good_and_the_history_shows_why_not_its_name(
    client, attach, assessment, focal, viewer
):
    evidence = attach(name="Victim statement.pdf")
    stored = evidence.stored_name
    sign_in(client, focal)
    url = reverse("evidence-purge", args=[evidence.public_id])
    assert client.post(url, {"reason": "It names a victim"}).status_code == 302
    evidence.refresh_from_db()
    assert (evidence.name, evidence.sha256, evidence.stored_name) == ("purged file", "", "")
    assert evidence.purged_by == focal
    assert not evidence_storage().exists(stored)

    sign_in(client, viewer)
    assert download_status(client, evidence) == 404
    html = client.get(reverse("answer-history", args=[assessment.pk, "POL.T.1"])).content.decode()
    assert "It names a victim" in html
    assert "purged file" in html
    assert "Victim statement" not in html
    assert download_url(evidence) not in html


def test_the_focal_point_purges_from_a_submitted_assessment(client, attach, assessment, focal):
    evidence = attach()
    assessment.status = "submitted"
    assessment.save()
    sign_in(client, focal)
    client.post(reverse("evidence-purge", args=[evidence.public_id]), {"reason": "Victim"})
    assert EvidenceFile.objects.get().is_purged


def test_a_read_only_section_page_links_to_the_files_only_where_there_are_some(
    client, attach, assessment, viewer
):
    evidence = attach()
    html = (
        sign_in(client, viewer)
        .get(reverse("assessment-section", args=[assessment.pk, "POL.T"]))
        .content.decode()
    )
    assert download_url(evidence) in html
    assert "Files (1)" in html
    assert "Files (0)" not in html
    assert "Attach or manage" not in html


class StoreDown:
    """An evidence storage whose every call fails as an unreachable object store would."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionRefusedError("the file store is down")

        return fail


@pytest.fixture
def store_down(monkeypatch):
    def down() -> None:
        for module in ("assessments.evidence.views", "assessments.evidence.services"):
            monkeypatch.setattr(f"{module}.evidence_storage", StoreDown)

    return down


def test_while_the_store_is_down_an_upload_says_so_and_records_nothing(
    client, assessment, contributor, store_down
):
    store_down()
    response = upload(sign_in(client, contributor), assessment, samples.pdf("the law"))
    assert response.status_code == 400
    assert "cannot be reached right now" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_while_the_store_is_down_a_download_asks_to_try_again(client, attach, viewer, store_down):
    evidence = attach()
    store_down()
    response = sign_in(client, viewer).get(download_url(evidence))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "cannot be reached right now" in response.content.decode()


def test_while_the_store_is_down_a_purge_is_not_recorded_and_can_be_asked_again(
    client, attach, focal, store_down
):
    evidence = attach()
    store_down()
    response = sign_in(client, focal).post(
        reverse("evidence-purge", args=[evidence.public_id]), {"reason": "Names a victim."}
    )
    assert response.status_code == 503
    evidence.refresh_from_db()
    assert not evidence.is_purged
    assert evidence.stored_name
