"""A member state's documents on the queue: the gap report, the workbook and the plan's exports.

Each is a `DocumentKind` (assessments/jobs/documents.py) that background workers render; the
views only ask for the document (`request_*`) and deliver it when ready. What identifies a
document, beside kind, subject, variant and language, is its fingerprint:

- a draft's documents: `report.report_fingerprint`, a hash of everything that goes into them
  (a few fixed queries, whatever the framework's size: the request never renders);
- a submitted assessment's documents: `submitted:<submitted_at>`, without hashing. The report
  in the submitter's language is rendered at submission and kept (`record=True`): the record
  as submitted, served as it was even if the framework text changes later. Reopening and
  submitting again gives a new time, hence a new record;
- the plan's exports: `plans.export.fingerprint` (the plan now; the day is part of it).
"""

from __future__ import annotations

import hashlib
from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.jobs import services
from assessments.jobs.documents import PDF, XLSX, DocumentKind, register
from assessments.jobs.models import DocumentJob
from assessments.models import Assessment, MemberState
from assessments.plans import export as plan_export
from assessments.plans.snapshot import plan_day
from assessments.reports import exports, report

REPORT = "report"
WORKBOOK = "workbook"
PLAN_PDF = "plan-pdf"
PLAN_XLSX = "plan-xlsx"

SUMMARY: Literal["summary"] = "summary"  # the default download: no annex of every answer
FULL: Literal["full"] = "full"  # with Annex A, every answer with its evidence and comments
VARIANTS = (SUMMARY, FULL)

# A member state's own document that no assessment holds (its action plan now).
PLAN_SUBJECT = "plan:"
SUBMITTED = "submitted:"
# Bump when exports.py changes what the workbook holds: a draft's workbook is made again.
WORKBOOK_FORMAT = "1"


class ReopenedMeanwhile(Exception):
    """A submitted assessment's document whose assessment was reopened before it was made."""


def assessment_subject(assessment_id: int) -> str:
    return f"assessment:{assessment_id}"


def plan_subject(member_state_id: int) -> str:
    return f"{PLAN_SUBJECT}{member_state_id}"


def plan_member_state_id(job: DocumentJob) -> int:
    return int(job.subject.removeprefix(PLAN_SUBJECT))


def submission_fingerprint(assessment: Assessment) -> str:
    """`submitted:<time of submission>`: the submitted data is locked, nothing to hash."""
    return f"{SUBMITTED}{assessment.submitted_at.isoformat()}"


def is_submitted(assessment: Assessment) -> bool:
    return not assessment.is_draft and assessment.submitted_at is not None


def report_document_fingerprint(assessment: Assessment) -> str:
    """The report's fingerprint: the submission's time, or a hash of a draft's inputs."""
    if is_submitted(assessment):
        return submission_fingerprint(assessment)
    return report.report_fingerprint(assessment)


def workbook_fingerprint(assessment: Assessment) -> str:
    """The workbook's: as the report's (it shows a subset of the report's inputs)."""
    if is_submitted(assessment):
        return submission_fingerprint(assessment)
    inputs = f"{WORKBOOK_FORMAT}:{report.report_fingerprint(assessment)}"
    return hashlib.sha256(inputs.encode()).hexdigest()


# --- Asking (on a request: never renders) -----------------------------------------------------


def request_report(assessment: Assessment, *, variant: str, user) -> DocumentJob:
    """The job of this report in the current language (raises `RenderLimited` beyond the limit)."""
    return services.request_document(
        kind=REPORT,
        subject=assessment_subject(assessment.pk),
        assessment=assessment,
        variant=variant,
        fingerprint=report_document_fingerprint(assessment),
        user=user,
    )


def request_workbook(assessment: Assessment, *, user) -> DocumentJob:
    return services.request_document(
        kind=WORKBOOK,
        subject=assessment_subject(assessment.pk),
        assessment=assessment,
        fingerprint=workbook_fingerprint(assessment),
        user=user,
    )


def request_plan_export(member_state: MemberState, *, kind: str, user) -> DocumentJob:
    """The member state's plan now, as PDF (`PLAN_PDF`) or Excel (`PLAN_XLSX`)."""
    return services.request_document(
        kind=kind,
        subject=plan_subject(member_state.pk),
        fingerprint=plan_export.fingerprint(member_state),
        user=user,
    )


def request_records(assessment_id: int, *, by, language: str) -> list[DocumentJob]:
    """At submission (after commit): queue the summary and the full report as the record.

    Reads the submission time from the database: the demo dates its assessments after
    submitting them, in the same transaction. Not counted against anyone's render limit.
    """
    assessment = Assessment.objects.filter(pk=assessment_id).first()
    if assessment is None or not is_submitted(assessment):
        return []  # deleted or reopened before the commit: nothing to record
    return [
        services.request_document(
            kind=REPORT,
            subject=assessment_subject(assessment.pk),
            assessment=assessment,
            variant=variant,
            language=language,
            fingerprint=submission_fingerprint(assessment),
            user=by,
            record=True,
            limit=False,
        )
        for variant in VARIANTS
    ]


# --- Rendering (in a worker) ------------------------------------------------------------------


def job_assessment(job: DocumentJob) -> Assessment:
    """The job's assessment as it is now; refused when it no longer is what was asked for.

    A submitted assessment's document is made of the submitted data only: if it was reopened
    since (a draft now, or submitted again later), the document would not be what its
    fingerprint promises.
    """
    assessment = Assessment.objects.select_related("member_state", "edition").get(
        pk=job.assessment_id
    )
    if job.fingerprint.startswith(SUBMITTED) and (
        not is_submitted(assessment) or submission_fingerprint(assessment) != job.fingerprint
    ):
        raise ReopenedMeanwhile(f"assessment {assessment.pk} was reopened")
    return assessment


def render_report(job: DocumentJob) -> bytes:
    return report.render_pdf(job_assessment(job), annex=job.variant == FULL, record=job.record)


def render_workbook(job: DocumentJob) -> bytes:
    return exports.workbook_bytes(job_assessment(job))


def plan_member_state(job: DocumentJob) -> MemberState:
    return MemberState.objects.get(pk=plan_member_state_id(job))


def plan_access(user, job: DocumentJob) -> None:
    """A plan's document: its own member state's people only; 404 for everyone else (RSO
    staff included), as if it did not exist."""
    if user.member_state_id is None or user.member_state_id != plan_member_state_id(job):
        raise Http404


def back_to_plan(job: DocumentJob) -> tuple[str, str]:
    return reverse("plan"), _("Back to the action plan")


def report_label(job: DocumentJob) -> str:
    if job.variant == FULL:
        return _("Full gap report with the annex of every answer: %(title)s") % {
            "title": job.assessment.title
        }
    return _("Gap report: %(title)s") % {"title": job.assessment.title}


def report_filename(job: DocumentJob) -> str:
    return report.download_name(job.assessment, "pdf", suffix="full" if job.variant == FULL else "")


def plan_filename(job: DocumentJob, extension: str) -> str:
    return plan_export.download_name(plan_member_state(job), plan_day(None), extension)


def register_kinds() -> None:
    """Called once the apps are ready (AssessmentsConfig.ready_documents)."""
    register(
        DocumentKind(
            name=REPORT,
            label=report_label,
            extension="pdf",
            content_type=PDF,
            render=render_report,
            filename=report_filename,
        )
    )
    register(
        DocumentKind(
            name=WORKBOOK,
            label=lambda job: _("Excel workbook: %(title)s") % {"title": job.assessment.title},
            extension="xlsx",
            content_type=XLSX,
            render=render_workbook,
            filename=lambda job: report.download_name(job.assessment, "xlsx"),
        )
    )
    register(
        DocumentKind(
            name=PLAN_PDF,
            label=lambda job: _("Action plan (PDF)"),
            extension="pdf",
            content_type=PDF,
            render=lambda job: plan_export.export_pdf(plan_member_state(job)),
            filename=lambda job: plan_filename(job, "pdf"),
            access=plan_access,
            back=back_to_plan,
        )
    )
    register(
        DocumentKind(
            name=PLAN_XLSX,
            label=lambda job: _("Action plan (Excel)"),
            extension="xlsx",
            content_type=XLSX,
            render=lambda job: plan_export.export_xlsx(plan_member_state(job)),
            filename=lambda job: plan_filename(job, "xlsx"),
            access=plan_access,
            back=back_to_plan,
        )
    )
