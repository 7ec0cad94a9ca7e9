"""An assessment with gaps to plan for: POL.T.1 at 1, POL.T.2 at 2, POL.T.3 at 4 (target 3)."""

from __future__ import annotations

import pytest

from assessments.models import Answer
from roadmap.models import Indicator

LEVELS = {"POL.T.1": 1, "POL.T.2": 2, "POL.T.3": 4, "POL.A.1": 0, "PLAN.A.1": 3}


def answer_all(assessment, levels=None) -> None:
    for code, level in (levels or LEVELS).items():
        indicator = Indicator.objects.get(edition=assessment.edition, code=code)
        Answer.objects.update_or_create(
            assessment=assessment, indicator=indicator, defaults={"level": level}
        )


@pytest.fixture
def answered(assessment):
    """The assessment of tests/assessments/conftest.py, partly answered (three gaps)."""
    answer_all(assessment)
    return assessment


def action_post(**changes) -> dict:
    """POST data of the action form for the gaps POL.T.1 and POL.T.2."""
    data = {
        "gaps": ["POL.T.1", "POL.T.2"],
        "objective": "Adopt written identification procedures",
        "activities": "Draft\nConsult\nAdopt",
        "start_date": "2026-01-01",
        "due_date": "2026-12-31",
        "budget_amount": "25000",
        "budget_currency": "usd",
        "budget_note": "",
        "success_indicator": "Procedures in use in every province",
        "status": "planned",
        "aim-POL.T.1": "3",
        "aim-POL.T.2": "3",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
