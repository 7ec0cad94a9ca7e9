"""Rendered documents on the S3-compatible store (FILE_STORAGE=s3) through the real queue path:
a worker stores the export in the bucket, any app server serves it; a store that is down or a
file that was removed is said so on a page, never a 500 or a hang."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.jobs import services, views
from assessments.jobs.models import DocumentJob
from tests.assessments.jobs.helpers import body, fetch_document, job_of
from tests.conftest import free_port, s3_storages, sign_in

pytestmark = pytest.mark.django_db

Status = DocumentJob.Status


def export_url(assessment) -> str:
    return reverse("assessment-export", args=[assessment.pk])


def point_at_a_store_that_is_down(settings, monkeypatch, bucket: str) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings.STORAGES = {**settings.STORAGES, **s3_storages(bucket, nowhere, monkeypatch)}


def test_the_export_is_stored_encrypted_in_the_bucket_and_downloads_the_same_bytes(
    client, assessment, focal, s3_storage
):
    bucket, s3 = s3_storage
    sign_in(client, focal)
    response, content = fetch_document(client, export_url(assessment))
    assert response.status_code == 200
    load_workbook(io.BytesIO(content))
    job = DocumentJob.objects.get(kind="workbook", status=Status.READY)
    key = f"documents/{job.file_name}"
    stored = s3.get_object(Bucket=bucket, Key=key)
    assert stored["Body"].read() == content
    assert stored["ServerSideEncryption"] == "AES256"


def test_deleting_the_assessment_deletes_its_documents_from_the_bucket(
    client, assessment, focal, s3_storage
):
    bucket, s3 = s3_storage
    sign_in(client, focal)
    fetch_document(client, export_url(assessment))
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 1
    assessment.delete()
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_a_store_that_is_down_fails_the_render_visibly_and_it_can_be_retried(
    client, assessment, focal, s3_bucket, settings, monkeypatch
):
    point_at_a_store_that_is_down(settings, monkeypatch, s3_bucket[0])
    sign_in(client, focal)
    job = job_of(client.get(export_url(assessment)))
    failed = services.run_job(job.pk, worker="test-worker")
    assert failed.status == Status.FAILED
    assert failed.error == services.STORAGE_DOWN
    page = client.get(reverse("document-progress", args=[job.public_id])).content.decode()
    assert "could not be stored: the file store is not available" in page
    assert reverse("document-retry", args=[job.public_id]) in page


def test_a_download_while_the_store_is_down_says_so_and_keeps_the_document(
    client, assessment, focal, s3_storage, s3_endpoint, settings, monkeypatch
):
    sign_in(client, focal)
    _response, content = fetch_document(client, export_url(assessment))
    point_at_a_store_that_is_down(settings, monkeypatch, s3_storage[0])
    response = client.get(export_url(assessment))
    assert response.status_code == 503
    assert response["Retry-After"] == str(views.STORAGE_RETRY_SECONDS)
    assert "The stored documents cannot be reached right now" in response.content.decode()
    job = DocumentJob.objects.get(kind="workbook")
    assert job.status == Status.READY  # not lost: served again once the store is back

    back = s3_storages(s3_storage[0], s3_endpoint, monkeypatch)
    settings.STORAGES = {**settings.STORAGES, **back}
    again = client.get(export_url(assessment))
    assert again.status_code == 200
    assert body(again) == content


def test_a_document_removed_from_the_bucket_is_reported_and_can_be_prepared_again(
    client, assessment, focal, s3_storage
):
    bucket, s3 = s3_storage
    sign_in(client, focal)
    fetch_document(client, export_url(assessment))
    job = DocumentJob.objects.get(kind="workbook")
    s3.delete_object(Bucket=bucket, Key=f"documents/{job.file_name}")
    response = client.get(export_url(assessment))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert services.FILE_MISSING in page
    assert reverse("document-retry", args=[job.public_id]) in page
