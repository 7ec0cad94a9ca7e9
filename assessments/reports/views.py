"""PDF gap report, its HTML preview and the Excel export.

The same access rule as the results page: any member of the owning member state; 404 for
everyone else.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from assessments import access
from assessments.reports import exports, render_lock, report

logger = logging.getLogger(__name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BEING_PREPARED = (
    "This report is being prepared for someone else right now. Try again in a few seconds: "
    "it will then be ready at once."
)
TOO_MANY = (
    "You asked for many new reports in a short time. Wait a minute, then try again. "
    "Reports that did not change since you last downloaded them are not counted."
)


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """An attachment that no shared cache keeps: the report is confidential."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF gap report (from the cache when nothing in it changed).

    A report being rendered for someone else answers 503 "being prepared" at once, and a
    person over their render limit 429: both with Retry-After, neither holds a worker.
    """
    assessment = access.assessment_for(request.user, pk)
    try:
        pdf = report.report_pdf(
            assessment, before_render=partial(render_lock.allow_render, request.user.pk)
        )
    except (render_lock.RenderBusy, render_lock.RenderLimited) as refusal:
        return render_refused(request, refusal)
    return download(pdf, filename=report.download_name(assessment, "pdf"), content_type=PDF)


def render_refused(
    request: HttpRequest, refusal: render_lock.RenderBusy | render_lock.RenderLimited
) -> HttpResponse:
    """503 "being prepared" while another request renders it, 429 beyond the person's limit."""
    if isinstance(refusal, render_lock.RenderBusy):
        return try_again(request, BEING_PREPARED, status=503, after=render_lock.RETRY_AFTER)
    return try_again(request, TOO_MANY, status=429, after=settings.REPORT_RENDER_PERIOD)


def try_again(request: HttpRequest, message: str, *, status: int, after: int) -> HttpResponse:
    """A page that says why and offers to try again; Retry-After for scripts.

    Logged here as a warning: django.request would log the 503 at ERROR, as if the server had
    failed, when it is the answer we meant to give.
    """
    context = {
        "heading": _("Please try again in a moment"),
        "message": _(message),
        "retry_url": request.get_full_path(),
    }
    response = render(request, "try_again.html", context, status=status)
    response["Retry-After"] = str(after)
    logger.warning("Try again (%s) on %s %s.", status, request.method, request.path)
    response._has_been_logged = True  # django.utils.log.log_response then stays silent
    return response


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
