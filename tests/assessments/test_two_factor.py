"""Two-factor: enrolment of privileged accounts needs a link, recovery codes, landing where the
person was going (issue 11 item 11, issue 10 part 3)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.enrolment import enrolment_link_create, recovery_codes_create
from assessments.models import EnrolmentLink, Role
from tests.factories import MemberFactory, UserFactory
from tests.test_security import after_a_wrong_code, code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def administrator(db):
    return UserFactory(email="ada@admin.example", is_staff=True, is_superuser=True)


@pytest.fixture
def enrolled(db):
    """RSO staff with an authenticator app and recovery codes."""
    user = UserFactory(email="rso@example.org", role=Role.RSO)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device, recovery_codes_create(user)


def sign_in_with_password(client, user, next_url=""):
    url = reverse("login") + (f"?next={quote(next_url)}" if next_url else "")
    data = {"username": user.email, "password": PASSWORD, "next": next_url}
    return client.post(url, data)


def follow_to_setup(client, link):
    """Open the link as the signed-in person; return the set-up page."""
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("two-factor-setup")
    return client.get(response["Location"])


# --- Enrolment links --------------------------------------------------------------------------


def test_an_administrator_enrols_with_a_link_and_gets_recovery_codes(client, administrator):
    link = enrolment_link_create(user=administrator)
    assert client.get(link)["Location"].startswith(reverse("login"))  # the password comes first

    signed_in = sign_in_with_password(client, administrator, next_url=link)
    assert signed_in["Location"] == link
    page = follow_to_setup(client, link)
    assert "data:image/svg+xml;base64," in page.content.decode()

    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    done = client.post(reverse("two-factor-setup"), {"code": code(device)})

    assert done.status_code == 200
    shown = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", done.content.decode())
    assert len(shown) == 10
    assert done["Cache-Control"] == "no-store"
    device.refresh_from_db()
    assert device.confirmed
    assert EnrolmentLink.objects.get().used_at is not None
    assert client.get("/admin/").status_code == 200


def test_an_enrolment_link_works_once(client, administrator):
    from django.test import Client

    link = enrolment_link_create(user=administrator)
    sign_in_with_password(client, administrator)
    follow_to_setup(client, link)
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    client.post(reverse("two-factor-setup"), {"code": code(device)})

    second = Client()
    sign_in_with_password(second, administrator)
    response = second.get(link)
    assert response.status_code == 404
    assert "does not work" in response.content.decode()
    assert second.get(reverse("two-factor-setup")).status_code == 302  # to the code page


def test_an_expired_link_does_not_work(client, administrator):
    link = enrolment_link_create(user=administrator)
    EnrolmentLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    sign_in_with_password(client, administrator)
    assert client.get(link).status_code == 404
    assert client.get(reverse("two-factor-setup")).status_code == 403


def test_a_link_made_for_someone_else_does_not_work(client, administrator):
    other = UserFactory(email="rso@example.org", role=Role.RSO)
    link = enrolment_link_create(user=administrator)
    sign_in_with_password(client, other)
    assert client.get(link).status_code == 404
    assert client.get(reverse("two-factor-setup")).status_code == 403


def test_a_link_that_expires_during_set_up_does_not_enrol(client, administrator):
    link = enrolment_link_create(user=administrator)
    sign_in_with_password(client, administrator)
    follow_to_setup(client, link)
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    EnrolmentLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    client.post(reverse("two-factor-setup"), {"code": code(device)})

    device.refresh_from_db()
    assert not device.confirmed


def test_a_new_link_replaces_the_earlier_one(client, administrator):
    first = enrolment_link_create(user=administrator)
    second = enrolment_link_create(user=administrator)
    sign_in_with_password(client, administrator)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 302


def test_an_administrator_sends_an_enrolment_link_from_the_admin(admin_client, administrator):
    response = admin_client.post(
        reverse("admin:assessments_user_changelist"),
        {"action": "send_enrolment_link", "_selected_action": [administrator.pk]},
        follow=True,
    )
    assert "Enrolment link sent to 1 person" in response.content.decode()
    [email] = mail.outbox
    assert email.to == [administrator.email]
    assert "root@example.org" in email.body  # who sent it
    link = re.search(r"http://testserver(/accounts/two-factor/enrol/\S+/)", email.body).group(1)
    assert EnrolmentLink.objects.get(user=administrator).created_by.email == "root@example.org"

    from django.test import Client

    browser = Client()
    sign_in_with_password(browser, administrator)
    assert browser.get(link)["Location"] == reverse("two-factor-setup")


def test_a_link_lets_someone_who_lost_phone_and_codes_set_up_a_new_app(client, enrolled):
    user, old_device, _codes = enrolled
    link = enrolment_link_create(user=user)
    sign_in_with_password(client, user)
    follow_to_setup(client, link)
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)

    client.post(reverse("two-factor-setup"), {"code": code(new_device)})

    assert list(TOTPDevice.objects.filter(user=user)) == [new_device]
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()


# --- Recovery codes ---------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, enrolled):
    user, _device, codes = enrolled
    sign_in_with_password(client, user)

    done = client.post(
        reverse("two-factor-verify"), {"code": codes[0].upper(), "next": "/assessments/"}
    )
    assert done["Location"] == "/assessments/"
    assert "9 are left" in client.get(done["Location"], follow=True).content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client.post(reverse("logout"))
    sign_in_with_password(client, user)
    again = client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert "not right, or it was used already" in again.content.decode()


def test_after_a_recovery_code_a_new_app_can_be_set_up(client, enrolled):
    user, _old_device, codes = enrolled
    sign_in_with_password(client, user)
    client.post(reverse("two-factor-verify"), {"code": codes[1]})

    assert "data:image/svg+xml" in client.get(reverse("two-factor-setup")).content.decode()
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("two-factor-setup"), {"code": code(new_device)})
    assert list(TOTPDevice.objects.filter(user=user)) == [new_device]


def test_new_recovery_codes_replace_the_old_ones(client, enrolled):
    user, device, old_codes = enrolled
    sign_in_with_password(client, user)
    assert client.get(reverse("two-factor-recovery-codes"))["Location"].startswith(
        reverse("two-factor-verify")
    )
    client.post(reverse("two-factor-verify"), {"code": code(device)})
    assert (
        "10 unused recovery codes"
        in client.get(reverse("two-factor-recovery-codes")).content.decode()
    )

    page = client.post(reverse("two-factor-recovery-codes")).content.decode()
    new_codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", page)

    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    client.post(reverse("logout"))
    sign_in_with_password(client, user)
    refused = client.post(reverse("two-factor-verify"), {"code": old_codes[2]})
    assert refused.status_code == 200
    StaticDevice.objects.get(user=user).throttle_reset()  # tests do not wait
    assert client.post(reverse("two-factor-verify"), {"code": new_codes[2]}).status_code == 302


def test_a_wrong_recovery_code_is_throttled_like_a_wrong_app_code(client, enrolled):
    user, _device, codes = enrolled
    sign_in_with_password(client, user)
    client.post(reverse("two-factor-verify"), {"code": "aaaa-aaaa"})
    response = client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert "Too many wrong codes" in response.content.decode()


def test_turning_two_factor_off_removes_the_recovery_codes(client):
    user = MemberFactory(Role.VIEWER)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    recovery_codes_create(user)
    sign_in_with_password(client, user)
    client.post(reverse("two-factor-verify"), {"code": code(device)})
    client.post(reverse("two-factor-status"), {"code": code(device, steps_ahead=1)})
    assert not StaticToken.objects.filter(device__user=user).exists()


# --- Landing where the person was going (issue 10 part 3) -------------------------------------


def test_after_the_code_an_administrator_lands_on_the_admin(client, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    to_login = client.get("/admin/")
    signed_in = client.post(
        to_login["Location"], {"username": administrator.email, "password": PASSWORD}
    )
    assert signed_in["Location"] == "/admin/"
    to_code = client.get(signed_in["Location"])
    assert to_code["Location"] == f"{reverse('two-factor-verify')}?next=%2Fadmin%2F"
    page = client.get(to_code["Location"])
    assert 'name="next" value="/admin/"' in page.content.decode()

    done = client.post(to_code["Location"], {"code": code(device), "next": "/admin/"})
    assert done["Location"] == "/admin/"


def test_without_a_next_page_an_administrator_lands_on_the_admin_after_the_code(
    client, administrator
):
    device = TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    client.force_login(administrator)
    done = client.post(reverse("two-factor-verify"), {"code": code(device)})
    assert done["Location"] == reverse("admin:index")


def test_the_page_asked_for_keeps_its_query_through_the_code(client, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    client.force_login(administrator)
    wanted = "/admin/roadmap/indicator/?q=victim&edition__id__exact=1"
    to_code = client.get(wanted)
    page = client.get(to_code["Location"])
    form = page.content.decode().split("<main", 1)[1]  # not the language menu's own "next"
    next_value = unescape(re.search(r'name="next" value="([^"]+)"', form)[1])
    done = client.post(reverse("two-factor-verify"), {"code": code(device), "next": next_value})
    assert done["Location"] == wanted


def test_after_enrolment_an_administrator_continues_to_the_admin(client, administrator):
    link = enrolment_link_create(user=administrator)
    sign_in_with_password(client, administrator)
    client.get(link)
    to_setup = client.get("/admin/")
    assert to_setup["Location"] == f"{reverse('two-factor-setup')}?next=%2Fadmin%2F"
    client.get(to_setup["Location"])
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    wrong = client.post(to_setup["Location"], {"code": "000000", "next": "/admin/"})
    assert 'name="next" value="/admin/"' in wrong.content.decode()
    after_a_wrong_code(device)

    done = client.post(to_setup["Location"], {"code": code(device), "next": "/admin/"})

    assert 'href="/admin/"' in done.content.decode()


# --- Admin home -------------------------------------------------------------------------------


def test_the_admin_home_names_sign_in_and_two_factor_apps_readably(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "Sign-in lockouts" in page
    assert "Two-factor: authenticator apps" in page
    assert "Two-factor: recovery codes" in page
    assert "Two-factor enrolment links" in page
    for label in (">Axes<", "Otp_Totp", "Otp_Static", "OTP_TOTP", "AXES"):
        assert label not in page


def test_someone_whose_app_was_deleted_is_still_asked_for_a_recovery_code(client, enrolled):
    user, device, codes = enrolled
    device.delete()  # e.g. an administrator removed the lost phone's device
    sign_in_with_password(client, user)
    response = client.get(reverse("assessment-list"))
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert client.post(reverse("two-factor-verify"), {"code": codes[0]}).status_code == 302
