"""Evidence and rendered documents on an S3-compatible store (FILE_STORAGE=s3, roadmap/settings.py).

Against a real S3 server (moto's server mode, tests/conftest.py `s3_endpoint`): what app servers
and workers write is private, encrypted, under its kind's prefix, seen by every other one, never
overwritten, and deleted for good; a store that is down fails within seconds.
"""

from __future__ import annotations

import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InvalidStorageError, storages

from roadmap import storage
from tests.conftest import free_port, s3_storages


def objects(s3_bucket) -> list[str]:
    bucket, client = s3_bucket
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def another_app_server(kind: str):
    """A second storage built from the same settings, as another app server or worker has."""
    from django.conf import settings

    return storages.create_storage(settings.STORAGES[kind])


def test_the_storages_are_django_storages_s3_backend(s3_storage):
    from storages.backends.s3 import S3Storage

    assert isinstance(storages["documents"], S3Storage)
    assert isinstance(storages["evidence"], S3Storage)
    with pytest.raises(InvalidStorageError):
        storages["media"]  # nothing else is configured to reach the bucket


def test_a_document_saved_by_one_app_server_is_read_by_another(s3_storage):
    name = storages["documents"].save("report/one.pdf", ContentFile(b"%PDF-1.7 report"))
    other = another_app_server("documents")
    assert other is not storages["documents"]
    with other.open(name, "rb") as stored:
        assert stored.read() == b"%PDF-1.7 report"
    assert objects(s3_storage) == [f"documents/{name}"]


def test_stored_files_are_private_and_encrypted_at_rest(s3_storage):
    bucket, client = s3_storage
    name = storages["documents"].save("report/secret.pdf", ContentFile(b"confidential"))
    key = f"documents/{name}"
    assert client.head_object(Bucket=bucket, Key=key)["ServerSideEncryption"] == "AES256"
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    assert all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)


def test_a_name_already_taken_gets_another_and_the_first_file_is_kept(s3_storage):
    first = storages["documents"].save("export/same.xlsx", ContentFile(b"first"))
    second = storages["documents"].save("export/same.xlsx", ContentFile(b"second"))
    assert first != second
    with storages["documents"].open(first, "rb") as stored:
        assert stored.read() == b"first"


def test_evidence_is_kept_under_its_own_prefix_and_deleted_for_good(s3_storage):
    evidence = storages["evidence"]
    name = evidence.save("XAA/1/law.pdf", ContentFile(b"%PDF-1.7 the law"))
    assert objects(s3_storage) == [f"evidence/{name}"]
    with another_app_server("evidence").open(name, "rb") as stored:
        assert stored.read() == b"%PDF-1.7 the law"
    evidence.delete(name)
    assert objects(s3_storage) == []
    assert not another_app_server("evidence").exists(name)


def test_a_file_that_is_not_in_the_bucket_is_not_found(s3_storage):
    with pytest.raises(FileNotFoundError):
        storages["documents"].open("report/never-saved.pdf", "rb")


@pytest.fixture
def store_down(s3_bucket, settings, monkeypatch):
    """The storages pointed at an address where no store answers."""
    bucket, _client = s3_bucket
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings.STORAGES = {**settings.STORAGES, **s3_storages(bucket, nowhere, monkeypatch)}


def test_a_store_that_is_down_fails_within_seconds_not_as_a_missing_file(store_down):
    start = time.monotonic()
    with pytest.raises(storage.UNAVAILABLE) as saving:
        storages["documents"].save("report/x.pdf", ContentFile(b"x"))
    with pytest.raises(storage.UNAVAILABLE) as opening:
        storages["evidence"].open("XAA/1/law.pdf", "rb")
    assert time.monotonic() - start < 15  # retried a few times, then given up
    assert not isinstance(saving.value, FileNotFoundError)
    assert not isinstance(opening.value, FileNotFoundError)
