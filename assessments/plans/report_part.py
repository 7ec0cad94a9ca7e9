"""The action plan in an assessment's report and export, and in the plan's own export.

An assessment's report shows the plan as it stood at submission (a draft's: the plan now):
its actions (`snapshot.plan_rows`), their timeline (the plan page's SVG) and the projected
scores (`projected.projected_result`, the function the results page calls), all read at the
same moment. Left out when the member state had no action then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments.display import LevelNames
from assessments.models import Assessment
from assessments.plans.projected import projected_result
from assessments.plans.snapshot import (
    LevelNamer,
    PlanRow,
    agency_labels,
    load_plan,
    plan_as_of,
    plan_day,
    plan_rows,
    plan_timeline,
)
from assessments.projection import COUNTED_STATUSES
from assessments.results import AssessmentResults
from assessments.scoring import Result, Score
from roadmap.languages import fallbacks_of

TIMELINE_CSS = "css/plan-timeline.css"


@dataclass(frozen=True)
class ProjectedRow:
    name: str
    now: Score | None
    projected: Score | None
    fallbacks: frozenset[str] = frozenset()  # {"name"} when the name shows English


@dataclass
class PlanPart:
    rows: list[PlanRow]
    timeline: SafeString
    as_of: datetime | None  # the submission whose plan is shown; None: the plan now
    day: date
    projected: Result
    categories: list[ProjectedRow]

    @property
    def counted(self) -> int:
        """Actions whose aims count in the projected scores (planned, in progress, done)."""
        return sum(r.status in COUNTED_STATUSES for r in self.rows)


def assessment_levels(results: AssessmentResults, names: LevelNames) -> LevelNamer:
    """Name an indicator's answer in this assessment, and a level of it ("3 Established")."""
    result = results.result

    def name(code: str, level: int | None) -> str:
        indicator = results.indicators.get(code)
        if indicator is None:  # not in this assessment (another edition, or not applicable)
            return "" if level is None else str(level)
        if level is not None:
            return names.level(indicator, min(level, indicator.scale.max_value))
        if code in result.values:
            return names.fraction(indicator, result.values[code])
        return _("not answered") if code in result.missing else _("not applicable")

    return name


@lru_cache(maxsize=1)
def timeline_css() -> str:
    path = finders.find(TIMELINE_CSS)
    if not path:
        raise FileNotFoundError(TIMELINE_CSS)
    return Path(path).read_text()


def printable_timeline(svg: SafeString) -> SafeString:
    """The SVG with its colours inside it, for WeasyPrint.

    WeasyPrint draws an inline SVG with the SVG's own styles only, not the page's stylesheet,
    so the timeline's classes would print black. The HTML preview links the same file instead
    (a <style> in a page is refused by the Content-Security-Policy).
    """
    if not svg:
        return svg
    style = f"<style>{timeline_css()}</style>"
    return mark_safe(svg.replace("</desc>", "</desc>" + style, 1))  # our own CSS, no input


def projected_rows(results: AssessmentResults, projected: Result) -> list[ProjectedRow]:
    now = results.result
    return [
        ProjectedRow(
            c.name,
            now.categories.get(c.code),
            projected.categories.get(c.code),
            fallbacks_of(name=(c, "name")),
        )
        for c in results.categories
    ]


def plan_part(results: AssessmentResults, names: LevelNames) -> PlanPart | None:
    """The report's action-plan part, or None when the member state had no action then."""
    assessment: Assessment = results.assessment
    as_of = plan_as_of(assessment)
    raw = load_plan(assessment.member_state_id, as_of=as_of)
    if not raw:
        return None
    day = plan_day(as_of)
    rows = plan_rows(
        raw,
        agency_labels(assessment.member_state_id),
        day=day,
        levels=assessment_levels(results, names),
    )
    timeline = plan_timeline(rows, day=day, as_of=as_of)
    projected = projected_result(assessment, as_of=as_of, inputs=results.inputs)
    return PlanPart(
        rows=rows,
        timeline=timeline,
        as_of=as_of,
        day=day,
        projected=projected,
        categories=projected_rows(results, projected),
    )


def plan_fingerprint(assessment: Assessment) -> list[object]:
    """What of the plan goes into the assessment's report, for its cache key."""
    as_of = plan_as_of(assessment)
    return [
        as_of,
        plan_day(as_of),  # overdue marks and the timeline's line
        load_plan(assessment.member_state_id, as_of=as_of),
        sorted(agency_labels(assessment.member_state_id).items()),
    ]
