"""Demo accounts exist only in development; users sign in with their email address."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from assessments.management.commands.load_demo import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from assessments.models import User

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_demo_data_is_refused_when_debug_is_off():
    with pytest.raises(CommandError, match="Refusing to load demo data"):
        call_command("load_demo")
    assert not User.objects.exists()


@override_settings(DEBUG=True)
def test_demo_data_needs_the_framework_first():
    with pytest.raises(CommandError, match="Load the framework first"):
        call_command("load_demo", verbosity=0)


@override_settings(DEBUG=True)
def test_demo_admin_can_sign_in_with_the_printed_login_even_after_a_second_load(
    framework_module,
):
    call_command("load_demo", verbosity=0)
    User.objects.filter(email=DEMO_ADMIN_EMAIL).update(password="")
    call_command("load_demo", verbosity=0)
    user = authenticate(email=DEMO_ADMIN_EMAIL, password=DEMO_ADMIN_PASSWORD)
    assert user is not None
    assert user.is_superuser
    assert User.objects.filter(email=DEMO_ADMIN_EMAIL).count() == 1


def test_users_sign_in_with_their_email_address(client):
    User.objects.create_user(email="Officer@Ministry.example", password="a-long-passphrase-1")
    response = client.post(
        "/accounts/login/",
        {"username": "Officer@ministry.example", "password": "a-long-passphrase-1"},
    )
    assert response.status_code == 302


def test_wrong_password_shows_an_error_on_the_sign_in_page(client):
    User.objects.create_user(email="officer@ministry.example", password="a-long-passphrase-1")
    response = client.post(
        "/accounts/login/", {"username": "officer@ministry.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()


@override_settings(DEBUG=True)
def test_demo_team_and_assessments_match_what_make_run_promises(framework_module):
    from assessments.demo import ACCOUNTS
    from assessments.models import Assessment
    from assessments.services import missing_answers

    call_command("load_demo", verbosity=0)
    for account in ACCOUNTS:
        assert authenticate(email=account.email, password=account.password) is not None
    demo = Assessment.objects.filter(member_state__code="XDL")
    submitted = list(demo.filter(status="submitted").order_by("reporting_year"))
    draft = demo.get(status="draft")
    assert [a.reporting_year for a in submitted] == [2024, 2025]
    assert draft.reporting_year == 2026
    assert all(missing_answers(a) == [] for a in submitted)
    assert missing_answers(draft) == []  # ready for a newcomer to submit
    # The latest submitted one has an earlier one to compare with, and something moved.
    from assessments.results import assessment_results

    comparison = assessment_results(submitted[1]).comparison
    assert comparison.previous == submitted[0]
    assert comparison.improved
    assert comparison.regressed
    # A second load leaves the member state's work alone.
    call_command("load_demo", verbosity=0)
    assert demo.count() == 3


@override_settings(DEBUG=True)
def test_demo_administrator_gets_a_working_two_factor_code(framework_module, client):
    import io
    import re

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from assessments.demo import ADMIN

    call_command("load_demo", verbosity=0)
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    code = re.search(rf"{re.escape(ADMIN.email)}\s+(\d{{6}})", out.getvalue()).group(1)
    client.post("/accounts/login/", {"username": ADMIN.email, "password": ADMIN.password})
    response = client.post("/accounts/two-factor/verify/", {"code": code, "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.filter(user__email=ADMIN.email, confirmed=True).exists()


@override_settings(DEBUG=False)
def test_demo_codes_are_refused_in_production():
    with pytest.raises(CommandError, match="only in development"):
        call_command("demo_code")


@override_settings(DEBUG=True)
def test_demo_answers_read_like_a_ministrys_not_like_test_data(framework_module):
    import re

    from assessments.models import Answer

    call_command("load_demo", verbosity=0)
    answers = Answer.objects.filter(assessment__member_state__code="XDL").select_related(
        "indicator"
    )
    texts = set()
    for answer in answers:
        if answer.not_applicable:
            assert not answer.indicator.critical  # critical indicators cannot be marked N/A
            assert answer.na_justification
        else:
            assert answer.evidence, answer.indicator.code
        for text in (answer.evidence, answer.comment, answer.na_justification):
            if text:
                assert not re.search(r"\bdemo\b", text, re.IGNORECASE), text
                assert answer.indicator.code not in text, text
                assert text[0].isupper(), text
                assert text.endswith("."), text
                texts.add(text)
    assert answers.filter(not_applicable=True).exists()
    assert answers.exclude(comment="").exists()
    assert len(texts) >= 8  # varied with the level, not one sentence repeated
