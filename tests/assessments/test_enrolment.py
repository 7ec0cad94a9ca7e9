"""Enrolment links and the command that gives the first administrator theirs."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.enrolment import enrolment_link_create, normalise_recovery_code
from assessments.models import EnrolmentLink
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_a_hash_of_the_token_is_stored():
    user = UserFactory()
    path = enrolment_link_create(user=user)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    stored = EnrolmentLink.objects.get(user=user)
    assert len(token) >= 40
    assert token not in stored.token_hash


def test_the_command_prints_a_link_for_the_first_administrator(client, settings):
    settings.TWO_FACTOR_ENROLMENT_HOURS = 24
    first = UserFactory(email="first@admin.example", is_staff=True, is_superuser=True)
    out = StringIO()

    call_command(
        "enrolment_link", "FIRST@admin.example", base_url="https://rsr.example.org/", stdout=out
    )

    text = out.getvalue()
    assert "for 24 hours" in text
    link = re.search(r"https://rsr\.example\.org(/accounts/two-factor/enrol/\S+/)", text)[1]
    client.post(reverse("login"), {"username": first.email, "password": "correct-horse-battery"})
    assert client.get(link)["Location"] == reverse("two-factor-setup")
    assert EnrolmentLink.objects.get().created_by is None


def test_the_command_without_a_base_url_prints_the_path():
    UserFactory(email="first@admin.example", is_superuser=True, is_staff=True)
    out = StringIO()
    call_command("enrolment_link", "first@admin.example", stdout=out)
    assert "  /accounts/two-factor/enrol/" in out.getvalue()


@pytest.mark.parametrize("email", ["nobody@admin.example", "gone@admin.example"])
def test_the_command_refuses_unknown_and_inactive_accounts(email):
    UserFactory(email="gone@admin.example", is_active=False)
    with pytest.raises(CommandError):
        call_command("enrolment_link", email, stdout=StringIO())
    assert not EnrolmentLink.objects.exists()


@pytest.mark.parametrize("typed", ["abcd-efgh", "ABCD EFGH", " abcdefgh ", "Abcd-Efgh"])
def test_recovery_codes_are_read_however_they_are_typed(typed):
    assert normalise_recovery_code(typed) == "abcdefgh"
