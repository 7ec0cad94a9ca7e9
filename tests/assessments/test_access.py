"""assessments.access: the single place that says who may see and do what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments import access
from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_assessment_for_returns_the_assessment_of_the_users_member_state(assessment, viewer):
    found = access.assessment_for(viewer, assessment.pk)
    assert found == assessment
    assert found.member_state.name == "Alphaland"


def test_assessment_for_another_member_state_is_404_not_403(assessment, other_focal):
    with pytest.raises(Http404):
        access.assessment_for(other_focal, assessment.pk)


def test_assessment_for_a_user_without_member_state_is_404(assessment, rso):
    with pytest.raises(Http404):
        access.assessment_for(rso, assessment.pk)


def test_assessment_for_respects_a_narrower_queryset(assessment, focal):
    drafts_only = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    with pytest.raises(Http404):
        access.assessment_for(focal, assessment.pk, queryset=drafts_only)
    assert access.assessment_for(focal, assessment.pk, queryset=Assessment.objects.all())


def test_require_member_state_refuses_rso_staff_with_the_reason(rso, viewer):
    with pytest.raises(PermissionDenied, match="does not belong to a member state"):
        access.require_member_state(rso)
    access.require_member_state(viewer)  # a member of any role passes


@pytest.mark.parametrize("role", ["contributor", "viewer"])
def test_only_the_focal_point_passes_require_focal_point(role, request, focal):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied, match="Only the focal point"):
        access.require_focal_point(user)
    access.require_focal_point(focal)


def test_require_focal_point_refuses_rso_staff_as_having_no_member_state(rso):
    with pytest.raises(PermissionDenied, match="does not belong to a member state"):
        access.require_focal_point(rso)


def test_viewers_cannot_edit_and_are_told_why(viewer, assessment):
    with pytest.raises(PermissionDenied, match="viewer"):
        access.require_can_edit(viewer, assessment)


@pytest.mark.parametrize("role", ["focal", "contributor"])
def test_editors_can_edit_a_draft_but_not_a_submitted_assessment(role, request, assessment):
    user = request.getfixturevalue(role)
    access.require_can_edit(user, assessment)
    assessment.status = Assessment.Status.SUBMITTED
    with pytest.raises(PermissionDenied, match="submitted and is read-only"):
        access.require_can_edit(user, assessment)


def test_assessment_for_returns_the_assessment_asked_for_among_several(assessment, focal):
    from tests.factories import AssessmentFactory

    second = AssessmentFactory(
        edition=assessment.edition, member_state=assessment.member_state, title="Second"
    )
    assert access.assessment_for(focal, second.pk) == second
    assert access.assessment_for(focal, assessment.pk) == assessment


def test_assessment_for_loads_member_state_and_edition_in_one_query(
    assessment, focal, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = access.assessment_for(focal, assessment.pk)
        assert (found.member_state.code, found.edition.code) == ("XAA", "pub")
