"""Bad files get a clear message and save nothing; rows are read by code, not by position."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.models import Answer
from assessments.questionnaires.models import WorkbookImport
from assessments.questionnaires.workbook import COLUMN, SHEET_STAMP, Scope
from assessments.questionnaires.workbook import workbook_bytes as build
from tests.assessments.questionnaires.helpers import answers_sheet, download, fill, row_of, upload
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def refused(response, words: str) -> None:
    """The upload page again, with the reason, and nothing saved or kept."""
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not WorkbookImport.objects.exists()
    assert not Answer.objects.exists()


def preview_errors(client, response) -> str:
    """An upload with bad rows: its preview lists them and offers no confirmation."""
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Rows that cannot be saved" in page
    assert "Confirm and save" not in page
    confirm = client.post(response["Location"])
    assert confirm.status_code == 400
    assert not Answer.objects.exists()
    return page


def test_a_file_that_is_not_a_workbook_is_refused(assessment, focal_client):
    refused(upload(focal_client, assessment, b"hello, not a spreadsheet"), "not an Excel workbook")


def test_an_old_xls_file_is_asked_to_be_saved_as_xlsx(assessment, focal_client):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
    refused(upload(focal_client, assessment, data, name="answers.xls"), "save it as an Excel")


def with_entry(data: bytes, name: str, content: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_workbook_with_macros_is_refused(assessment, focal_client):
    data = with_entry(download(focal_client, assessment), "xl/vbaProject.bin", b"macro")
    refused(upload(focal_client, assessment, data), "contains macros")
    refused(upload(focal_client, assessment, data, name="answers.xlsm"), "contains macros")


def test_a_workbook_declaring_macro_enabled_content_is_refused(assessment, focal_client):
    """Excel marks an .xlsm by its content type, whatever the file is called."""
    data = download(focal_client, assessment)
    with zipfile.ZipFile(BytesIO(data)) as source:
        types = source.read("[Content_Types].xml").replace(
            b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
        )
    assert b"macroEnabled" in types  # the workbook's main part is now declared macro-enabled
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = types if item.filename == "[Content_Types].xml" else source.read(item)
            target.writestr(item, content)
    refused(upload(focal_client, assessment, out.getvalue()), "contains macros")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(assessment, focal_client, settings):
    settings.WORKBOOK_MAX_BYTES = 1024 * 1024
    data = with_entry(download(focal_client, assessment), "xl/media/zeros.bin", b"\0" * 11_000_000)
    assert len(data) < settings.WORKBOOK_MAX_BYTES
    refused(upload(focal_client, assessment, data), "far more data than a questionnaire")


def test_an_enormous_file_is_refused(assessment, focal_client, settings):
    settings.WORKBOOK_MAX_BYTES = 2000
    refused(upload(focal_client, assessment, b"x" * 5000), "larger than")


def test_a_file_stopped_while_it_arrives_says_it_was_too_large(assessment, focal_client, settings):
    settings.WORKBOOK_MAX_BYTES = settings.EVIDENCE_MAX_BYTES = 2000
    refused(upload(focal_client, assessment, b"x" * 50_000), "larger than")


def test_another_assessments_workbook_names_that_assessment(assessment, focal_client, focal):
    other = AssessmentFactory(
        edition=assessment.edition,
        member_state=assessment.member_state,
        created_by=focal,
        title="Older self-assessment",
        reporting_year=2024,
    )
    data = download(focal_client, other, scope="all")
    refused(upload(focal_client, assessment, data), "“Older self-assessment” (2024)")


def test_another_member_states_workbook_reveals_nothing(assessment, focal_client, other_focal):
    theirs = AssessmentFactory(
        edition=assessment.edition,
        member_state=other_focal.member_state,
        created_by=other_focal,
        title="Betaland secret",
    )
    with translation.override("en"):
        data = build(theirs, Scope.parse("all"))
    response = upload(focal_client, assessment, data)
    refused(response, "another member state")
    assert "Betaland" not in response.content.decode()


def test_a_tampered_workbook_stamp_is_refused(assessment, focal_client):
    def edit(book):
        book[SHEET_STAMP]["A1"].value = book[SHEET_STAMP]["A1"].value[:-3] + "abc"

    data = fill(download(focal_client, assessment), {}, edit)
    refused(upload(focal_client, assessment, data), "stamp has been changed")


def test_a_tampered_row_stamp_is_a_row_error(assessment, focal_client):
    def edit(book):
        sheet = answers_sheet(book)
        sheet.cell(row=row_of(sheet, "POL.T.2"), column=COLUMN["stamp"]).value = "forged"

    data = fill(download(focal_client, assessment), {"POL.T.1": {"level": "2"}}, edit)
    page = preview_errors(focal_client, upload(focal_client, assessment, data))
    assert "stamp (hidden last column) has been changed" in page


def test_a_formula_is_an_error_naming_its_cell(assessment, focal_client):
    data = download(focal_client, assessment)
    data = fill(data, {"POL.T.1": {"evidence": "=1+1"}})
    page = preview_errors(focal_client, upload(focal_client, assessment, data))
    assert "Cell J" in page
    assert "holds a formula" in page
    assert "was deleted" not in page  # the row is there: the formula is its one error


def test_a_deleted_row_and_an_added_row_are_errors(assessment, focal_client):
    def edit(book):
        sheet = answers_sheet(book)
        sheet.delete_rows(row_of(sheet, "POL.T.3"))
        sheet.append(["POL.T.9", "POL", "", "A question of my own", "", "", "2"])

    data = fill(download(focal_client, assessment), {"POL.T.1": {"level": "2"}}, edit)
    page = preview_errors(focal_client, upload(focal_client, assessment, data))
    assert "The row of indicator POL.T.3 was deleted" in page
    assert "This row was added" in page


def test_a_level_outside_the_scale_is_a_row_error(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.1": {"level": "7 Perfect"}})
    page = preview_errors(focal_client, upload(focal_client, assessment, data))
    assert "is not on this indicator" in page


def test_a_too_long_text_is_a_row_error_never_cut(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.1": {"comment": "x" * 20_000}})
    preview_errors(focal_client, upload(focal_client, assessment, data))


def test_not_applicable_without_a_reason_is_judged_as_on_the_section_page(assessment, focal_client):
    data = fill(download(focal_client, assessment), {"POL.T.1": {"not_applicable": "x"}})
    page = preview_errors(focal_client, upload(focal_client, assessment, data))
    assert "Say why this indicator does not apply" in page


def test_rows_in_another_order_are_read_by_their_code(assessment, focal_client):
    def edit(book):
        sheet = answers_sheet(book)
        first = [c.value for c in sheet[2]]
        last = [c.value for c in sheet[sheet.max_row]]
        for n, value in enumerate(last, start=1):
            sheet.cell(row=2, column=n).value = value
        for n, value in enumerate(first, start=1):
            sheet.cell(row=sheet.max_row, column=n).value = value

    data = download(focal_client, assessment)
    data = fill(data, {"POL.T.1": {"level": "1"}, "POL.T.3": {"level": "3"}}, edit)
    response = upload(focal_client, assessment, data)
    assert response.status_code == 302
    assert focal_client.post(response["Location"]).status_code == 302
    levels = dict(Answer.objects.values_list("indicator__code", "level"))
    assert levels == {"POL.T.1": 1, "POL.T.3": 3}


def test_an_indonesian_workbook_is_read_like_an_english_one(assessment, focal_client):
    data = download(focal_client, assessment, language="id")
    yes = load_workbook(BytesIO(data))["lists"]["A1"].value
    assert yes == "Ya"  # the drop-down's words are Indonesian
    data = fill(
        data,
        {
            "POL.T.1": {"level": "3"},
            "POL.T.2": {"not_applicable": yes, "na_justification": "Tidak relevan"},
        },
    )
    response = upload(focal_client, assessment, data)
    assert response.status_code == 302
    assert focal_client.post(response["Location"]).status_code == 302
    assert Answer.objects.get(indicator__code="POL.T.1").level == 3
    assert Answer.objects.get(indicator__code="POL.T.2").not_applicable


def test_the_download_of_an_unknown_part_says_so(assessment, focal_client):
    url = reverse("questionnaire-download", args=[assessment.pk]) + "?scope=category:NOPE"
    response = focal_client.get(url)
    assert response.status_code == 400
    assert "There is no part" in response.content.decode()
