"""The plan page's own export: the member state's action plan now, as PDF and as Excel.

An assessment's report keeps the plan as it stood at submission; this export is always the
current plan. Its levels ("1 Initial → 3 Established") and projected scores come from the
member state's latest assessment, the one the plan page takes its priorities from. The PDF
uses the report's machinery: the same stylesheet and fonts, PDF/UA-1. Both are rendered by
background workers (assessments/reports/documents.py), keyed by `fingerprint`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessments.display import LevelNames
from assessments.models import Assessment, MemberState
from assessments.plans.projected import projected_result
from assessments.plans.report_part import (
    ProjectedRow,
    assessment_levels,
    printable_timeline,
    projected_rows,
)
from assessments.plans.snapshot import (
    PlanRow,
    agency_labels,
    load_plan,
    plain_levels,
    plan_day,
    plan_rows,
    plan_timeline,
)
from assessments.reports import report
from assessments.reports.exports import ACTION_COLUMNS, action_rows, add_sheet
from assessments.results import assessment_results
from assessments.scoring import Result
from assessments.validators import printable

# Bump when templates/plans/export.html or what it shows changes: old PDFs are rendered again.
EXPORT_FORMAT = "1"


@dataclass
class PlanExport:
    member_state: MemberState
    day: date
    rows: list[PlanRow]
    timeline: str
    reference: Assessment | None  # the latest assessment: levels and projected scores
    result: Result | None = None
    projected: Result | None = None
    categories: list[ProjectedRow] = field(default_factory=list)
    as_of: None = None  # the current plan (the shared template reads `as_of`)

    @property
    def reference_name(self) -> str:
        """The latest assessment's title, with its year unless the title has it already."""
        if self.reference is None:
            return ""
        title, year = self.reference.title, str(self.reference.reporting_year)
        return title if year in title else f"{title} ({year})"

    @property
    def title(self) -> str:
        return _("%(state)s · Action plan, %(day)s") % {
            "state": self.member_state.display_name,
            "day": self.day.isoformat(),
        }


def latest_assessment(member_state: MemberState) -> Assessment | None:
    """The member state's latest assessment, as on the plan page."""
    return Assessment.objects.for_member_state(member_state).select_related("edition").first()


def plan_export(member_state: MemberState) -> PlanExport:
    """The current plan, named by the latest assessment's levels, with its projected scores."""
    day = plan_day(None)
    reference = latest_assessment(member_state)
    levels, results = plain_levels, None
    if reference is not None:
        results = assessment_results(reference, with_comparison=False)
        levels = assessment_levels(results, LevelNames.for_edition(reference.edition_id))
    raw = load_plan(member_state.pk)
    rows = plan_rows(raw, agency_labels(member_state.pk), day=day, levels=levels)
    export = PlanExport(
        member_state=member_state,
        day=day,
        rows=rows,
        timeline=plan_timeline(rows, day=day, as_of=None),
        reference=reference,
    )
    if results is not None:
        export.result = results.result
        export.projected = projected_result(reference)
        export.categories = projected_rows(results, export.projected)
    return export


def export_html(member_state: MemberState, *, print_style: bool = True) -> str:
    plan = plan_export(member_state)
    if print_style:
        plan.timeline = printable_timeline(plan.timeline)
    return render_to_string("plans/export.html", {"plan": plan})


def fingerprint(member_state: MemberState) -> str:
    """A hash of everything the plan's PDF shows (the reference assessment: its report's)."""
    reference = latest_assessment(member_state)
    inputs = [
        EXPORT_FORMAT,
        report.REPORT_FORMAT,  # the shared stylesheet
        get_language(),
        member_state.name,
        plan_day(None),
        load_plan(member_state.pk),
        sorted(agency_labels(member_state.pk).items()),
        report.report_fingerprint(reference) if reference else None,
    ]
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def export_pdf(member_state: MemberState) -> bytes:
    """The plan as PDF (seconds: only background workers call this)."""
    return report.html_to_pdf(export_html(member_state))


def export_xlsx(member_state: MemberState) -> bytes:
    """The plan as an Excel workbook: one Actions sheet, as in the assessment's export."""
    plan = plan_export(member_state)
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(workbook, _("Actions"), ACTION_COLUMNS, action_rows(plan.rows))
    workbook.properties.title = printable(plan.title)
    workbook.properties.creator = "RSR Toolkit"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download_name(member_state: MemberState, day: date, extension: str) -> str:
    """`<member-state>-action-plan-<date>.<extension>`, safe ASCII only."""
    return f"{slugify(member_state.name)[:100]}-action-plan-{day.isoformat()}.{extension}"
