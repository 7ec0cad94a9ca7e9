"""A small published framework and a Demoland-like team for assessment tests."""

from __future__ import annotations

import pytest

from assessments.models import Role
from roadmap.models import Category, Edition, Scale, Section
from tests.factories import (
    AssessmentFactory,
    IndicatorFactory,
    MemberFactory,
    MemberStateFactory,
    ScaleFactory,
    SectionFactory,
    complete_edition,
)


def add_section(edition: Edition, code: str, n: int, category: str = "POL") -> Section:
    """Add a section with n maturity indicators to the edition."""
    section = SectionFactory(
        category=Category.objects.get(edition=edition, code=category), code=code, title=code
    )
    scale = Scale.objects.get(edition=edition, code="maturity")
    for i in range(1, n + 1):
        IndicatorFactory(section=section, code=f"{code}.{i}", position=i, scale=scale)
    return section


@pytest.fixture
def edition(db) -> Edition:
    """Published: four categories with one indicator each, plus POL.T with 3 indicators."""
    edition = complete_edition(code="pub", status=Edition.Status.PUBLISHED)
    add_section(edition, "POL.T", 3)
    return edition


@pytest.fixture
def state(db):
    return MemberStateFactory(code="XAA", name="Alphaland")


@pytest.fixture
def other_state(db):
    return MemberStateFactory(code="XBB", name="Betaland")


@pytest.fixture
def focal(state):
    return MemberFactory(Role.FOCAL_POINT, state, email="focal@alpha.example")


@pytest.fixture
def contributor(state):
    return MemberFactory(Role.CONTRIBUTOR, state, email="contributor@alpha.example")


@pytest.fixture
def viewer(state):
    return MemberFactory(Role.VIEWER, state, email="viewer@alpha.example")


@pytest.fixture
def other_focal(other_state):
    return MemberFactory(Role.FOCAL_POINT, other_state, email="focal@beta.example")


@pytest.fixture
def rso(db):
    from tests.factories import UserFactory

    return UserFactory(email="rso@example.org", role=Role.RSO)


@pytest.fixture
def assessment(edition, state, focal):
    return AssessmentFactory(
        edition=edition, member_state=state, created_by=focal, profile_destination=True
    )


@pytest.fixture
def yes_no(edition):
    return ScaleFactory(edition=edition, code="yn2", kind="yes_no", name="Yes/no 2")
