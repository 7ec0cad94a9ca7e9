"""Share, withdraw, and record RSO access: the writes of the sharing log.

Each is atomic and idempotent where a double submit could repeat it: sharing again at the same
level or withdrawing what is no longer shared changes nothing and logs nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.models import Assessment, User
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry

NOT_SUBMITTED = gettext_noop("Only a submitted assessment can be shared.")
EVIDENCE_NEEDS_ANSWERS = gettext_noop("Evidence can be shared only together with the answers.")
UNKNOWN_LEVEL = gettext_noop("Choose what to share: scores only, or scores and answers.")


@transaction.atomic
def share_assessment(
    *, assessment: Assessment, by: User, level: str, include_evidence: bool = False
) -> Share:
    """Share a submitted assessment at a level, or change the level it is shared at."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_draft:
        raise ValidationError(_(NOT_SUBMITTED))
    if level not in ShareLevel.values:
        raise ValidationError(_(UNKNOWN_LEVEL))
    if include_evidence and level != ShareLevel.ANSWERS:
        raise ValidationError(_(EVIDENCE_NEEDS_ANSWERS))
    share = Share.objects.filter(assessment=assessment).first()
    if share is not None and (share.level, share.include_evidence) == (level, include_evidence):
        return share  # the same form sent twice
    kind = ShareLogEntry.Kind.SHARED if share is None else ShareLogEntry.Kind.CHANGED
    share = share or Share(assessment=assessment)
    share.level, share.include_evidence = level, include_evidence
    share.shared_by, share.shared_at = by, timezone.now()
    share.save()
    ShareLogEntry.objects.create(
        assessment=assessment, kind=kind, level=level, include_evidence=include_evidence, by=by
    )
    return share


def _withdraw(assessment: Assessment, by: User, kind: str) -> bool:
    # Lock the assessment, as share_assessment and assessment_reopen do: locking only the share
    # let a change of level that had read the share before this withdrawal save it back after
    # it, shared again and logged as a mere "change".
    Assessment.objects.select_for_update().get(pk=assessment.pk)
    share = Share.objects.filter(assessment=assessment).first()
    if share is None:
        return False
    ShareLogEntry.objects.create(
        assessment=assessment,
        kind=kind,
        level=share.level,
        include_evidence=share.include_evidence,
        by=by,
    )
    share.delete()
    return True


@transaction.atomic
def withdraw_share(*, assessment: Assessment, by: User) -> bool:
    """Stop sharing; return False when it was not shared (nothing is logged then)."""
    return _withdraw(assessment, by, ShareLogEntry.Kind.WITHDRAWN)


def withdraw_on_reopen(*, assessment: Assessment, by: User) -> bool:
    """Reopening withdraws the share until the focal point shares the next submission."""
    return _withdraw(assessment, by, ShareLogEntry.Kind.REOPENED)


def record_access(*, share: Share, by: User, kind: str, detail: str = "") -> ShareLogEntry:
    """Log that RSO staff opened (VIEWED) or downloaded (DOWNLOADED) shared answers."""
    return ShareLogEntry.objects.create(
        assessment_id=share.assessment_id,
        kind=kind,
        level=share.level,
        include_evidence=share.include_evidence,
        detail=detail,
        by=by,
    )


def current_share(assessment: Assessment) -> Share | None:
    """The assessment's share, or None when it is not shared. Callers select_related("share")
    to read it without a query (the assessment list reads it for every row)."""
    return getattr(assessment, "share", None)


def last_shared(assessment: Assessment) -> ShareLogEntry | None:
    """The last share or change of level: the default when the focal point shares again."""
    return (
        assessment.share_log.filter(
            kind__in=[ShareLogEntry.Kind.SHARED, ShareLogEntry.Kind.CHANGED]
        )
        .order_by("-at", "-id")
        .first()
    )


def shared_before_reopening(assessment: Assessment) -> ShareLogEntry | None:
    """The withdrawal by reopening, when nothing was shared or withdrawn since: the submission
    that follows asks the focal point to share again, at the level it had (`entry.level`).

    None when the focal point withdrew the share themselves before reopening, or has shared
    again since: then there is nothing to offer back.
    """
    latest = (
        assessment.share_log.filter(kind__in=ShareLogEntry.SHARE_CHANGES)
        .order_by("-at", "-id")
        .first()
    )
    if latest is None or latest.kind != ShareLogEntry.Kind.REOPENED:
        return None
    return latest
