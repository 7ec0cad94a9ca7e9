"""RSO staff open one shared assessment, at the level it was shared, and download it.

`access.shared_assessment_for` refuses everyone but RSO staff (403) and answers 404 unless the
assessment is shared now, so a withdrawal or a reopening closes both URLs at once. Every open
and every download is logged for the member state's team (`sharing.services.record_access`),
at "scores only" too. The workbook is prepared by a background worker
(`documents.request_drilldown_workbook`) and served from storage, never rendered here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments import access
from assessments.jobs.views import ask_and_deliver
from assessments.regional import documents
from assessments.regional.drilldown import drilldown
from assessments.reports.charts import Datum, radar
from assessments.scoring import MATURITY_MAX
from assessments.sharing.models import ShareLogEntry
from assessments.sharing.services import record_access

PAGE = "page"  # the sharing log's detail for an open (a download: documents.WORKBOOK)


@login_required
@require_safe
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared assessment's scores, and its gaps and answers when those were shared."""
    share = access.shared_assessment_for(request.user, pk)
    view = drilldown(share)
    chart = radar(
        [Datum(name, score) for name, score in view.category_data],
        title=_("Category scores"),
        target=[100 * c.target_level / MATURITY_MAX for c in view.categories],
    )
    record_access(share=share, by=request.user, kind=ShareLogEntry.Kind.VIEWED, detail=PAGE)
    response = render(request, "regional/assessment.html", {"view": view, "radar": chart})
    # Not kept by the browser either: after a withdrawal, Back must not show it again.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The page as an Excel workbook, at the same level, prepared by a background worker.

    The download is logged when the file is served (`documents.drilldown_served`), here or
    from the progress page.
    """
    share = access.shared_assessment_for(request.user, pk)
    return ask_and_deliver(
        request, lambda: documents.request_drilldown_workbook(share, user=request.user)
    )
