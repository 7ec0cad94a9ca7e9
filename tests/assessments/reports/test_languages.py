"""The report and the workbook in the reader's language (docs/translation.md, Documents,
numbers and dates): translated headings and page margins, Thai and Arabic glyphs embedded,
Arabic right to left, dates and numbers for the locale, the member state's name from
pycountry, framework text marked where it is still English, answers as they were written.

The words checked come from a test catalogue (tests/catalogues.py) laid over the project's.
"""

from __future__ import annotations

import io
import re
import subprocess

import pypdf
import pytest
from django.utils import formats, translation
from openpyxl import load_workbook

from assessments.models import Answer, MemberState
from assessments.reports import exports, report
from assessments.results import assessment_results
from roadmap.models import Indicator
from tests.catalogues import install

pytestmark = pytest.mark.django_db

INDONESIAN = {
    "Executive summary": "Ringkasan eksekutif",
    "Contents": "Daftar isi",
    "Gap report": "Laporan kesenjangan",
    "Confidential": "Rahasia",
    "Page %(page)s of %(pages)s": "Halaman %(page)s dari %(pages)s",
    "Language of this report": "Bahasa laporan ini",
    "Answers": "Jawaban",
    "Scores": "Skor",
    "Question": "Pertanyaan",
    "yes": "ya",
}
THAI = {
    "Executive summary": "บทสรุปผู้บริหาร",
    "Contents": "สารบัญ",
    "Gap report": "รายงานช่องว่าง",
    "Page %(page)s of %(pages)s": "หน้า %(page)s จาก %(pages)s",
}
EVIDENCE = "Evidence written in English by the ministry"


@pytest.fixture(autouse=True)
def catalogues(settings, tmp_path):
    install(settings, tmp_path / "locale", {"id": INDONESIAN, "th": THAI})


@pytest.fixture
def answered(assessment, focal):
    for indicator in assessment.applicable_indicators():
        Answer.objects.create(
            assessment=assessment, indicator=indicator, level=1, evidence=EVIDENCE, updated_by=focal
        )
    return assessment


def pdf_in(assessment, language: str, *, annex: bool = False) -> bytes:
    with translation.override(language):
        return report.render_pdf(assessment, annex=annex)


def html_in(assessment, language: str, *, annex: bool = False) -> str:
    with translation.override(language):
        return report.report_html(assessment, annex=annex)


def pdftotext(content: bytes) -> str:
    """The text as poppler extracts it (pdftotext, in the test group of the Debian list)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")


def pdffonts(content: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_indonesian_report_has_translated_headings_and_page_margins(answered):
    content = pdf_in(answered, "id")
    text = pdftotext(content)
    pages = len(pypdf.PdfReader(io.BytesIO(content)).pages)
    for heading in (
        "Ringkasan eksekutif",
        "Daftar isi",
        "Laporan kesenjangan",
        "Bahasa laporan ini",
    ):
        assert heading in text
    assert "Executive summary" not in text
    assert f"Halaman 2 dari {pages}" in text
    assert "Rahasia" in text
    assert "Bahasa Indonesia" in text  # the language it is in, by its own name


def test_the_thai_report_has_translated_headings_and_embeds_a_thai_font(answered):
    content = pdf_in(answered, "th")
    text = pdftotext(content)
    pages = len(pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "บทสรุปผู้บริหาร" in text
    assert "สารบัญ" in text
    assert f"หน้า 2 จาก {pages}" in text
    fonts = pdffonts(content)
    assert re.search(r"Noto-S(ans|erif)-Thai", fonts), fonts
    root = pypdf.PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert root["/Lang"] == "th"


def test_the_arabic_report_reads_right_to_left_in_an_arabic_font(answered):
    html = html_in(answered, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    fonts = pdffonts(pdf_in(answered, "ar"))
    assert re.search(r"Noto-(Naskh|Sans)-Arabic", fonts), fonts


def test_an_english_report_stays_left_to_right_and_says_it_is_in_english(answered):
    html = html_in(answered, "en")
    assert '<html lang="en" dir="ltr">' in html
    assert '<th scope="row">Language of this report</th><td>English</td>' in html


def test_the_member_states_name_comes_from_pycountry_in_the_reports_language(answered):
    MemberState.objects.filter(pk=answered.member_state_id).update(code="IDN", name="Indonesia")
    answered.refresh_from_db()
    assert "อินโดนีเซีย" in pdftotext(pdf_in(answered, "th")).split("บทสรุปผู้บริหาร")[0]
    assert "Indonesia" in html_in(answered, "id")


def test_dates_are_in_the_languages_format_with_the_gregorian_year(answered):
    date = report.report_date(answered)
    with translation.override("th"):
        expected = formats.date_format(date, "DATE_FORMAT")
    assert str(date.year) in expected  # Gregorian: 2026, not the Buddhist era's 2569
    assert re.search("[\u0e00-\u0e7f]", expected)  # the month's Thai name
    assert expected in html_in(answered, "th")


def test_numbers_use_the_languages_decimal_separator(answered):
    priority = assessment_results(answered).result.gaps[0].priority
    with translation.override("id"):
        expected = formats.number_format(priority, 2)
    assert "," in expected
    assert expected in html_in(answered, "id")


def test_framework_text_without_a_translation_is_marked_english_and_a_translation_is_not(
    answered,
):
    translated, untranslated = Indicator.objects.filter(edition=answered.edition).order_by("code")[
        :2
    ]
    Indicator.objects.filter(pk=translated.pk).update(
        question_ind="Pertanyaan dalam bahasa Indonesia?"
    )
    html = html_in(answered, "id", annex=True)
    assert f'<p class="q" lang="en" dir="ltr">{untranslated.question}</p>' in html
    assert '<p class="q">Pertanyaan dalam bahasa Indonesia?</p>' in html


def test_the_report_says_answers_stay_in_their_language_and_shows_them_as_written(answered):
    english = html_in(answered, "en", annex=True)
    assert (
        "Answers, evidence and comments are shown in the language they were written in" in english
    )
    assert EVIDENCE in html_in(answered, "id", annex=True)


def test_the_page_numbers_follow_the_word_order_of_the_translation(monkeypatch):
    assert report.page_number_content() == '"Page " counter(page) " of " counter(pages)'
    monkeypatch.setattr(report, "_", lambda text: "%(pages)s pages, this is %(page)s")
    assert report.page_number_content() == 'counter(pages) " pages, this is " counter(page)'
    assert report.css_string('say "hi" \\ now') == '"say \\"hi\\" \\\\ now"'


def workbook_in(assessment, language: str):
    with translation.override(language):
        return load_workbook(io.BytesIO(exports.workbook_bytes(assessment)))


def test_the_workbooks_sheets_and_headers_are_in_the_chosen_language(answered):
    book = workbook_in(answered, "id")
    assert book.sheetnames[:2] == ["Jawaban", "Skor"]
    headers = [cell.value for cell in next(book["Jawaban"].iter_rows(max_row=1))]
    assert "Pertanyaan" in headers
    assert not book["Jawaban"].sheet_view.rightToLeft


def test_an_arabic_workbook_reads_right_to_left():
    assert exports.sheet_name("Answers: [draft] a/b?") == "Answers   draft  a b"
    assert len(exports.sheet_name("x" * 40)) == 31


def test_an_arabic_workbooks_sheets_are_right_to_left(answered):
    book = workbook_in(answered, "ar")
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
