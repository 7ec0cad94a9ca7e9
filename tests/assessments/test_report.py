"""The PDF gap report: contents, DRAFT watermark, cache, permissions and escaping."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments import report
from assessments.models import Answer, Assessment, CategoryTarget, MemberState
from assessments.results import assessment_results
from roadmap.models import Challenge, Indicator
from tests.assessments.conftest import add_section

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
        "No action plan yet",
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


def tick_challenge(assessment):
    assessment.challenges.add(Challenge.objects.filter(edition=assessment.edition).first())


def change_status(assessment):
    submit(assessment)


@pytest.mark.parametrize(
    "change",
    [change_answer, change_target, change_framework_text, tick_challenge, change_status],
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
        'attachment; filename="alphaland-2026-review-2026-secret.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


def test_download_names_are_safe_ascii():
    assessment = Assessment(
        title="Bilan: l'année «2026»",
        reporting_year=2026,
        member_state=MemberState(name="Côte <d'Ivoire>"),
    )
    name = report.download_name(assessment, "xlsx")
    assert name == "cote-divoire-2026-bilan-lannee-2026.xlsx"
    assert re.fullmatch(r"[a-z0-9-]+\.xlsx", name)


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
