"""The plan page's own export: the current plan as PDF and as Excel.

Any member of a member state reads its own plan (the URL names no member state, so nobody can
ask for another's); users without a member state (RSO staff, administrators) are refused, as on
the plan page. The PDF answers "being prepared" (503) and "too many" (429) as the report does.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from assessments import access
from assessments.plans import export
from assessments.plans.snapshot import plan_day
from assessments.reports import render_lock
from assessments.reports.views import PDF, XLSX, download, render_refused


@login_required
@require_safe
def plan_pdf(request: HttpRequest) -> HttpResponse:
    """The member state's action plan now, as PDF (from the cache when nothing changed)."""
    access.require_member_state(request.user)
    member_state = request.user.member_state
    try:
        pdf = export.export_pdf(
            member_state, before_render=partial(render_lock.allow_render, request.user.pk)
        )
    except (render_lock.RenderBusy, render_lock.RenderLimited) as refusal:
        return render_refused(request, refusal)
    name = export.download_name(member_state, plan_day(None), "pdf")
    return download(pdf, filename=name, content_type=PDF)


@login_required
@require_safe
def plan_xlsx(request: HttpRequest) -> HttpResponse:
    """The member state's action plan now, as an Excel workbook (one Actions sheet)."""
    access.require_member_state(request.user)
    member_state = request.user.member_state
    name = export.download_name(member_state, plan_day(None), "xlsx")
    return download(export.export_xlsx(member_state), filename=name, content_type=XLSX)
