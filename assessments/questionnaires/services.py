"""An upload's life: read into a preview, then applied (once) or cancelled.

The preview is worked out again each time it is shown, from the rows read and the answers as
they are now, so it always shows what confirming would do. Confirming applies the rows with the
section page's rule (`assessments.answering.section_save`) in one transaction whose history
entries name the upload; a conflict that arose after the preview stops it, and nothing is saved.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.access import ASSESSMENT_LOCKED
from assessments.answering import MINE, THEIRS, Submission, decide, section_save
from assessments.models import Answer, Assessment, User
from assessments.questionnaires.models import WorkbookImport
from assessments.questionnaires.reading import read_upload
from roadmap.models import Indicator

ALREADY_APPLIED = gettext_noop("This upload was already applied; nothing was saved again.")
CANCELLED = gettext_noop("This upload was cancelled. Upload the workbook again to use it.")
HAS_ERRORS = gettext_noop(
    "The workbook has rows that cannot be saved. Correct them and upload it again."
)
NEW_CONFLICTS = gettext_noop(
    "Some answers need your choice: they were changed online after you downloaded the workbook "
    "(or since the preview). Choose which answer to keep for each, then confirm again. "
    "Nothing was saved."
)


class NotPending(Exception):
    """The upload is applied or cancelled already; the message says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NewConflicts(Exception):
    """Confirming found a conflict without the person's choice; nothing was saved."""


@dataclass(frozen=True)
class Change:
    code: str
    row: int | None
    indicator: Indicator
    before: Answer | None
    after: dict[str, object]


@dataclass(frozen=True)
class ConflictRow:
    code: str
    row: int | None
    indicator: Indicator
    mine: dict[str, object]
    theirs: Answer


@dataclass
class Preview:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[ConflictRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    unchanged: int = 0

    @property
    def can_confirm(self) -> bool:
        return not self.errors and bool(self.changes or self.conflicts)


def import_create(*, assessment: Assessment, by: User, file_name: str, data: bytes):
    """Read the upload into a preview (raises `reading.BadFile`); earlier previews of the same
    person for this assessment are cancelled: the newest upload is the one they mean."""
    reading = read_upload(data, file_name, assessment)
    with transaction.atomic():
        WorkbookImport.objects.filter(
            assessment=assessment, uploaded_by=by, status=WorkbookImport.Status.PREVIEW
        ).update(status=WorkbookImport.Status.CANCELLED)
        return WorkbookImport.objects.create(
            assessment=assessment,
            file_name=file_name[:200],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            scope=reading.scope[:40],
            language=reading.language[:12],
            downloaded_at=_made_at(reading.made_at),
            rows=[row.as_json() for row in reading.rows],
            uploaded_by=by,
            uploaded_by_name=by.get_full_name(),
        )


def _made_at(text: str) -> datetime | None:
    try:
        return parse_datetime(text)
    except ValueError:
        return None


def _indicators(workbook_import: WorkbookImport) -> dict[str, Indicator]:
    codes = [row["code"] for row in workbook_import.rows if row.get("values")]
    return {
        i.code: i
        for i in Indicator.objects.filter(
            edition_id=workbook_import.assessment.edition_id, code__in=codes
        )
        .select_related("scale")
        .prefetch_related("scale__levels", "levels")
    }


def _submissions(workbook_import: WorkbookImport, resolutions: dict[str, tuple[str, int]]):
    """The rows with values as the section page's submissions (with the person's choices)."""
    indicators = _indicators(workbook_import)
    submissions = []
    for row in workbook_import.rows:
        indicator = indicators.get(row["code"])
        if not row.get("values") or indicator is None:
            continue
        resolution, version = resolutions.get(row["code"], ("", row["version"]))
        submissions.append(
            (
                row,
                Submission(
                    indicator=indicator,
                    values=row["values"],
                    version=version if resolution == MINE else row["version"],
                    loaded=row["loaded"],
                    resolution=resolution,
                ),
            )
        )
    return submissions


def preview(workbook_import: WorkbookImport) -> Preview:
    """What confirming would do now: changes (before, after), conflicts, errors, unchanged."""
    result = Preview(errors=[row for row in workbook_import.rows if row.get("errors")])
    submissions = _submissions(workbook_import, {})
    current = {
        a.indicator_id: a
        for a in Answer.objects.filter(
            assessment=workbook_import.assessment_id,
            indicator__in=[s.indicator.pk for _row, s in submissions],
        )
    }
    for row, submission in submissions:
        answer = current.get(submission.indicator.pk)
        decision = decide(submission, answer)
        if decision == "save":
            result.changes.append(
                Change(row["code"], row["row"], submission.indicator, answer, submission.values)
            )
        elif decision == "conflict":
            result.conflicts.append(
                ConflictRow(
                    row["code"], row["row"], submission.indicator, submission.values, answer
                )
            )
    result.unchanged = len(workbook_import.rows) - len(result.errors)
    result.unchanged -= len(result.changes) + len(result.conflicts)
    return result


@transaction.atomic
def import_apply(
    *, workbook_import: WorkbookImport, by: User, resolutions: dict[str, tuple[str, int]]
) -> int:
    """Apply the upload once; return how many answers were saved.

    `resolutions`: per indicator code in conflict, MINE or THEIRS and the version of the saved
    answer the person saw. Raises `NotPending` (applied or cancelled already), `ValidationError`
    (errors in the file, or the assessment was submitted) or `NewConflicts` (nothing saved).
    """
    locked = WorkbookImport.objects.select_for_update().get(pk=workbook_import.pk)
    _require_pending(locked)
    if any(row.get("errors") for row in locked.rows):
        raise ValidationError(_(HAS_ERRORS))
    if not locked.assessment.is_draft:
        raise ValidationError(_(ASSESSMENT_LOCKED))
    submissions = [s for _row, s in _submissions(locked, resolutions) if s.resolution != THEIRS]
    result = section_save(
        assessment=locked.assessment,
        by=by,
        submissions=submissions,
        reason=locked.history_reason(),
    )
    if result.conflicts:
        raise NewConflicts  # rolls back what section_save wrote
    locked.status = WorkbookImport.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.saved_count = len(result.saved)
    locked.save(update_fields=["status", "applied_at", "saved_count"])
    return locked.saved_count


@transaction.atomic
def import_cancel(*, workbook_import: WorkbookImport) -> None:
    locked = WorkbookImport.objects.select_for_update().get(pk=workbook_import.pk)
    _require_pending(locked)
    locked.status = WorkbookImport.Status.CANCELLED
    locked.save(update_fields=["status"])


def _require_pending(workbook_import: WorkbookImport) -> None:
    if workbook_import.status == WorkbookImport.Status.APPLIED:
        raise NotPending(_(ALREADY_APPLIED))
    if workbook_import.status == WorkbookImport.Status.CANCELLED:
        raise NotPending(_(CANCELLED))
