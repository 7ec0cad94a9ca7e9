"""The regional view's figures as the brief and the workbook lay them out: rows read from a
`Region` (assessments/regional/aggregate.py), never computed again.

Both documents take their rows, their "not shown" reasons and their file names from here, so
the PDF and the Excel file say the same thing in the same words. Every number is one that
`Region` already holds as the page shows it: `Average.value`, `StateRow.category_score`,
`Result.shown_overall`, `GapFrequency.share`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import ShareLevel
from assessments.regional.aggregate import Average, Filters, Region, StateRow
from assessments.scoring import CAP_BAND, Band

TOP_GAPS = 20  # the brief's list; the workbook has every gap shown


@dataclass(frozen=True)
class Cell:
    """One score of the heatmap: the whole number shown and the band of that number."""

    value: int | None
    band: Band | None
    capped: bool = False  # an overall band held down by a critical gap (scoring.CAP_BAND)


@dataclass(frozen=True)
class HeatRow:
    state: StateRow
    cells: list[Cell]  # one per category of `Region.categories`, in that order
    overall: Cell

    @property
    def level_label(self) -> str:
        return str(ShareLevel(self.state.level).label)


def heat_rows(region: Region) -> list[HeatRow]:
    """One row per member state: its category scores and its overall score, as shown.

    The overall band is the state's own, as its results page and gap report show it: capped
    at Developing while a critical gap exists, which the cell marks.
    """
    return [
        HeatRow(
            state=row,
            cells=[
                Cell(row.category_score(c.code), row.category_band(c.code))
                for c in region.categories
            ],
            overall=Cell(row.result.shown_overall, row.result.band, row.result.capped),
        )
        for row in region.states
    ]


@dataclass(frozen=True)
class AverageRow:
    kind: str  # "Category", "Section" or "Pillar", translated
    code: str
    name: str
    average: Average
    group: str = ""  # a section's category name
    fallbacks: frozenset[str] = frozenset()  # of "name" and "group", those shown in English

    @property
    def reason(self) -> str:
        return hidden_reason(self.average)


def capped_note() -> str:
    return _(
        "* Capped: while a member state has a critical gap, its overall band cannot be above "
        "%(band)s, whatever its score."
    ) % {"band": CAP_BAND.label}


def hidden_reason(average: Average) -> str:
    """Why an average is not shown, or "" when it is."""
    if average.shown:
        return ""
    return ngettext(
        "Not shown: %(n)s member state has a score here; an average needs at least %(min)s.",
        "Not shown: %(n)s member states have a score here; an average needs at least %(min)s.",
        average.n,
    ) % {"n": average.n, "min": settings.REGIONAL_MIN_STATES}


def category_rows(region: Region) -> list[AverageRow]:
    return [
        AverageRow(
            _("Category"), c.code, c.name, region.category_averages[c.code], fallbacks=c.fallbacks
        )
        for c in region.categories
    ]


def section_rows(region: Region) -> list[AverageRow]:
    return [
        AverageRow(
            _("Section"),
            s.code,
            s.name,
            region.section_averages[s.code],
            group=c.name,
            fallbacks=s.fallbacks | ({"group"} if "name" in c.fallbacks else set()),
        )
        for c, s in region.sections
    ]


def pillar_rows(region: Region) -> list[AverageRow]:
    return [
        AverageRow(_("Pillar"), p.code, p.name, region.pillar_averages[p.code])
        for p in region.pillars
    ]


def too_few_states(region: Region) -> str:
    """Why the view has no aggregate at all, or "" when it holds enough member states."""
    if region.enough:
        return ""
    n = len(region.states)
    return ngettext(
        "This view holds %(n)s member state. Regional averages, gaps and trends are built only "
        "from at least %(min)s member states, so none is shown; widen the filters to see them.",
        "This view holds %(n)s member states. Regional averages, gaps and trends are built only "
        "from at least %(min)s member states, so none is shown; widen the filters to see them.",
        n,
    ) % {"n": n, "min": region.minimum}


def gap_basis(region: Region) -> str:
    """The sentence that says what the gap frequencies are computed from."""
    return ngettext(
        "Computed only from the %(n)s member state that shared its answers (not from "
        "scores-only shares), against one regional target for every state, Established "
        "(level 3). An indicator is listed when at least %(min)s of these states scored it.",
        "Computed only from the %(n)s member states that shared their answers (not from "
        "scores-only shares), against one regional target for every state, Established "
        "(level 3). An indicator is listed when at least %(min)s of these states scored it.",
        region.answers_states,
    ) % {"n": region.answers_states, "min": region.minimum}


def method_notes(region: Region) -> list[str]:
    """How the figures are built: the brief's method note and the workbook's About sheet."""
    return [
        _(
            "Each member state counts once, with its latest shared assessment (of the chosen "
            "reporting year, when one is chosen). Only submitted assessments that the member "
            "state shared with the Regional Support Office count; a withdrawn share leaves at once."
        ),
        _(
            "An average, a gap frequency or a year of the trend built from fewer than "
            "%(min)s member states is not shown, also when filters narrow the view."
        )
        % {"min": region.minimum},
        _(
            "Assessments on different framework editions are compared by indicator, section and "
            "category code; names are those of the newest edition in the view."
        ),
        _(
            "Scores are computed by the toolkit's one scoring method, the same as on each member "
            "state's results page and gap report, and shown as whole numbers rounded half up, "
            "with the band of the number shown. A regional average is the plain mean of the "
            "member states' scores; its band is the band of the average shown."
        ),
        _(
            "Gaps are counted against one regional target, Established (level 3), for every "
            "state, and only from states that shared their answers."
        ),
    ]


def file_name(kind: str, filters: Filters, day: date, extension: str) -> str:
    """`<kind>-<filters>-<date>.<extension>`, ASCII letters, digits and hyphens only."""
    parts = [filters.subregion, filters.profile, str(filters.year or "")]
    scope = slugify("-".join(p for p in parts if p)).replace("_", "-") or "all"
    return f"{kind}-{scope}-{day.isoformat()}.{extension}"


@dataclass(frozen=True)
class TrendRow:
    year: int
    n: int
    shown: bool
    overall: Average
    averages: list[Average]  # one per category of `Region.categories`, in that order


def trend_rows(region: Region) -> list[TrendRow]:
    """One row per reporting year, its category averages in the order of the categories."""
    return [
        TrendRow(
            year=point.year,
            n=point.n,
            shown=point.shown,
            overall=point.overall,
            averages=[point.categories[c.code] for c in region.categories],
        )
        for point in region.trends
    ]


def band_ranges() -> list[tuple[Band, str]]:
    """Each band with its scores in words ("60 to under 80"), from `Band`'s floors."""
    bands = list(Band)
    return [
        (
            band,
            _("%(low)s to under %(high)s") % {"low": band.floor, "high": bands[n + 1].floor}
            if n + 1 < len(bands)
            else _("%(low)s to 100") % {"low": band.floor},
        )
        for n, band in enumerate(bands)
    ]
