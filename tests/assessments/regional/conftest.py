"""Shared assessments of several member states, for the regional view's tests."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment, MemberState, Share, ShareLevel, User
from assessments.sharing.services import share_assessment
from roadmap.models import Edition, Indicator
from tests.conftest import sign_in
from tests.factories import AssessmentFactory, MemberStateFactory, UserFactory


def shared_assessment(
    state: MemberState,
    edition: Edition,
    *,
    level: int | dict[str, int] = 3,
    share: str | None = ShareLevel.ANSWERS,
    year: int = 2025,
    evidence: bool = False,
    by: User | None = None,
    **fields,
) -> Assessment:
    """A submitted assessment answering every indicator of the edition (at `level`, or per code
    from a dict, default 3), shared at `share` (None: not shared)."""
    assessment = AssessmentFactory(
        member_state=state,
        edition=edition,
        reporting_year=year,
        title=f"Assessment {year}",
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
        **fields,
    )
    for indicator in Indicator.objects.filter(edition=edition).select_related("scale"):
        value = level.get(indicator.code, 3) if isinstance(level, dict) else level
        Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            level=min(value, indicator.scale.max_value),
            comment=f"Comment of {state.code} on {indicator.code}",
            evidence=f"Evidence of {state.code} on {indicator.code}",
        )
    if share is not None:
        share_assessment(
            assessment=assessment, by=by or UserFactory(), level=share, include_evidence=evidence
        )
    return assessment


@pytest.fixture
def states(db) -> list[MemberState]:
    """Three fictional (demo) member states in South-East Asia and one in the Pacific."""
    return [
        MemberStateFactory(code="XAA", name="Alphaland", subregion="south_east_asia"),
        MemberStateFactory(code="XBB", name="Betaland", subregion="south_east_asia"),
        MemberStateFactory(code="XCC", name="Gammaland", subregion="south_east_asia"),
        MemberStateFactory(code="XDD", name="Deltaland", subregion="pacific"),
    ]


@pytest.fixture
def demo_view(settings):
    """The fixture states are fictional: the view counts them when it shows demo data. Modules
    that need it say `pytest.mark.usefixtures("demo_view")`."""
    settings.REGIONAL_DEMO_DATA = True


@pytest.fixture
def rso_client(client, rso):
    return sign_in(client, rso)


@pytest.fixture
def shared(states, edition):
    """The brief's and the workbook's data (documents.py), on `edition` (four categories and
    POL.T, tests/assessments/conftest.py)."""
    from tests.assessments.regional.documents import share_all  # it imports this module

    share_all(states, edition)
    return states


__all__ = ["Share", "shared_assessment"]
