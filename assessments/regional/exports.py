"""The regional view as an Excel workbook (openpyxl): what the page shows, sheet by sheet.

About (the filters, the date, the demonstration mark, the method), Heatmap, Averages, Gaps,
Trends and Editions. The numbers are those of `regional_view` as the page shows them (whole
numbers, the band of the number shown), laid out by `tables.py` as the brief lays them out;
an aggregate that may not be shown is an empty cell with the reason beside it. No member
state's answers, evidence or comments. Sheets are written by the assessment workbook's
helpers (`assessments.reports.exports`: text stays text, header style, widths, frozen header).
A background worker builds it (assessments/regional/documents.py), one stored file per
`content_key`.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from assessments.regional import aggregate, tables
from assessments.regional.aggregate import Filters, Region, regional_view
from assessments.reports.exports import add_sheet
from assessments.validators import printable

# Bump when this module changes what the workbook holds: workbooks stored before are then never
# served again.
EXPORT_FORMAT = "1"


def _band(band) -> str:
    return band.label if band is not None else ""


DATA_ROW = 7  # the About sheet's "Data" row (demonstration or real), under the header row


def about_rows(region: Region, day: date) -> list[list[object]]:
    """What the workbook is: filters in words, date, data, threshold and method."""
    rows: list[list[object]] = [
        [_("Document"), _("Regional view: what the regional page shows")],
        [_("Filters"), region.filters.describe()],
        [_("Prepared on"), day],
        [_("Member states"), len(region.states)],
        [_("Shared their answers"), region.answers_states],
        [
            _("Data"),
            _("DEMONSTRATION DATA: fictional member states")
            if region.demo
            else _("Member states' shared assessments"),
        ],
        [_("Fewest member states per aggregate"), region.minimum],
    ]
    if not region.enough:
        rows.append([_("Note"), tables.too_few_states(region)])
    rows.append([_("Gaps"), tables.gap_basis(region)])
    rows += [[_("Method"), note] for note in tables.method_notes(region)]
    rows.append([_("Confidential"), _("Confidential: for the Regional Support Office")])
    return rows


def heatmap_columns(region: Region) -> list[tuple[str, int]]:
    columns = [
        (_("Member state"), 24),
        (_("Subregion"), 20),
        (_("Reporting year"), 10),
        (_("Framework edition"), 26),
        (_("Shared"), 18),
    ]
    for category in region.categories:
        columns += [(category.name, 10), (_("%(name)s band") % {"name": category.name}, 13)]
    return [*columns, (_("Overall"), 9), (_("Overall band"), 13), (_("Note"), 40)]


def heatmap_rows(region: Region) -> list[list[object]]:
    """One row per member state, then the regional averages (or why there are none)."""
    rows = []
    for row in tables.heat_rows(region):
        state = row.state
        values: list[object] = [
            state.display_name,
            state.subregion_label,
            state.reporting_year,
            state.edition,
            row.level_label,
        ]
        for cell in row.cells:
            values += [cell.value, _band(cell.band)]
        values += [row.overall.value, _band(row.overall.band)]
        values.append(tables.capped_note().lstrip("* ") if row.overall.capped else "")
        rows.append(values)
    if region.states:
        average: list[object] = [_("Regional average"), "", "", "", ""]
        for row in tables.category_rows(region):
            average += [row.average.value, _band(row.average.band)]
        average += [region.overall.value, _band(region.overall.band)]
        average.append(tables.hidden_reason(region.overall))
        rows.append(average)
    return rows


AVERAGE_COLUMNS = [
    (gettext_lazy("Kind"), 10),
    (gettext_lazy("Category"), 14),
    (gettext_lazy("Code"), 12),
    (gettext_lazy("Name"), 44),
    (gettext_lazy("Average"), 9),
    (gettext_lazy("Band"), 13),
    (gettext_lazy("States"), 8),
    (gettext_lazy("Note"), 60),
]


def average_rows(region: Region) -> list[list[object]]:
    """The overall average, then every category, section and pillar."""
    rows: list[list[object]] = [
        [
            _("Overall"),
            "",
            "",
            _("Overall"),
            region.overall.value,
            _band(region.overall.band),
            region.overall.n,
            tables.hidden_reason(region.overall),
        ]
    ]
    for row in [
        *tables.category_rows(region),
        *tables.section_rows(region),
        *tables.pillar_rows(region),
    ]:
        rows.append(
            [
                row.kind,
                row.group,
                row.code,
                row.name,
                row.average.value,
                _band(row.average.band),
                row.average.n,
                row.reason,
            ]
        )
    return rows


GAP_COLUMNS = [
    (gettext_lazy("Code"), 14),
    (gettext_lazy("Question"), 60),
    (gettext_lazy("Section"), 30),
    (gettext_lazy("Category"), 14),
    (gettext_lazy("Critical indicator"), 10),
    (gettext_lazy("States with a gap"), 10),
    (gettext_lazy("Of states"), 9),
    (gettext_lazy("Share %"), 9),
    (gettext_lazy("Critical gaps"), 10),
    (gettext_lazy("Critical share %"), 10),
]


def gap_rows(region: Region) -> list[list[object]]:
    """Every gap frequency the page shows, most frequent first; critical gaps only for
    critical indicators (no other indicator can have one)."""
    categories = {c.code: c.name for c in region.categories}
    return [
        [
            gap.code,
            gap.question,
            gap.section,
            categories.get(gap.category, gap.category),
            _("yes") if gap.critical else "",
            gap.gaps,
            gap.n,
            gap.share,
            gap.critical_gaps if gap.critical else None,
            gap.critical_share if gap.critical else None,
        ]
        for gap in region.shown_gaps
    ]


def trend_columns(region: Region) -> list[tuple[str, int]]:
    columns = [(_("Reporting year"), 10), (_("States"), 8), (_("Overall"), 9)]
    columns += [(category.name, 12) for category in region.categories]
    return [*columns, (_("Note"), 50)]


def trend_rows(region: Region) -> list[list[object]]:
    """One row per reporting year; a year of too few member states has empty cells and says so."""
    return [
        [
            row.year,
            row.n,
            row.overall.value,
            *[average.value for average in row.averages],
            "" if row.shown else tables.hidden_reason(row.overall),
        ]
        for row in tables.trend_rows(region)
    ]


EDITION_COLUMNS = [(gettext_lazy("Framework edition"), 40), (gettext_lazy("Member states"), 14)]


def build_workbook(region: Region, day: date) -> Workbook:
    """The workbook of the regional view for `region`'s filters."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = about_rows(region, day)
    about = add_sheet(workbook, _("About"), [(_("Item"), 34), (_("Value"), 110)], rows)
    about.auto_filter.ref = None  # a list of facts, not a table to filter
    if region.demo:  # the demonstration mark stands out
        about.cell(row=DATA_ROW, column=2).font = Font(bold=True, color="8B1E1E")
    heatmap = add_sheet(workbook, _("Heatmap"), heatmap_columns(region), heatmap_rows(region))
    heatmap.freeze_panes = "B2"  # the member state's name stays in view
    add_sheet(workbook, _("Averages"), _translated(AVERAGE_COLUMNS), average_rows(region))
    gaps = gap_rows(region)
    sheet = add_sheet(workbook, _("Gaps"), _translated(GAP_COLUMNS), gaps)
    if not gaps:
        sheet.cell(row=2, column=1).value = _("No gap frequency is shown; see About.")
    add_sheet(workbook, _("Trends"), trend_columns(region), trend_rows(region))
    editions = [list(edition) for edition in region.editions]
    add_sheet(workbook, _("Editions"), _translated(EDITION_COLUMNS), editions)
    workbook.properties.title = printable(
        _("Regional view · %(scope)s") % {"scope": region.filters.describe()}
    )
    workbook.properties.creator = "RSR Toolkit"
    return workbook


def _translated(columns: list[tuple[object, int]]) -> list[tuple[str, int]]:
    return [(str(header), width) for header, width in columns]


def export_xlsx(filters: Filters, *, demo: bool | None = None, day: date | None = None) -> bytes:
    """The regional view's workbook as .xlsx bytes."""
    buffer = BytesIO()
    build_workbook(regional_view(filters, demo=demo), day or timezone.localdate()).save(buffer)
    return buffer.getvalue()


def content_key(filters: Filters, *, demo: bool, day: date) -> str:
    """Everything the workbook depends on: a new key means a new file (two small queries)."""
    return ":".join(
        [
            "regional-export",
            EXPORT_FORMAT,
            get_language() or "",
            day.isoformat(),  # the About sheet's "Prepared on"
            aggregate.cache_key(filters, demo=demo),
        ]
    )
