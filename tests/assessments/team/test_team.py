"""The focal point manages their member state's team: invite, change role, remove, send the link."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client
from django.urls import reverse

from assessments.access import NOT_FOCAL_POINT
from assessments.models import Invitation, Role, User
from assessments.team.services import (
    ALREADY_ON_TEAM,
    LAST_FOCAL_POINT,
    PASSWORD_ALREADY_SET,
    duration_text,
)
from assessments.team.views import INVITATION_FAILED, INVITED
from tests.conftest import sign_in
from tests.factories import MemberFactory, MemberStateFactory, UserFactory

PASSWORD = "correct-horse-battery"  # UserFactory's
NEW_PASSWORD = "a-long-passphrase-1"
INVALID_LINK = "This link to set a password is invalid, has expired or was already used."


def text(response) -> str:
    return unescape(response.content.decode())


def link_in(message) -> str:
    """Return the path of the set-password link in an email."""
    return re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)


def add(client, *, follow: bool = False, **data):
    defaults = {"email": "ana@ministry.example", "full_name": "Ana Santos", "role": "contributor"}
    return client.post(reverse("team-add"), {**defaults, **data}, follow=follow)


@pytest.fixture
def state(db):
    return MemberStateFactory(name="Testland")


@pytest.fixture
def focal_point(state):
    return MemberFactory(
        role=Role.FOCAL_POINT,
        member_state=state,
        email="fp@ministry.example",
        full_name="Fay Point",
    )


@pytest.fixture
def fp_client(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.fixture
def contributor(state):
    return MemberFactory(role=Role.CONTRIBUTOR, member_state=state, full_name="Con Tributor")


def member_urls(pk: int) -> list[tuple[str, str]]:
    """Every team URL about one person, with the method that changes something."""
    return [
        ("get", reverse("team-member", args=[pk])),
        ("post", reverse("team-member-role", args=[pk])),
        ("post", reverse("team-member-remove", args=[pk])),
        ("post", reverse("team-member-invite", args=[pk])),
    ]


def all_urls(pk: int) -> list[str]:
    return [reverse("team"), reverse("team-add")] + [url for _, url in member_urls(pk)]


# --- Adding people (the invitation itself: tests/assessments/team/test_invitations.py) ------------


def test_adding_a_person_sends_an_invitation_and_lists_it_as_pending(fp_client, state):
    response = add(fp_client, follow=True)

    page = text(response)
    assert response.redirect_chain == [(reverse("team"), 302)]
    assert INVITED % {"email": "ana@ministry.example"} in page
    assert "Invited (pending)" in page
    assert "Ana Santos" in page
    assert not User.objects.filter(email="ana@ministry.example").exists()  # not before accepting
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@ministry.example"]
    assert "Testland" in message.subject
    for expected in ("RSR Toolkit", "Fay Point", "fp@ministry.example", "Testland", "Contributor"):
        assert expected in message.body
    assert "expires in 3 days" in message.body
    assert re.search(r"http://testserver/invitations/\S+/", message.body)


def test_team_page_lists_the_member_states_people_only(fp_client, contributor):
    stranger = MemberFactory(role=Role.CONTRIBUTOR, full_name="Other Country")

    response = fp_client.get(reverse("team"))

    page = text(response)
    assert response.status_code == 200
    for expected in ("Fay Point", "Con Tributor", contributor.email, "Contributor", "Never"):
        assert expected in page
    assert stranger.email not in page
    assert 'action="/team/add/"' in page


def test_added_email_is_compared_without_regard_to_case(fp_client, contributor):
    response = add(fp_client, email=contributor.email.upper())

    assert response.status_code == 400
    assert ALREADY_ON_TEAM in text(response)
    assert not mail.outbox


def test_oversized_full_name_is_a_form_error(fp_client):
    response = add(fp_client, full_name="x" * 151)

    assert response.status_code == 400
    assert "full_name" in response.context["form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("full_name", "message"),
    [
        ("Ana Santos\nBcc: everyone@ministry.example", "Full name must be on one line"),
        ("Ana\r\nSantos", "Full name must be on one line"),
        ("Ana\x08 Santos", "Full name contains an invisible control character (U+0008)"),
    ],
)
def test_a_name_on_several_lines_or_with_control_characters_is_refused(
    fp_client, full_name, message
):
    response = add(fp_client, full_name=full_name)

    assert response.status_code == 400
    assert message in response.context["form"].errors["full_name"][0]
    assert not User.objects.filter(email="ana@ministry.example").exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "data",
    [
        {"role": "rso"},
        {"role": "superuser"},
        {"email": "not-an-address"},
        {"email": "a" * 250 + "@x.org"},
    ],
)
def test_bad_add_input_is_a_form_error_not_a_server_error(fp_client, data):
    response = add(fp_client, **data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert User.objects.count() == 1
    assert not Invitation.objects.exists()


def test_a_failing_mail_server_keeps_the_invitation_and_says_so(fp_client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("assessments.team.invitations.send_mail", broken)

    response = add(fp_client, follow=True)

    assert Invitation.objects.filter(email="ana@ministry.example").exists()
    assert INVITATION_FAILED % {"email": "ana@ministry.example"} in text(response)


def test_the_set_password_link_can_be_sent_again_while_no_password_is_set(fp_client, state):
    # People added before invitations existed joined at once, without a password.
    ana = MemberFactory(role=Role.CONTRIBUTOR, member_state=state, email="ana@ministry.example")
    ana.set_unusable_password()
    ana.save()

    fp_client.post(reverse("team-member-invite", args=[ana.pk]))

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@ministry.example"]
    response = Client().get(link_in(mail.outbox[0]), follow=True)
    assert response.context["validlink"]


def test_add_page_and_member_page_show_their_forms(fp_client, contributor):
    assert fp_client.get(reverse("team-add")).status_code == 200

    contributor_page = text(fp_client.get(reverse("team-member", args=[contributor.pk])))

    assert "Send the link again" not in contributor_page
    assert f"Remove {contributor.full_name} from the team" in contributor_page
    assert 'name="role"' in contributor_page


def test_the_link_is_not_sent_to_someone_who_has_a_password(fp_client, contributor):
    response = fp_client.post(reverse("team-member-invite", args=[contributor.pk]), follow=True)

    assert PASSWORD_ALREADY_SET in text(response)
    assert not mail.outbox


# --- Roles and removal ----------------------------------------------------------------------


def test_focal_point_changes_a_persons_role(fp_client, contributor):
    response = fp_client.post(
        reverse("team-member-role", args=[contributor.pk]), {"role": "viewer"}
    )

    assert response.status_code == 302
    contributor.refresh_from_db()
    assert contributor.role == Role.VIEWER


def test_unknown_role_is_a_form_error(fp_client, contributor):
    response = fp_client.post(reverse("team-member-role", args=[contributor.pk]), {"role": "rso"})

    assert response.status_code == 400
    assert "role" in response.context["role_form"].errors
    contributor.refresh_from_db()
    assert contributor.role == Role.CONTRIBUTOR


def test_removed_person_leaves_the_team_keeps_the_row_and_cannot_sign_in(fp_client, contributor):
    response = fp_client.post(reverse("team-member-remove", args=[contributor.pk]))

    assert response.status_code == 302
    contributor.refresh_from_db()
    assert (contributor.is_active, contributor.member_state, contributor.role) == (False, None, "")
    assert authenticate(email=contributor.email, password=PASSWORD) is None


def test_the_last_focal_point_cannot_demote_themselves(fp_client, focal_point):
    url = reverse("team-member-role", args=[focal_point.pk])

    response = fp_client.post(url, {"role": "contributor"}, follow=True)

    assert LAST_FOCAL_POINT in text(response)
    focal_point.refresh_from_db()
    assert focal_point.role == Role.FOCAL_POINT


def test_the_last_focal_point_cannot_be_removed(fp_client, focal_point):
    response = fp_client.post(reverse("team-member-remove", args=[focal_point.pk]), follow=True)

    assert LAST_FOCAL_POINT in text(response)
    focal_point.refresh_from_db()
    assert focal_point.is_active
    assert focal_point.member_state is not None


def test_an_inactive_focal_point_does_not_count_as_another_one(fp_client, focal_point, state):
    MemberFactory(role=Role.FOCAL_POINT, member_state=state, is_active=False)

    response = fp_client.post(
        reverse("team-member-role", args=[focal_point.pk]), {"role": "viewer"}, follow=True
    )

    assert LAST_FOCAL_POINT in text(response)


def test_focal_point_can_step_down_when_another_one_is_active(fp_client, focal_point, state):
    MemberFactory(role=Role.FOCAL_POINT, member_state=state)

    response = fp_client.post(
        reverse("team-member-role", args=[focal_point.pk]), {"role": "contributor"}
    )

    assert response.url == reverse("home")
    focal_point.refresh_from_db()
    assert focal_point.role == Role.CONTRIBUTOR
    assert fp_client.get(reverse("team")).status_code == 403


def test_focal_point_who_removes_themselves_is_signed_out(fp_client, focal_point, state):
    MemberFactory(role=Role.FOCAL_POINT, member_state=state)

    response = fp_client.post(reverse("team-member-remove", args=[focal_point.pk]))

    assert response.url == reverse("home")
    assert "_auth_user_id" not in fp_client.session
    focal_point.refresh_from_db()
    assert not focal_point.is_active


def test_another_focal_point_can_be_removed_while_one_remains(fp_client, state):
    other = MemberFactory(role=Role.FOCAL_POINT, member_state=state)

    fp_client.post(reverse("team-member-remove", args=[other.pk]))

    other.refresh_from_db()
    assert not other.is_active


# --- Who may do what ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.VIEWER])
def test_contributors_and_viewers_get_403_on_every_team_url(client, state, focal_point, role):
    user = MemberFactory(role=role, member_state=state)
    client.force_login(user)

    for url in all_urls(focal_point.pk):
        for method in (client.get, client.post):
            response = method(url, {"role": "viewer"})
            assert response.status_code == 403, (method, url)
            assert NOT_FOCAL_POINT in text(response)
    focal_point.refresh_from_db()
    assert focal_point.role == Role.FOCAL_POINT


def test_rso_staff_get_403_on_every_team_url(client, focal_point):
    sign_in(client, UserFactory(role=Role.RSO))

    for url in all_urls(focal_point.pk):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403


def test_focal_point_of_another_member_state_gets_404_for_this_teams_people(client, contributor):
    client.force_login(MemberFactory(role=Role.FOCAL_POINT))

    for method, url in member_urls(contributor.pk):
        assert getattr(client, method)(url, {"role": "viewer"}).status_code == 404, url
    contributor.refresh_from_db()
    assert (contributor.role, contributor.is_active) == (Role.CONTRIBUTOR, True)


def test_anonymous_visitors_are_sent_to_sign_in(client, contributor):
    for url in all_urls(contributor.pk):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))


def test_changes_need_post(fp_client, contributor):
    for method, url in member_urls(contributor.pk):
        if method == "post":
            assert fp_client.get(url).status_code == 405


def test_changes_need_the_csrf_token(focal_point, contributor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_point)

    response = client.post(reverse("team-member-remove", args=[contributor.pk]))

    assert response.status_code == 403
    contributor.refresh_from_db()
    assert contributor.is_active


# --- Rules without a database ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(259_200, "3 days"), (86_400, "1 day"), (7_200, "2 hours"), (90, "1 minute"), (0, "1 minute")],
)
def test_link_lifetime_is_said_in_whole_units(seconds, expected):
    assert duration_text(seconds) == expected
