"""Evidence on an S3-compatible store (FILE_STORAGE=s3): attached, downloaded, purged for good."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.evidence.services import evidence_purge
from tests.assessments.evidence import samples
from tests.assessments.jobs.helpers import body
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def keys(s3_storage) -> list[str]:
    bucket, client = s3_storage
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_a_file_in_the_bucket_is_downloaded_by_a_member_and_purged_from_it(
    s3_storage, client, attach, viewer, focal
):
    evidence = attach(samples.pdf("in the bucket"))
    assert keys(s3_storage) == [f"evidence/{evidence.stored_name}"]
    response = sign_in(client, viewer).get(reverse("evidence-download", args=[evidence.public_id]))
    assert body(response) == samples.pdf("in the bucket")
    evidence_purge(evidence=evidence, by=focal, reason="Names a victim")
    assert keys(s3_storage) == []
