"""A submitted assessment of Alphaland, ready to share (fixtures of tests/assessments)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.models import Assessment


@pytest.fixture
def submitted(assessment) -> Assessment:
    """Submitted as the journey leaves it: status and date (answers do not matter here)."""
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.SUBMITTED, submitted_at=timezone.now()
    )
    assessment.refresh_from_db()
    return assessment
