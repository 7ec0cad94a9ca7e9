"""Password change and reset use Django's views with our templates."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD = "correct-horse-battery"  # UserFactory's
NEW = "a-new-long-passphrase-2"


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def officer():
    return UserFactory(email="officer@ministry.example")


def test_login_page_links_to_password_reset(client):
    response = client.get(reverse("login"))

    assert f'href="{reverse("password_reset")}"' in text(response)
    assert "Forgot your password?" in text(response)


def test_password_reset_emails_a_link_to_an_existing_user(client, officer):
    response = client.post(reverse("password_reset"), {"email": "Officer@ministry.example"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert "RSR Toolkit" in mail.outbox[0].subject
    assert "for the RSR Toolkit account officer@ministry.example" in mail.outbox[0].body
    assert "testserver account" not in mail.outbox[0].body
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body
    assert "&#x27;" not in mail.outbox[0].body


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, officer):
    known = client.post(reverse("password_reset"), {"email": officer.email}, follow=True)
    mail.outbox.clear()

    unknown = client.post(reverse("password_reset"), {"email": "nobody@x.example"}, follow=True)

    assert unknown.redirect_chain == known.redirect_chain
    # The language menu's form carries a CSRF token, masked anew on every page.
    assert without_csrf_tokens(text(unknown)) == without_csrf_tokens(text(known))
    assert not mail.outbox


def without_csrf_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "CSRF", page)


def test_reset_link_sets_a_new_password_once(client, officer):
    client.post(reverse("password_reset"), {"email": officer.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )

    assert "Password set" in text(response)
    assert authenticate(email=officer.email, password=NEW) is not None
    assert authenticate(email=officer.email, password=OLD) is None
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "already used" in text(again)


def test_password_change_works_and_the_old_password_stops_working(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert "Your password was changed" in text(response)
    assert authenticate(email=officer.email, password=NEW) is not None
    assert authenticate(email=officer.email, password=OLD) is None


def test_password_change_with_a_wrong_old_password_is_refused(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert authenticate(email=officer.email, password=OLD) is not None


def test_password_change_needs_sign_in(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete", "login"]
)
def test_password_pages_render_as_a_card_with_the_site_layout(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert 'class="card shadow-sm"' in text(response)
    assert "site-navbar" in text(response)


@pytest.mark.django_db
def test_an_invited_member_whose_link_expired_can_ask_for_a_new_one(client, mailoutbox):
    from assessments.models import Role
    from tests.factories import MemberFactory

    invited = MemberFactory(Role.CONTRIBUTOR, email="new@alpha.example")
    invited.set_unusable_password()
    invited.save()
    client.post(reverse("password_reset"), {"email": "NEW@alpha.example"})
    assert [m.to for m in mailoutbox] == [["new@alpha.example"]]


def test_an_expired_reset_link_is_refused_with_a_clear_message(client, officer, monkeypatch):
    from datetime import datetime, timedelta

    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator

    client.post(reverse("password_reset"), {"email": officer.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = client.get(link, follow=True)
    assert not response.context["validlink"]
    assert "already used" in text(response) or "expired" in text(response)
    assert authenticate(email=officer.email, password=OLD) is not None


# --- Rate limit (issue 11, item 7) ------------------------------------------------------------


def test_ten_resets_to_one_address_send_only_the_first_three(client, officer, settings):
    settings.EMAIL_RATE_PER_RECIPIENT = 3
    responses = [
        client.post(reverse("password_reset"), {"email": officer.email}, follow=True)
        for _ in range(10)
    ]

    assert len(mail.outbox) == 3
    # The tenth looks exactly like the first: the limit tells nobody that the address exists.
    assert responses[-1].redirect_chain == responses[0].redirect_chain
    assert without_csrf_tokens(text(responses[-1])) == without_csrf_tokens(text(responses[0]))


def test_resets_from_other_addresses_to_the_same_mailbox_count_together(client, officer, settings):
    settings.EMAIL_RATE_PER_RECIPIENT = 2
    for i in range(4):
        client.post(reverse("password_reset"), {"email": officer.email}, REMOTE_ADDR=f"192.0.2.{i}")

    assert len(mail.outbox) == 2


def test_one_client_asking_for_many_mailboxes_is_limited(client, settings):
    settings.EMAIL_RATE_PER_CLIENT = 3
    for i in range(5):
        UserFactory(email=f"person{i}@ministry.example")
        client.post(reverse("password_reset"), {"email": f"person{i}@ministry.example"})

    assert [m.to for m in mail.outbox] == [[f"person{i}@ministry.example"] for i in range(3)]
