"""Reading and writing the legal-status profile: the treaties listed, saving, carrying forward.

Which treaties: every instrument of kind "treaty" (a binding instrument is what a State
ratifies or accedes to; declarations and guidelines are not). Instruments are shared by all
editions, so the list needs no edition; a report lists the rows stored with its assessment,
so adding a treaty later never changes an old report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.access import ASSESSMENT_LOCKED as LOCKED
from assessments.legal_status.models import EMPTY_STATUS, LegalStatus, status_fingerprint
from assessments.models import Assessment, User
from roadmap.models import Instrument


def treaties():
    """The instruments the profile asks about, oldest first."""
    return Instrument.objects.filter(kind=Instrument.Kind.TREATY).order_by(
        "year", "short_name", "name"
    )


@dataclass(frozen=True)
class StatusSubmission:
    """What the page sent for one treaty, and the fingerprint of what it showed."""

    instrument: Instrument
    values: dict[str, object]
    loaded: str


@dataclass(frozen=True)
class StatusConflict:
    instrument: Instrument
    mine: dict[str, object]
    theirs: LegalStatus | None


@dataclass
class StatusSaveResult:
    saved: list[str] = field(default_factory=list)
    conflicts: list[StatusConflict] = field(default_factory=list)


@transaction.atomic
def legal_status_save(
    *, assessment: Assessment, by: User, submissions: list[StatusSubmission]
) -> StatusSaveResult:
    """Record the statuses sent; a row someone else changed since the page loaded is not
    overwritten but reported. An empty status removes the row ("not recorded")."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(_(LOCKED))
    current = {s.instrument_id: s for s in assessment.legal_statuses.all()}
    result = StatusSaveResult()
    for submission in submissions:
        row = current.get(submission.instrument.pk)
        stored = row.values() if row else dict(EMPTY_STATUS)
        if submission.values == stored:
            continue
        if status_fingerprint(stored) == submission.loaded:
            _write(assessment, submission, row, by)
            result.saved.append(submission.instrument.code)
        elif status_fingerprint(submission.values) != submission.loaded:
            # Both changed it: keep the saved value and report ours, so nothing is lost.
            result.conflicts.append(StatusConflict(submission.instrument, submission.values, row))
        # else: untouched here, changed by a colleague since; their value stands.
    return result


def _write(
    assessment: Assessment, submission: StatusSubmission, row: LegalStatus | None, by: User
) -> None:
    if not submission.values["status"]:
        if row is not None:
            row.delete()
        return
    row = row or LegalStatus(assessment=assessment, instrument=submission.instrument)
    for name, value in submission.values.items():
        setattr(row, name, value)
    row.updated_by = by
    row.save()


def legal_status_carry_forward(*, source: Assessment, target: Assessment, by: User) -> None:
    """Copy the profile to a new assessment (treaties are shared, so all rows carry)."""
    LegalStatus.objects.bulk_create(
        LegalStatus(
            assessment=target,
            instrument_id=row.instrument_id,
            status=row.status,
            year=row.year,
            note=row.note,
            updated_by=by,
        )
        for row in source.legal_statuses.all()
    )
