"""What the plan page shows: actions grouped, sorted and filtered, their timeline and table.

A fixed number of queries whatever the number of actions: the actions with their agencies and
aims (three), the agencies (one), and the member state's latest assessment, scored once for
the priorities and the grouping (`assessments.plans.gaps.assessment_gaps`, three).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from assessments.models import Assessment, MemberState
from assessments.plans.models import Action, Agency
from assessments.plans.timeline import Bar, timeline_svg
from assessments.results import score_assessment
from roadmap.models import Category, Indicator, Pillar

GROUPINGS = ("category", "pillar")
SORTS = ("priority", "due")
OTHER = "other"  # the group of actions whose indicators the latest assessment does not have


@dataclass(frozen=True)
class ActionRow:
    action: Action
    codes: list[str]
    priority: float  # the highest priority of its gaps in the latest assessment; 0 if none
    overdue: bool
    group: str  # a category code or a pillar


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    rows: list[ActionRow]


@dataclass
class PlanFilters:
    status: str = ""
    agency: int | None = None
    group: str = "category"
    sort: str = "priority"
    ignored: list[str] = field(default_factory=list)  # values that were not understood

    @classmethod
    def from_query(cls, query, agencies: list[Agency]) -> PlanFilters:
        """Read the page's filters; anything unknown is ignored and said so, never a 500."""
        filters = cls()
        status = query.get("status", "")
        if status in Action.Status.values:
            filters.status = status
        elif status:
            filters.ignored.append(status)
        agency = query.get("agency", "")
        ids = {str(a.pk): a.pk for a in agencies}
        if agency in ids:
            filters.agency = ids[agency]
        elif agency:
            filters.ignored.append(agency)
        if query.get("group") in GROUPINGS:
            filters.group = query["group"]
        if query.get("sort") in SORTS:
            filters.sort = query["sort"]
        return filters


@dataclass
class PlanPage:
    member_state: MemberState
    reference: Assessment | None  # the latest assessment: priorities and groups come from it
    filters: PlanFilters
    agencies: list[Agency]
    rows: list[ActionRow]  # filtered and sorted: the table and the timeline
    groups: list[Group]
    total: int  # actions in the plan before filtering
    timeline: SafeString


def _indicator_lookup(reference: Assessment | None):
    """Indicators and gap priorities of the latest assessment, by code."""
    if reference is None:
        return {}, {}
    result, indicators, _targets = score_assessment(reference)
    return {i.code: i for i in indicators}, {g.code: g.priority for g in result.gaps}


def _group_key(codes: list[str], indicators: dict[str, Indicator], grouping: str) -> str:
    known = [indicators[c] for c in codes if c in indicators]
    if not known:
        prefix = codes[0].split(".")[0] if codes else ""
        return prefix if grouping == "category" and prefix in Category.Code.values else OTHER
    first = min(known, key=lambda i: (i.section.category.position, i.section.position, i.position))
    return first.section.category.code if grouping == "category" else first.pillar


def _group_labels(grouping: str) -> list[tuple[str, str]]:
    if grouping == "category":
        ordered = sorted(Category.Code, key=lambda c: Category.POSITIONS[c])
        pairs = [(c.value, str(c.label)) for c in ordered]
    else:
        pairs = [(p.value, str(p.label)) for p in Pillar]
    return [*pairs, (OTHER, _("Indicators the latest assessment does not have"))]


def _sort_key(sort: str):
    """Open actions first (done and dropped ones are history), then by priority or due date."""
    far = date.max
    if sort == "due":
        return lambda r: (not r.action.is_open, r.action.due_date or far, -r.priority, r.action.pk)
    return lambda r: (not r.action.is_open, -r.priority, r.action.due_date or far, r.action.pk)


def plan_page(member_state: MemberState, query, *, today: date) -> PlanPage:
    """The plan page of a member state for the given query (filters, grouping, sort)."""
    agencies = list(Agency.objects.filter(member_state=member_state))
    filters = PlanFilters.from_query(query, agencies)
    reference = Assessment.objects.for_member_state(member_state).select_related("edition").first()
    indicators, priorities = _indicator_lookup(reference)
    actions = list(Action.objects.for_member_state(member_state).with_details())
    rows = []
    for action in actions:
        codes = sorted(a.indicator_code for a in action.aims.all())
        if filters.status and action.status != filters.status:
            continue
        partner_ids = {p.pk for p in action.partners.all()}
        if filters.agency and filters.agency not in partner_ids | {action.lead_agency_id}:
            continue
        rows.append(
            ActionRow(
                action=action,
                codes=codes,
                priority=max((priorities.get(c, 0.0) for c in codes), default=0.0),
                overdue=action.is_overdue(today),
                group=_group_key(codes, indicators, filters.group),
            )
        )
    rows.sort(key=_sort_key(filters.sort))
    groups = [
        Group(key, label, [r for r in rows if r.group == key])
        for key, label in _group_labels(filters.group)
    ]
    bars = [
        Bar(str(r.action), r.action.start_date, r.action.due_date, r.action.status, r.overdue)
        for r in rows
    ]
    return PlanPage(
        member_state=member_state,
        reference=reference,
        filters=filters,
        agencies=agencies,
        rows=rows,
        groups=[g for g in groups if g.rows],
        total=len(actions),
        timeline=timeline_svg(bars, today),
    )
