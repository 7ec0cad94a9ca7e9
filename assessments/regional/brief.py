"""The regional brief: what the regional page shows, as a PDF for the Regional Support Office.

A sibling of the gap report (assessments/reports/report.py): the same stylesheet
(static/css/report.css, its "regional brief" part), fonts, charts and PDF/UA-1 tagging. Its
figures are only those of `regional_view` (aggregate.py), laid out by `tables.py` as the
workbook lays them out: no member state's answers, evidence or comments.

A background worker renders it (assessments/regional/documents.py); one stored PDF per
`content_key`: the aggregate's own cache key (which moves with every share, withdrawal and
framework edit) plus this document's format, the language and the day printed on it.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.regional import aggregate, tables
from assessments.regional.aggregate import Filters, Region
from assessments.reports import report
from assessments.reports.charts import Datum, bars

# Bump when templates/regional/brief.html, the brief's CSS or this module changes what the PDF
# looks like: briefs stored before are then never served again.
BRIEF_FORMAT = "1"


def document_title(region: Region, day: date) -> str:
    """The PDF's title: "Regional brief · <filters in words> · <date>"."""
    return _("Regional brief · %(scope)s · %(day)s") % {
        "scope": region.filters.describe(),
        "day": day.isoformat(),
    }


def average_chart(rows: list[tables.AverageRow], title: str) -> str:
    """Bars of the averages shown; a hidden average is drawn as text saying why."""
    return bars(
        [Datum(row.name, row.average.value) for row in rows],
        title=title,
        missing=_("not shown: fewer than %(min)s states") % {"min": settings.REGIONAL_MIN_STATES},
    )


def section_groups(region: Region) -> list[tuple[str, list[tables.AverageRow], str]]:
    """Per category: its name, its sections' averages and their chart."""
    groups: dict[str, list[tables.AverageRow]] = {}
    for row in tables.section_rows(region):
        groups.setdefault(row.group, []).append(row)
    return [
        (
            name,
            rows,
            average_chart(
                rows, _("%(category)s: regional averages by section") % {"category": name}
            ),
        )
        for name, rows in groups.items()
    ]


def brief_context(region: Region, day: date) -> dict[str, object]:
    """Everything templates/regional/brief.html shows."""
    categories, pillars = tables.category_rows(region), tables.pillar_rows(region)
    heat_rows = tables.heat_rows(region)
    return {
        "region": region,
        "day": day,
        "document_title": document_title(region, day),
        "too_few": tables.too_few_states(region),
        "overall_reason": tables.hidden_reason(region.overall),
        "heat_rows": heat_rows,
        "several_editions": len(region.editions) > 1,  # else the cover names the one edition
        "any_capped": any(row.overall.capped for row in heat_rows),
        "capped_note": tables.capped_note(),
        "category_rows": categories,
        "category_chart": average_chart(categories, _("Regional averages by category")),
        "section_groups": section_groups(region),
        "pillar_rows": pillars,
        "pillar_chart": average_chart(pillars, _("Regional averages by pillar (4P)")),
        "gaps": region.shown_gaps[: tables.TOP_GAPS],
        "gap_count": len(region.shown_gaps),
        "gap_basis": tables.gap_basis(region),
        "method_notes": tables.method_notes(region),
        "trend_rows": tables.trend_rows(region),
        "bands": tables.band_ranges(),
    }


def brief_html(region: Region, day: date) -> str:
    """The brief as one standalone HTML document (styled by report.css in the PDF)."""
    return render_to_string("regional/brief.html", brief_context(region, day))


def content_key(filters: Filters, *, demo: bool, day: date) -> str:
    """Everything the PDF depends on: a new key means a new document (two small queries)."""
    return ":".join(
        [
            "regional-brief",
            BRIEF_FORMAT,
            report.REPORT_FORMAT,  # the shared stylesheet
            get_language() or "",
            day.isoformat(),
            aggregate.cache_key(filters, demo=demo),
        ]
    )


def brief_pdf(filters: Filters, *, demo: bool, day: date) -> bytes:
    """Render the brief as PDF (in a background worker: never on a request)."""
    return report.html_to_pdf(brief_html(aggregate.regional_view(filters, demo=demo), day))
