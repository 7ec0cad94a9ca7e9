"""The demo's draft has one evidence file, added once, which opens as a PDF."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from assessments.evidence.demo import DEMO_FILE_NAME
from assessments.evidence.models import EvidenceFile, evidence_storage
from assessments.evidence.services import evidence_remove

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_draft_has_one_pdf_evidence_file_and_a_second_load_adds_none(framework_module):
    call_command("load_demo", verbosity=0)
    evidence = EvidenceFile.objects.get()
    assert evidence.name == DEMO_FILE_NAME
    assert evidence.assessment.is_draft
    assert evidence.indicator.code.startswith("PLAN")
    with evidence_storage().open(evidence.stored_name) as stored:
        assert stored.read(5) == b"%PDF-"
    evidence_remove(evidence=evidence, by=evidence.uploaded_by)  # a user removed it
    call_command("load_demo", verbosity=0)
    assert EvidenceFile.objects.count() == 1
