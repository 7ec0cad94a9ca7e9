"""The questionnaire workbook on the document queue (assessments/jobs): made by a worker.

Its variant is the scope ("all", "category:POL", "section:POL.PROT"); its fingerprint a hash of
the scope's answers' versions and the framework text (`workbook.scope_fingerprint`), so a
workbook is made again as soon as an answer in it changes: its version stamps must be current.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments import access
from assessments.jobs import services
from assessments.jobs.documents import XLSX, DocumentKind, register
from assessments.jobs.models import DocumentJob
from assessments.models import Assessment
from assessments.questionnaires import workbook
from assessments.reports import report
from assessments.reports.documents import assessment_subject

QUESTIONNAIRE = "questionnaire"


def request_questionnaire(assessment: Assessment, scope: workbook.Scope, *, user) -> DocumentJob:
    """The job of this scope's questionnaire in the current language."""
    return services.request_document(
        kind=QUESTIONNAIRE,
        subject=assessment_subject(assessment.pk),
        assessment=assessment,
        variant=str(scope),
        fingerprint=workbook.scope_fingerprint(assessment, scope),
        user=user,
    )


def render(job: DocumentJob) -> bytes:
    assessment = Assessment.objects.select_related("member_state", "edition").get(
        pk=job.assessment_id
    )
    return workbook.workbook_bytes(assessment, workbook.Scope.parse(job.variant))


def filename(job: DocumentJob) -> str:
    suffix = "questionnaire-" + job.variant.replace(":", "-").replace(".", "-").lower()
    return report.download_name(job.assessment, "xlsx", suffix=suffix)


def job_access(user, job: DocumentJob) -> None:
    """Those who may answer: the assessment's member state (404 otherwise), not viewers."""
    access.assessment_for(user, job.assessment_id)
    require_can_answer(user)


def require_can_answer(user) -> None:
    """The focal point and contributors work offline; viewers read (403 with the reason)."""
    if not user.can_edit_answers:
        raise PermissionDenied(_(access.VIEWER_CANNOT_EDIT))


def back(job: DocumentJob) -> tuple[str, str]:
    return (
        reverse("questionnaire", args=[job.assessment_id]),
        _("Back to working offline with a workbook"),
    )


def label(job: DocumentJob) -> str:
    scope = workbook.Scope.parse(job.variant) or workbook.Scope(workbook.ALL)
    return _("Questionnaire workbook: %(title)s. %(scope)s") % {
        "title": job.assessment.title,
        "scope": workbook.scope_label(scope),
    }


def register_kinds() -> None:
    register(
        DocumentKind(
            name=QUESTIONNAIRE,
            label=label,
            extension="xlsx",
            content_type=XLSX,
            render=render,
            filename=filename,
            access=job_access,
            back=back,
        )
    )
