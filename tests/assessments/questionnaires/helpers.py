"""Download a questionnaire as a person does, fill it like a spreadsheet program, upload it."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.questionnaires.workbook import COLUMN, FIRST_ROW
from tests.assessments.jobs.helpers import fetch_document


def download(client, assessment, scope: str = "category:POL", language: str = "") -> bytes:
    url = reverse("questionnaire-download", args=[assessment.pk]) + f"?scope={scope}"
    if language:
        url += f"&language={language}"
    response, data = fetch_document(client, url)
    assert response.status_code == 200, response.status_code
    return data


def answers_sheet(book):
    """The questionnaire sheet (second, after the instructions), whatever its language."""
    return book.worksheets[1]


def row_of(sheet, code: str) -> int:
    for r in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row=r, column=COLUMN["code"]).value == code:
            return r
    raise KeyError(code)


def fill(data: bytes, answers: dict[str, dict[str, object]], edit=None) -> bytes:
    """Set cells by indicator code and column key ({"POL.T.1": {"level": "2"}}); `edit(book)`
    may change anything else before saving."""
    book = load_workbook(BytesIO(data))
    sheet = answers_sheet(book)
    for code, cells in answers.items():
        r = row_of(sheet, code)
        for key, value in cells.items():
            sheet.cell(row=r, column=COLUMN[key]).value = value
    if edit is not None:
        edit(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, assessment, data: bytes, name: str = "answers.xlsx"):
    url = reverse("questionnaire", args=[assessment.pk])
    return client.post(url, {"workbook": SimpleUploadedFile(name, data)})
