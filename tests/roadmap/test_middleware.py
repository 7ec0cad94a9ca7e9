"""Signed-in pages are never stored by a cache; SQLite's "database is locked" is never a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import include, path, reverse

from tests.test_url_access import PROTECTED, Scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_every_signed_in_page_forbids_caching(client, name):
    s = Scenario()
    client.force_login(s.focal)
    response = client.get(reverse(name, args=PROTECTED[name](s)))
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, (name, response.status_code)
    assert "private" in cache_control, name


@pytest.mark.parametrize("name", ["framework", "home"])
def test_public_pages_for_visitors_keep_their_own_caching(client, db, name):
    response = client.get(reverse(name))
    assert "no-store" not in response.get("Cache-Control", "")


def locked(request):
    raise OperationalError("database is locked")


def gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("locked/", locked), path("gone/", gone), path("", include("roadmap.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_a_locked_database_gives_the_try_again_page_not_a_500(client):
    response = client.post("/locked/")
    assert response.status_code == 409
    assert response["Retry-After"]
    assert b"save again" in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_other_database_errors_stay_errors(client):
    client.raise_request_exception = False
    assert client.get("/gone/").status_code == 500
