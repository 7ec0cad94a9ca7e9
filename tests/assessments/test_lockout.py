"""Login throttling holds: the client address cannot be forged, letter case gives no fresh tries,
an attacker cannot lock a known user out from everywhere, and one address cannot spray."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from assessments.lockout import client_ip, username_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's
PROXY = "10.0.0.1"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def behind_a_proxy(settings, throttled):
    settings.PROXY_COUNT = 1


@pytest.fixture
def officer(db):
    return UserFactory(email="viewer@demo.example")


def attempt(client, email, password, *, remote=None, forwarded=None):
    extra = {}
    if remote:
        extra["REMOTE_ADDR"] = remote
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def lock(client, email, **where):
    for _ in range(5):
        attempt(client, email, "wrong", **where)


def request_from(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/accounts/login/", **extra)


# --- The client address -----------------------------------------------------------------------


def test_without_a_proxy_the_address_is_remote_addr_whatever_the_header_says(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request_from("192.0.2.1", "10.9.9.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    "forwarded",
    ["203.0.113.9", "198.51.100.7, 203.0.113.9", "198.51.100.7,203.0.113.9"],
    ids=["one entry", "client-supplied entry first", "no space"],
)
def test_behind_one_proxy_the_address_is_the_one_the_proxy_appended(settings, forwarded):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, forwarded)) == "203.0.113.9"


def test_behind_two_proxies_the_address_is_the_second_from_the_right(settings):
    settings.PROXY_COUNT = 2
    request = request_from(PROXY, "6.6.6.6, 203.0.113.9, 10.0.0.7")
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize(
    "forwarded", [None, "", "not-an-address", " , "], ids=["none", "empty", "junk", "blank"]
)
def test_a_missing_or_unusable_header_falls_back_to_remote_addr(settings, forwarded):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, forwarded)) == PROXY


def test_a_header_shorter_than_the_proxy_count_falls_back_to_remote_addr(settings):
    settings.PROXY_COUNT = 2
    assert client_ip(request_from(PROXY, "203.0.113.9")) == PROXY


def test_the_username_is_counted_in_lower_case_without_spaces():
    assert username_key(None, {"username": "  VIEWER@Demo.Example "}) == "viewer@demo.example"
    request = RequestFactory().post("/", {"username": "Viewer@DEMO.example"})
    assert username_key(request, None) == "viewer@demo.example"
    assert username_key(None, {}) is None


# --- Through the sign-in page, no proxy (issue 11, item 1) ------------------------------------


def test_a_forged_forwarded_header_does_not_unlock_a_locked_account(client, throttled, officer):
    lock(client, officer.email)
    response = attempt(client, officer.email, PASSWORD, forwarded="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_changing_the_forwarded_header_each_time_gives_no_fresh_tries(client, throttled, officer):
    statuses = [
        attempt(client, officer.email, "wrong", forwarded=f"10.0.0.{i}").status_code
        for i in range(7)
    ]
    assert statuses[4:] == [429, 429, 429]


# --- Behind the documented load balancer (issue 11, item 2) ----------------------------------


def test_behind_the_proxy_a_client_supplied_entry_gives_no_fresh_tries(
    client, behind_a_proxy, officer
):
    statuses = [
        attempt(
            client, officer.email, "wrong", remote=PROXY, forwarded=f"198.51.100.{i}, 203.0.113.9"
        ).status_code
        for i in range(7)
    ]
    assert statuses[4:] == [429, 429, 429]


def test_behind_the_proxy_an_attacker_cannot_lock_the_user_out_from_elsewhere(
    client, behind_a_proxy, officer
):
    lock(client, officer.email, remote=PROXY, forwarded="203.0.113.9")
    assert (
        attempt(client, officer.email, PASSWORD, remote=PROXY, forwarded="203.0.113.9").status_code
        == 429
    )

    from django.test import Client

    user_at_home = Client()
    response = attempt(user_at_home, officer.email, PASSWORD, remote=PROXY, forwarded="192.0.2.44")
    assert response.status_code == 302
    assert "_auth_user_id" in user_at_home.session


def test_behind_the_proxy_the_attacker_address_is_recorded(client, behind_a_proxy, officer):
    from axes.models import AccessAttempt

    attempt(client, officer.email, "wrong", remote=PROXY, forwarded="198.51.100.1, 203.0.113.9")
    attempt(client, officer.email, "wrong", remote=PROXY, forwarded="192.0.2.44")
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert recorded == {"203.0.113.9", "192.0.2.44"}


# --- Letter case (issue 11, item 3) -----------------------------------------------------------


def test_another_spelling_of_a_locked_address_gives_no_fresh_tries(client, throttled, officer):
    lock(client, "viewer@demo.example")
    assert attempt(client, "VIEWER@demo.example", "wrong").status_code == 429
    assert attempt(client, "Viewer@Demo.Example", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


# --- One address trying many accounts ---------------------------------------------------------


def test_one_address_guessing_many_accounts_is_stopped(client, throttled, settings, officer):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for i in range(8):
        assert attempt(client, f"person{i}@demo.example", "wrong").status_code == 200
    response = attempt(client, officer.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_from_other_addresses_do_not_count_towards_the_address_limit(
    client, throttled, settings, officer
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for i in range(8):
        attempt(client, f"person{i}@demo.example", "wrong", remote=f"192.0.2.{i + 10}")
    assert attempt(client, officer.email, PASSWORD).status_code == 302
