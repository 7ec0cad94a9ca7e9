"""PDF gap report, its HTML preview and the Excel export.

The same access rule as the results page: any member of the owning member state; 404 for
everyone else.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from assessments import access, exports, report

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """An attachment that no shared cache keeps: the report is confidential."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF gap report (from the cache when nothing in it changed)."""
    assessment = access.assessment_for(request.user, pk)
    return download(
        report.report_pdf(assessment),
        filename=report.download_name(assessment, "pdf"),
        content_type=PDF,
    )


@login_required
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's HTML in the browser, styled by static/css/report.css (no inline CSS)."""
    assessment = access.assessment_for(request.user, pk)
    response = HttpResponse(report.report_html(assessment, preview=True))
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers, scores and gaps as an Excel workbook."""
    assessment = access.assessment_for(request.user, pk)
    return download(
        exports.workbook_bytes(assessment),
        filename=report.download_name(assessment, "xlsx"),
        content_type=XLSX,
    )
