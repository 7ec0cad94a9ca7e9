"""The Excel export: sheets, rows that match the answers, no formulas, permissions.

Downloads go through a worker (tests.assessments.jobs.helpers.fetch_document)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer
from assessments.reports import exports
from assessments.results import assessment_results
from roadmap.models import Indicator
from tests.assessments.jobs.helpers import fetch_document

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.fixture
def answered(assessment, focal):
    """Every applicable indicator answered; evidence that looks like formulas."""
    for n, indicator in enumerate(assessment.applicable_indicators()):
        Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            level=n % 5,
            evidence=DANGEROUS[n % len(DANGEROUS)],
            evidence_links="https://example.org/law",
            comment=f"Comment {indicator.code}",
            updated_by=focal,
        )
    return assessment


def workbook(assessment):
    return load_workbook(io.BytesIO(exports.workbook_bytes(assessment)))


def rows(sheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_workbook_has_the_five_sheets(answered):
    assert workbook(answered).sheetnames == [
        "Answers",
        "Scores",
        "Gaps",
        "Actions",
        "Legal status",
    ]


def test_answer_rows_match_the_answers(answered, focal):
    by_code = {r["Code"]: r for r in rows(workbook(answered)["Answers"])}
    answers = Answer.objects.filter(assessment=answered).select_related("indicator")
    assert set(by_code) == {a.indicator.code for a in answers}
    for answer in answers:
        row = by_code[answer.indicator.code]
        assert row["Level"] == answer.level
        assert row["Evidence"] == answer.evidence
        assert row["Evidence links"] == answer.evidence_links
        assert row["Comment"] == answer.comment
        assert row["Question"] == answer.indicator.question
        assert row["Changed by"] == focal.full_name or focal.email


def test_unanswered_and_not_applicable_indicators_are_listed(assessment):
    first, *_rest = assessment.applicable_indicators()
    Answer.objects.create(
        assessment=assessment, indicator=first, not_applicable=True, na_justification="No coast"
    )
    by_code = {r["Code"]: r for r in rows(workbook(assessment)["Answers"])}
    assert by_code[first.code]["Not applicable"] == "yes"
    assert by_code[first.code]["N/A justification"] == "No coast"
    assert len(by_code) == assessment.applicable_indicators().count()
    assert all(r["Level"] is None for r in by_code.values())


def test_text_that_looks_like_a_formula_stays_text(answered):
    sheet = workbook(answered)["Answers"]
    column = [c.value for c in sheet[1]].index("Evidence") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert {c.value for c in cells} <= set(DANGEROUS)
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)


def test_every_sheet_has_a_frozen_filtered_header_and_set_widths(answered):
    book = workbook(answered)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.bold
        assert sheet.column_dimensions["A"].width >= 6


def test_gaps_are_in_priority_order(answered):
    Indicator.objects.filter(edition=answered.edition, code="POL.T.1").update(critical=True)
    expected = [g.code for g in assessment_results(answered).result.gaps]
    assert [r["Code"] for r in rows(workbook(answered)["Gaps"])] == expected
    assert expected


def test_scores_sheet_has_overall_categories_sections_and_pillars(answered):
    result = assessment_results(answered).result
    scores = rows(workbook(answered)["Scores"])
    assert scores[0]["Kind"] == "Overall"
    assert scores[0]["Score"] == result.shown_overall  # the whole number the page shows
    kinds = {r["Kind"] for r in scores}
    assert kinds == {"Overall", "Category", "Section", "Pillar"}
    assert len([r for r in scores if r["Kind"] == "Category"]) == 4


def test_a_capped_overall_band_says_why_in_the_scores_sheet(answered):
    # Everything at 4 except one critical indicator at 0: the score alone is Advanced.
    Answer.objects.filter(assessment=answered).update(level=4)
    Answer.objects.filter(assessment=answered, indicator__code="POL.T.1").update(level=0)
    Indicator.objects.filter(edition=answered.edition, code="POL.T.1").update(critical=True)
    result = assessment_results(answered).result
    assert result.capped
    overall = rows(workbook(answered)["Scores"])[0]
    assert (overall["Score"], overall["Band"]) == (result.shown_overall, "Developing")
    assert overall["Band note"].startswith("Capped: the score alone would mean Advanced")


def test_an_uncapped_band_has_no_note(answered):
    overall = rows(workbook(answered)["Scores"])[0]
    assert overall["Band note"] is None


def test_the_export_downloads_under_a_safe_name(client, answered, viewer):
    client.force_login(viewer)
    response, content = fetch_document(client, reverse("assessment-export", args=[answered.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="alphaland-2026-national-self-assessment-draft.xlsx"'
    )
    load_workbook(io.BytesIO(content))


def test_another_member_state_gets_404(client, answered, other_focal):
    client.force_login(other_focal)
    assert client.get(reverse("assessment-export", args=[answered.pk])).status_code == 404


def test_text_stored_with_control_characters_is_exported_without_them(
    client, assessment, focal, viewer
):
    """Text saved before input refused control characters: the export still works."""
    focal.full_name = "Fran\x08 Focal"
    focal.save()
    assessment.title = "Self-assessment\x01 2026"
    assessment.save()
    first, second, *_rest = assessment.applicable_indicators()
    Answer.objects.create(
        assessment=assessment,
        indicator=first,
        level=2,
        evidence="Decree\x0112\r\n\tart. 3",
        evidence_links="https://example.org/\x08law",
        comment="\x08Checked\x1b by the ministry",
        updated_by=focal,
        updated_by_name=focal.full_name,  # the name is stored with the change
    )
    Answer.objects.create(
        assessment=assessment,
        indicator=second,
        not_applicable=True,
        na_justification="No\x0b coast",
        updated_by=focal,
    )
    client.force_login(viewer)
    response, content = fetch_document(client, reverse("assessment-export", args=[assessment.pk]))
    assert response.status_code == 200

    book = load_workbook(io.BytesIO(content))
    by_code = {r["Code"]: r for r in rows(book["Answers"])}
    assert by_code[first.code]["Evidence"] == "Decree12\n\tart. 3"
    assert by_code[first.code]["Evidence links"] == "https://example.org/law"
    assert by_code[first.code]["Comment"] == "Checked by the ministry"
    assert by_code[first.code]["Changed by"] == "Fran Focal"
    assert by_code[second.code]["N/A justification"] == "No coast"
    assert book.properties.title == "Alphaland · Self-assessment 2026"


def test_file_share_references_are_exported_as_plain_text(assessment):
    first, *_rest = assessment.applicable_indicators()
    Answer.objects.create(
        assessment=assessment, indicator=first, evidence_links="\\\\srv\\legal\\decree.pdf"
    )
    sheet = workbook(assessment)["Answers"]
    column = [c.value for c in sheet[1]].index("Evidence links") + 1
    cell = sheet.cell(row=2, column=column)
    assert (cell.value, cell.hyperlink) == ("\\\\srv\\legal\\decree.pdf", None)


def test_the_legal_status_sheet_lists_the_recorded_treaties(answered):
    from assessments.legal_status.models import LegalStatus
    from tests.factories import InstrumentFactory

    treaty = InstrumentFactory(code="x-actip", name="ASEAN Convention", short_name="ACTIP")
    LegalStatus.objects.create(
        assessment=answered, instrument=treaty, status="party", year=2017, note="=SUM(A1)"
    )
    [row] = rows(workbook(answered)["Legal status"])
    assert row == {
        "Treaty": "ASEAN Convention",
        "Short name": "ACTIP",
        "Status": "Party (ratified or acceded)",
        "Year": 2017,
        "Note": "=SUM(A1)",
    }
