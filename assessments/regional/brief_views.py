"""The regional brief (PDF) and the regional view's workbook (Excel): RSO staff only.

Both take the page's filters from the query string (`Filters.from_query`; an unknown value is
dropped, and the document says in words which filters it shows). Neither renders on the
request: a background worker prepares the document (`documents.request_region_document`);
the view serves the stored file when it is ready, else sends the person to its progress page
(`jobs.views.deliver`). A person asking for too many new documents gets 429.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from assessments import access
from assessments.jobs.views import ask_and_deliver
from assessments.regional import documents
from assessments.regional.aggregate import Filters


def _region_document(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_rso(request.user)
    filters, _errors = Filters.from_query(request.GET)
    return ask_and_deliver(
        request, lambda: documents.request_region_document(kind, filters, user=request.user)
    )


@login_required
@require_safe
def regional_brief(request: HttpRequest) -> HttpResponse:
    """The regional brief as PDF; the same one until a share, the framework or the day moves."""
    return _region_document(request, documents.BRIEF)


@login_required
@require_safe
def regional_export(request: HttpRequest) -> HttpResponse:
    """What the regional page shows, as an Excel workbook."""
    return _region_document(request, documents.EXPORT)
