"""Pages go compressed; signed-in pages are never stored by a cache; SQLite's "database is
locked" is never a 500."""

from __future__ import annotations

import gzip
import re

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path, reverse

from tests.assessments.jobs.helpers import body
from tests.test_url_access import PROTECTED, Scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_every_signed_in_page_forbids_caching(client, name):
    s = Scenario()
    client.force_login(s.focal)
    response = client.get(reverse(name, args=PROTECTED[name](s)))
    body(response)  # a file download (evidence) holds its file open until it is read
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


def pdf(request):
    return HttpResponse(b"%PDF-1.7 " + b"x" * 5000, content_type="application/pdf")


urlpatterns = [
    path("locked/", locked),
    path("gone/", gone),
    path("pdf/", pdf),
    path("", include("roadmap.urls")),
]


def without_csrf_tokens(page: bytes) -> bytes:
    """The page without its CSRF tokens, which are masked afresh on every response (BREACH)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def test_pages_go_gzipped_to_browsers_that_accept_it(client):
    page = client.get(reverse("home")).content
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert without_csrf_tokens(gzip.decompress(response.content)) == without_csrf_tokens(page)
    assert len(response.content) < len(page) / 2


def test_pages_go_plain_to_clients_that_do_not_accept_gzip(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="identity")
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_downloads_compressed_already_are_not_gzipped_again(client):
    response = client.get("/pdf/", HTTP_ACCEPT_ENCODING="gzip")
    assert not response.has_header("Content-Encoding")
    assert response.content.startswith(b"%PDF")


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
