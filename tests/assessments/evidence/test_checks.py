"""The type of an evidence file is read from its content; office files with macros are refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from assessments.evidence import checks
from assessments.evidence.checks import Detected, clean_name, detect, ole_has_macros
from assessments.evidence.models import NAME_MAX_LENGTH
from tests.assessments.evidence import samples


def kind_of(content: bytes) -> str:
    return detect(io.BytesIO(content)).content_type


def refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        detect(io.BytesIO(content))
    return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.pdf(), checks.PDF),
        (samples.docx(), checks.DOCX),
        (samples.xlsx(), checks.XLSX),
        (samples.png(), checks.PNG),
        (samples.ole("WordDocument"), checks.DOC),
        (samples.ole("Workbook"), checks.XLS),
    ],
)
def test_accepted_files_are_recognised_by_their_content(content, kind):
    assert kind_of(content) == kind


def test_a_program_renamed_pdf_is_refused_whatever_its_name():
    assert "cannot be attached" in refusal(samples.EXE)
    assert "application/x-dosexec" in refusal(samples.EXE)


def test_plain_text_and_an_empty_file_are_refused():
    assert "cannot be attached" in refusal(b"just some words")
    assert "empty" in refusal(b"")


def test_a_zip_that_is_no_office_document_is_refused():
    assert "application/zip" in refusal(samples.plain_zip())


def test_a_damaged_office_file_is_refused_with_a_clear_message():
    assert "damaged" in refusal(samples.docx()[:200])


@pytest.mark.parametrize("content", [samples.docm(), samples.xlsm()])
def test_word_and_excel_files_with_macros_are_refused(content):
    assert "macros" in refusal(content)


def test_a_docx_hiding_a_vba_project_is_refused_though_its_type_says_docx():
    assert "macros" in refusal(samples.docx({"word/vbaProject.bin": b"\x00"}))


@pytest.mark.parametrize("storage", ["Macros", "_VBA_PROJECT_CUR", "VBA"])
def test_legacy_doc_and_xls_files_with_a_vba_storage_are_refused(storage):
    assert "macros" in refusal(samples.ole("WordDocument", macros=storage))
    assert "macros" in refusal(samples.ole("Workbook", macros=storage))


def test_an_ole_file_that_is_neither_word_nor_excel_is_refused():
    assert "cannot be attached" in refusal(samples.ole("PowerPoint Document"))


class FakeOle:
    def __init__(self, paths):
        self.paths = paths

    def listdir(self, streams=True, storages=False):
        return self.paths


def test_a_vba_storage_deep_inside_a_compound_file_counts_as_macros():
    assert ole_has_macros(FakeOle([["WordDocument"], ["ObjectPool", "_1", "vba", "dir"]]))
    assert not ole_has_macros(FakeOle([["WordDocument"], ["1Table"]]))


PDF = Detected(checks.PDF)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Annual report.pdf", "Annual report.pdf"),
        ("C:\\Users\\me\\Desktop\\law.pdf", "law.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("plan\x00\x1b[31m\u202e.pdf", "plan[31m.pdf"),
        ("  spaced   out  .pdf ", "spaced out.pdf"),
        ("no extension", "no extension.pdf"),
        ("version 1.2 final", "version 1.2 final.pdf"),
        (".pdf", "file.pdf"),
    ],
)
def test_file_names_are_cleaned_of_folders_and_control_characters(given, kept):
    assert clean_name(given, PDF) == kept


def test_a_pdf_named_docx_is_accepted_as_the_pdf_it_is_and_renamed_to_match():
    assert kind_of(samples.pdf()) == checks.PDF
    assert clean_name("Strategy.docx", PDF) == "Strategy.pdf"


def test_a_jpeg_keeps_its_jpeg_extension():
    assert clean_name("photo.JPEG", Detected(checks.JPEG)) == "photo.JPEG"


def test_an_overlong_name_is_cut_but_keeps_its_extension():
    name = clean_name("x" * 500 + ".pdf", PDF)
    assert len(name) == NAME_MAX_LENGTH
    assert name.endswith("x.pdf")


def test_a_powerpoint_package_is_refused_though_it_is_an_office_zip():
    pptx = samples.ooxml(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    )
    assert "cannot be attached" in refusal(pptx)
