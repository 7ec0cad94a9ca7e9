"""The language menu: every page offers it, and a signed-in user's choice is kept."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def switch(client, language, next_url="/framework/"):
    return client.post(reverse("set-language"), {"language": language, "next": next_url})


def test_every_page_offers_the_five_languages_in_their_own_names(client):
    page = client.get(reverse("framework")).content.decode()
    assert 'action="/language/"' in page
    for code, name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in page
        assert name in page


def test_a_visitor_choice_is_kept_in_a_cookie_and_the_page_comes_back_in_it(client):
    response = switch(client, "id")
    assert response.status_code == 302
    assert response["Location"] == "/framework/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    page = client.get("/framework/")
    assert page["Content-Language"] == "id"
    assert '<html lang="id" dir="ltr">' in page.content.decode()


def test_a_signed_in_choice_is_stored_on_the_account_and_wins_in_another_browser(client):
    user = MemberFactory()
    client.force_login(user)
    switch(client, "ar")
    user.refresh_from_db()
    assert user.language == "ar"
    other = type(client)()
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"  # that browser's own earlier choice
    other.force_login(user)
    page = other.get(reverse("assessment-list"))
    assert page["Content-Language"] == "ar"
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_an_unknown_language_is_refused_with_a_message_and_nothing_changes(client):
    user = MemberFactory(language="en")
    client.force_login(user)
    response = switch(client, "xx")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(response["Location"]).content.decode()
    assert "That language is not available" in page  # in the user's language (English here)


def test_the_way_back_never_leaves_the_site(client):
    response = switch(client, "id", next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_switching_needs_a_post_with_a_csrf_token(client):
    assert client.get(reverse("set-language")).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("set-language"), {"language": "id"}).status_code == 403
