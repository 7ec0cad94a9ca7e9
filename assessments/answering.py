"""Saving a section's answers without silently overwriting a colleague's work.

Each answer carries a version. The page sends back, per indicator, the version it loaded and a
fingerprint of the values it showed. When the version in the database has moved on:
- if the user left that indicator as it was, their (stale) values are ignored;
- if the user changed it too, it is a conflict: nothing is written for that indicator and the
  page shows both values so that the user chooses ("mine" or "theirs").
Everything that does not conflict is saved, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.access import ASSESSMENT_LOCKED as LOCKED
from assessments.models import EMPTY_VALUES, Answer, Assessment, User, fingerprint
from roadmap.models import Indicator

CRITICAL_NOT_APPLICABLE = gettext_noop(
    "Indicator %(code)s is critical: it applies to every member state and cannot be marked not "
    "applicable. Nothing was saved."
)

MINE, THEIRS = "mine", "theirs"


@dataclass(frozen=True)
class Submission:
    """What the user sent for one indicator."""

    indicator: Indicator
    values: dict[str, object]
    version: int  # the version the page loaded; 0 when there was no answer yet
    loaded: str  # fingerprint of the values the page showed
    resolution: str = ""  # MINE or THEIRS after a conflict was shown


@dataclass(frozen=True)
class Conflict:
    indicator: Indicator
    mine: dict[str, object]
    theirs: Answer


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def decide(submission: Submission, current: Answer | None) -> str:
    """Return "save", "skip" or "conflict" for one submitted indicator (pure rule)."""
    current_version = current.version if current else 0
    current_values = current.values() if current else EMPTY_VALUES
    if submission.resolution == THEIRS or submission.values == current_values:
        return "skip"
    if submission.version == current_version:
        return "save"
    if fingerprint(submission.values) == submission.loaded:
        return "skip"  # the user did not touch it; the colleague's newer answer stands
    return "conflict"


@transaction.atomic
def section_save(
    *,
    assessment: Assessment,
    by: User,
    submissions: list[Submission],
    reason: str | None = None,
) -> SaveResult:
    """Save what can be saved; report conflicts. Refuses a submitted assessment.

    `reason` goes into each history entry (e.g. the workbook upload the values came from).
    """
    # Locking the assessment row serialises concurrent saves of the same assessment.
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(_(LOCKED))
    for submission in submissions:
        # The form refuses it too; this guards every other caller (demo, scripts, imports).
        if submission.values.get("not_applicable") and submission.indicator.critical:
            raise ValidationError(_(CRITICAL_NOT_APPLICABLE) % {"code": submission.indicator.code})
    ids = [s.indicator.pk for s in submissions]
    current = {
        a.indicator_id: a
        for a in Answer.objects.filter(assessment=assessment, indicator_id__in=ids)
    }
    result = SaveResult()
    writes = []
    for submission in submissions:
        answer = current.get(submission.indicator.pk)
        decision = decide(submission, answer)
        if decision == "save":
            writes.append(_changed(assessment, submission, answer, by))
            result.saved.append(submission.indicator.code)
        elif decision == "conflict":
            result.conflicts.append(Conflict(submission.indicator, submission.values, answer))
    _write(writes, by, reason)
    return result


def _changed(assessment: Assessment, submission: Submission, answer: Answer | None, by: User):
    """The answer with the submitted values, one version on; not saved yet."""
    if answer is None:
        answer = Answer(assessment=assessment, indicator_id=submission.indicator.pk, version=0)
    for name, value in submission.values.items():
        setattr(answer, name, value)
    answer.version += 1
    answer.carried_forward = False
    answer.updated_by = by
    answer.updated_by_name = by.get_full_name()
    return answer


# What a save can change; updated_at is set by auto_now.
CHANGED_FIELDS = [
    *Answer.ANSWER_FIELDS,
    "version",
    "carried_forward",
    "updated_by",
    "updated_by_name",
    "updated_at",
]


def _write(answers: list[Answer], by: User, reason: str | None = None) -> None:
    """Save the answers and their history in at most four queries, however many there are.

    The history rows say who (the user), when (now) and why (`reason`, or none) as save() would
    have; django-simple-history writes them in one insert per kind (created, changed).
    """
    now = timezone.now()
    history = {"default_user": by, "default_date": now, "default_change_reason": reason}
    new = [answer for answer in answers if answer.pk is None]
    changed = [answer for answer in answers if answer.pk is not None]
    if new:
        Answer.objects.bulk_create(new)
        Answer.history.bulk_history_create(new, **history)
    if changed:
        # An insert that updates the rows it meets: bulk_update's CASE expressions took
        # milliseconds a row to build.
        Answer.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["id"], update_fields=CHANGED_FIELDS
        )
        Answer.history.bulk_history_create(changed, update=True, **history)
