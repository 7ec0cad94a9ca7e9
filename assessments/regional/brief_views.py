"""The regional brief (PDF) and the regional view's workbook (Excel): RSO staff only.

Both take the page's filters from the query string (`Filters.from_query`; an unknown value is
dropped, and the document says in words which filters it shows) and are confidential
downloads (`download`: private, no-store). The PDF answers "being prepared" (503) and "too
many" (429) as the gap report does.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from assessments import access
from assessments.regional import brief, exports, tables
from assessments.regional.aggregate import Filters
from assessments.reports import render_lock
from assessments.reports.views import PDF, XLSX, download, render_refused


@login_required
@require_safe
def regional_brief(request: HttpRequest) -> HttpResponse:
    """The regional brief as PDF, from the cache when no share or filter changed."""
    access.require_rso(request.user)
    filters, _errors = Filters.from_query(request.GET)
    day = timezone.localdate()
    try:
        pdf = brief.brief_pdf(
            filters, day=day, before_render=partial(render_lock.allow_render, request.user.pk)
        )
    except (render_lock.RenderBusy, render_lock.RenderLimited) as refusal:
        return render_refused(request, refusal)
    name = tables.file_name("regional-brief", filters, day, "pdf")
    return download(pdf, filename=name, content_type=PDF)


@login_required
@require_safe
def regional_export(request: HttpRequest) -> HttpResponse:
    """What the regional page shows, as an Excel workbook."""
    access.require_rso(request.user)
    filters, _errors = Filters.from_query(request.GET)
    day = timezone.localdate()
    name = tables.file_name("regional-view", filters, day, "xlsx")
    return download(exports.export_xlsx(filters, day=day), filename=name, content_type=XLSX)
