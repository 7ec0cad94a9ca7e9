"""The regional documents on the queue: the brief, the regional workbook and the drill-down
workbook are prepared by a worker, served from storage, for RSO staff only.

What each document shows is tested in test_brief.py, test_exports.py and test_drilldown.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from assessments.jobs import services
from assessments.jobs.models import DocumentJob
from assessments.models import Role
from assessments.regional import documents
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry
from assessments.sharing.services import share_assessment, withdraw_share
from tests.assessments.jobs.helpers import body, job_of
from tests.assessments.regional.conftest import shared_assessment
from tests.assessments.regional.documents import prepared
from tests.conftest import sign_in
from tests.factories import MemberFactory, MemberStateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_view")]

BRIEF = reverse("regional-brief")
EXPORT = reverse("regional-export")
Status = DocumentJob.Status


def drilldown_url(assessment) -> str:
    return reverse("regional-assessment-export", args=[assessment.pk])


def job_urls(job) -> list[str]:
    return [
        reverse(name, args=[job.public_id])
        for name in ("document-progress", "document-download", "document-retry")
    ]


def answers_through_the_job(client, job) -> list[int]:
    """The status codes of its progress page, its download and its retry (a POST)."""
    progress, download, retry = job_urls(job)
    return [
        client.get(progress).status_code,
        client.get(download).status_code,
        client.post(retry).status_code,
    ]


@pytest.fixture
def alpha(shared):
    """Alphaland's latest assessment, shared with answers and evidence (documents.py)."""
    return shared[0].assessments.get(reporting_year=2025)


# --- a redirect until a worker ran, then the stored file -----------------------------------


@pytest.mark.parametrize("url", [BRIEF, EXPORT])
def test_a_regional_download_waits_for_a_worker_then_serves_the_stored_file(
    rso_client, shared, url, monkeypatch
):
    asked = rso_client.get(url)
    job = job_of(asked)
    assert job.status == Status.QUEUED
    assert rso_client.get(asked["Location"]).status_code == 200  # the progress page

    services.run_job(job.pk)
    # Rendered once: asking again serves the file and renders nothing.
    monkeypatch.setattr(documents, "render_brief", pytest.fail)
    monkeypatch.setattr(documents, "render_export", pytest.fail)
    response = rso_client.get(url)
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF" if url == BRIEF else b"PK")
    assert DocumentJob.objects.get().status == Status.READY


def test_the_drilldown_workbook_waits_for_a_worker_then_serves_the_stored_file(rso_client, alpha):
    job = job_of(rso_client.get(drilldown_url(alpha)))
    assert job.subject == f"regional-assessment:{alpha.pk}"
    assert job.params["share"]["level"] == ShareLevel.ANSWERS

    services.run_job(job.pk)
    response = rso_client.get(drilldown_url(alpha))

    assert response.status_code == 200
    assert body(response).startswith(b"PK")
    assert response["Content-Disposition"].endswith('-shared-answers.xlsx"')


def test_filters_in_the_query_string_give_distinct_documents(rso_client, shared):
    everyone = body(prepared(rso_client, BRIEF))
    pacific = body(prepared(rso_client, BRIEF, {"subregion": "pacific"}))

    jobs = DocumentJob.objects.order_by("pk")
    assert [job.params["filters"] for job in jobs] == [{}, {"subregion": "pacific"}]
    assert len({job.variant for job in jobs}) == 2  # neither replaces the other
    assert everyone != pacific
    assert body(rso_client.get(BRIEF)) == everyone  # both still stored
    assert body(rso_client.get(BRIEF, {"subregion": "pacific"})) == pacific


def test_a_brief_asked_for_on_another_day_is_a_new_document(rso_client, shared, monkeypatch):
    body(prepared(rso_client, BRIEF))
    tomorrow = date.today() + timedelta(days=1)
    monkeypatch.setattr(documents.timezone, "localdate", lambda: tomorrow)

    job = job_of(rso_client.get(BRIEF))

    assert job.params["day"] == tomorrow.isoformat()
    assert DocumentJob.objects.count() == 2


def test_new_documents_beyond_the_render_limit_get_429(rso_client, alpha, settings):
    settings.REPORT_RENDER_LIMIT = 1
    job_of(rso_client.get(EXPORT))

    for url in (BRIEF, drilldown_url(alpha)):
        response = rso_client.get(url)
        assert response.status_code == 429
        assert response["Retry-After"] == str(settings.REPORT_RENDER_PERIOD)
    assert DocumentJob.objects.count() == 1


# --- fixed query counts ------------------------------------------------------------------------


def more_states(edition, n: int) -> None:
    for i in range(n):
        state = MemberStateFactory(code=f"XE{i}", name=f"Extraland {i}", subregion="pacific")
        shared_assessment(state, edition)


@pytest.mark.parametrize("extra", [0, 3])
def test_regional_downloads_cost_a_fixed_number_of_queries(
    rso_client, shared, edition, extra, django_assert_num_queries
):
    more_states(edition, extra)
    # Session, user and two-factor device; the editions' versions and the shares in scope (the
    # content key); the job; a new one: its INSERT (3 with its savepoint). The session is saved
    # on every request (3).
    with django_assert_num_queries(12):
        asked = rso_client.get(BRIEF)
    services.run_job(job_of(asked).pk)
    with django_assert_num_queries(9):  # the same without the INSERT: the stored file
        body(rso_client.get(BRIEF))


@pytest.mark.parametrize("extra", [0, 3])
def test_drilldown_downloads_cost_a_fixed_number_of_queries(
    rso_client, shared, edition, extra, django_assert_num_queries
):
    more_states(edition, extra)
    alpha = shared[0].assessments.get(reporting_year=2025)
    # Session, user and two-factor device; the share, its answers and targets (the content
    # key); the job; a new one: its INSERT (3 with its savepoint); saving the session (3).
    with django_assert_num_queries(13):
        asked = rso_client.get(drilldown_url(alpha))
    services.run_job(job_of(asked).pk)
    # The same without the INSERT; serving it logs the download (the share, the entry).
    with django_assert_num_queries(12):
        body(rso_client.get(drilldown_url(alpha)))


# --- who may open the drill-down workbook through its job ----------------------------------


@pytest.fixture
def workbook_job(rso_client, alpha):
    return services.run_job(job_of(rso_client.get(drilldown_url(alpha))).pk)


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.VIEWER])
def test_the_member_states_own_users_cannot_reach_the_rso_copy(client, alpha, workbook_job, role):
    sign_in(client, MemberFactory(role, alpha.member_state))
    assert answers_through_the_job(client, workbook_job) == [404, 404, 404]
    assert not ShareLogEntry.objects.filter(kind=ShareLogEntry.Kind.DOWNLOADED).exists()


def test_another_member_state_cannot_reach_it_either(client, workbook_job):
    sign_in(client, MemberFactory(Role.FOCAL_POINT, MemberStateFactory(code="XZZ")))
    assert answers_through_the_job(client, workbook_job) == [404, 404, 404]


def test_rso_staff_reach_it_and_find_their_way_back(rso_client, alpha, workbook_job):
    progress, download, _retry = job_urls(workbook_job)

    page = rso_client.get(progress).content.decode()

    assert alpha.member_state.name in page
    assert f'href="{reverse("regional-assessment", args=[alpha.pk])}"' in page
    assert "Back to the shared assessment" in page
    assert body(rso_client.get(download)).startswith(b"PK")


def test_a_withdrawal_deletes_the_prepared_copy_and_closes_its_job(
    rso_client, alpha, workbook_job, focal, documents_storage
):
    stored = documents_storage / workbook_job.file_name
    assert stored.exists()

    withdraw_share(assessment=alpha, by=focal)

    assert not DocumentJob.objects.filter(kind=documents.DRILLDOWN).exists()
    assert not stored.exists()
    assert answers_through_the_job(rso_client, workbook_job) == [404, 404, 404]


def test_a_narrower_share_is_a_new_workbook_and_the_old_copy_is_gone(
    rso_client, alpha, workbook_job, focal
):
    share_assessment(assessment=alpha, by=focal, level=ShareLevel.SCORES)

    assert rso_client.get(job_urls(workbook_job)[0]).status_code == 404
    response = prepared(rso_client, drilldown_url(alpha))
    assert response["Content-Disposition"].endswith('-shared-scores.xlsx"')
    body(response)


def test_a_share_changed_while_the_job_waited_is_not_rendered(rso_client, alpha):
    job = job_of(rso_client.get(drilldown_url(alpha)))
    Share.objects.filter(assessment=alpha).update(level=ShareLevel.SCORES, include_evidence=False)

    done = services.run_job(job.pk)

    assert done.status == Status.FAILED
    assert not done.file_name
    assert rso_client.get(job_urls(job)[0]).status_code == 404


def test_the_regional_brief_leads_back_to_the_regional_view_with_its_filters(rso_client, shared):
    job = job_of(rso_client.get(BRIEF, {"subregion": "pacific"}))

    page = rso_client.get(job_urls(job)[0]).content.decode()

    assert "Regional brief (PDF): Pacific" in page
    assert f'href="{reverse("regional")}?subregion=pacific">Back to the regional view' in page
