"""Writing the plan: named atomic functions for actions and agencies.

An action carries a version, like an answer (assessments.answering). The edit form sends back
the version it loaded; when the action has moved on since, and the user's values differ from
the saved ones, nothing is written and the page shows both versions (`ActionConflict`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.models import Assessment, MemberState, User
from assessments.plans.models import Action, ActionIndicator, Agency

CONTRIBUTOR_PROPOSES = gettext_noop(
    "Contributors propose actions; the focal point plans, starts, ends or drops them."
)
NOT_A_GAP = gettext_noop(
    "%(code)s is not a gap of this assessment, so no action can be linked to it here."
)
AIM_NOT_ABOVE = gettext_noop(
    "%(code)s: aim above the current answer (%(level)s); an action that aims at or below it "
    "changes nothing."
)
AIM_ABOVE_SCALE = gettext_noop("%(code)s: the highest level on this indicator's scale is %(top)s.")
NO_GAP_CHOSEN = gettext_noop("Choose at least one gap for the action.")
AGENCY_ELSEWHERE = gettext_noop("That agency is not on your member state's list.")
AGENCY_IN_USE = gettext_noop(
    "%(name)s leads or joins actions of the plan, so it stays on the list; rename it instead."
)

# The fields an edit changes and a conflict compares (partners as a sorted list of ids).
ACTION_FIELDS = (
    "objective",
    "activities",
    "lead_agency_id",
    "start_date",
    "due_date",
    "budget_amount",
    "budget_currency",
    "budget_note",
    "success_indicator",
    "status",
)


@dataclass
class ActionData:
    """What a user entered for an action (validated by the form)."""

    objective: str
    activities: str = ""
    lead_agency: Agency | None = None
    partners: list[Agency] = field(default_factory=list)
    start_date: date | None = None
    due_date: date | None = None
    budget_amount: Decimal | None = None
    budget_currency: str = ""
    budget_note: str = ""
    success_indicator: str = ""
    status: str = Action.Status.PROPOSED
    aims: dict[str, int] = field(default_factory=dict)  # indicator code -> aimed level

    def values(self) -> dict[str, object]:
        """The values to compare with a saved action (see `action_values`)."""
        values = {name: getattr(self, name.removesuffix("_id")) for name in ACTION_FIELDS}
        values["lead_agency_id"] = self.lead_agency.pk if self.lead_agency else None
        values["partners"] = sorted(a.pk for a in self.partners)
        values["aims"] = dict(sorted(self.aims.items()))
        return values


def action_values(action: Action) -> dict[str, object]:
    """A saved action's values, comparable with `ActionData.values()`."""
    values = {name: getattr(action, name) for name in ACTION_FIELDS}
    values["partners"] = sorted(a.pk for a in action.partners.all())
    values["aims"] = dict(sorted((a.indicator_code, a.aimed_level) for a in action.aims.all()))
    return values


@dataclass(frozen=True)
class ActionConflict:
    """The action was changed by someone else since the user loaded it."""

    mine: ActionData
    theirs: Action


def _check_agencies(member_state: MemberState, data: ActionData) -> None:
    agencies = [data.lead_agency, *data.partners] if data.lead_agency else data.partners
    if any(a.member_state_id != member_state.pk for a in agencies):
        raise ValidationError(_(AGENCY_ELSEWHERE))


def _status_for(user: User, wanted: str, current: str | None) -> str:
    """The focal point sets any status; a contributor's action stays proposed."""
    if user.is_focal_point:
        return wanted
    if wanted != Action.Status.PROPOSED or current not in (None, Action.Status.PROPOSED):
        raise PermissionDenied(_(CONTRIBUTOR_PROPOSES))
    return Action.Status.PROPOSED


def _write(action: Action, data: ActionData, by: User) -> None:
    for name in ACTION_FIELDS:
        if name != "status":
            setattr(action, name.removesuffix("_id"), getattr(data, name.removesuffix("_id")))
    action.updated_by = by
    action._history_user = by
    action.full_clean(exclude=["member_state", "found_in", "created_by", "updated_by"])
    action.save()
    action.partners.set(data.partners)
    current = {a.indicator_code: a for a in action.aims.all()}
    for code, aim in current.items():
        if code not in data.aims:
            aim.delete()
    for code, level in data.aims.items():
        aim = current.get(code) or ActionIndicator(action=action, indicator_code=code)
        if aim.pk is None or aim.aimed_level != level:
            aim.aimed_level = level
            aim._history_user = by
            aim.save()


@transaction.atomic
def action_create(*, assessment: Assessment, by: User, data: ActionData) -> Action:
    """Add an action to the member state's plan for gaps found in `assessment`."""
    if not data.aims:
        raise ValidationError(_(NO_GAP_CHOSEN))
    _check_agencies(assessment.member_state, data)
    action = Action(
        member_state=assessment.member_state,
        found_in=assessment,
        created_by=by,
        status=_status_for(by, data.status, None),
    )
    _write(action, data, by)
    return action


@transaction.atomic
def action_update(
    *, action: Action, by: User, data: ActionData, version: int
) -> Action | ActionConflict:
    """Save an edit made on `version`; a conflict when someone else saved in between."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != version:
        if data.values() == action_values(current):
            return current  # both made the same change: nothing to save, nothing lost
        return ActionConflict(mine=data, theirs=current)
    _check_agencies(current.member_state, data)
    current.status = _status_for(by, data.status, current.status)
    current.version += 1
    _write(current, data, by)
    return current


@transaction.atomic
def agency_create(*, member_state: MemberState, name: str, short_name: str = "") -> Agency:
    """Add an agency to the member state's list (names are unique per member state)."""
    agency = Agency(member_state=member_state, name=name.strip(), short_name=short_name.strip())
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_rename(*, agency: Agency, name: str, short_name: str = "") -> Agency:
    """Correct an agency's name; its actions follow (they point to the agency, not the name)."""
    agency.name, agency.short_name = name.strip(), short_name.strip()
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_remove(*, agency: Agency) -> None:
    """Remove an agency no action uses; one in use stays (the plan's history names it)."""
    in_use = Action.objects.filter(models.Q(lead_agency=agency) | models.Q(partners=agency))
    if in_use.exists():
        raise ValidationError(_(AGENCY_IN_USE) % {"name": agency.name})
    agency.delete()
