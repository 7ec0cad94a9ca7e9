"""Files carry forward with their answers; a purge reaches every copy; nothing is left orphaned."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.evidence.models import EvidenceFile, evidence_storage
from assessments.evidence.services import (
    ALREADY_REMOVED,
    LOCKED,
    REASON_REQUIRED,
    evidence_purge,
    evidence_remove,
)
from assessments.models import Answer
from assessments.services import assessment_create
from tests.assessments.evidence import samples

pytestmark = pytest.mark.django_db


def submit(assessment) -> None:
    assessment.status = "submitted"
    assessment.submitted_at = timezone.now()
    assessment.save()


@pytest.fixture
def carried(assessment, indicator, attach, focal, contributor):
    """An answered, submitted assessment with two files (one removed), carried into a new one."""
    Answer.objects.create(assessment=assessment, indicator=indicator, level=2)
    kept = attach(samples.pdf("kept"), "Kept.pdf")
    removed = attach(samples.pdf("removed"), "Removed.pdf")
    evidence_remove(evidence=removed, by=contributor)
    submit(assessment)
    new = assessment_create(
        member_state=assessment.member_state,
        by=focal,
        title="Next year",
        reporting_year=assessment.reporting_year + 1,
        carry_forward=True,
    )
    return kept, new


def test_carrying_forward_copies_the_attached_files_of_each_carried_answer(carried):
    kept, new = carried
    copy = EvidenceFile.objects.get(assessment=new)  # the removed file stays behind
    assert (copy.name, copy.stored_name, copy.carried_from) == ("Kept.pdf", kept.stored_name, kept)
    assert copy.indicator.code == "POL.T.1"
    assert copy.uploaded_by_name == kept.uploaded_by_name


def test_purging_a_carried_copy_deletes_the_content_in_every_assessment(carried, focal):
    kept, new = carried
    stored = kept.stored_name
    copy = EvidenceFile.objects.get(assessment=new)
    assert evidence_purge(evidence=copy, by=focal, reason="Names a victim") == 2
    assert not evidence_storage().exists(stored)
    for row in EvidenceFile.objects.filter(pk__in=[kept.pk, copy.pk]):
        assert (row.name, row.sha256, row.stored_name) == ("purged file", "", "")
        assert row.purge_reason == "Names a victim"
        assert row.purged_by == focal


def test_a_purge_needs_a_reason(attach, focal):
    evidence = attach()
    with pytest.raises(ValidationError, match=REASON_REQUIRED):
        evidence_purge(evidence=evidence, by=focal, reason=" ")
    assert evidence_storage().exists(evidence.stored_name)


def test_a_file_removed_twice_is_refused_the_second_time(attach, contributor):
    evidence = attach()
    evidence_remove(evidence=evidence, by=contributor)
    with pytest.raises(ValidationError, match=ALREADY_REMOVED):
        evidence_remove(evidence=evidence, by=contributor)


def test_no_file_is_attached_to_or_removed_from_a_submitted_assessment(
    assessment, attach, contributor, evidence_folder
):
    evidence = attach()
    submit(assessment)
    with pytest.raises(ValidationError, match=LOCKED):
        attach(samples.pdf("late"))
    with pytest.raises(ValidationError, match=LOCKED):
        evidence_remove(evidence=evidence, by=contributor)
    assert len([p for p in evidence_folder.rglob("*") if p.is_file()]) == 1


def test_deleting_an_assessment_deletes_content_no_carried_copy_still_uses(
    carried, django_capture_on_commit_callbacks
):
    kept, new = carried
    shared = kept.stored_name
    only_old = EvidenceFile.objects.get(assessment=kept.assessment, name="Removed.pdf").stored_name
    with django_capture_on_commit_callbacks(execute=True):
        kept.assessment.delete()
    assert not evidence_storage().exists(only_old)  # no other assessment named it
    assert evidence_storage().exists(shared)  # the carried copy in `new` still uses it
    with django_capture_on_commit_callbacks(execute=True):
        new.delete()
    assert not evidence_storage().exists(shared)
