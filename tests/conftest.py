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
