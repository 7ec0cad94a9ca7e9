"""Demoland's action plan: its agencies and eight actions on the gaps of its 2025 assessment.

Dates are relative to the day the demo is loaded, so that the overdue action stays overdue and
the done one lies in the past whenever `make run` loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.models import Assessment, MemberState, User
from assessments.plans.gaps import assessment_gaps
from assessments.plans.models import Action, Agency
from assessments.plans.services import ActionData, action_create

AGENCIES = [
    ("National Task Force against Trafficking in Persons (secretariat)", "NTF"),
    ("Ministry of Home Affairs", "MoHA"),
    ("National Police, Anti-Trafficking Unit", "Police ATU"),
    ("Ministry of Labour and Employment", "MoLE"),
    ("Ministry of Social Welfare", "MoSW"),
    ("Ministry of Foreign Affairs", "MoFA"),
    ("Office of the Attorney-General", "AGO"),
    ("Immigration Department", "Immigration"),
]


@dataclass(frozen=True)
class DemoAction:
    status: str
    start: int  # days from today
    due: int
    lead: int  # index in AGENCIES
    partners: tuple[int, ...]
    budget: str  # an amount in USD, or "" for the note
    by_contributor: bool = False


# One per gap, highest priority first: one overdue (the second), one done (the third).
ACTIONS = [
    DemoAction(Action.Status.PLANNED, 30, 365, 1, (0,), "40000"),
    DemoAction(Action.Status.IN_PROGRESS, -300, -20, 2, (6, 7), "65000"),
    DemoAction(Action.Status.DONE, -400, -60, 0, (1,), ""),
    DemoAction(Action.Status.PLANNED, 90, 540, 4, (3, 0), "120000"),
    DemoAction(Action.Status.IN_PROGRESS, -120, 200, 3, (4,), ""),
    DemoAction(Action.Status.PROPOSED, 180, 450, 5, (0,), "15000", by_contributor=True),
    DemoAction(Action.Status.PLANNED, 60, 300, 6, (2,), "30000"),
    DemoAction(Action.Status.DROPPED, -200, 100, 7, (), ""),
]
ACTIVITIES = (
    "Review the current arrangements with the agencies concerned\n"
    "Draft the text and consult civil society\n"
    "Adopt it and train the staff who apply it"
)
BUDGET_NOTE = "Within the lead agency's regular budget"


def ensure_demo_plan(state: MemberState, focal: User, contributor: User) -> str:
    """Create Demoland's agencies and plan unless it has actions already; say what was done."""
    if Action.objects.filter(member_state=state).exists():
        return "Demoland's action plan already exists; left as it is"
    source = Assessment.objects.submitted().filter(member_state=state).first()
    if source is None:
        return "no submitted assessment to plan from"
    agencies = [
        Agency.objects.get_or_create(member_state=state, name=name, defaults={"short_name": s})[0]
        for name, s in AGENCIES
    ]
    today = timezone.localdate()
    gaps = list(assessment_gaps(source).values())
    for spec, gap in zip(ACTIONS, gaps, strict=False):
        data = ActionData(
            objective=gap.indicator.recommendation,
            activities=ACTIVITIES,
            lead_agency=agencies[spec.lead],
            partners=[agencies[n] for n in spec.partners],
            start_date=today + timedelta(days=spec.start),
            due_date=today + timedelta(days=spec.due),
            budget_amount=Decimal(spec.budget) if spec.budget else None,
            budget_currency="USD" if spec.budget else "",
            budget_note="" if spec.budget else BUDGET_NOTE,
            success_indicator=f"{gap.code} reaches level {max(gap.target, gap.current + 1)}",
            status=spec.status,
            aims={gap.code: max(gap.target, gap.current + 1)},
        )
        action_create(
            assessment=source, by=contributor if spec.by_contributor else focal, data=data
        )
    return f"action plan: {len(AGENCIES)} agencies, {min(len(ACTIONS), len(gaps))} actions"
