"""An assessment (tests/assessments/conftest.py) and evidence files attached to it."""

from __future__ import annotations

import pytest

from assessments.evidence.models import EvidenceFile
from assessments.evidence.services import evidence_attach
from roadmap.models import Indicator
from tests.assessments.evidence import samples


@pytest.fixture
def indicator(assessment) -> Indicator:
    return Indicator.objects.get(edition=assessment.edition, code="POL.T.1")


@pytest.fixture
def attach(assessment, indicator, contributor):
    """Attach a file as the contributor: attach(content, name) -> EvidenceFile."""

    def attach(content: bytes | None = None, name: str = "Law 2020.pdf", **kwargs) -> EvidenceFile:
        values = {"assessment": assessment, "indicator": indicator, "by": contributor, **kwargs}
        return evidence_attach(upload=samples.upload(content or samples.pdf(), name), **values)

    return attach
