"""The regional page: the figures of `aggregate.regional_view`, as they are, for RSO staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments import access
from assessments.models import Subregion
from assessments.regional.aggregate import Filters, Profile, Region, regional_view
from assessments.reports.charts import Datum, bar_table
from assessments.scoring import Band

TOP_GAPS = 20  # the most frequent gaps listed; the workbook has them all


def band_legend() -> list[tuple[Band, int, int]]:
    """Each band with the lowest and highest whole score shown in it (Nascent 0 to 19, ...)."""
    bands = list(Band)
    tops = [b.floor - 1 for b in bands[1:]] + [100]
    return [(band, band.floor, top) for band, top in zip(bands, tops, strict=True)]


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
    context = {
        "region": region,
        "filters": filters,
        "errors": errors,
        "subregion_choices": Subregion.choices,
        "profile_choices": Profile.CHOICES,
        "top_gaps": region.shown_gaps[:TOP_GAPS],
        "top_gaps_max": TOP_GAPS,
        "legend": band_legend(),
        "trend_chart": trend_chart(region),
    }
    return render(request, "regional/region.html", context)
