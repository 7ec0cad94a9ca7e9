"""The PDF gap report: contents, DRAFT watermark, cache, permissions and escaping."""

from __future__ import annotations

import io
import logging
import re

import pypdf
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, CategoryTarget, MemberState
from assessments.reports import render_lock, report
from assessments.results import assessment_results
from roadmap.models import Challenge, Indicator
from tests.assessments.conftest import add_section
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


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
    return pdf_pages(report.report_pdf(answered))


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
    html = report.report_html(answered)
    assert "No action plan yet" not in html
    assert "Action plan" not in html


def test_the_pdf_is_tagged_for_accessibility_with_its_language_and_title(answered):
    reader = pypdf.PdfReader(io.BytesIO(report.report_pdf(answered)))
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
    pages = pdf_pages(report.report_pdf(submit(answered)))
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
    context = report.report_context(assessment_results(answered))
    assert context["comparison"].previous == previous
    html = report.report_html(answered)
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
    html = report.report_html(answered)
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
    html = report.report_html(answered)
    part = html[html.index('id="part-PRIN"') : html.index('id="part-POL"')]
    assert "Legal status: treaties" in part
    for text in ("Convention on Women (test)", "Signed, not ratified", "1980", "A reservation"):
        assert text in part


# --- Cache ------------------------------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """Count PDF renders without paying for WeasyPrint."""
    calls = []

    def fake(html: str) -> bytes:
        calls.append(html)
        return b"%PDF-fake " + str(len(calls)).encode()

    monkeypatch.setattr(report, "html_to_pdf", fake)
    return calls


def test_an_unchanged_assessment_is_served_from_the_cache(answered, renders):
    first = report.report_pdf(answered)
    second = report.report_pdf(Assessment.objects.get(pk=answered.pk))
    assert first == second
    assert len(renders) == 1


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
    ],
)
def test_a_change_invalidates_the_cached_report(answered, renders, change):
    report.report_pdf(answered)
    change(answered)
    report.report_pdf(Assessment.objects.get(pk=answered.pk))
    assert len(renders) == 2


def test_the_cache_key_depends_on_the_assessment(answered, renders):
    assert report.cache_key(answered).startswith(f"report-pdf:{answered.pk}:")


# --- Views ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["assessment-report", "assessment-report-preview"])
def test_another_member_state_gets_404(client, answered, other_focal, name, renders):
    client.force_login(other_focal)
    assert client.get(reverse(name, args=[answered.pk])).status_code == 404
    assert renders == []


@pytest.mark.parametrize("name", ["assessment-report", "assessment-report-preview"])
def test_signed_out_visitors_are_sent_to_sign_in(client, answered, name):
    response = client.get(reverse(name, args=[answered.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_viewer_downloads_the_pdf_under_a_safe_name(client, answered, viewer, renders):
    answered.title = 'Review "2026" / ../secret'
    answered.save()
    client.force_login(viewer)
    response = client.get(reverse("assessment-report", args=[answered.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="alphaland-2026-review-2026-secret-draft.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


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


def test_the_preview_escapes_evidence_and_uses_no_inline_css(client, answered, focal):
    client.force_login(focal)
    response = client.get(reverse("assessment-report-preview", args=[answered.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<style" not in page
    assert " style=" not in page
    assert "css/report.css" in page
    assert "'unsafe-inline'" not in response.get("Content-Security-Policy", "")


def test_the_pdf_html_carries_no_stylesheet_link_and_loads_nothing(answered):
    html = report.report_html(answered)
    assert "<link" not in html
    assert "http://" not in html.split("<body", 1)[1].replace('xmlns="http://www.w3.org', "")
    with pytest.raises(ValueError, match="external resources"):
        report._refuse_urls("https://example.org/tracker.png")


def test_the_results_page_links_to_the_downloads(client, answered, focal):
    client.force_login(focal)
    page = client.get(reverse("assessment-results", args=[answered.pk])).content.decode()
    for name in ["assessment-report", "assessment-report-preview", "assessment-export"]:
        assert reverse(name, args=[answered.pk]) in page


def test_control_characters_stored_earlier_do_not_reach_the_pdf(answered, caplog):
    """WeasyPrint would draw them as empty boxes (and log a .notdef glyph for each)."""
    Answer.objects.filter(assessment=answered).update(
        evidence="Decree\x0112", comment="Checked\x08 by the ministry"
    )
    MemberState.objects.filter(pk=answered.member_state_id).update(name="Alpha\x1bland")
    with caplog.at_level("WARNING", logger="weasyprint"):
        pages = pdf_pages(report.report_pdf(answered))
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    text = "".join(pages)
    assert "Decree12" in text
    assert "\x01" not in text
    assert "\x08" not in text


def test_a_report_being_rendered_by_another_request_answers_503_at_once(
    client, answered, viewer, renders
):
    cache.add(render_lock.lock_key(report.cache_key(answered)), "another worker", 60)
    client.force_login(viewer)
    response = client.get(reverse("assessment-report", args=[answered.pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == str(render_lock.RETRY_AFTER)
    assert "being prepared" in response.content.decode()
    assert renders == []


def test_being_prepared_is_logged_as_a_warning_not_as_a_server_error(
    client, answered, viewer, renders, caplog
):
    cache.add(render_lock.lock_key(report.cache_key(answered)), "another worker", 60)
    client.force_login(viewer)
    with caplog.at_level(logging.WARNING):
        response = client.get(reverse("assessment-report", args=[answered.pk]))
    assert response.status_code == 503
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.levelname for r in caplog.records if "503" in r.getMessage()] == ["WARNING"]


def test_new_reports_beyond_the_limit_get_429_and_cached_downloads_are_not_counted(
    client, answered, viewer, renders, settings
):
    settings.REPORT_RENDER_LIMIT = 1
    client.force_login(viewer)
    url = reverse("assessment-report", args=[answered.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # the same report again: from the cache
    change_answer(answered)
    response = client.get(url)
    assert response.status_code == 429
    assert "Wait a minute" in response.content.decode()
    assert response["Retry-After"] == "60"
    assert len(renders) == 1
