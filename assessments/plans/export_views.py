"""The plan page's own export: the current plan as PDF and as Excel.

Any member of a member state reads its own plan (the URL names no member state, so nobody can
ask for another's); users without a member state (RSO staff, administrators) are refused, as on
the plan page. Both are made by background workers: the view asks for the document and serves
it when ready, or sends the person to its progress page (303); 429 beyond their render limit.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from assessments import access
from assessments.jobs.views import ask_and_deliver
from assessments.reports import documents


def plan_document(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_member_state(request.user)
    return ask_and_deliver(
        request,
        lambda: documents.request_plan_export(
            request.user.member_state, kind=kind, user=request.user
        ),
    )


@login_required
@require_safe
def plan_pdf(request: HttpRequest) -> HttpResponse:
    """The member state's action plan now, as PDF."""
    return plan_document(request, documents.PLAN_PDF)


@login_required
@require_safe
def plan_xlsx(request: HttpRequest) -> HttpResponse:
    """The member state's action plan now, as an Excel workbook (one Actions sheet)."""
    return plan_document(request, documents.PLAN_XLSX)
