"""Who may see and do what. Every assessment view goes through these functions.

Objects of another member state are answered with 404, not 403, so that their existence is
not revealed. A member of the right member state without the needed role gets 403 with a
message saying what is missing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.models import (
    Action,
    Assessment,
    EvidenceFile,
    PracticeEntry,
    Role,
    Share,
    User,
)

NOT_FOCAL_POINT = gettext_noop("Only the focal point of your member state can do this.")
VIEWER_CANNOT_EDIT = gettext_noop(
    "Your role (viewer) lets you read this assessment, not change it."
)
ASSESSMENT_LOCKED = gettext_noop("This assessment has been submitted and is read-only.")
NO_MEMBER_STATE = gettext_noop("Your account does not belong to a member state.")
RSO_ONLY = gettext_noop("Only staff of the Regional Support Office can open the regional view.")


def assessment_for(user: User, pk: int, *, queryset=None) -> Assessment:
    """Return the assessment if the user's member state owns it; 404 otherwise."""
    queryset = queryset if queryset is not None else Assessment.objects.all()
    return get_object_or_404(
        queryset.select_related("member_state", "edition").for_member_state(user.member_state),
        pk=pk,
    )


def require_member_state(user: User) -> None:
    """Refuse users who belong to no member state (RSO staff, administrators)."""
    if user.member_state_id is None:
        raise PermissionDenied(_(NO_MEMBER_STATE))


def require_focal_point(user: User) -> None:
    """Refuse anyone but the focal point of a member state."""
    require_member_state(user)
    if user.role != Role.FOCAL_POINT:
        raise PermissionDenied(_(NOT_FOCAL_POINT))


def require_can_edit(user: User, assessment: Assessment) -> None:
    """Refuse viewers, and everyone once the assessment is submitted."""
    if not user.can_edit_answers:
        raise PermissionDenied(_(VIEWER_CANNOT_EDIT))
    if not assessment.is_draft:
        raise PermissionDenied(_(ASSESSMENT_LOCKED))


def evidence_for(user: User, public_id) -> EvidenceFile:
    """Return an evidence file if the user's member state owns its assessment; 404 otherwise.

    Any member (viewers too) may read it, as they read the answer. RSO staff get 404: shares
    cover scores and answers, not documents (docs/evidence.md).
    """
    return get_object_or_404(
        EvidenceFile.objects.for_member_state(user.member_state).select_related(
            "assessment__member_state", "assessment__edition", "indicator__section"
        ),
        public_id=public_id,
    )


# --- the action plan (assessments.plans) ------------------------------------------------------

VIEWER_CANNOT_PLAN = gettext_noop(
    "Your role (viewer) lets you read the action plan, not change it."
)
PLANNED_ACTION_FOCAL_ONLY = gettext_noop(
    "This action is no longer a proposal: only the focal point can change it now."
)


def action_for(user: User, pk: int) -> Action:
    """Return the action if the user's member state owns it; 404 otherwise."""
    return get_object_or_404(
        Action.objects.for_member_state(user.member_state).select_related("found_in"), pk=pk
    )


def require_can_draft_actions(user: User) -> None:
    """Refuse everyone but the focal point and contributors of a member state."""
    require_member_state(user)
    if not user.can_edit_answers:
        raise PermissionDenied(_(VIEWER_CANNOT_PLAN))


def can_edit_action(user: User, action: Action) -> bool:
    """The focal point edits every action; a contributor edits proposals only."""
    if not user.can_edit_answers or user.member_state_id != action.member_state_id:
        return False
    return user.is_focal_point or action.status == Action.Status.PROPOSED


def require_can_edit_action(user: User, action: Action) -> None:
    require_can_draft_actions(user)
    if not can_edit_action(user, action):
        raise PermissionDenied(_(PLANNED_ACTION_FOCAL_ONLY))


# --- the regional view (assessments.regional) ---------------------------------------------------


def require_rso(user: User) -> None:
    """Refuse everyone but RSO staff (member states' users and administrators alike)."""
    if not user.is_rso:
        raise PermissionDenied(_(RSO_ONLY))


def open_shares():
    """The shares RSO staff may open now, with their assessment, member state and edition.

    Only submitted assessments are ever shared (reopening withdraws the share).
    """
    return Share.objects.select_related("assessment__member_state", "assessment__edition").filter(
        assessment__status=Assessment.Status.SUBMITTED
    )


def shared_assessment_for(user: User, pk: int) -> Share:
    """The share of an assessment that RSO staff may open; 404 when it is not shared now.

    The caller shows no more than `share.level` allows.
    """
    require_rso(user)
    return get_object_or_404(open_shares(), assessment_id=pk)


# --- the practices library (assessments.practices) ----------------------------------------------

PRACTICES_FOCAL_ONLY = gettext_noop(
    "Only the focal point of your member state can propose entries for the practices library. "
    "Your colleagues' proposals are listed under “Our practice entries”."
)
PRACTICES_RSO_ADDS = gettext_noop(
    "Staff of the Regional Support Office add entries on the practices review page, not here."
)
PRACTICES_RSO_ONLY = gettext_noop(
    "Only staff of the Regional Support Office curate the practices library."
)


def require_practice_proposer(user: User) -> None:
    """Proposals come from a member state's focal point (for their own state only)."""
    if user.is_rso:
        raise PermissionDenied(_(PRACTICES_RSO_ADDS))
    require_member_state(user)
    if not user.is_focal_point:
        raise PermissionDenied(_(PRACTICES_FOCAL_ONLY))


def require_practices_curator(user: User) -> None:
    """RSO staff curate the library; administrators use the admin site, member states propose."""
    if not user.is_rso:
        raise PermissionDenied(_(PRACTICES_RSO_ONLY))


def own_practice_entry(user: User, pk: int) -> PracticeEntry:
    """An entry of the user's member state; 404 for another state's (its existence is hidden)."""
    require_member_state(user)
    return get_object_or_404(
        PracticeEntry.objects.for_member_state(user.member_state).select_related("member_state"),
        pk=pk,
    )
