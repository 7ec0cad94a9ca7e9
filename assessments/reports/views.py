"""PDF gap report, its HTML preview and the Excel export.

The same access rule as the results page: any member of the owning member state; 404 for
everyone else. The PDF and the workbook are never made on the request: the view asks for the
document (assessments/reports/documents.py) and serves it when a worker has made it, or
redirects the person to its progress page until then.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_safe

from assessments import access
from assessments.jobs.views import ask_and_deliver, document_language
from assessments.reports import documents, report

logger = logging.getLogger(__name__)

UNKNOWN_VARIANT = gettext_noop("There is no report variant “%(variant)s”. Choose one of these:")


def unknown_variant(request: HttpRequest, assessment, variant: str) -> HttpResponse:
    """400: a hand-made or mistyped ?variant= gets the choices, not a report it did not ask for."""
    context = {
        "assessment": assessment,
        "message": _(UNKNOWN_VARIANT) % {"variant": variant[:40]},
    }
    return render(request, "reports/unknown_variant.html", context, status=400)


@login_required
@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF gap report: the summary, or `?variant=full` with the annex of every answer.

    Served when a worker has made it; otherwise a redirect to its progress page. An unknown
    variant gets 400 with the choices; a person over their limit of new renders 429.
    """
    assessment = access.assessment_for(request.user, pk)
    variant = request.GET.get("variant", documents.SUMMARY)
    if variant not in documents.VARIANTS:
        return unknown_variant(request, assessment, variant)
    return ask_and_deliver(
        request, lambda: documents.request_report(assessment, variant=variant, user=request.user)
    )


def try_again(request: HttpRequest, message: str, *, status: int, after: int) -> HttpResponse:
    """A page that says why and offers to try again; Retry-After for scripts.

    Logged here, once, as a warning: it is the answer we meant to give, not a failure.
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
@require_safe
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's HTML in the browser, styled by static/css/report.css (no inline CSS).

    Rendered on the request: HTML is quick, only the PDF takes seconds. `?variant=full` and
    `?language=` as for the PDF.
    """
    assessment = access.assessment_for(request.user, pk)
    variant = request.GET.get("variant", documents.SUMMARY)
    if variant not in documents.VARIANTS:
        return unknown_variant(request, assessment, variant)
    with translation.override(document_language(request)):
        html = report.report_html(assessment, annex=variant == documents.FULL, preview=True)
    response = HttpResponse(html)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers, scores and gaps as an Excel workbook, made by a worker like the report."""
    assessment = access.assessment_for(request.user, pk)
    return ask_and_deliver(
        request, lambda: documents.request_workbook(assessment, user=request.user)
    )
