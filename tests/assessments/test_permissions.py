"""The permission matrix: role x action x own / other member state.

Another member state's assessment is 404 (existence is not revealed); the right member state
without the needed role is 403; anonymous users are sent to sign in. Refused writes change
nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment
from roadmap.models import Section
from tests.assessments.helpers import section_post
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ROLES = ["focal", "contributor", "viewer", "rso", "other_focal", "anonymous"]

# action: (method, url name, needs section/indicator, expected status per role in ROLES order)
MATRIX = {
    "list": ("get", "assessment-list", None, [200, 200, 200, 403, 200, 302]),
    "new": ("get", "assessment-new", None, [200, 403, 403, 403, 200, 302]),
    "overview": ("get", "assessment-overview", "pk", [200, 200, 200, 404, 404, 302]),
    "section": ("get", "assessment-section", "section", [200, 200, 200, 404, 404, 302]),
    "save": ("post", "assessment-section", "section", [302, 302, 403, 404, 404, 302]),
    "history": ("get", "answer-history", "indicator", [200, 200, 200, 404, 404, 302]),
    "challenges": ("get", "assessment-challenges", "pk", [200, 200, 200, 404, 404, 302]),
    "tick": ("post", "assessment-challenges", "pk", [302, 302, 403, 404, 404, 302]),
    "submit-page": ("get", "assessment-submit", "pk", [200, 403, 403, 404, 404, 302]),
    "submit": ("post", "assessment-submit", "pk", [400, 403, 403, 404, 404, 302]),
    "reopen": ("post", "assessment-reopen", "pk", [302, 403, 403, 404, 404, 302]),
    "sharing": ("get", "assessment-sharing", "pk", [200, 200, 200, 404, 404, 302]),
    # A draft cannot be shared: the focal point is told so (400); tests/assessments/sharing
    # walks a submitted, shared assessment.
    "share": ("post", "assessment-sharing", "pk", [400, 403, 403, 404, 404, 302]),
}


@pytest.fixture
def users(focal, contributor, viewer, rso, other_focal):
    return {
        "focal": focal,
        "contributor": contributor,
        "viewer": viewer,
        "rso": rso,
        "other_focal": other_focal,
        "anonymous": None,
    }


def target(assessment, kind):
    section = Section.objects.get(edition=assessment.edition, code="POL.T")
    if kind is None:
        return []
    if kind == "pk":
        return [assessment.pk]
    if kind == "section":
        return [assessment.pk, section.code]
    return [assessment.pk, "POL.T.1"]


def request(client, user, method, name, args, data):
    if user is not None:
        sign_in(client, user)
    return getattr(client, method)(reverse(name, args=args), data)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(client, users, assessment, action, role_index):
    method, name, kind, expected = MATRIX[action]
    role = ROLES[role_index]
    section = Section.objects.get(edition=assessment.edition, code="POL.T")
    data = {}
    if action == "save":
        data = section_post(assessment, section, {"POL.T.1": {"level": 3}})
    if action == "reopen":
        data = {"reason": "Correction"}
    if action == "share":
        data = {"level": "answers", "include_evidence": "on"}
    if action == "tick":
        data = {"challenges": list(assessment.edition.challenge_set.values_list("pk", flat=True))}
    response = request(client, users[role], method, name, target(assessment, kind), data)
    assert response.status_code == expected[role_index], (action, role)
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if response.status_code in (403, 404) and method == "post":
        assert not Answer.objects.filter(assessment=assessment).exists()
        assert not assessment.challenges.exists()
        assert not assessment.share_log.exists()
        assessment.refresh_from_db()
        assert assessment.is_draft


def test_another_member_states_list_does_not_show_our_assessment(client, assessment, other_focal):
    client.force_login(other_focal)
    assert assessment.title not in client.get(reverse("assessment-list")).content.decode()


def test_a_refusal_says_why(client, assessment, viewer):
    client.force_login(viewer)
    section = Section.objects.get(edition=assessment.edition, code="POL.T")
    response = client.post(
        reverse("assessment-section", args=[assessment.pk, "POL.T"]),
        section_post(assessment, section, {"POL.T.1": {"level": 3}}),
    )
    assert "Your role (viewer) lets you read this assessment" in response.content.decode()


@pytest.mark.parametrize("name", ["assessment-section", "assessment-challenges"])
def test_no_one_writes_to_a_submitted_assessment(client, assessment, focal, name):
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    client.force_login(focal)
    section = Section.objects.get(edition=assessment.edition, code="POL.T")
    args = [assessment.pk, "POL.T"] if name == "assessment-section" else [assessment.pk]
    response = client.post(
        reverse(name, args=args), section_post(assessment, section, {"POL.T.1": {"level": 3}})
    )
    assert response.status_code == 403
    assert "submitted and is read-only" in response.content.decode()
    assert not Answer.objects.exists()


def test_unknown_assessment_id_is_404(client, focal):
    client.force_login(focal)
    assert client.get(reverse("assessment-overview", args=[99999])).status_code == 404
