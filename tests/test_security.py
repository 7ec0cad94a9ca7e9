"""Security by default: CSP, login throttling, two-factor authentication, sessions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Role
from tests.conftest import sign_in
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's current code; steps_ahead=1 gives the next one (a used code is refused)."""
    value = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{value:0{device.digits}d}"


def after_a_wrong_code(device: TOTPDevice) -> None:
    """django-otp makes a device wait after a wrong code; tests do not wait."""
    device.refresh_from_db()
    device.throttle_reset()


# --- Content-Security-Policy ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/framework/", "/accounts/login/"])
def test_pages_carry_a_csp_without_third_party_hosts_or_inline_script(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "http" not in policy  # no other host is allowed
    assert directives["frame-ancestors"] == "'none'"


def test_templates_contain_no_inline_script_or_style_attribute():
    from pathlib import Path

    from django.conf import settings

    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text, path
        assert "<script type" not in text, path
        assert " style=" not in text, path
        assert " onclick=" not in text, path
        assert " onchange=" not in text, path


# --- Login throttling -------------------------------------------------------------------------


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_repeated_failures_lock_the_account_with_a_clear_message(client, throttled):
    user = UserFactory(email="officer@ministry.example")
    for _ in range(2):
        assert attempt(client, user.email, "wrong").status_code == 200
    locked = attempt(client, user.email, "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert attempt(client, user.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_on_one_account_leaves_others_alone(client, throttled):
    victim = UserFactory(email="victim@ministry.example")
    other = UserFactory(email="other@ministry.example")
    for _ in range(3):
        attempt(client, victim.email, "wrong")
    assert attempt(client, other.email, PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(client, throttled):
    user = UserFactory(email="officer@ministry.example")
    attempt(client, user.email, "wrong")
    attempt(client, user.email, "wrong")
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    attempt(client, user.email, "wrong")
    assert attempt(client, user.email, PASSWORD).status_code == 302


# --- Two-factor authentication ----------------------------------------------------------------


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(role=Role.RSO, email="rso@example.org"),
        lambda: UserFactory(is_staff=True, is_superuser=True, email="root@example.org"),
    ],
    ids=["rso", "administrator"],
)
def test_rso_staff_and_administrators_cannot_enrol_with_the_password_alone(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup"))
    assert client.get("/admin/").status_code == 302

    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 403
    assert "You need an enrolment link" in page.content.decode()
    assert "data:image/svg+xml" not in page.content.decode()
    assert client.post(reverse("two-factor-setup"), {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(reverse("assessment-list")).status_code == 302  # nothing else opens


def test_the_admin_site_needs_the_second_factor(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    client.force_login(superuser)
    response = client.get("/admin/roadmap/indicator/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert sign_in(client, superuser).get("/admin/roadmap/indicator/").status_code == 200


def test_a_user_with_a_device_enters_a_code_after_the_password(client):
    user = MemberFactory(Role.CONTRIBUTOR)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    response = client.get(reverse("assessment-list"))
    assert response["Location"] == f"{reverse('two-factor-verify')}?next=%2Fassessments%2F"
    assert (
        "That code is not right"
        in client.post(
            reverse("two-factor-verify"), {"code": "123456", "next": "/assessments/"}
        ).content.decode()
    )
    after_a_wrong_code(device)
    done = client.post(
        reverse("two-factor-verify"), {"code": code(device), "next": "/assessments/"}
    )
    assert done["Location"] == "/assessments/"


def test_verify_does_not_redirect_to_another_site(client):
    user = MemberFactory(Role.CONTRIBUTOR)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    done = client.post(
        reverse("two-factor-verify"), {"code": code(device), "next": "https://evil.example/"}
    )
    assert done["Location"] == reverse("assessment-list")  # their landing page instead


def test_member_state_users_may_turn_two_factor_on_and_off(client):
    user = MemberFactory(Role.VIEWER)
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200  # not required
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("two-factor-setup"), {"code": code(device)})
    assert "On: after your password" in client.get(reverse("two-factor-status")).content.decode()
    client.post(reverse("two-factor-status"), {"code": code(device, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_required_two_factor_cannot_be_turned_off(client):
    user = UserFactory(role=Role.RSO)
    sign_in(client, user)
    device = TOTPDevice.objects.get(user=user)
    page = client.post(reverse("two-factor-status"), {"code": code(device)}).content.decode()
    assert "cannot be turned off" in page
    assert TOTPDevice.objects.filter(user=user).exists()


# --- Sessions ---------------------------------------------------------------------------------


def test_sessions_expire_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_changing_the_password_signs_out_every_other_session(client):
    from django.test import Client

    user = MemberFactory(Role.CONTRIBUTOR)
    other = Client()
    other.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert other.get(reverse("assessment-list")).status_code == 200
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-42",
            "new_password2": "a-new-long-passphrase-42",
        },
    )
    assert client.get(reverse("assessment-list")).status_code == 200  # this session stays
    assert other.get(reverse("assessment-list")).status_code == 302  # the other is signed out


# --- Compressed pages (BREACH, docs/security.md) ----------------------------------------------


def test_the_csrf_token_differs_in_every_response(client):
    """The one secret in our pages never repeats, so compression cannot give it away."""
    import re

    client.force_login(MemberFactory(Role.CONTRIBUTOR))
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        for page in (client.get(reverse("assessment-list")).content.decode() for _ in range(3))
    ]
    assert len(set(tokens)) == 3


def test_the_session_cookie_is_not_sent_with_requests_from_other_sites(client):
    client.force_login(MemberFactory(Role.CONTRIBUTOR))
    response = client.get(reverse("assessment-list"))
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    assert response.cookies["sessionid"]["httponly"]
    assert response["X-Frame-Options"] == "DENY"
