"""Invitations: every added address gets one, the address owner accepts or declines, and
another member state can neither learn who has an account nor rewrite our records."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import authenticate
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, AssessmentEvent, Invitation, Role, User
from assessments.reports import exports, report
from assessments.team.services import team_member_remove
from assessments.team.views import INVITED
from roadmap.models import Section
from tests.assessments.helpers import section_post
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's
NEW_PASSWORD = "a-long-passphrase-1"


def text(response) -> str:
    return unescape(response.content.decode())


def invite(client, email="ana@ministry.example", full_name="Ana Santos", role="viewer"):
    """Add an address as the signed-in focal point; return the response and the link path."""
    before = len(mail.outbox)
    data = {"email": email, "full_name": full_name, "role": role}
    response = client.post(reverse("team-add"), data)
    link = None
    if len(mail.outbox) > before:
        link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    return response, link


def accept(link, *, full_name="Ana Santos", password=NEW_PASSWORD, client=None):
    data = {"full_name": full_name, "new_password1": password, "new_password2": password}
    return (client or Client()).post(link, {"accept": "", **data})


@pytest.fixture
def fp_client(client, focal):
    client.force_login(focal)
    return client


# --- The focal point's side: one answer for every address ----------------------------------


HOLDERS = {
    "other-state": lambda s: MemberFactory(Role.VIEWER, s, email="x@gov.example"),
    "former-member": lambda s: UserFactory(email="x@gov.example", is_active=False),
    "active-without-state": lambda s: UserFactory(email="x@gov.example"),
    "rso": lambda s: UserFactory(email="x@gov.example", role=Role.RSO),
    "administrator": lambda s: UserFactory(email="x@gov.example", is_staff=True),
    "superuser": lambda s: UserFactory(email="x@gov.example", is_staff=True, is_superuser=True),
}


def observe(client, email: str) -> tuple:
    """Everything the focal point can observe after adding an address, the address blanked."""
    sent = len(mail.outbox)
    response, _link = invite(client, email=email, full_name="Same Name")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    page = text(client.get(reverse("team")))
    row = re.search(
        rf"<tr>\s*<td><bdi>Same Name</bdi></td>\s*<td[^>]*><bdi>{email}</bdi></td>.*?</tr>",
        page,
        re.S,
    )
    observed = (response.status_code, response["Location"], messages, row.group(0))
    blank = repr(observed).replace(email, "ADDRESS")
    blank = re.sub(r"<time.*?</time>", "<time/>", blank)  # sent a few microseconds apart
    blank = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "CSRF", blank)  # new per page
    return re.sub(r"/team/invitations/\d+/", "/team/invitations/N/", blank), len(mail.outbox) - sent


@pytest.mark.parametrize("holder", sorted(HOLDERS))
def test_an_address_with_an_account_gets_the_same_answer_as_an_unknown_one(
    fp_client, other_state, holder
):
    user = HOLDERS[holder](other_state)
    before = User.objects.values().get(pk=user.pk)

    unknown = observe(fp_client, "nobody@gov.example")
    known = observe(fp_client, "x@gov.example")

    assert known == unknown
    assert "302" in unknown[0]
    assert "Invited (pending)" in unknown[0]
    assert unknown[1] == 1  # one email sent
    assert User.objects.values().get(pk=user.pk) == before  # nothing of the account changed


def test_the_invitation_can_be_sent_again_with_a_new_link_or_withdrawn(fp_client):
    _response, first = invite(fp_client)
    invitation = Invitation.objects.get()

    fp_client.post(reverse("team-invitation-again", args=[invitation.pk]))
    second = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)

    assert Client().get(first).status_code == 404  # the old link stops working
    assert Client().get(second).status_code == 200
    fp_client.post(reverse("team-invitation-withdraw", args=[invitation.pk]))
    assert not Invitation.objects.exists()
    assert "This invitation link is invalid" in text(Client().get(second))


# --- The address owner's side ---------------------------------------------------------------


def test_a_new_person_accepts_chooses_a_password_and_signs_in(fp_client, state):
    _response, link = invite(fp_client, role="contributor")

    page = Client().get(link)
    assert page.status_code == 200
    assert 'value="Ana Santos"' in text(page)  # the focal point's spelling, to confirm
    response = accept(link, full_name="Ana M. Santos")

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    ana = User.objects.get(email="ana@ministry.example")
    assert (ana.member_state, ana.role, ana.full_name) == (state, Role.CONTRIBUTOR, "Ana M. Santos")
    assert authenticate(email="ana@ministry.example", password=NEW_PASSWORD) == ana
    assert not Invitation.objects.exists()
    assert Client().get(link).status_code == 404  # the link works once


def test_a_weak_password_is_a_form_error_and_nobody_joins(fp_client):
    _response, link = invite(fp_client)

    response = accept(link, password="123")

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not User.objects.filter(email="ana@ministry.example").exists()
    assert Invitation.objects.exists()


def test_a_former_member_comes_back_with_a_new_password(fp_client, state):
    former = UserFactory(email="back@gov.example", is_active=False, full_name="Old Name")
    _response, link = invite(fp_client, email="back@gov.example", full_name="New Name")

    assert 'value="Old Name"' in text(Client().get(link))  # their own name, not the typed one
    accept(link, full_name="Old Name")

    former.refresh_from_db()
    assert (former.member_state, former.role, former.is_active) == (state, Role.VIEWER, True)
    assert former.full_name == "Old Name"
    assert authenticate(email="back@gov.example", password=PASSWORD) is None
    assert authenticate(email="back@gov.example", password=NEW_PASSWORD) == former


def test_an_active_account_without_a_member_state_joins_with_one_click(fp_client, state):
    user = UserFactory(email="free@gov.example", full_name="Free Agent")
    _response, link = invite(fp_client, email="free@gov.example", full_name="Typed Name")

    response = Client().post(link, {"accept": ""})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.member_state, user.role, user.full_name) == (state, Role.VIEWER, "Free Agent")
    assert authenticate(email="free@gov.example", password=PASSWORD) == user


@pytest.mark.parametrize(
    ("make", "explanation"),
    [
        (lambda s: MemberFactory(Role.VIEWER, s, email="x@gov.example"), "one member state at"),
        (lambda s: UserFactory(email="x@gov.example", is_staff=True), "administrator or RSO"),
        (lambda s: UserFactory(email="x@gov.example", role=Role.RSO), "administrator or RSO"),
    ],
)
def test_a_member_of_another_state_or_staff_cannot_accept(
    fp_client, other_state, make, explanation
):
    user = make(other_state)
    before = User.objects.values().get(pk=user.pk)
    _response, link = invite(fp_client, email="x@gov.example")

    assert explanation in text(Client().get(link))
    response = Client().post(link, {"accept": ""})

    assert response.status_code == 400
    assert User.objects.values().get(pk=user.pk) == before
    assert Invitation.objects.exists()  # valid until its owner is free to accept it


def test_declining_removes_the_invitation_and_changes_nothing(fp_client, other_state):
    user = MemberFactory(Role.VIEWER, other_state, email="x@gov.example")
    before = User.objects.values().get(pk=user.pk)
    _response, link = invite(fp_client, email="x@gov.example")

    response = Client().post(link, {"decline": ""})

    assert response.status_code == 302
    assert not Invitation.objects.exists()
    assert User.objects.values().get(pk=user.pk) == before
    assert "Invited (pending)" not in text(fp_client.get(reverse("team")))


def test_an_expired_or_unknown_link_shows_that_it_does_not_work(fp_client):
    _response, link = invite(fp_client)
    Invitation.objects.update(sent_at=timezone.now() - timedelta(days=4))

    for address in (link, "/invitations/not-a-real-secret/"):
        response = Client().get(address)
        assert response.status_code == 404
        assert "This invitation link is invalid" in text(response)
    assert accept(link).status_code == 404
    assert not User.objects.filter(email="ana@ministry.example").exists()


def test_the_invitation_page_is_never_cached(fp_client):
    _response, link = invite(fp_client)
    assert "no-store" in Client().get(link)["Cache-Control"]


# --- Another member state cannot rewrite ours (issue 11, item 5) ------------------------------


def alpha_shows(assessment) -> list[str]:
    """Everything Alphaland shows about who did what: overview, section, history, report, Excel."""
    focal = User.objects.get(email="focal@alpha.example")
    client = Client()
    client.force_login(focal)
    pages = [
        client.get(reverse("assessment-overview", args=[assessment.pk])),
        client.get(reverse("assessment-section", args=[assessment.pk, "POL.T"])),
        client.get(reverse("answer-history", args=[assessment.pk, "POL.T.1"])),
    ]
    answer = Answer.objects.get(assessment=assessment, indicator__code="POL.T.1")
    texts = [text(page) for page in pages] + [report.report_html(assessment)]
    return [*texts, exports.changed_by(answer)]


def test_another_state_adding_our_former_member_does_not_rename_them_in_our_records(
    assessment, focal, other_focal
):
    ana = MemberFactory(
        Role.CONTRIBUTOR,
        assessment.member_state,
        email="ana@alpha.example",
        full_name="Ana Original",
    )
    ana_client = Client()
    ana_client.force_login(ana)
    section = Section.objects.get(edition=assessment.edition, code="POL.T")
    ana_client.post(
        reverse("assessment-section", args=[assessment.pk, "POL.T"]),
        section_post(assessment, section, {"POL.T.1": {"level": 2}}),
    )
    AssessmentEvent.objects.create(
        assessment=assessment, kind=AssessmentEvent.Kind.REOPENED, by=ana, reason="Ana's reason"
    )
    team_member_remove(member=ana, by=focal)
    # Overview (latest change and the event), section page, history, report, Excel.
    original = [2, 1, 1, 1, 1]
    assert [shown.count("Ana Original") for shown in alpha_shows(assessment)] == original

    # Betaland's focal point adds the same address under another name.
    beta = Client()
    beta.force_login(other_focal)
    _response, link = invite(beta, email="ana@alpha.example", full_name="Mallory Rewrite")

    shown = alpha_shows(assessment)
    assert [page.count("Ana Original") for page in shown] == original
    assert not any("Mallory Rewrite" in page for page in shown)
    assert User.objects.get(pk=ana.pk).full_name == "Ana Original"

    # Ana herself accepts and gives her name another spelling: our records keep the old one.
    accept(link, full_name="Ana Renamed")
    ana.refresh_from_db()
    assert (ana.member_state, ana.full_name) == (other_focal.member_state, "Ana Renamed")
    shown = alpha_shows(assessment)
    assert [page.count("Ana Original") for page in shown] == original
    assert not any("Ana Renamed" in page for page in shown)


def test_invitations_to_one_address_are_rate_limited_with_the_same_answer(fp_client, settings):
    settings.EMAIL_RATE_PER_RECIPIENT = 2
    answers = []
    for _ in range(3):
        response, _link = invite(fp_client)
        answers.append((response.status_code, list(get_messages(response.wsgi_request))[-1]))

    assert len(mail.outbox) == 2  # the third is not sent ...
    assert answers[2] == answers[0]  # ... and the page says the same
    assert answers[0][1].message == INVITED % {"email": "ana@ministry.example"}
    assert Invitation.objects.count() == 1
