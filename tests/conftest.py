import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords with a fast algorithm: PBKDF2 costs ~0.3 s per user by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


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
