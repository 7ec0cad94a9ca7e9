"""The Excel export (openpyxl): answers, scores and gaps of one assessment.

Every text cell is written as text: a value that starts with "=", "+", "-" or "@" (evidence,
comments, even framework text) is stored as a string with Excel's quote prefix, so it never
becomes a formula, in the file or when someone edits the cell later. Control characters, which
an Excel file cannot hold (openpyxl refuses them), are left out of every text written: input
refuses them now, but text stored earlier may still hold them.

The workbook is in the language of its job (the worker's active language): sheet names,
headers and the words in cells ("yes", "Overall", the cap's note); framework text in that
language where it has it (English otherwise); an Arabic workbook's sheets read right to left.
Numbers and dates are Excel's own, which the reader's Excel shows in their locale. Answers
stay as they were written.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessments.display import LevelNames
from assessments.plans.report_part import plan_part
from assessments.plans.snapshot import PlanRow
from assessments.reports.report import annex_rows
from assessments.results import AssessmentResults, assessment_results
from assessments.scoring import Count, Result, Score, shown
from assessments.validators import printable
from roadmap.models import Pillar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="12355B")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")

# (header, width in characters); long text columns wrap.
ANSWER_COLUMNS = [
    (gettext_lazy("Code"), 14),
    (gettext_lazy("Category"), 12),
    (gettext_lazy("Section"), 30),
    (gettext_lazy("Question"), 60),
    (gettext_lazy("Level"), 8),
    (gettext_lazy("Level label"), 18),
    (gettext_lazy("Not applicable"), 10),
    (gettext_lazy("N/A justification"), 40),
    (gettext_lazy("Evidence"), 60),
    (gettext_lazy("Evidence links"), 40),
    (gettext_lazy("Comment"), 40),
    (gettext_lazy("Changed by"), 24),
    (gettext_lazy("Changed at"), 18),
]
# Scores as the results page shows them (whole numbers, half up; the band of that number);
# the counts are assessments.scoring.Count: answered (a level or not applicable) of indicators.
SCORE_COLUMNS = [
    (gettext_lazy("Kind"), 10),
    (gettext_lazy("Code"), 14),
    (gettext_lazy("Name"), 40),
    (gettext_lazy("Score"), 8),
    (gettext_lazy("Band"), 14),
    (gettext_lazy("Band note"), 40),
    (gettext_lazy("Answered"), 10),
    (gettext_lazy("Indicators"), 10),
    (gettext_lazy("Not applicable"), 10),
    (gettext_lazy("Projected score"), 10),
    (gettext_lazy("Projected band"), 14),
]
ACTION_COLUMNS = [
    (gettext_lazy("Objective"), 50),
    (gettext_lazy("Indicators: answer → aimed level"), 36),
    (gettext_lazy("Lead agency"), 24),
    (gettext_lazy("Partner agencies"), 30),
    (gettext_lazy("Start"), 12),
    (gettext_lazy("Due"), 12),
    (gettext_lazy("Status"), 12),
    (gettext_lazy("Overdue"), 9),
    (gettext_lazy("Budget amount"), 14),
    (gettext_lazy("Currency"), 9),
    (gettext_lazy("Budget note"), 30),
    (gettext_lazy("Activities"), 50),
    (gettext_lazy("Indicator of success"), 40),
]
GAP_COLUMNS = [
    (gettext_lazy("Rank"), 6),
    (gettext_lazy("Code"), 14),
    (gettext_lazy("Critical gap"), 10),
    (gettext_lazy("Category"), 10),
    (gettext_lazy("Section"), 14),
    (gettext_lazy("Pillar"), 13),
    (gettext_lazy("Question"), 60),
    (gettext_lazy("Value %"), 9),
    (gettext_lazy("Target %"), 9),
    (gettext_lazy("Gap"), 7),
    (gettext_lazy("Priority"), 9),
    (gettext_lazy("Recommendation"), 60),
    (gettext_lazy("Legal references"), 40),
]


def write_cell(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """Write one value; text always stays text (no formula, whatever it starts with)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = printable(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


SHEET_NAME_REFUSED = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_name(title: object) -> str:
    """A (translated) title as Excel takes it: 31 characters at most, none of []:*?/\\."""
    return str(title).translate(SHEET_NAME_REFUSED).strip()[:31] or "Sheet"


def add_sheet(
    workbook: Workbook, title: object, columns: list[tuple[object, int]], rows: list[list[object]]
) -> Worksheet:
    """A sheet with a frozen, filtered header row and readable column widths.

    Titles and headers may be lazy translations: they are written in the active language, and
    an Arabic sheet reads right to left.
    """
    sheet = workbook.create_sheet(sheet_name(title))
    sheet.sheet_view.rightToLeft = get_language_bidi()
    for n, (header, width) in enumerate(columns, start=1):
        write_cell(sheet, 1, n, str(header))
        sheet.cell(row=1, column=n).font = HEADER_FONT
        sheet.cell(row=1, column=n).fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(n)].width = width
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            write_cell(sheet, r, c, value)
            if columns[c - 1][1] >= 30:
                sheet.cell(row=r, column=c).alignment = WRAP
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    return sheet


def changed_by(answer) -> str:
    """The name as it was at the change (not the account's name today)."""
    return answer.updated_by_name if answer else ""


def answer_rows(results: AssessmentResults) -> list[list[object]]:
    """One row per applicable indicator, in framework order; empty cells when unanswered."""
    rows = []
    for category, sections in annex_rows(results):
        for section, annex in sections:
            for row in annex:
                a = row.answer
                rows.append(
                    [
                        row.indicator.code,
                        category.code,
                        section.title,
                        row.indicator.question,
                        a.level if a else None,
                        row.level_label,
                        _("yes") if a and a.not_applicable else "",
                        a.na_justification if a else "",
                        a.evidence if a else "",
                        a.evidence_links if a else "",
                        a.comment if a else "",
                        changed_by(a),
                        a.updated_at.replace(tzinfo=None) if a else None,
                    ]
                )
    return rows


def _counts(count: Count | None) -> list[int]:
    count = count or Count()
    return [count.answered, count.total, count.not_applicable]


def _projected(score: Score | None) -> list[object]:
    """The projected score as shown (whole number, half up) and the band of that number."""
    if score is None:
        return [None, ""]
    return [score.shown, score.band.label if score.band else ""]


def _score_row(
    kind: str, code: str, name: str, score: Score | None, projected: Score | None
) -> list[object]:
    band = score.band.label if score and score.band else ""
    return [
        kind,
        code,
        name,
        score.shown if score else None,
        band,
        "",
        *_counts(score),
        *_projected(projected),
    ]


def cap_note(result: Result) -> str:
    """Why the overall band is lower than its score would give, or "" when it is not capped."""
    if not result.capped:
        return ""
    return _(
        "Capped: the score alone would mean %(uncapped)s; while a critical indicator is at its "
        "lowest level the overall band cannot be above %(band)s."
    ) % {"uncapped": result.uncapped_band.label, "band": result.band.label}


def score_rows(results: AssessmentResults, projected: Result | None = None) -> list[list[object]]:
    """The overall score, then every category, section and pillar.

    With `projected` (the plan's projected scores, when there is a plan), each row also has
    its projected score and band; without, those cells stay empty.
    """
    result = results.result
    band = result.band.label if result.band else ""
    overall = _("Overall")
    rows = [
        [
            overall,
            "",
            overall,
            result.shown_overall,
            band,
            cap_note(result),
            *_counts(result),
            projected.shown_overall if projected else None,
            projected.band.label if projected and projected.band else "",
        ]
    ]

    def row(kind: str, part: str, code: str, name: str) -> list[object]:
        now = getattr(result, part).get(code)
        then = getattr(projected, part).get(code) if projected else None
        return _score_row(kind, code, name, now, then)

    category, section, pillar = _("Category"), _("Section"), _("Pillar")
    rows += [row(category, "categories", c.code, c.name) for c in results.categories]
    rows += [row(section, "sections", s.code, s.title) for s in results.sections]
    rows += [row(pillar, "pillars", value, str(label)) for value, label in Pillar.choices]
    return rows


def action_rows(rows: list[PlanRow]) -> list[list[object]]:
    """One row per action of the plan (`assessments.plans.snapshot.plan_rows`)."""
    return [
        [
            row.objective,
            "\n".join(f"{a.code}: {a.current or '—'} → {a.aimed}" for a in row.aims),
            row.lead,
            ", ".join(row.partners),
            row.start,
            row.due,
            row.status_label,
            _("yes") if row.overdue else "",
            row.budget_amount,
            row.budget_currency,
            row.budget_note,
            row.activities,
            row.success_indicator,
        ]
        for row in rows
    ]


def gap_rows(results: AssessmentResults) -> list[list[object]]:
    """Every gap in priority order (critical gaps first)."""
    rows = []
    for rank, gap in enumerate(results.result.gaps, start=1):
        indicator = results.indicators[gap.code]
        references = "; ".join(ref.citation for ref in indicator.legal_references.all())
        rows.append(
            [
                rank,
                gap.code,
                _("yes") if gap.critical_gap else "",
                gap.category,
                gap.section,
                gap.pillar,
                indicator.question,
                shown(gap.value * 100),
                shown(gap.target * 100),
                round(gap.gap, 3),
                round(gap.priority, 3),
                indicator.recommendation,
                references,
            ]
        )
    return rows


LEGAL_STATUS_COLUMNS = [
    (gettext_lazy("Treaty"), 60),
    (gettext_lazy("Short name"), 24),
    (gettext_lazy("Status"), 26),
    (gettext_lazy("Year"), 8),
    (gettext_lazy("Note"), 50),
]


def legal_status_rows(results: AssessmentResults) -> list[list[object]]:
    """The legal-status profile recorded with the assessment (not scored)."""
    return [
        [
            row.instrument.name,
            row.instrument.short_name,
            str(row.get_status_display()),
            row.year,
            row.note,
        ]
        for row in results.assessment.legal_statuses.in_order()
    ]


def build_workbook(results: AssessmentResults) -> Workbook:
    """The workbook: Answers, Scores (with projected scores), Gaps, Actions, Legal status.

    The plan is the one the report shows: as it stood at submission, or now for a draft.
    """
    plan = plan_part(results, LevelNames.for_edition(results.assessment.edition_id))
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(workbook, _("Answers"), ANSWER_COLUMNS, answer_rows(results))
    add_sheet(
        workbook, _("Scores"), SCORE_COLUMNS, score_rows(results, plan.projected if plan else None)
    )
    add_sheet(workbook, _("Gaps"), GAP_COLUMNS, gap_rows(results))
    add_sheet(workbook, _("Actions"), ACTION_COLUMNS, action_rows(plan.rows if plan else []))
    add_sheet(workbook, _("Legal status"), LEGAL_STATUS_COLUMNS, legal_status_rows(results))
    assessment = results.assessment
    state = assessment.member_state.display_name
    workbook.properties.title = printable(f"{state} · {assessment.title}")
    workbook.properties.creator = "RSR Toolkit"
    return workbook


def workbook_bytes(assessment) -> bytes:
    """The assessment's Excel export as .xlsx bytes."""
    buffer = BytesIO()
    build_workbook(assessment_results(assessment, with_comparison=False)).save(buffer)
    return buffer.getvalue()
