"""The plan as rows, now or as it stood at a moment: what the PDF and Excel exports show.

A submitted assessment's report shows the plan as it stood at submission (`plan_as_of`), read
from the history of actions, of their partners and of their aims (django-simple-history); the
plan page's own export shows it now. Both go through `load_plan`, so "now" and "then" are one
code path, in a fixed number of queries whatever the number of actions.

`load_plan` returns plain values: they are what the report's cache key hashes. `plan_rows`
names them for readers (agencies, statuses, levels by name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.plans.models import Action, ActionIndicator, Agency
from assessments.plans.services import ACTION_FIELDS
from assessments.plans.timeline import Bar, timeline_svg

# The fields of an action the exports show (and the report's cache key hashes): the ones an
# edit changes, so that a change the plan page accepts always reaches the report.
FIELDS = ("id", *ACTION_FIELDS)


@dataclass(frozen=True)
class RawAction:
    """One action as stored (now or at a moment): plain values only."""

    values: tuple  # FIELDS, in order
    partner_ids: tuple[int, ...]
    aims: tuple[tuple[str, int], ...]  # (indicator code, aimed level), by code

    def get(self, name: str):
        return self.values[FIELDS.index(name)]


@dataclass(frozen=True)
class AimRow:
    code: str
    current: str  # the assessment's answer by name; "" when it has none for this code
    aimed_level: int
    aimed: str  # the aimed level by name


@dataclass(frozen=True)
class PlanRow:
    pk: int
    objective: str
    activities: str
    lead: str
    partners: tuple[str, ...]
    start: date | None
    due: date | None
    status: str
    status_label: str
    budget_amount: Decimal | None
    budget_currency: str
    budget_note: str
    success_indicator: str
    overdue: bool
    aims: tuple[AimRow, ...]

    @property
    def budget(self) -> str:
        """ "25,000 USD", "25,000.50 USD", the note, or both ("25,000 USD; from donors")."""
        amount = ""
        if self.budget_amount is not None:
            places = 0 if self.budget_amount == self.budget_amount.to_integral() else 2
            amount = f"{self.budget_amount:,.{places}f} {self.budget_currency}".strip()
        return "; ".join(filter(None, [amount, self.budget_note]))


def plan_as_of(assessment: Assessment) -> datetime | None:
    """The moment whose plan the assessment's report and export show: its submission, or now."""
    if not assessment.is_draft and assessment.submitted_at:
        return assessment.submitted_at
    return None


def plan_day(as_of: datetime | None) -> date:
    """The day overdue actions are judged by and the timeline's line is drawn at."""
    return timezone.localdate(as_of) if as_of is not None else timezone.localdate()


def _partners_history_model():
    # django-simple-history's model of the partners at each historical record of an action.
    return apps.get_model("assessments", "HistoricalAction_partners")


def load_plan(member_state_id: int, *, as_of: datetime | None = None) -> list[RawAction]:
    """The member state's actions now, or as they stood at `as_of`; three queries either way."""
    if as_of is None:
        actions = list(
            Action.objects.filter(member_state_id=member_state_id).order_by().values_list(*FIELDS)
        )
        partners = Action.partners.through.objects.filter(
            action__member_state_id=member_state_id
        ).values_list("action_id", "agency_id")
        aims = ActionIndicator.objects.filter(action__member_state_id=member_state_id)
    else:
        records = list(
            Action.history.as_of(as_of)
            .filter(member_state_id=member_state_id)
            .order_by()
            .values_list(*FIELDS, "history_id")
        )
        actions = [r[:-1] for r in records]
        partners = (
            _partners_history_model()
            .objects.filter(history_id__in=[r[-1] for r in records])
            .values_list("action_id", "agency_id")
        )
        aims = ActionIndicator.history.as_of(as_of).filter(action_id__in=[a[0] for a in actions])
    partner_ids: dict[int, list[int]] = {}
    for action_id, agency_id in partners:
        partner_ids.setdefault(action_id, []).append(agency_id)
    aims_of: dict[int, list[tuple[str, int]]] = {}
    for action_id, code, level in aims.values_list("action_id", "indicator_code", "aimed_level"):
        aims_of.setdefault(action_id, []).append((code, level))
    return [
        RawAction(
            values=tuple(values),
            partner_ids=tuple(sorted(partner_ids.get(values[0], []))),
            aims=tuple(sorted(aims_of.get(values[0], []))),
        )
        for values in actions
    ]


# Names an indicator's answer and a level of it: (code, level or None for the answer) -> text.
LevelNamer = Callable[[str, int | None], str]


def plain_levels(code: str, level: int | None) -> str:
    """Without an assessment to name levels by: the aimed level's number, no answer."""
    return "" if level is None else str(level)


def plan_rows(
    raw: list[RawAction], agencies: dict[int, str], *, day: date, levels: LevelNamer = plain_levels
) -> list[PlanRow]:
    """The actions for readers, by due date (undated last), then in the order they were made."""
    rows = []
    for action in raw:
        status = action.get("status")
        due = action.get("due_date")
        is_open = status not in (Action.Status.DONE, Action.Status.DROPPED)
        rows.append(
            PlanRow(
                pk=action.get("id"),
                objective=action.get("objective"),
                activities=action.get("activities"),
                lead=agencies.get(action.get("lead_agency_id"), ""),
                partners=tuple(agencies[p] for p in action.partner_ids if p in agencies),
                start=action.get("start_date"),
                due=due,
                status=status,
                status_label=str(Action.Status(status).label),
                budget_amount=action.get("budget_amount"),
                budget_currency=action.get("budget_currency"),
                budget_note=action.get("budget_note"),
                success_indicator=action.get("success_indicator"),
                overdue=is_open and due is not None and due < day,
                aims=tuple(
                    AimRow(code, levels(code, None), level, levels(code, level))
                    for code, level in action.aims
                ),
            )
        )
    return sorted(rows, key=lambda r: (r.due is None, r.due or date.min, r.pk))


def agency_labels(member_state_id: int) -> dict[int, str]:
    """Every agency of the member state by id, by its short name where it has one."""
    return {a.pk: a.label for a in Agency.objects.filter(member_state_id=member_state_id)}


def plan_timeline(rows: list[PlanRow], *, day: date, as_of: datetime | None):
    """The timeline of the rows (the plan page's SVG), its line at `day`."""
    bars = [Bar(r.objective, r.start, r.due, r.status, r.overdue) for r in rows]
    label = _("Submitted") if as_of is not None else None
    return timeline_svg(bars, day, today_label=label)
