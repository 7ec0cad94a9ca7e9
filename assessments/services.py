"""Named writes that span several rows: create (with carry-forward), submit, reopen, challenges.

Each is atomic, takes keyword arguments and raises ValidationError with a message for the
user when the rule it guards is broken. Messages are constants that tests import.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from assessments.evidence.services import evidence_carry_forward
from assessments.legal_status.services import legal_status_carry_forward
from assessments.models import Answer, Assessment, AssessmentEvent, MemberState, User
from assessments.reports.documents import request_records
from assessments.sharing.services import withdraw_on_reopen
from roadmap.languages import fallbacks_of
from roadmap.models import Challenge, Edition, Indicator

NO_PUBLISHED_EDITION = gettext_noop("No framework edition is published yet; ask an administrator.")
DUPLICATE = gettext_noop(
    "Your member state already has an assessment with this title for this year."
)
NOTHING_TO_CARRY = gettext_noop("There is no submitted assessment to start from.")
ALREADY_SUBMITTED = gettext_noop("This assessment was already submitted.")
NOT_SUBMITTED = gettext_noop("Only a submitted assessment can be reopened.")
REASON_REQUIRED = gettext_noop("Say why the assessment is reopened.")


@dataclass(frozen=True)
class Missing:
    """An applicable indicator without an answer, for the submit page."""

    code: str
    question: str
    section_code: str
    fallbacks: frozenset[str] = frozenset()  # {"question"} when it shows English


def last_submitted(member_state: MemberState) -> Assessment | None:
    """Return the member state's most recently submitted assessment."""
    return (
        Assessment.objects.submitted()
        .filter(member_state=member_state)
        .order_by("-submitted_at", "-pk")
        .first()
    )


@transaction.atomic
def assessment_create(
    *,
    member_state: MemberState,
    by: User,
    title: str,
    reporting_year: int,
    target_level: int = 3,
    profile_origin: bool = True,
    profile_transit: bool = False,
    profile_destination: bool = False,
    carry_forward: bool = False,
    token: uuid.UUID | None = None,
) -> Assessment:
    """Start an assessment on the published edition; optionally copy the last submitted answers.

    `token` identifies the form that asked: the same form sent twice (a double click, a
    resubmitted page) returns the assessment the first request created.
    """
    if token is not None:
        existing = Assessment.objects.filter(member_state=member_state, request_token=token)
        if existing.exists():
            return existing.get()
    edition = Edition.objects.current()
    if edition is None:
        raise ValidationError(_(NO_PUBLISHED_EDITION))
    source = last_submitted(member_state) if carry_forward else None
    if carry_forward and source is None:
        raise ValidationError(_(NOTHING_TO_CARRY))
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                member_state=member_state,
                edition=edition,
                title=title,
                reporting_year=reporting_year,
                target_level=target_level,
                profile_origin=profile_origin,
                profile_transit=profile_transit,
                profile_destination=profile_destination,
                carried_from=source,
                created_by=by,
                request_token=token,
            )
    except IntegrityError as error:
        existing = Assessment.objects.filter(member_state=member_state, request_token=token)
        if token is not None and existing.exists():  # the same form, sent twice at once
            return existing.get()
        raise ValidationError(_(DUPLICATE)) from error
    AssessmentEvent.objects.create(assessment=assessment, kind=AssessmentEvent.Kind.CREATED, by=by)
    if source is not None:
        _carry_forward(source=source, target=assessment, by=by)
    return assessment


def _carry_forward(*, source: Assessment, target: Assessment, by: User) -> None:
    """Copy answers (with their attached files), ticked challenges and the legal-status
    profile, matching indicators by code across editions."""
    by_code = {i.code: i for i in Indicator.objects.filter(edition=target.edition)}
    carried: dict[int, Indicator] = {}  # the source's indicator pk: the target's indicator
    for old in source.answers.select_related("indicator"):
        indicator = by_code.get(old.indicator.code)
        if indicator is None:
            continue  # retired in the new edition
        answer = Answer(
            assessment=target,
            indicator=indicator,
            carried_forward=True,
            updated_by=by,
            updated_by_name=by.get_full_name(),
        )
        values = old.values()
        if values["not_applicable"] and indicator.critical:
            # Critical indicators cannot be not applicable: ask for a level instead.
            values.update(not_applicable=False, na_justification="")
            if not any(values[name] for name in ("evidence", "evidence_links", "comment")):
                continue
        for name, value in values.items():
            setattr(answer, name, value)
        if answer.level is not None and answer.level > indicator.scale.max_value:
            answer.level = None  # the scale changed between editions: ask again
        answer._history_user = by
        answer.save()
        carried[old.indicator_id] = indicator
    evidence_carry_forward(source=source, target=target, indicators=carried)
    codes = source.challenges.values_list("code", flat=True)
    target.challenges.set(Challenge.objects.filter(edition=target.edition, code__in=codes))
    legal_status_carry_forward(source=source, target=target, by=by)


def missing_answers(assessment: Assessment) -> list[Missing]:
    """Return the applicable indicators that have no answer, in framework order."""
    answered = set(assessment.answers.complete().values_list("indicator_id", flat=True))
    return [
        Missing(
            code=i.code,
            question=i.question,
            section_code=i.section.code,
            fallbacks=fallbacks_of(question=(i, "question")),
        )
        for i in assessment.applicable_indicators().select_related("section")
        if i.pk not in answered
    ]


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> list[Missing]:
    """Submit and lock the assessment; return what is missing instead when it is incomplete."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(_(ALREADY_SUBMITTED))
    missing = missing_answers(assessment)
    if missing:
        return missing
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    AssessmentEvent.objects.create(
        assessment=assessment, kind=AssessmentEvent.Kind.SUBMITTED, by=by
    )
    # The report as submitted, summary and full, in the submitter's language (their account's,
    # else the page's): rendered by a worker once the submission is committed, and kept as the
    # record. The job and the report's cover say which language it is.
    language = by.language or get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(
        partial(request_records, assessment.pk, by=by, language=language), robust=True
    )
    return []


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Make a submitted assessment editable again, recording who did it and why."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_draft:
        raise ValidationError(_(NOT_SUBMITTED))
    if not reason.strip():
        raise ValidationError(_(REASON_REQUIRED))
    assessment.status = Assessment.Status.DRAFT
    assessment.submitted_at = None
    assessment.save(update_fields=["status", "submitted_at"])
    # A draft is never shared: the RSO sees it again only once the focal point shares the
    # next submission (assessments/sharing/README.md).
    withdraw_on_reopen(assessment=assessment, by=by)
    AssessmentEvent.objects.create(
        assessment=assessment, kind=AssessmentEvent.Kind.REOPENED, by=by, reason=reason.strip()
    )
    return assessment


@transaction.atomic
def challenges_save(*, assessment: Assessment, by: User, challenges) -> None:
    """Replace the ticked planning challenges (only challenges of the assessment's edition)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(_(ALREADY_SUBMITTED))
    assessment.challenges.set([c for c in challenges if c.edition_id == assessment.edition_id])
