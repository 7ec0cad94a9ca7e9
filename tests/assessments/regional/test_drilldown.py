"""The RSO's drill-down into one shared assessment: exactly the level it was shared at."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer, Assessment, Role
from assessments.services import assessment_reopen, assessment_submit
from assessments.sharing.models import ShareLevel, ShareLogEntry
from assessments.sharing.services import share_assessment, withdraw_share
from roadmap.models import Edition, Indicator
from tests.assessments.conftest import add_section
from tests.assessments.jobs.helpers import body, job_of
from tests.assessments.regional.documents import prepared
from tests.conftest import sign_in
from tests.factories import AssessmentFactory, MemberFactory, UserFactory, complete_edition

pytestmark = pytest.mark.django_db

COMMENT = "COMMENT-SECRET-7731"
EVIDENCE = "EVIDENCE-SECRET-5521"
LINK = "https://evidence.example/SECRET-LINK-3390"
JUSTIFICATION = "JUSTIFICATION-SECRET-9912"
QUESTION = "Does the State have written procedures to identify victims?"
RECOMMENDATION = "Adopt written procedures and train officers in them."
NOT_APPLICABLE = "POL.T.3"
CRITICAL = "PLAN.A.1"  # answered 0: a critical gap, and the overall band capped


def submit_with_answers(assessment, focal) -> Assessment:
    """Answer every indicator with a comment and evidence (one not applicable), and submit."""
    Indicator.objects.filter(edition=assessment.edition, code=CRITICAL).update(critical=True)
    for indicator in assessment.applicable_indicators():
        na = indicator.code == NOT_APPLICABLE
        Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            level=None if na else (0 if indicator.code == CRITICAL else 4),
            not_applicable=na,
            na_justification=JUSTIFICATION if na else "",
            evidence=f"{EVIDENCE} {indicator.code}",
            evidence_links=LINK,
            comment=f"{COMMENT} {indicator.code}",
        )
    assert assessment_submit(assessment=assessment, by=focal) == []
    return Assessment.objects.get(pk=assessment.pk)


@pytest.fixture
def submitted(assessment, focal):
    return submit_with_answers(assessment, focal)


def share(assessment, focal, level, evidence=False):
    return share_assessment(assessment=assessment, by=focal, level=level, include_evidence=evidence)


def page_url(assessment) -> str:
    return reverse("regional-assessment", args=[assessment.pk])


def export_url(assessment) -> str:
    return reverse("regional-assessment-export", args=[assessment.pk])


def indicator_codes(assessment) -> list[str]:
    return list(Indicator.objects.filter(edition=assessment.edition).values_list("code", flat=True))


def workbook_cells(response) -> dict[str, list[str]]:
    """Sheet title -> every non-empty cell of the sheet, as text (the served file)."""
    workbook = load_workbook(BytesIO(body(response)))
    return {
        sheet.title: [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        for sheet in workbook.worksheets
    }


def overall_card(response) -> str:
    """The overall card's score, band and cap note, as rendered."""
    html = response.content.decode()
    start = html.index('<p class="display-4')
    return html[start : html.index("</p>", html.index("cap-note", start)) + 4]


def log(kind: str) -> list[ShareLogEntry]:
    return list(ShareLogEntry.objects.filter(kind=kind))


def test_scores_only_shows_scores_and_no_indicator_level_data(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.SCORES)
    response = sign_in(client, rso).get(page_url(submitted))
    assert response.status_code == 200
    html = response.content.decode()
    assert submitted.member_state.name in html
    assert submitted.title in html
    assert "Scores only" in html
    view = response.context["view"]
    assert view.gaps is None
    assert view.answers is None
    # the overall band, capped by the critical gap, with the results page's note
    assert view.overall.capped
    assert "cap-note" in html
    assert f">{view.overall.score}<" in html
    assert "Protection" in html  # the 4P table
    forbidden = [COMMENT, EVIDENCE, LINK, JUSTIFICATION, QUESTION, RECOMMENDATION]
    for text in forbidden + indicator_codes(submitted):
        assert text not in html, text
    assert "Critical gap" not in html
    assert "indicator-code" not in html


def test_scores_only_workbook_holds_no_indicator_level_data(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.SCORES)
    response = prepared(sign_in(client, rso), export_url(submitted))
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].endswith('-shared-scores.xlsx"')
    cells = workbook_cells(response)
    assert list(cells) == ["About", "Scores"]
    assert "Scores only" in cells["About"]
    assert "Overall" in cells["Scores"]
    assert "Prevention" in cells["Scores"]
    every = [text for sheet in cells.values() for text in sheet]
    for secret in [COMMENT, EVIDENCE, LINK, JUSTIFICATION, QUESTION, RECOMMENDATION]:
        assert not any(secret in text for text in every), secret
    for code in indicator_codes(submitted):
        assert not any(code in text for text in every), code


def test_scores_match_the_member_states_results_page(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.SCORES)
    ours = sign_in(client, focal).get(reverse("assessment-results", args=[submitted.pk]))
    theirs = sign_in(client, rso).get(page_url(submitted))
    result, view = ours.context["result"], theirs.context["view"]
    assert view.overall.score == result.shown_overall
    assert view.overall.band == result.band
    categories = {c.row.code: (c.row.score, c.row.band) for c in view.categories}
    assert categories == {code: (s.shown, s.band) for code, s in result.categories.items()}
    sections = {s.code: (s.score, s.band) for c in view.categories for s in c.sections}
    assert sections == {code: (s.shown, s.band) for code, s in result.sections.items()}
    pillars = {p.code: (p.score, p.band) for p in view.pillars}
    assert pillars == {code: (s.shown, s.band) for code, s in result.pillars.items()} | {
        code: (None, None) for code in pillars if code not in result.pillars
    }
    # the overall score, band and cap note read the same on both pages (one include)
    assert overall_card(theirs) == overall_card(ours)


def test_answers_level_shows_answers_gaps_and_comments_but_not_evidence(
    client, submitted, focal, rso
):
    share(submitted, focal, ShareLevel.ANSWERS)
    response = sign_in(client, rso).get(page_url(submitted))
    html = response.content.decode()
    assert f"{COMMENT} POL.T.1" in html
    assert JUSTIFICATION in html
    assert "4 Advanced" in html
    assert "0 Not in place" in html
    assert "Critical gap" in html
    assert f'id="gap-{CRITICAL}"' in html
    assert response.context["view"].gaps[0].gap.code == CRITICAL  # critical gaps first
    assert EVIDENCE not in html
    assert LINK not in html
    assert "The evidence was not shared." in html
    rows = [row for section in response.context["view"].answers for row in section.rows]
    assert not any(row.evidence or row.evidence_links for row in rows)  # not even in the view

    cells = workbook_cells(prepared(client, export_url(submitted)))
    assert list(cells) == ["About", "Scores", "Gaps", "Answers"]
    assert f"{COMMENT} POL.T.1" in cells["Answers"]
    assert JUSTIFICATION in cells["Answers"]
    assert "Evidence" not in cells["Answers"]  # no evidence column at all
    every = [text for sheet in cells.values() for text in sheet]
    assert not any(EVIDENCE in text or LINK in text for text in every)
    assert CRITICAL in cells["Gaps"]


def test_gaps_follow_the_member_states_own_targets(client, submitted, focal, rso):
    Assessment.objects.filter(pk=submitted.pk).update(target_level=4)
    share(submitted, focal, ShareLevel.ANSWERS)
    high = sign_in(client, rso).get(page_url(submitted)).context["view"]
    Assessment.objects.filter(pk=submitted.pk).update(target_level=1)
    low = client.get(page_url(submitted)).context["view"]
    # everything but the critical indicator is at 4: only it falls short of either target
    assert [v.gap.code for v in high.gaps] == [v.gap.code for v in low.gaps] == [CRITICAL]
    assert high.gaps[0].target == "4 Advanced"
    assert low.gaps[0].target == "1 Initial"


def test_evidence_is_shown_when_the_focal_point_shared_it(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.ANSWERS, evidence=True)
    html = sign_in(client, rso).get(page_url(submitted)).content.decode()
    assert f"{EVIDENCE} POL.T.1" in html
    assert f'href="{LINK}"' in html
    cells = workbook_cells(prepared(client, export_url(submitted)))
    assert "Evidence" in cells["Answers"]
    assert f"{EVIDENCE} POL.T.1" in cells["Answers"]
    assert LINK in cells["Answers"]


def test_every_open_and_download_is_logged_for_the_member_state(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.SCORES)
    sign_in(client, rso)
    client.get(page_url(submitted))
    client.get(page_url(submitted))
    job = job_of(client.get(export_url(submitted)))
    assert not log(ShareLogEntry.Kind.DOWNLOADED)  # asked for, not downloaded yet
    body(prepared(client, export_url(submitted)))  # read to the end, as a browser does
    viewed, downloaded = log(ShareLogEntry.Kind.VIEWED), log(ShareLogEntry.Kind.DOWNLOADED)
    assert len(viewed) == 2
    assert len(downloaded) == 1
    assert {(e.by, e.detail, e.level) for e in viewed} == {(rso, "page", ShareLevel.SCORES)}
    entry = downloaded[0]
    assert (entry.by, entry.by_name, entry.detail) == (rso, rso.get_full_name(), "Excel workbook")
    assert entry.assessment_id == submitted.pk
    # From the progress page's link too: each file served is one entry.
    body(client.get(reverse("document-download", args=[job.public_id])))
    assert len(log(ShareLogEntry.Kind.DOWNLOADED)) == 2


def test_the_page_is_not_kept_by_the_browser(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.ANSWERS)
    response = sign_in(client, rso).get(page_url(submitted))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def assert_not_found(client, assessment):
    before = ShareLogEntry.objects.count()
    assert client.get(page_url(assessment)).status_code == 404
    assert client.get(export_url(assessment)).status_code == 404
    assert ShareLogEntry.objects.count() == before  # nothing opened, nothing logged


def test_an_unshared_assessment_is_not_found(client, submitted, rso):
    assert_not_found(sign_in(client, rso), submitted)


def test_an_unknown_assessment_is_not_found(client, rso):
    sign_in(client, rso)
    assert client.get(reverse("regional-assessment", args=[999999])).status_code == 404


def test_a_withdrawn_share_is_not_found_at_once(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.ANSWERS, evidence=True)
    sign_in(client, rso)
    assert client.get(page_url(submitted)).status_code == 200
    withdraw_share(assessment=submitted, by=focal)
    assert_not_found(client, submitted)


def test_a_reopened_assessment_is_not_found(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.ANSWERS)
    sign_in(client, rso)
    body(prepared(client, export_url(submitted)))
    assessment_reopen(assessment=submitted, by=focal, reason="Correct an answer")
    assert_not_found(client, submitted)


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.VIEWER])
def test_member_state_users_are_refused(client, submitted, focal, state, role):
    share(submitted, focal, ShareLevel.ANSWERS, evidence=True)
    client.force_login(focal if role == Role.FOCAL_POINT else MemberFactory(role, state))
    for url in (page_url(submitted), export_url(submitted)):
        response = client.get(url)
        assert response.status_code == 403
        assert COMMENT not in response.content.decode()
    assert not log(ShareLogEntry.Kind.VIEWED)
    assert not log(ShareLogEntry.Kind.DOWNLOADED)


def test_an_administrator_without_the_rso_role_is_refused(client, submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    sign_in(client, admin)
    assert client.get(page_url(submitted)).status_code == 403
    assert client.get(export_url(submitted)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    for url in (page_url(submitted), export_url(submitted)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not log(ShareLogEntry.Kind.VIEWED)


def test_only_reading_is_allowed(client, submitted, focal, rso):
    share(submitted, focal, ShareLevel.ANSWERS)
    sign_in(client, rso)
    assert client.post(page_url(submitted)).status_code == 405
    assert client.post(export_url(submitted)).status_code == 405


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_costs_a_fixed_number_of_queries(
    client, state, focal, rso, n, django_assert_max_num_queries
):
    edition = complete_edition(code=f"d{n}", status=Edition.Status.PUBLISHED)
    add_section(edition, "POL.Q", n)
    assessment = AssessmentFactory(edition=edition, member_state=state)
    submitted = submit_with_answers(assessment, focal)
    share(submitted, focal, ShareLevel.ANSWERS, evidence=True)
    sign_in(client, rso)
    # 20 for the page, and 1 for the navbar's count of practice proposals waiting for RSO staff.
    with django_assert_max_num_queries(21):
        response = client.get(page_url(submitted))
    assert response.status_code == 200
    assert sum(len(s.rows) for s in response.context["view"].answers) == n + 4
