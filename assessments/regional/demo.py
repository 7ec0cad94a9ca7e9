"""The regional view's part of the demo (`make run`): fictional neighbours, and Demoland's share.

Eight fictional member states (assessments.regional.synthetic) with shared assessments for
2023-2025 (every third from 2024 only): with Demoland, enough for every aggregate, while the
Pacific holds two, so that filtering to it shows why nothing is shown there. Demoland's 2025
assessment is shared at "scores and answers" by the demo focal point, so that the demo team
finds the share in its sharing log.

Idempotent: a second `make run` changes nothing that is there (a fictional state that has
assessments is left as it is; Demoland's assessment is shared only if it never was, so a share
the demo team withdrew stays withdrawn).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from assessments.models import Assessment, MemberState, User
from assessments.regional import synthetic
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry
from assessments.sharing.services import share_assessment

STATES = 8
YEARS = 3
LAST_YEAR = 2025
SHARED_YEAR = 2025


def ensure_regional_demo(demo_state: MemberState, focal: User) -> list[str]:
    """Add what is missing of the regional demo; return what was done."""
    summary = synthetic.generate(STATES, YEARS, last_year=LAST_YEAR, replace=False, staggered=True)
    if summary.assessments:
        done = [
            f"regional view: {summary.states} fictional member states with "
            f"{summary.assessments} shared assessments ({LAST_YEAR - YEARS + 1}-{LAST_YEAR})"
        ]
    else:
        done = ["regional view: the fictional member states already exist; left as they are"]
    done.append(_share_demoland(demo_state, focal))
    return done


def _share_demoland(demo_state: MemberState, focal: User) -> str:
    assessment = (
        Assessment.objects.submitted()
        .filter(member_state=demo_state, reporting_year=SHARED_YEAR)
        .first()
    )
    if assessment is None:
        return f"Demoland has no submitted {SHARED_YEAR} assessment to share"
    if ShareLogEntry.objects.filter(assessment=assessment).exists():
        return f"Demoland's {SHARED_YEAR} assessment: sharing left as the demo team set it"
    share_assessment(assessment=assessment, by=focal, level=ShareLevel.ANSWERS)
    # Shared two days after it was submitted, not at the moment `make run` first ran.
    at = min(assessment.submitted_at + timedelta(days=2), timezone.now())
    Share.objects.filter(assessment=assessment).update(shared_at=at)
    ShareLogEntry.objects.filter(assessment=assessment).update(at=at)
    return f"Demoland's {SHARED_YEAR} assessment shared with the RSO (scores and answers)"
