"""The regional page: the figures of `aggregate.regional_view`, as they are, for RSO staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments import access
from assessments.models import Subregion
from assessments.regional import tables
from assessments.regional.aggregate import Filters, Profile, Region, regional_view
from assessments.reports.charts import Datum, bar_table


def trend_chart(region: Region):
    """The overall regional average by year, for the years it may be shown (the trend table
    beside it is the chart's text and lists every year); None when fewer than two years."""
    points = [p for p in region.trends if p.shown and p.overall.shown]
    if len(points) < 2:
        return None
    return bar_table(
        [Datum(str(p.year), p.overall.score) for p in points],
        caption=_("Regional overall average by reporting year, 0 to 100."),
        label_header=_("Reporting year"),
    )


@login_required
@require_safe
def region_page(request: HttpRequest) -> HttpResponse:
    """Heatmap, averages, frequent gaps, trends and editions of the shared assessments."""
    access.require_rso(request.user)
    filters, errors = Filters.from_query(request.GET)
    region = regional_view(filters)
    heat_rows = tables.heat_rows(region)
    context = {
        "region": region,
        "heat_rows": heat_rows,
        "any_capped": any(row.overall.capped for row in heat_rows),
        "capped_note": tables.capped_note(),
        "filters": filters,
        "download_query": urlencode(filters.as_query()),  # the brief and the workbook
        "errors": errors,
        "subregion_choices": Subregion.choices,
        "profile_choices": Profile.CHOICES,
        # Rows, sentences and the legend as the brief and the workbook word them (tables.py).
        "category_rows": [
            *tables.category_rows(region),
            tables.AverageRow(_("Overall"), "", _("Overall"), region.overall),
        ],
        "section_rows": tables.section_rows(region),
        "pillar_rows": tables.pillar_rows(region),
        "top_gaps": region.shown_gaps[: tables.TOP_GAPS],
        "gap_basis": tables.gap_basis(region),
        "method_notes": tables.method_notes(region),
        "band_ranges": tables.band_ranges(),
        "trend_chart": trend_chart(region),
    }
    return render(request, "regional/region.html", context)
