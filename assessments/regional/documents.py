"""The regional documents, rendered by background workers for RSO staff (assessments/jobs).

- The regional brief (PDF) and the regional view's workbook: subject "regional" (RSO staff
  only, `jobs.views.job_for`). `params` hold the filters (`Filters.as_query()`), whether the
  view counts demonstration data and the day printed on it; the variant is the filters, so that
  a brief of one subregion never replaces the brief of another; the fingerprint is the content
  key (`brief.content_key`, `exports.content_key`: shares, editions' content versions,
  filters, threshold, language, day), so any change of what it shows gives a new document.
- The drill-down workbook of one shared assessment: subject "regional-assessment:<pk>". RSO
  staff belong to no member state, so the kind has its own access rule (`drilldown_access`):
  RSO staff, while the assessment is shared exactly as it was when the workbook was asked for;
  404 for everyone else, the member state's own users included (this copy is the RSO's). Each
  time the file is served the member state's sharing log records the download (`served`).
  Changing or withdrawing the share deletes the copies prepared (`forget_drilldown_workbooks`).

Registered when the app is ready (`AssessmentsConfig.ready_documents`).
"""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import access
from assessments.jobs import services
from assessments.jobs.documents import PDF, XLSX, DocumentKind, register
from assessments.jobs.models import DocumentJob
from assessments.regional import brief, drilldown_export, exports, tables
from assessments.regional.aggregate import Filters
from assessments.regional.drilldown import drilldown
from assessments.sharing.models import Share, ShareLogEntry
from assessments.sharing.services import record_access

BRIEF = "regional-brief"
EXPORT = "regional-export"
DRILLDOWN = "regional-assessment-export"
REGION = "regional"  # the subject of the brief and the regional workbook
WORKBOOK = "Excel workbook"  # the sharing log's detail for a drill-down download


class ShareChanged(Exception):
    """The share was withdrawn or changed after the workbook was asked for: not rendered."""


def _digest(text: str, length: int = 64) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


# --- the regional brief and the regional view's workbook ------------------------------------


def filters_variant(filters: Filters) -> str:
    """One document per set of filters (DocumentJob.variant has 20 characters)."""
    query = filters.as_query()
    return _digest(urlencode(sorted(query.items())), 16) if query else "all"


def request_region_document(kind: str, filters: Filters, *, user) -> DocumentJob:
    """The job of today's brief (BRIEF) or workbook (EXPORT) for these filters; queued when new.

    Raises `RenderLimited` when it is new and the person asked for too many new documents.
    """
    demo, day = settings.REGIONAL_DEMO_DATA, timezone.localdate()
    content_key = brief.content_key if kind == BRIEF else exports.content_key
    return services.request_document(
        kind=kind,
        subject=REGION,
        variant=filters_variant(filters),
        fingerprint=_digest(content_key(filters, demo=demo, day=day)),
        params={"filters": filters.as_query(), "demo": demo, "day": day.isoformat()},
        user=user,
    )


def _region_inputs(job: DocumentJob) -> tuple[Filters, bool, date]:
    filters, _errors = Filters.from_query(job.params["filters"])
    return filters, job.params["demo"], date.fromisoformat(job.params["day"])


def render_brief(job: DocumentJob) -> bytes:
    filters, demo, day = _region_inputs(job)
    return brief.brief_pdf(filters, demo=demo, day=day)


def render_export(job: DocumentJob) -> bytes:
    filters, demo, day = _region_inputs(job)
    return exports.export_xlsx(filters, demo=demo, day=day)


def brief_label(job: DocumentJob) -> str:
    return _("Regional brief (PDF): %(scope)s") % {"scope": _region_inputs(job)[0].describe()}


def export_label(job: DocumentJob) -> str:
    return _("Regional view (Excel): %(scope)s") % {"scope": _region_inputs(job)[0].describe()}


def brief_filename(job: DocumentJob) -> str:
    filters, _demo, day = _region_inputs(job)
    return tables.file_name("regional-brief", filters, day, "pdf")


def export_filename(job: DocumentJob) -> str:
    filters, _demo, day = _region_inputs(job)
    return tables.file_name("regional-view", filters, day, "xlsx")


def region_back(job: DocumentJob) -> tuple[str, str]:
    """Back to the regional view with the document's filters."""
    query = job.params.get("filters") or {}
    url = reverse("regional") + (f"?{urlencode(query)}" if query else "")
    return url, _("Back to the regional view")


# --- the drill-down workbook of one shared assessment ---------------------------------------


def drilldown_subject(assessment_id: int) -> str:
    return f"regional-assessment:{assessment_id}"


def share_state(share: Share) -> dict[str, object]:
    """What the workbook's content and who may read it depend on, kept in the job's params."""
    return {
        "share": share.pk,
        "level": share.level,
        "evidence": share.include_evidence,
        "since": share.shared_at.isoformat(),
    }


def request_drilldown_workbook(share: Share, *, user) -> DocumentJob:
    """The job of the drill-down workbook at the share's level; queued when new.

    `share` comes from `access.shared_assessment_for`. Raises `RenderLimited` as above.
    """
    assessment = share.assessment
    return services.request_document(
        kind=DRILLDOWN,
        subject=drilldown_subject(assessment.pk),
        assessment=assessment,  # deleting the assessment deletes its copies
        fingerprint=drilldown_export.content_key(share),
        params={"share": share_state(share)},
        user=user,
    )


def drilldown_access(user, job: DocumentJob) -> None:
    """RSO staff while the assessment is shared as it was when asked for; 404 for everyone else.

    A member state's own users get 404 too: their assessment is theirs on its own pages, this
    copy is the RSO's. A share changed since may show less than this copy: 404 as well.
    """
    if not user.is_rso:
        raise Http404
    share = access.shared_assessment_for(user, job.assessment_id)
    if share_state(share) != job.params.get("share"):
        raise Http404


def render_drilldown(job: DocumentJob) -> bytes:
    """The workbook, only while the share is still the one it was asked for."""
    share = access.open_shares().filter(assessment_id=job.assessment_id).first()
    if share is None or share_state(share) != job.params.get("share"):
        raise ShareChanged(f"Share of assessment {job.assessment_id} withdrawn or changed")
    return drilldown_export.workbook_bytes(drilldown(share))


def drilldown_filename(job: DocumentJob) -> str:
    return drilldown_export.filename(job.assessment, job.params["share"]["level"])


def drilldown_label(job: DocumentJob) -> str:
    assessment = job.assessment
    return _("Excel workbook: %(state)s, %(title)s (shared)") % {
        "state": assessment.member_state.display_name,
        "title": assessment.title,
    }


def drilldown_served(job: DocumentJob, user) -> None:
    """Log the download for the member state's team, when the file is really served."""
    share = Share.objects.get(assessment_id=job.assessment_id)  # checked by drilldown_access
    record_access(share=share, by=user, kind=ShareLogEntry.Kind.DOWNLOADED, detail=WORKBOOK)


def drilldown_back(job: DocumentJob) -> tuple[str, str]:
    return (
        reverse("regional-assessment", args=[job.assessment_id]),
        _("Back to the shared assessment"),
    )


def forget_drilldown_workbooks(sender, instance: Share, **kwargs) -> None:
    """post_save/post_delete of a Share: the copies prepared at the old level go, files too.

    Jobs a worker is rendering stay: `render_drilldown` refuses them, and nobody can open them.
    """
    jobs = DocumentJob.objects.filter(
        kind=DRILLDOWN, subject=drilldown_subject(instance.assessment_id)
    ).exclude(status=DocumentJob.Status.RUNNING)
    for job in jobs:
        job.delete()  # its post_delete signal deletes the file


def register_kinds() -> None:
    register(
        DocumentKind(
            name=BRIEF,
            label=brief_label,
            extension="pdf",
            content_type=PDF,
            render=render_brief,
            filename=brief_filename,
            back=region_back,
        )
    )
    register(
        DocumentKind(
            name=EXPORT,
            label=export_label,
            extension="xlsx",
            content_type=XLSX,
            render=render_export,
            filename=export_filename,
            back=region_back,
        )
    )
    register(
        DocumentKind(
            name=DRILLDOWN,
            label=drilldown_label,
            extension="xlsx",
            content_type=XLSX,
            render=render_drilldown,
            filename=drilldown_filename,
            access=drilldown_access,
            served=drilldown_served,
            back=drilldown_back,
        )
    )
