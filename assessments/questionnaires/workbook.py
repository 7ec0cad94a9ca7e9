"""Build the questionnaire workbook: one row per indicator, to fill in offline.

Sheets: the instructions (first, in the workbook's language), the questionnaire, a hidden sheet
with the drop-down lists and a hidden sheet with the workbook's signed stamp. The questionnaire
sheet is protected: only the answer cells (level, not applicable, why, evidence, links, comment)
are unlocked. Each row carries, in a hidden column, a signed stamp of its indicator code, the
answer's version and the fingerprint of the values written, so that an upload can tell what the
person changed and what changed online since (assessments/questionnaires/reading.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.core import signing
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from assessments.models import EMPTY_VALUES, Answer, Assessment, fingerprint
from assessments.reports.exports import HEADER_FILL, HEADER_FONT, sheet_name, write_cell
from assessments.validators import printable
from roadmap.models import Category, Indicator

SALT = "rsr.questionnaire"
# Bump when what the workbook holds changes: cached workbooks of drafts are made again.
FORMAT = "1"
ALL = "all"
CATEGORY = "category:"
SECTION = "section:"
SHEET_ANSWERS = gettext_lazy("Questionnaire")  # found by the name in the workbook's stamp
SHEET_LISTS = "lists"
SHEET_STAMP = "stamp"
FIRST_ROW = 2  # row 1 holds the headers

# The columns, in order: (key, header, width, editable).
COLUMNS = [
    ("code", gettext_lazy("Code"), 14, False),
    ("category", gettext_lazy("Category"), 12, False),
    ("section", gettext_lazy("Section"), 28, False),
    ("question", gettext_lazy("Question"), 60, False),
    ("guidance", gettext_lazy("Guidance"), 60, False),
    ("current", gettext_lazy("Current answer (read only)"), 30, False),
    ("level", gettext_lazy("Level"), 22, True),
    ("not_applicable", gettext_lazy("Not applicable"), 12, True),
    ("na_justification", gettext_lazy("Why it does not apply"), 40, True),
    ("evidence", gettext_lazy("Evidence"), 60, True),
    ("evidence_links", gettext_lazy("Links to evidence (one per line)"), 40, True),
    ("comment", gettext_lazy("Comment"), 40, True),
    ("stamp", gettext_lazy("Stamp (do not change)"), 10, False),
]
KEYS = [key for key, *_rest in COLUMNS]
COLUMN = {key: n for n, key in enumerate(KEYS, start=1)}
ANSWER_KEYS = [key for key, _header, _width, editable in COLUMNS if editable]
WRAP = Alignment(wrap_text=True, vertical="top")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF8DC")
INSTRUCTIONS = [
    gettext_lazy("How to fill in this questionnaire"),
    gettext_lazy(
        "Answer on the sheet “%(sheet)s”: one row per indicator. Only the yellow cells can be "
        "changed; the others are protected."
    ),
    gettext_lazy("Level: choose one from the drop-down list, or leave it empty (no answer yet)."),
    gettext_lazy(
        "Not applicable: choose Yes only when the indicator does not apply to your country, "
        "leave the level empty and say why. Critical indicators cannot be marked not applicable."
    ),
    gettext_lazy("Links to evidence: one web address or file-share reference per line."),
    gettext_lazy(
        "Do not add, delete or copy rows, do not type formulas, and do not change the last "
        "(hidden) column: the toolkit reads each row by its code and stamp. The order of the "
        "rows does not matter."
    ),
    gettext_lazy(
        "Save the file as an Excel workbook (.xlsx) and upload it on the assessment's "
        "“Work offline with a workbook” page. You will see what would change, and nothing is "
        "saved until you confirm. If a colleague changed an answer online since this workbook "
        "was made, you choose which answer to keep."
    ),
]


@dataclass(frozen=True)
class Scope:
    """Which part of the questionnaire: everything, a category or a section."""

    kind: str  # "all", "category" or "section"
    code: str = ""

    @classmethod
    def parse(cls, text: str) -> Scope | None:
        """The scope of `all`, `category:POL` or `section:POL.PROT`; None for anything else."""
        if text == ALL:
            return cls(ALL)
        for prefix in (CATEGORY, SECTION):
            code = text.removeprefix(prefix)
            if text.startswith(prefix) and code and len(code) <= 24:
                return cls(prefix.rstrip(":"), code)
        return None

    def __str__(self) -> str:
        return self.kind if self.kind == ALL else f"{self.kind}:{self.code}"


def scope_indicators(assessment: Assessment, scope: Scope) -> list[Indicator]:
    """The applicable indicators of the scope, in framework order (empty if it has none)."""
    indicators = assessment.applicable_indicators().select_related("section__category", "scale")
    if scope.kind == "category":
        indicators = indicators.filter(section__category__code=scope.code)
    elif scope.kind == "section":
        indicators = indicators.filter(section__code=scope.code)
    return list(indicators.prefetch_related("scale__levels", "levels"))


def scope_fingerprint(assessment: Assessment, scope: Scope) -> str:
    """What a cached workbook of a draft depends on: its answers' versions and the framework."""
    from assessments.reports.report import _edition_text

    indicators = scope_indicators(assessment, scope)
    versions = sorted(
        Answer.objects.filter(
            assessment=assessment, indicator__in=[i.pk for i in indicators]
        ).values_list("indicator_id", "version")
    )
    inputs = [
        FORMAT,
        get_language(),
        str(scope),
        [assessment.pk, assessment.title, assessment.reporting_year, str(assessment.status)],
        [i.pk for i in indicators],
        versions,
        _edition_text(assessment),
        [(i.pk, i.guidance) for i in indicators],
    ]
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def yes_no() -> tuple[str, str]:
    return _("Yes"), _("No")


def level_choice(value: int, label: str) -> str:
    return f"{value} {label}"


def cell_text(value: object) -> str:
    """A cell as the reader compares it: text, stripped, Windows line ends made plain."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def written_hash(cells: dict[str, object]) -> str:
    """A hash of the answer cells as written: a row read back with this hash was not touched."""
    text = "\x1f".join(cell_text(cells.get(key)) for key in ANSWER_KEYS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def answer_cells(indicator: Indicator, answer: Answer | None, labels: dict[int, str]) -> dict:
    """The editable cells of one row, from the saved answer (empty when there is none)."""
    yes, no = yes_no()
    if answer is None:
        return dict.fromkeys(ANSWER_KEYS, "") | {"not_applicable": "" if indicator.critical else no}
    level = answer.level
    return {
        "level": level_choice(level, labels.get(level, "")) if level is not None else "",
        "not_applicable": "" if indicator.critical else (yes if answer.not_applicable else no),
        "na_justification": printable(answer.na_justification),
        "evidence": printable(answer.evidence),
        "evidence_links": printable(answer.evidence_links),
        "comment": printable(answer.comment),
    }


def current_summary(answer: Answer | None) -> str:
    if answer is None:
        return _("No answer yet")
    who = answer.updated_by_name or "—"
    return _("%(value)s (by %(who)s)") % {"value": answer.display_value, "who": who}


def row_stamp(indicator: Indicator, answer: Answer | None, cells: dict) -> str:
    payload = {
        "c": indicator.code,
        "v": answer.version if answer else 0,
        "f": fingerprint(answer.values()) if answer else fingerprint(EMPTY_VALUES),
        "w": written_hash(cells),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def answers_sheet_name() -> str:
    return sheet_name(SHEET_ANSWERS)


def workbook_stamp(assessment: Assessment, scope: Scope, codes: list[str]) -> str:
    payload = {
        "a": assessment.pk,
        "m": assessment.member_state_id,
        "s": str(scope),
        "l": get_language(),
        "c": codes,
        "n": answers_sheet_name(),
        "t": timezone.now().isoformat(),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def workbook_bytes(assessment: Assessment, scope: Scope) -> bytes:
    """The questionnaire of the scope as .xlsx bytes, in the active language."""
    indicators = scope_indicators(assessment, scope)
    answers = {
        a.indicator_id: a
        for a in Answer.objects.filter(assessment=assessment, indicator__in=indicators)
    }
    workbook = Workbook()
    _instructions(workbook.active, assessment, scope)
    sheet = workbook.create_sheet(answers_sheet_name())
    lists = workbook.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"
    _headers(sheet)
    validations: dict[int, DataValidation] = {}
    yes, no = yes_no()
    lists.cell(row=1, column=1, value=yes)
    lists.cell(row=2, column=1, value=no)
    na_list = DataValidation(type="list", formula1=f"{SHEET_LISTS}!$A$1:$A$2", allow_blank=True)
    sheet.add_data_validation(na_list)
    for r, indicator in enumerate(indicators, start=FIRST_ROW):
        levels = indicator.level_descriptors()
        labels = {level.value: level.label for level in levels}
        validation = validations.get(indicator.scale_id)
        if validation is None:
            validation = _level_list(sheet, lists, len(validations) + 2, levels)
            validations[indicator.scale_id] = validation
        answer = answers.get(indicator.pk)
        cells = answer_cells(indicator, answer, labels)
        values = {
            "code": indicator.code,
            "category": indicator.section.category.code,
            "section": indicator.section.title,
            "question": indicator.question,
            "guidance": indicator.guidance,
            "current": current_summary(answer),
            **cells,
            "stamp": row_stamp(indicator, answer, cells),
        }
        _row(sheet, r, values, critical=indicator.critical)
        validation.add(sheet.cell(row=r, column=COLUMN["level"]))
        if not indicator.critical:
            na_list.add(sheet.cell(row=r, column=COLUMN["not_applicable"]))
    stamp = workbook.create_sheet(SHEET_STAMP)
    stamp.sheet_state = "hidden"
    stamp["A1"] = workbook_stamp(assessment, scope, [i.code for i in indicators])
    for hidden in (stamp, lists):
        hidden.protection.sheet = True
    # No sheet can be added, renamed, deleted or shown: the stamp stays out of the way.
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions(sheet, assessment: Assessment, scope: Scope) -> None:
    sheet.title = sheet_name(gettext_lazy("Instructions"))
    sheet.sheet_view.rightToLeft = get_language_bidi()
    sheet.column_dimensions["A"].width = 100
    lines = [str(INSTRUCTIONS[0]), str(assessment), scope_label(scope), ""]
    lines += [str(line) % {"sheet": answers_sheet_name()} for line in INSTRUCTIONS[1:]]
    for r, line in enumerate(lines, start=1):
        write_cell(sheet, r, 1, line)
        sheet.cell(row=r, column=1).alignment = WRAP
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.protection.sheet = True


def scope_label(scope: Scope) -> str:
    if scope.kind == ALL:
        return _("The whole questionnaire")
    if scope.kind == "category":
        names = dict(Category.Code.choices)
        return _("Category: %(name)s") % {"name": names.get(scope.code, scope.code)}
    return _("Section: %(code)s") % {"code": scope.code}


def _headers(sheet) -> None:
    sheet.sheet_view.rightToLeft = get_language_bidi()
    for n, (_key, header, width, _editable) in enumerate(COLUMNS, start=1):
        write_cell(sheet, 1, n, str(header))
        sheet.cell(row=1, column=n).font = HEADER_FONT
        sheet.cell(row=1, column=n).fill = HEADER_FILL
        sheet.cell(row=1, column=n).alignment = WRAP
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.column_dimensions[get_column_letter(COLUMN["stamp"])].hidden = True
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True
    # Protected, but the reader may still widen columns and filter.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False


def _level_list(sheet, lists, column: int, levels) -> DataValidation:
    """A drop-down of one scale's levels ("2 Developing"), listed on the hidden sheet."""
    for r, level in enumerate(levels, start=1):
        lists.cell(row=r, column=column, value=printable(level_choice(level.value, level.label)))
    letter = get_column_letter(column)
    validation = DataValidation(
        type="list",
        formula1=f"{SHEET_LISTS}!${letter}$1:${letter}${max(1, len(levels))}",
        allow_blank=True,
    )
    sheet.add_data_validation(validation)
    return validation


def _row(sheet, r: int, values: dict, *, critical: bool) -> None:
    for key, _header, width, editable in COLUMNS:
        column = COLUMN[key]
        write_cell(sheet, r, column, values[key])
        cell = sheet.cell(row=r, column=column)
        if width >= 28:
            cell.alignment = WRAP
        if editable and not (critical and key in ("not_applicable", "na_justification")):
            cell.protection = Protection(locked=False)
            cell.fill = EDITABLE_FILL
