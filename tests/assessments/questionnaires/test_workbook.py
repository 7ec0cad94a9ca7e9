"""What the downloaded workbook holds: instructions first, protected cells, drop-downs, stamps."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from assessments.questionnaires.workbook import COLUMN, Scope
from tests.assessments.questionnaires.helpers import answers_sheet, download, row_of

pytestmark = pytest.mark.django_db


def test_the_workbook_has_instructions_first_and_protects_what_is_not_an_answer(
    assessment, focal_client
):
    book = load_workbook(BytesIO(download(focal_client, assessment, scope="all")))
    assert book.sheetnames[:2] == ["Instructions", "Questionnaire"]
    sheet = answers_sheet(book)
    assert sheet.protection.sheet
    r = row_of(sheet, "POL.T.1")
    assert sheet.cell(row=r, column=COLUMN["question"]).protection.locked
    assert not sheet.cell(row=r, column=COLUMN["level"]).protection.locked
    assert not sheet.cell(row=r, column=COLUMN["comment"]).protection.locked
    assert sheet.column_dimensions["M"].hidden  # the stamps
    assert book["stamp"].sheet_state == "hidden"
    level_cell = sheet.cell(row=r, column=COLUMN["level"]).coordinate
    assert any(level_cell in dv.sqref for dv in sheet.data_validations.dataValidation)


def test_a_section_workbook_holds_only_its_rows(assessment, focal_client):
    sheet = answers_sheet(
        load_workbook(BytesIO(download(focal_client, assessment, scope="section:POL.T")))
    )
    codes = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert codes == ["POL.T.1", "POL.T.2", "POL.T.3"]


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("all", "all"),
        ("category:POL", "category:POL"),
        ("section:POL.T", "section:POL.T"),
        ("category:", None),
        ("everything", None),
    ],
)
def test_scopes_are_read_from_their_names(text, scope):
    parsed = Scope.parse(text)
    assert (str(parsed) if parsed else None) == scope
