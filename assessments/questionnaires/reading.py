"""Read an uploaded questionnaire workbook: refuse bad files, judge each row as the section page.

Rows are found by their indicator code and signed stamp, never by position or by the words of
the headers, so the order of the rows and the workbook's language do not matter. A file that
cannot be read at all raises `BadFile` with a message for the person; a readable file gives a
`Reading` with, per changed row, the values read or the reasons they cannot be saved.
Nothing here writes to the database.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core import signing
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import load_workbook

from assessments.evidence.checks import TYPES_PART_MAX_BYTES, ooxml_has_macros
from assessments.forms import AnswerForm
from assessments.models import Assessment
from assessments.questionnaires.workbook import (
    ANSWER_KEYS,
    COLUMN,
    FIRST_ROW,
    KEYS,
    SALT,
    SHEET_STAMP,
    cell_text,
    written_hash,
)
from assessments.uploads import megabytes
from roadmap.models import Indicator

NOT_XLSX = gettext_noop(
    "This file is not an Excel workbook (.xlsx). Upload the questionnaire workbook you "
    "downloaded here, saved as .xlsx."
)
OLD_XLS = gettext_noop(
    "This is an old Excel file (.xls). Open it in your spreadsheet program and save it as an "
    "Excel workbook (.xlsx), then upload that."
)
MACROS = gettext_noop(
    "This workbook contains macros, which the toolkit does not accept. Save it as an Excel "
    "workbook without macros (.xlsx) and upload it again."
)
TOO_LARGE = gettext_noop("The file is larger than %(limit)s, the limit for a workbook.")
TOO_LARGE_UNPACKED = gettext_noop(
    "The workbook holds far more data than a questionnaire can (over %(limit)s unpacked). "
    "Upload the questionnaire workbook you downloaded here."
)
NOT_QUESTIONNAIRE = gettext_noop(
    "This workbook is not a questionnaire downloaded from the toolkit (its stamp or its "
    "questionnaire sheet is missing). Download the questionnaire here and fill that in."
)
TAMPERED = gettext_noop(
    "The workbook's stamp has been changed, so the toolkit cannot trust what it says. Download "
    "the questionnaire again and copy your answers into it."
)
OTHER_STATE = gettext_noop(
    "This workbook was made for another member state's assessment. Nothing was read from it."
)
OTHER_ASSESSMENT = gettext_noop(
    "This workbook was made for another assessment, “%(title)s” (%(year)s). Upload it on that "
    "assessment's page, or download this assessment's questionnaire."
)
OTHER_ASSESSMENT_GONE = gettext_noop(
    "This workbook was made for another assessment, which no longer exists."
)
TOO_MANY_ROWS = gettext_noop(
    "The questionnaire sheet has %(n)s rows, far more than the %(expected)s indicators it was "
    "made with. Upload the questionnaire workbook you downloaded here."
)
ROW_TAMPERED = gettext_noop(
    "The row's stamp (hidden last column) has been changed or copied from another row. Undo the "
    "change or download the questionnaire again."
)
ROW_ADDED = gettext_noop(
    "This row was added: it is not one of the workbook's indicators. Delete it (answers belong "
    "in the existing rows)."
)
ROW_DUPLICATE = gettext_noop("Indicator %(code)s appears twice; keep one row for it.")
ROW_DELETED = gettext_noop(
    "The row of indicator %(code)s was deleted. Download the questionnaire again, or put the "
    "row back, and upload again."
)
NOT_IN_FRAMEWORK = gettext_noop(
    "Indicator %(code)s is no longer part of this assessment's questionnaire."
)
FORMULA = gettext_noop(
    "Cell %(cell)s holds a formula. Type the answer itself: formulas are not accepted."
)
LEVEL_OUTSIDE = gettext_noop(
    "The level “%(value)s” is not on this indicator's scale. Choose one of: %(choices)s."
)
NA_UNKNOWN = gettext_noop(
    "“%(value)s” in the column “Not applicable” is neither Yes nor No. Choose one from the list."
)

# Words for yes in any of the interface's languages, plus what people type in a spreadsheet.
EXTRA_YES = {"x", "yes", "y", "1", "true", "✓", "✔"}
EXTRA_NO = {"", "no", "n", "0", "false", "-", "—"}
# A questionnaire is a few hundred kilobytes unpacked; anything far beyond is not one.
UNPACKED_LIMIT_FACTOR = 10
SPARE_ROWS = 20  # empty rows at the end are ignored; this many more rows than indicators are read
LEADING_NUMBER = re.compile(r"^\s*(\d+)")


class BadFile(Exception):
    """A file that cannot be read as this assessment's questionnaire; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowRead:
    """One indicator's row that differs from what was downloaded."""

    code: str
    row: int | None  # the row number in the sheet (None for a deleted row)
    values: dict[str, object] | None = None  # the answer read, when valid
    version: int = 0  # the answer's version when the workbook was made
    loaded: str = ""  # the fingerprint of the answer when the workbook was made
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "row": self.row,
            "values": self.values,
            "version": self.version,
            "loaded": self.loaded,
            "errors": self.errors,
        }


@dataclass
class Reading:
    scope: str
    language: str
    made_at: str
    rows: list[RowRead] = field(default_factory=list)  # unchanged rows too (no values, no errors)

    @property
    def errors(self) -> list[RowRead]:
        return [row for row in self.rows if row.errors]


def yes_no_words() -> tuple[set[str], set[str]]:
    """Yes and No in every language of the interface, lower case, plus the usual marks."""
    yes, no = set(EXTRA_YES), set(EXTRA_NO)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            yes.add(_("Yes").casefold())
            no.add(_("No").casefold())
    return yes, no


def open_workbook(data: bytes, file_name: str):
    """The workbook in `data`, or `BadFile`: not a workbook, old .xls, macros, too large."""
    limit = settings.WORKBOOK_MAX_BYTES
    if len(data) > limit:
        raise BadFile(_(TOO_LARGE) % {"limit": megabytes(limit)})
    name = file_name.lower()
    if name.endswith((".xlsm", ".xltm", ".xlsb")):
        raise BadFile(_(MACROS))
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise BadFile(_(OLD_XLS))  # the old binary format (an OLE compound file)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BadFile(_(NOT_XLSX)) from None
    unpacked = limit * UNPACKED_LIMIT_FACTOR
    if sum(entry.file_size for entry in entries) > unpacked:
        raise BadFile(_(TOO_LARGE_UNPACKED) % {"limit": megabytes(unpacked)})
    # The same macro rule as for evidence files: a VBA project, or macro-enabled content types.
    if ooxml_has_macros([entry.filename for entry in entries], _content_types(archive)):
        raise BadFile(_(MACROS))
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise BadFile(_(NOT_XLSX))
    try:
        return load_workbook(BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean "cannot read"
        raise BadFile(_(NOT_XLSX)) from None


def _content_types(archive: zipfile.ZipFile) -> bytes:
    """The package's [Content_Types].xml (empty when missing or implausibly large)."""
    try:
        part = archive.getinfo("[Content_Types].xml")
        if part.file_size > TYPES_PART_MAX_BYTES:
            return b""
        return archive.read(part)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return b""


def workbook_payload(workbook, assessment: Assessment) -> dict:
    """The workbook's signed stamp, checked against the assessment (`BadFile` otherwise)."""
    if SHEET_STAMP not in workbook.sheetnames:
        raise BadFile(_(NOT_QUESTIONNAIRE))
    try:
        payload = signing.loads(str(workbook[SHEET_STAMP]["A1"].value or ""), salt=SALT)
    except signing.BadSignature:
        raise BadFile(_(TAMPERED)) from None
    if payload.get("m") != assessment.member_state_id:
        raise BadFile(_(OTHER_STATE))
    if payload.get("a") != assessment.pk:
        other = Assessment.objects.filter(
            pk=payload.get("a"), member_state_id=assessment.member_state_id
        ).first()
        if other is None:
            raise BadFile(_(OTHER_ASSESSMENT_GONE))
        raise BadFile(_(OTHER_ASSESSMENT) % {"title": other.title, "year": other.reporting_year})
    if payload.get("n") not in workbook.sheetnames:
        raise BadFile(_(NOT_QUESTIONNAIRE))
    return payload


def read_upload(data: bytes, file_name: str, assessment: Assessment) -> Reading:
    """Read an uploaded questionnaire of `assessment`; raises `BadFile` for an unusable file."""
    workbook = open_workbook(data, file_name)
    payload = workbook_payload(workbook, assessment)
    codes: list[str] = list(payload.get("c", []))
    sheet = workbook[payload["n"]]
    if sheet.max_row > len(codes) + FIRST_ROW + SPARE_ROWS:
        raise BadFile(_(TOO_MANY_ROWS) % {"n": sheet.max_row, "expected": len(codes)})
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(edition_id=assessment.edition_id, code__in=codes)
        .select_related("scale")
        .prefetch_related("scale__levels", "levels")
    }
    reading = Reading(
        scope=payload.get("s", ""), language=payload.get("l", ""), made_at=payload.get("t", "")
    )
    seen: set[str] = set()
    yes_no = yes_no_words()
    for cells in sheet.iter_rows(min_row=FIRST_ROW, max_col=len(KEYS)):
        row = _read_row(cells, codes, seen, indicators, yes_no)
        if row is not None:
            reading.rows.append(row)
    for code in codes:
        if code not in seen:
            reading.rows.append(RowRead(code, None, errors=[_(ROW_DELETED) % {"code": code}]))
    return reading


def _read_row(cells, codes, seen, indicators, yes_no) -> RowRead | None:
    """One row: None when blank; otherwise unchanged (no values, no errors), values or errors."""
    number = cells[0].row
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    if formulas:
        code = cell_text(cells[0].value)
        # The row is there: its formula is the one error, not a deleted row as well.
        seen.add(code)
        return RowRead(code, number, errors=[_(FORMULA) % {"cell": c} for c in formulas])
    raw = {key: cells[COLUMN[key] - 1].value for key in KEYS}
    if all(cell_text(value) == "" for value in raw.values()):
        return None
    code = cell_text(raw["code"])
    try:
        stamp = signing.loads(cell_text(raw["stamp"]), salt=SALT)
    except signing.BadSignature:
        if code in codes and cell_text(raw["stamp"]):
            return RowRead(code, number, errors=[_(ROW_TAMPERED)])
        return RowRead(code, number, errors=[_(ROW_ADDED)])
    if stamp.get("c") != code or code not in codes:
        return RowRead(code, number, errors=[_(ROW_TAMPERED)])
    if code in seen:
        return RowRead(code, number, errors=[_(ROW_DUPLICATE) % {"code": code}])
    seen.add(code)
    row = RowRead(code, number, version=int(stamp.get("v", 0)), loaded=str(stamp.get("f", "")))
    if written_hash(raw) == stamp.get("w"):
        return row  # not touched since the download
    indicator = indicators.get(code)
    if indicator is None:
        row.errors.append(_(NOT_IN_FRAMEWORK) % {"code": code})
        return row
    row.values, row.errors = judge(indicator, raw, row.version, yes_no)
    return row


def judge(indicator: Indicator, raw: dict, version: int, yes_no) -> tuple[dict | None, list[str]]:
    """The answer of one row, judged by the section page's form: (values, []) or (None, errors)."""
    errors: list[str] = []
    level = _level(indicator, raw["level"], errors)
    not_applicable = _not_applicable(raw["not_applicable"], yes_no, errors)
    if errors:
        return None, errors
    prefix = f"ind-{indicator.pk}"
    data = {f"{prefix}-{key}": cell_text(raw[key]) for key in ANSWER_KEYS}
    data[f"{prefix}-level"] = "" if level is None else str(level)
    data[f"{prefix}-not_applicable"] = "on" if not_applicable else ""
    data[f"{prefix}-version"] = str(version)
    form = AnswerForm(data, indicator=indicator)
    if not form.is_valid():
        return None, [str(message) for messages in form.errors.values() for message in messages]
    return form.values(), []


def _level(indicator: Indicator, value: object, errors: list[str]) -> int | None:
    text = cell_text(value)
    if text == "":
        return None
    levels = indicator.level_descriptors()
    match = LEADING_NUMBER.match(text)
    number = int(match.group(1)) if match else None
    if number not in {level.value for level in levels}:
        choices = ", ".join(f"{level.value} {level.label}" for level in levels)
        errors.append(_(LEVEL_OUTSIDE) % {"value": text[:40], "choices": choices})
        return None
    return number


def _not_applicable(value: object, yes_no, errors: list[str]) -> bool:
    text = cell_text(value).casefold()
    yes, no = yes_no
    if text in yes:
        return True
    if text in no:
        return False
    errors.append(_(NA_UNKNOWN) % {"value": cell_text(value)[:40]})
    return False
