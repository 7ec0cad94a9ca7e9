"""The PDF gap report: contents, summary and full report, DRAFT watermark, fingerprint, names.

The views that ask a worker for it are tested in test_views.py, the kinds in test_documents.py.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.utils import timezone

from assessments.evidence.services import evidence_attach, evidence_remove
from assessments.models import Answer, Assessment, CategoryTarget, EvidenceFile, MemberState
from assessments.reports import report
from assessments.results import assessment_results
from roadmap.models import Challenge, Indicator
from tests.assessments.conftest import add_section
from tests.assessments.evidence import samples
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def answered(assessment):
    """Everything answered: 12 practice gaps, and two critical indicators at level 0."""
    add_section(assessment.edition, "PRAC.X", 12, category="PRAC")
    Indicator.objects.filter(edition=assessment.edition, code__in=["POL.T.1", "PLAN.A.1"]).update(
        critical=True
    )
    for indicator in assessment.applicable_indicators():
        level = 0 if indicator.code in ("POL.T.1", "PLAN.A.1") else 1
        if indicator.code.startswith(("PRIN", "POL.A")):
            level = 4
        Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            level=level,
            evidence=f"Evidence for {indicator.code} {SCRIPT}",
            comment="=1+1",
        )
    return assessment


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def draft_pdf(answered):
    """The full report of a draft (with the annex of every answer)."""
    return pdf_pages(report.render_pdf(answered, annex=True))


@pytest.fixture
def summary_pdf(answered):
    return pdf_pages(report.render_pdf(answered, annex=False))


def submit(assessment: Assessment) -> Assessment:
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    return assessment


def test_the_pdf_has_a_cover_and_a_sensible_number_of_pages(draft_pdf):
    cover = draft_pdf[0]
    assert "Alphaland" in cover
    assert "National self-assessment" in cover
    assert "CONFIDENTIAL" in cover
    assert "Draft" in cover
    assert 8 <= len(draft_pdf) <= 25


def test_the_pdf_text_holds_the_state_the_score_and_the_critical_gaps(answered, draft_pdf):
    result = assessment_results(answered).result
    text = "\n".join(draft_pdf)
    assert "Alphaland" in text
    assert f"{result.overall:.0f}" in text
    assert {g.code for g in result.critical_gaps} == {"POL.T.1", "PLAN.A.1"}
    for gap in result.critical_gaps:
        assert gap.code in text


def test_the_summary_lists_the_first_ten_gaps_in_priority_order(answered, draft_pdf):
    codes = [g.code for g in assessment_results(answered).result.gaps[:10]]
    text = "\n".join(draft_pdf)
    summary = text[text.index("gaps with the highest priority") :]
    positions = [summary.index(code) for code in codes]
    assert positions == sorted(positions)


def test_the_top_ten_table_is_not_split_across_pages(answered, draft_pdf):
    codes = [g.code for g in assessment_results(answered).result.gaps[:10]]
    (page,) = [p for p in draft_pdf if "gaps with the highest priority" in p]
    table = page[page.index("gaps with the highest priority") :]
    assert [code for code in codes if code not in table] == []


def test_gaps_in_the_pdf_show_level_names_and_weights(answered, draft_pdf):
    text = " ".join(" ".join(draft_pdf).split())
    assert "Answer: 0 Not in place → target: 3 Established" in text
    assert "Answer: 1 Initial → target: 3 Established" in text
    assert "weight 2 · priority" in text
    summary = text[text.index("gaps with the highest priority") : text.index("Part 1")]
    assert "%" not in summary


def test_the_cover_names_the_year_once(answered, draft_pdf):
    assert answered.title == "National self-assessment"
    lines = [line for line in draft_pdf[0].splitlines() if not line.startswith("Data as of")]
    assert [line for line in lines if "2026" in line] == ["Reporting year 2026"]


def test_a_title_with_the_year_is_not_followed_by_the_year_again(answered):
    answered.title = "Review 2026"
    assert report.document_title(answered) == "Alphaland · Review 2026: gap report"
    answered.title = "Review"
    assert report.document_title(answered) == "Alphaland · Review (2026): gap report"


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_no_action_plan_part_until_there_is_a_plan(answered, status):
    if status == "submitted":
        submit(answered)
    html = report.report_html(answered, annex=True)
    assert "No action plan yet" not in html
    assert "Action plan" not in html


def test_the_pdf_is_tagged_for_accessibility_with_its_language_and_title(answered):
    reader = pypdf.PdfReader(io.BytesIO(report.render_pdf(answered, annex=False)))
    root = reader.trailer["/Root"]
    title = report.document_title(answered)
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == title
    assert reader.xmp_metadata.dc_title["x-default"] == title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_a_draft_is_watermarked_on_every_page(draft_pdf):
    assert all("DRAFT" in page for page in draft_pdf)


def test_a_submitted_report_has_no_draft_watermark(answered):
    pages = pdf_pages(report.render_pdf(submit(answered), annex=False))
    assert not any("DRAFT" in page for page in pages)
    assert "Submitted" in pages[0]


def test_page_numbers_and_running_header(draft_pdf):
    total = len(draft_pdf)
    assert f"Page 2 of {total}" in draft_pdf[1]
    assert f"Page {total} of {total}" in draft_pdf[-1]
    assert "Alphaland · National self-assessment" in draft_pdf[2]


def test_the_report_has_every_part(draft_pdf):
    text = "\n".join(draft_pdf)
    for heading in [
        "Contents",
        "Executive summary",
        "Part 1",
        "Part 4",
        "The 4P view",
        "Annex A",
        "Annex B",
        "Recommendation.",
    ]:
        assert heading in text


def test_the_summary_has_no_annex_of_answers_and_says_the_full_report_has_it(summary_pdf):
    text = "\n".join(summary_pdf)
    assert "Annex A" not in text
    assert "Evidence for" not in text  # no answer's evidence anywhere
    assert "Annex B" not in text  # its one annex has no letter, in the contents and heading
    contents = next(page for page in summary_pdf if "Contents" in page)
    assert "Annex: how the scores and gaps are computed" in contents
    assert "Annex: how the scores and gaps are computed" in summary_pdf[-1]
    assert "Summary, without the annex of every answer" in summary_pdf[0]
    assert "The full report also has an annex with every answer" in text
    for heading in ["Contents", "Executive summary", "Part 1", "Part 4", "The 4P view"]:
        assert heading in text


def test_the_full_report_has_the_annex_of_every_answer(answered, draft_pdf):
    text = "\n".join(draft_pdf)
    assert "Full report, with the annex of every answer" in draft_pdf[0]
    contents = next(page for page in draft_pdf if "Contents" in page)
    assert "Annex A: every answer, with evidence and comments" in contents
    assert "Annex B: how the scores and gaps are computed" in contents
    assert "Annex B: how the scores and gaps are computed" in draft_pdf[-1]
    assert "The full report also has" not in text
    flat = " ".join(text.split())
    for indicator in answered.applicable_indicators():  # the summary has none of them
        assert f"Evidence for {indicator.code}" in flat


@pytest.mark.parametrize("annex", [False, True])
def test_every_entry_of_the_contents_leads_to_a_part_of_the_report(answered, annex):
    html = report.report_html(answered, annex=annex)
    contents = html[html.index('<nav class="toc"') : html.index("</nav>")]
    targets = re.findall(r'href="#([\w-]+)"', contents)
    assert targets
    for target in targets:
        assert f'id="{target}"' in html
    assert ('id="annex-answers"' in html) is annex


def test_the_comparison_appears_when_a_previous_assessment_was_submitted(answered, focal):
    previous = submit(
        Assessment.objects.create(
            member_state=answered.member_state,
            edition=answered.edition,
            title="Earlier",
            reporting_year=2024,
            profile_destination=True,
        )
    )
    context = report.report_context(assessment_results(answered), annex=False)
    assert context["comparison"].previous == previous
    html = report.report_html(answered, annex=False)
    assert "Comparison with the previous assessment" in html


def test_the_comparison_names_the_indicators_that_moved(answered):
    previous = submit(
        Assessment.objects.create(
            member_state=answered.member_state,
            edition=answered.edition,
            title="Earlier",
            reporting_year=2024,
            profile_destination=True,
        )
    )
    for indicator in answered.applicable_indicators():
        Answer.objects.create(assessment=previous, indicator=indicator, level=2)
    Indicator.objects.filter(edition=answered.edition, code="PRIN.A.1").update(
        question="Are victims screened at the border?"
    )
    html = report.report_html(answered, annex=True)
    comparison = html[html.index('id="comparison"') : html.index('id="annex-answers"')]
    row = comparison[comparison.index(">PRIN.A.1<") :]
    row = row[: row.index("</tr>")]
    assert "Are victims screened at the border?" in row
    assert '2 Developing</span> → <span class="nowrap">4 Advanced' in row
    assert "improved" in row


def test_the_principles_part_lists_the_legal_status_profile(answered):
    from assessments.legal_status.models import LegalStatus
    from tests.factories import InstrumentFactory

    treaty = InstrumentFactory(code="x-cedaw", name="Convention on Women (test)")
    LegalStatus.objects.create(
        assessment=answered, instrument=treaty, status="signed", year=1980, note="A reservation"
    )
    html = report.report_html(answered, annex=False)
    part = html[html.index('id="part-PRIN"') : html.index('id="part-POL"')]
    assert "Legal status: treaties" in part
    for text in ("Convention on Women (test)", "Signed, not ratified", "1980", "A reservation"):
        assert text in part


# --- Fingerprint (what identifies a draft's report on the queue) ------------------------------


def test_an_unchanged_assessment_keeps_its_fingerprint(answered):
    assert report.report_fingerprint(answered) == report.report_fingerprint(
        Assessment.objects.get(pk=answered.pk)
    )


def change_answer(assessment):
    answer = assessment.answers.first()
    answer.comment = "Changed"
    answer.save()


def change_target(assessment):
    CategoryTarget.objects.create(assessment=assessment, category="POL", level=4)


def change_framework_text(assessment):
    Indicator.objects.filter(edition=assessment.edition, code="POL.T.2").update(
        recommendation="A new recommendation."
    )


def rename_edition(assessment):
    assessment.edition.name = "Renamed edition"
    assessment.edition.save()


def tick_challenge(assessment):
    assessment.challenges.add(Challenge.objects.filter(edition=assessment.edition).first())


def record_legal_status(assessment):
    from assessments.legal_status.models import LegalStatus
    from tests.factories import InstrumentFactory

    LegalStatus.objects.create(
        assessment=assessment, instrument=InstrumentFactory(code="x-uncac"), status="party"
    )


def change_status(assessment):
    submit(assessment)


def add_action(assessment):
    ActionFactory(member_state=assessment.member_state, aims={"POL.T.1": 4})


def attach_file(assessment):
    evidence_attach(
        assessment=assessment,
        indicator=Indicator.objects.get(edition=assessment.edition, code="POL.T.1"),
        upload=samples.upload(samples.pdf(), "Law.pdf"),
        by=assessment.created_by,
    )


def remove_file(assessment):
    evidence = EvidenceFile.objects.get(assessment=assessment)
    evidence_remove(evidence=evidence, by=assessment.created_by)


@pytest.mark.parametrize(
    "change",
    [
        change_answer,
        change_target,
        change_framework_text,
        rename_edition,
        tick_challenge,
        record_legal_status,
        change_status,
        add_action,
        attach_file,
    ],
)
def test_a_change_gives_the_report_a_new_fingerprint(answered, change):
    before = report.report_fingerprint(answered)
    change(answered)
    assert report.report_fingerprint(Assessment.objects.get(pk=answered.pk)) != before


def test_removing_an_attached_file_gives_the_report_a_new_fingerprint(answered):
    attach_file(answered)
    before = report.report_fingerprint(answered)
    remove_file(answered)
    assert report.report_fingerprint(answered) != before


def test_the_full_reports_annex_lists_each_answers_attached_files(answered):
    attach_file(answered)
    annex = report.report_html(answered, annex=True)
    annex = annex[annex.index('id="annex-answers"') :]
    row = annex[annex.index("POL.T.1") : annex.index("POL.T.2")]
    assert "Attached files:" in row
    assert "Law.pdf (" in row
    assert "attached by" in row
    assert "Attached files:" not in report.report_html(answered, annex=False)


def test_download_names_are_safe_ascii():
    assessment = Assessment(
        title="Bilan: l'année «2026»",
        reporting_year=2026,
        member_state=MemberState(name="Côte <d'Ivoire>"),
        status=Assessment.Status.SUBMITTED,
    )
    name = report.download_name(assessment, "xlsx")
    assert name == "cote-divoire-2026-bilan-lannee-2026.xlsx"
    assert re.fullmatch(r"[a-z0-9-]+\.xlsx", name)


@pytest.mark.parametrize("extension", ["pdf", "xlsx"])
def test_a_drafts_file_name_says_draft(extension):
    assessment = Assessment(
        title="Review" + "x" * 200, reporting_year=2026, member_state=MemberState(name="Alphaland")
    )
    assert assessment.is_draft
    name = report.download_name(assessment, extension)
    assert name.endswith(f"-draft.{extension}")
    assessment.status = Assessment.Status.SUBMITTED
    assert "draft" not in report.download_name(assessment, extension)


def test_the_full_reports_file_name_says_full():
    assessment = Assessment(
        title="Review", reporting_year=2026, member_state=MemberState(name="Alphaland")
    )
    assert report.download_name(assessment, "pdf", suffix="full") == (
        "alphaland-2026-review-full-draft.pdf"
    )
    assessment.status = Assessment.Status.SUBMITTED
    name = report.download_name(assessment, "pdf", suffix="full")
    assert name == "alphaland-2026-review-full.pdf"


def test_the_pdf_html_carries_no_stylesheet_link_and_loads_nothing(answered):
    html = report.report_html(answered, annex=True)
    assert "<link" not in html
    assert "http://" not in html.split("<body", 1)[1].replace('xmlns="http://www.w3.org', "")
    with pytest.raises(ValueError, match="external resources"):
        report._refuse_urls("https://example.org/tracker.png")


def test_control_characters_stored_earlier_do_not_reach_the_pdf(answered, caplog):
    """WeasyPrint would draw them as empty boxes (and log a .notdef glyph for each)."""
    Answer.objects.filter(assessment=answered).update(
        evidence="Decree\x0112", comment="Checked\x08 by the ministry"
    )
    MemberState.objects.filter(pk=answered.member_state_id).update(name="Alpha\x1bland")
    with caplog.at_level("WARNING", logger="weasyprint"):
        pages = pdf_pages(report.render_pdf(answered, annex=True))
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    text = "".join(pages)
    assert "Decree12" in text
    assert "\x01" not in text
    assert "\x08" not in text
