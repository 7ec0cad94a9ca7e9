import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def no_login_throttling(settings):
    """Switch django-axes off: most tests sign in without a request. tests/test_security.py
    switches it on to test the throttling itself."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords with a fast algorithm: PBKDF2 costs ~0.3 s per user by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, user):
    """Sign the user in; for accounts that require two-factor, as after entering a code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from assessments.two_factor import requires_two_factor

    client.force_login(user)
    if requires_two_factor(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test"})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    return sign_in(client, superuser)


@pytest.fixture(scope="module")
def framework_module(django_db_setup, django_db_blocker):
    """Load the reference framework once for a whole test module, and remove it afterwards.

    Loading it takes seconds; tests that only read it share one copy. Each test still runs in
    its own transaction, so what a test writes is rolled back.
    """
    from django.core.management import call_command

    from roadmap.models import Edition, Instrument, Resource

    with django_db_blocker.unblock():
        call_command("load_framework", verbosity=0)
        edition = Edition.objects.current()
    yield edition
    with django_db_blocker.unblock():
        Edition.objects.all().delete()
        Instrument.objects.all().delete()
        Resource.objects.all().delete()


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Each test starts in English. A request leaves its language active in the thread (the
    LocaleMiddleware activates it and nothing resets it), and a factory that runs after a
    request in Indonesian would write its texts into the Indonesian columns (modeltranslation
    writes the active language's)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counts must not leak between tests, nor
    an edition's structure that a test changed with QuerySet.update() (which renews no version)."""
    from django.core.cache import cache

    from roadmap.memo import Memo

    cache.clear()
    Memo.clear_all()  # this process's copies of cached structures and indexes too
    yield
    cache.clear()
    Memo.clear_all()


@pytest.fixture(autouse=True)
def documents_storage(tmp_path_factory):
    """Rendered documents go to a throw-away folder, never to the checkout's var/documents."""
    from django.conf import settings
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("documents")
    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(folder), "base_url": None},
    }
    with override_settings(STORAGES={**settings.STORAGES, "documents": storage}):
        yield folder


@pytest.fixture(autouse=True)
def evidence_folder(documents_storage, tmp_path_factory):
    """Evidence files go to a throw-away folder, never to the checkout's var/media; no virus
    scanner runs (tests/assessments/evidence/test_scanning.py sets one up)."""
    from django.conf import settings
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("evidence")
    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(folder), "base_url": None},
    }
    with override_settings(
        MEDIA_ROOT=str(folder),
        STORAGES={**settings.STORAGES, "evidence": storage},
        EVIDENCE_SCANNER="off",
    ):
        yield folder


# --- The S3-compatible store (FILE_STORAGE=s3) -------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_it_answers(url: str, process=None, seconds: float = 30) -> None:
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers, if only to say no
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"moto_server stopped while starting ({url})") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"no S3 server answers at {url}") from None
            time.sleep(0.2)


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of an S3-compatible server: TEST_S3_ENDPOINT_URL (.ci/run starts one for both
    suites), else a moto_server started here for the session, so every `make test` covers S3."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    url = os.environ.get("TEST_S3_ENDPOINT_URL", "").strip()
    if url:
        wait_until_it_answers(url)
        yield url
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    moto_server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_it_answers(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


S3_TEST_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "rsr-test",
    "AWS_SECRET_ACCESS_KEY": "rsr-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture
def s3_bucket(s3_endpoint, monkeypatch):
    """A fresh, empty bucket on the S3 server for one test (emptied and removed afterwards).

    Yields (name, boto3 client) so that a test can look at the objects behind the storage."""
    import uuid

    import boto3

    for name, value in S3_TEST_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    # Credentials and settings of the machine running the tests are not read.
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    bucket = f"rsr-test-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=bucket)
    yield bucket, client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


def s3_storages(bucket: str, endpoint: str, monkeypatch) -> dict:
    """settings.STORAGES's "documents" and "evidence" as roadmap/settings.py builds them with
    FILE_STORAGE=s3, S3_BUCKET=bucket and S3_ENDPOINT_URL=endpoint (path-style addresses)."""
    from roadmap import settings as project_settings

    monkeypatch.setattr(project_settings, "FILE_STORAGE", "s3")
    monkeypatch.setattr(project_settings, "S3_BUCKET", bucket)
    monkeypatch.setattr(project_settings, "S3_ADDRESSING_STYLE", "path")
    monkeypatch.setenv("S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("S3_REGION", "us-east-1")
    return {
        "documents": project_settings.file_storage("unused", "documents"),
        "evidence": project_settings.file_storage("unused", "evidence"),
    }


@pytest.fixture
def s3_storage(s3_bucket, s3_endpoint, settings, monkeypatch):
    """Evidence and rendered documents in a fresh bucket of the S3 server, as with
    FILE_STORAGE=s3; changing settings.STORAGES makes Django build the storages again."""
    bucket, _client = s3_bucket
    settings.STORAGES = {**settings.STORAGES, **s3_storages(bucket, s3_endpoint, monkeypatch)}
    return s3_bucket
