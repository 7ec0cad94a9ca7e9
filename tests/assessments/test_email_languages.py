"""Emails go out in the recipient's language (assessments.languages.recipient_language):
invitations, set-password links, enrolment links and password resets, whoever sends them and
whatever language the sender's page is in.

The words checked come from a test catalogue (tests/catalogues.py) laid over the project's.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from assessments.enrolment import enrolment_link_send
from assessments.languages import recipient_language
from assessments.models import Role
from tests.catalogues import install
from tests.factories import MemberFactory, MemberStateFactory, UserFactory

pytestmark = pytest.mark.django_db

THAI_INVITATION = "คำเชิญเข้าทีม %(ms)s ใน %(site_name)s"
INDONESIAN_ADDED = "Anda ditambahkan ke tim %(ms)s di %(site_name)s"
INDONESIAN_RESET = "Pilih kata sandi baru untuk %(site_name)s"
THAI_ENROLMENT = "%(site_name)s: ตั้งค่าการยืนยันตัวตนสองขั้นตอน"


@pytest.fixture(autouse=True)
def catalogues(settings, tmp_path):
    install(
        settings,
        tmp_path / "locale",
        {
            "th": {
                "Invitation to the %(site_name)s team of %(ms)s": THAI_INVITATION,
                "%(site_name)s: set up two-factor authentication": THAI_ENROLMENT,
            },
            "id": {
                "You were added to the %(site_name)s team of %(ms)s": INDONESIAN_ADDED,
                "Choose a new password for the %(site_name)s": INDONESIAN_RESET,
            },
        },
    )


@pytest.fixture
def thailand(db):
    return MemberStateFactory(code="THA", name="Thailand")


@pytest.fixture
def focal_client(client, thailand):
    focal = MemberFactory(Role.FOCAL_POINT, thailand, email="focal@tha.example")
    client.force_login(focal)  # the focal point reads the site in English
    return client


def test_the_recipients_language_is_their_accounts_else_the_given_default_else_english():
    assert recipient_language(UserFactory.build(language="th")) == "th"
    assert recipient_language(UserFactory.build(language=""), default="id") == "id"
    assert recipient_language(None, default="xx") == "en"
    assert recipient_language(None) == "en"


def test_an_invitation_to_an_account_goes_out_in_its_language(focal_client):
    UserFactory(email="somchai@tha.example", language="th")
    focal_client.post(
        reverse("team-add"),
        {"email": "somchai@tha.example", "full_name": "Somchai", "role": "viewer"},
    )
    [message] = mail.outbox
    assert message.subject == THAI_INVITATION % {"ms": "ไทย", "site_name": "RSR Toolkit"}


def test_an_invitation_to_an_address_without_an_account_goes_out_in_the_inviters_language(
    focal_client,
):
    with translation.override("th"):
        focal_client.post(
            reverse("team-add"),
            {"email": "new@tha.example", "full_name": "New", "role": "viewer"},
            headers={"accept-language": "th"},
        )
    [message] = mail.outbox
    assert message.subject.startswith("คำเชิญเข้าทีม")


def test_a_set_password_link_goes_out_in_the_members_language(focal_client, thailand):
    member = MemberFactory(Role.CONTRIBUTOR, thailand, email="ani@tha.example")
    member.language = "id"
    member.set_unusable_password()
    member.save()
    focal_client.post(reverse("team-member-invite", args=[member.pk]))
    [message] = mail.outbox
    # Thailand in Indonesian, from pycountry's catalogue, and the subject in Indonesian.
    assert message.subject == INDONESIAN_ADDED % {"ms": "Thailand", "site_name": "RSR Toolkit"}


def test_a_password_reset_goes_out_in_the_accounts_language(client):
    UserFactory(email="officer@ministry.example", language="id")
    client.post(reverse("password_reset"), {"email": "officer@ministry.example"})
    [message] = mail.outbox
    assert message.subject == INDONESIAN_RESET % {"site_name": "RSR Toolkit"}


def test_an_enrolment_link_goes_out_in_the_users_language():
    user = UserFactory(email="admin2@example.org", language="th", is_staff=True)
    admin = UserFactory(email="admin@example.org", is_staff=True)
    enrolment_link_send(user=user, by=admin, request=RequestFactory().get("/"))
    [message] = mail.outbox
    assert message.subject == THAI_ENROLMENT % {"site_name": "RSR Toolkit"}
