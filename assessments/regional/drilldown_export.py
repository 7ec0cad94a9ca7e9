"""The drill-down's Excel workbook: exactly what the drill-down page shows, at its share level.

Built only from a `Drilldown` (never from the assessment's rows), so it cannot hold more than
the page: an About and a Scores sheet always; Gaps and Answers only when the answers were
shared; the evidence columns only when the evidence was shared too. Sheets, text cells (never
formulas) and header rows come from `assessments.reports.exports`. A background worker builds
it (assessments/regional/documents.py), one stored file per `content_key`.
"""

from __future__ import annotations

import hashlib
from io import BytesIO

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessments.models import Assessment
from assessments.regional.drilldown import Drilldown, ScoreRow
from assessments.reports.exports import add_sheet
from assessments.reports.report import download_name
from assessments.sharing.models import Share
from assessments.validators import printable

# Bump when this module or drilldown.py changes what the workbook holds: workbooks stored
# before are then never served again.
WORKBOOK_FORMAT = "2"

ABOUT_COLUMNS = [(gettext_lazy("Item"), 24), (gettext_lazy("Value"), 60)]
SCORE_COLUMNS = [
    (gettext_lazy("Kind"), 10),
    (gettext_lazy("Code"), 14),
    (gettext_lazy("Name"), 40),
    (gettext_lazy("Score"), 8),
    (gettext_lazy("Band"), 14),
    (gettext_lazy("Band note"), 40),
    (gettext_lazy("Target level"), 16),
]
GAP_COLUMNS = [
    (gettext_lazy("Rank"), 6),
    (gettext_lazy("Code"), 14),
    (gettext_lazy("Critical gap"), 10),
    (gettext_lazy("Category"), 10),
    (gettext_lazy("Section"), 14),
    (gettext_lazy("Pillar"), 13),
    (gettext_lazy("Question"), 60),
    (gettext_lazy("Answer"), 18),
    (gettext_lazy("Target"), 18),
    (gettext_lazy("Weight"), 7),
    (gettext_lazy("Priority"), 9),
    (gettext_lazy("Recommendation"), 60),
    (gettext_lazy("Legal references"), 40),
]
PRIORITY = 11  # the Gaps sheet's priority column
ANSWER_COLUMNS = [
    (gettext_lazy("Code"), 14),
    (gettext_lazy("Critical"), 8),
    (gettext_lazy("Category"), 12),
    (gettext_lazy("Section"), 30),
    (gettext_lazy("Question"), 60),
    (gettext_lazy("Answer"), 18),
    (gettext_lazy("Not applicable"), 10),
    (gettext_lazy("N/A justification"), 40),
    (gettext_lazy("Comment"), 40),
]
EVIDENCE_COLUMNS = [(gettext_lazy("Evidence"), 60), (gettext_lazy("Evidence links"), 40)]


def about_rows(view: Drilldown) -> list[list[object]]:
    """The page's heading: whose assessment, which one, and how it is shared."""
    a, share = view.assessment, view.share
    submitted = timezone.localtime(a.submitted_at).strftime("%Y-%m-%d") if a.submitted_at else ""
    shared = timezone.localtime(share.shared_at).strftime("%Y-%m-%d %H:%M")
    return [
        [_("Member state"), a.member_state.display_name],
        [_("Subregion"), str(a.member_state.get_subregion_display())],
        [_("Assessment"), a.title],
        [_("Reporting year"), a.reporting_year],
        [_("Framework edition"), a.edition.name],
        [_("Profile"), ", ".join(str(profile) for profile in a.profile)],
        [_("Submitted"), submitted],
        [_("Shared"), str(share.get_level_display())],
        [_("Evidence shared"), _("yes") if view.with_evidence else _("no")],
        [_("Shared since"), shared],
        [_("Target level"), view.target],
        *[
            [_("Target level: %(category)s") % {"category": category}, level]
            for category, level in view.own_targets
        ],
    ]


def _score_row(kind: str, row: ScoreRow, note: str = "", target: str = "") -> list[object]:
    return [kind, row.code, row.name, row.score, row.band.label if row.band else "", note, target]


def band_note(view: Drilldown) -> str:
    """The critical-gap cap, said as the page says it (no indicator named)."""
    overall = view.overall
    if not overall.capped:
        return ""
    return _(
        "The score alone would mean “%(b)s”. While a critical indicator is at or below its "
        "critical threshold, the overall band cannot be above Developing."
    ) % {"b": overall.uncapped_band.label}


def score_rows(view: Drilldown) -> list[list[object]]:
    """Overall, then each category (with its target), each section, each pillar."""
    overall = view.overall
    rows = [
        [
            _("Overall"),
            "",
            _("Overall"),
            overall.score,
            overall.band.label if overall.band else "",
            band_note(view),
            view.target,
        ]
    ]
    rows += [_score_row(_("Category"), c.row, target=c.target) for c in view.categories]
    rows += [_score_row(_("Section"), s) for c in view.categories for s in c.sections]
    rows += [_score_row(_("Pillar"), p) for p in view.pillars]
    return rows


def gap_rows(view: Drilldown) -> list[list[object]]:
    """The gaps in priority order, answer and target by level name, as on the page."""
    rows = []
    for gap_view in view.gaps or []:
        gap, indicator = gap_view.gap, gap_view.indicator
        rows.append(
            [
                gap_view.rank,
                gap.code,
                _("yes") if gap.critical_gap else "",
                gap.category,
                gap.section,
                str(indicator.get_pillar_display()),
                indicator.question,
                gap_view.answer,
                gap_view.target,
                indicator.weight,
                gap.priority,  # exact; shown with two decimals as on the page
                indicator.recommendation,
                "; ".join(ref.citation for ref in indicator.legal_references.all()),
            ]
        )
    return rows


def answer_rows(view: Drilldown) -> list[list[object]]:
    rows = []
    for section in view.answers or []:
        for row in section.rows:
            cells = [
                row.code,
                _("yes") if row.critical else "",
                section.category,
                section.title,
                row.question,
                row.answer,
                _("yes") if row.not_applicable else "",
                row.na_justification,
                row.comment,
            ]
            if view.with_evidence:
                cells += [row.evidence, row.evidence_links]
            rows.append(cells)
    return rows


def build_workbook(view: Drilldown) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(workbook, _("About"), ABOUT_COLUMNS, about_rows(view))
    add_sheet(workbook, _("Scores"), SCORE_COLUMNS, score_rows(view))
    if view.with_answers:
        gaps = add_sheet(workbook, _("Gaps"), GAP_COLUMNS, gap_rows(view))
        for (cell,) in gaps.iter_rows(min_row=2, min_col=PRIORITY, max_col=PRIORITY):
            cell.number_format = "0.00"
        columns = ANSWER_COLUMNS + (EVIDENCE_COLUMNS if view.with_evidence else [])
        add_sheet(workbook, _("Answers"), columns, answer_rows(view))
    assessment = view.assessment
    state = assessment.member_state.display_name
    workbook.properties.title = printable(f"{state} · {assessment.title}")
    workbook.properties.creator = "RSR Toolkit"
    return workbook


def workbook_bytes(view: Drilldown) -> bytes:
    buffer = BytesIO()
    build_workbook(view).save(buffer)
    return buffer.getvalue()


def filename(assessment: Assessment, level: str) -> str:
    """The member state's file name plus the share level: a scores-only copy says so."""
    stem = download_name(assessment, "xlsx").removesuffix(".xlsx")
    return f"{stem}-shared-{level}.xlsx"


def content_key(share: Share) -> str:
    """A hash of everything the workbook depends on (two small queries): the share (level,
    evidence, since when), the assessment and its member state as the About sheet names them,
    the framework text, the language, and the answers and targets. Those cannot change while it
    is shared (reopening withdraws the share); an administrator's edit still gives a new key.
    `share` comes from `access.shared_assessment_for` (assessment, state, edition loaded)."""
    a = share.assessment
    answers = a.answers.aggregate(count=Count("pk"), changed=Max("updated_at"))
    inputs = [
        WORKBOOK_FORMAT,
        get_language(),
        settings.TIME_ZONE,  # the dates are written in local time
        [share.pk, share.level, share.include_evidence, share.shared_at],
        [a.pk, a.title, a.reporting_year, str(a.status), a.submitted_at, a.target_level],
        [a.profile_origin, a.profile_transit, a.profile_destination],
        [a.member_state.name, a.member_state.subregion],
        [a.edition_id, a.edition.name, a.edition.content_version],
        sorted(a.category_targets.values_list("category", "level")),
        [answers["count"], answers["changed"]],
    ]
    return hashlib.sha256(repr(inputs).encode()).hexdigest()
