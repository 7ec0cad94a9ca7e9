"""Named writes of evidence files: attach, remove, purge, carry forward.

Content goes through the Django storage API only (save, open, delete, exists), so the same code
runs on a folder and on an S3-compatible store.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.evidence import checks, scanning
from assessments.evidence.models import EvidenceFile, evidence_storage
from assessments.models import Assessment, User
from assessments.uploads import megabytes
from roadmap.models import Indicator

logger = logging.getLogger(__name__)

TOO_LARGE = gettext_noop("The file is larger than %(limit)s, the most that can be attached.")
ALREADY_ATTACHED = gettext_noop("This file is already attached to this answer (as “%(name)s”).")
LOCKED = gettext_noop("This assessment has been submitted: its files can no longer change.")
ALREADY_REMOVED = gettext_noop("This file was already removed from the answer.")
REASON_REQUIRED = gettext_noop("Say why the file is purged.")
# Stored instead of a purged file's name; shown translated (EvidenceFile rows keep no name).
PURGED_NAME = gettext_noop("purged file")


def _who(user: User) -> str:
    return user.get_full_name()


def sha256_of(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def evidence_attach(
    *, assessment: Assessment, indicator: Indicator, upload, by: User
) -> EvidenceFile:
    """Check, scan and store an uploaded file on the assessment's answer to `indicator`.

    `upload` is a Django UploadedFile. Refused with ValidationError (nothing stored) when the
    assessment is submitted, the file is too large, of a type not accepted, carries macros,
    fails the virus scan, or is already attached to this answer.
    """
    if not assessment.is_draft:
        raise ValidationError(_(LOCKED))
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(_(TOO_LARGE) % {"limit": megabytes(settings.EVIDENCE_MAX_BYTES)})
    detected = checks.detect(upload)
    name = checks.clean_name(upload.name or "", detected)
    sha256 = sha256_of(upload)
    _refuse_duplicate(assessment, indicator, sha256)
    scan = scanning.scan(upload)
    storage = evidence_storage()
    stored_name = storage.save(f"{assessment.pk}/{uuid.uuid4().hex}.{detected.extension}", upload)
    try:
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
            if not locked.is_draft:
                raise ValidationError(_(LOCKED))
            _refuse_duplicate(assessment, indicator, sha256)  # a double click, sent twice
            return EvidenceFile.objects.create(
                assessment=assessment,
                indicator=indicator,
                name=name,
                content_type=detected.content_type,
                size=upload.size,
                sha256=sha256,
                stored_name=stored_name,
                scan=scan,
                uploaded_by=by,
                uploaded_by_name=_who(by),
            )
    except BaseException:
        storage.delete(stored_name)  # nothing recorded: keep no orphan content
        raise


def _refuse_duplicate(assessment: Assessment, indicator: Indicator, sha256: str) -> None:
    same = (
        EvidenceFile.objects.attached()
        .filter(assessment=assessment, indicator=indicator, sha256=sha256)
        .first()
    )
    if same is not None:
        raise ValidationError(_(ALREADY_ATTACHED) % {"name": same.name})


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, by: User) -> EvidenceFile:
    """Take a file off its answer; it stays in the answer's history, still downloadable."""
    locked = Assessment.objects.select_for_update().get(pk=evidence.assessment_id)
    if not locked.is_draft:
        raise ValidationError(_(LOCKED))
    evidence = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
    if not evidence.is_attached:
        raise ValidationError(_(ALREADY_REMOVED))
    evidence.removed_at = timezone.now()
    evidence.removed_by = by
    evidence.removed_by_name = _who(by)
    evidence.save(update_fields=["removed_at", "removed_by", "removed_by_name"])
    return evidence


@transaction.atomic
def evidence_purge(*, evidence: EvidenceFile, by: User, reason: str) -> int:
    """Delete a file's content for good, here and in every assessment that carried it.

    For a file that should never have been uploaded (one that identifies a victim, say). Works
    on submitted assessments too: a person's safety comes before the lock. Each row stays as the
    record of who purged it, when and why, without the name or the hash. Returns how many rows
    (this answer's and carried copies) were purged.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_(REASON_REQUIRED))
    evidence = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
    rows = EvidenceFile.objects.select_for_update().filter(pk=evidence.pk)
    if evidence.stored_name:
        # Carried copies share the stored object (and live in the same member state).
        rows = EvidenceFile.objects.select_for_update().filter(
            assessment__member_state_id=evidence.assessment.member_state_id,
            stored_name=evidence.stored_name,
        )
        storage = evidence_storage()
        if storage.exists(evidence.stored_name):
            storage.delete(evidence.stored_name)
    return rows.filter(purged_at__isnull=True).update(
        name=PURGED_NAME,
        sha256="",
        stored_name="",
        purged_at=timezone.now(),
        purged_by=by,
        purged_by_name=_who(by),
        purge_reason=reason,
    )


def evidence_carry_forward(
    *, source: Assessment, target: Assessment, indicators: dict[int, Indicator]
) -> list[EvidenceFile]:
    """Copy the attached files of the carried answers: `indicators` maps the source answer's
    indicator pk to the target's. The copies share the stored content (no bytes copied)."""
    files = EvidenceFile.objects.attached().filter(
        assessment=source, indicator_id__in=list(indicators)
    )
    return EvidenceFile.objects.bulk_create(
        EvidenceFile(
            assessment=target,
            indicator=indicators[old.indicator_id],
            name=old.name,
            content_type=old.content_type,
            size=old.size,
            sha256=old.sha256,
            stored_name=old.stored_name,
            scan=old.scan,
            carried_from=old,
            uploaded_by_id=old.uploaded_by_id,
            uploaded_by_name=old.uploaded_by_name,
            uploaded_at=old.uploaded_at,
        )
        for old in files
    )


def delete_unused_content(sender, instance: EvidenceFile, **kwargs) -> None:
    """post_delete: a file's content goes with the last row that names it (an assessment
    deleted by an administrator, cascades included); carried copies keep theirs."""
    name = instance.stored_name
    if not name or EvidenceFile.objects.filter(stored_name=name).exists():
        return

    def delete() -> None:
        try:
            evidence_storage().delete(name)
        except Exception:  # content that cannot be deleted must not block deleting the data
            logger.exception("Could not delete stored evidence %s", name)

    transaction.on_commit(delete)  # not when the deletion is rolled back
