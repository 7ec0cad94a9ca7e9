"""The demo's 2026 draft is complete, so that a newcomer submits it and downloads its report.

A database from an earlier demo, whose draft had only its first half answered, gets the rest
answered on the next `make run`, unless someone has saved an answer in it since.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.answering import Submission, section_save
from assessments.demo import CONTRIBUTOR, DEMO_STATE_CODE, FOCAL
from assessments.jobs import services
from assessments.jobs.models import DocumentJob
from assessments.models import EMPTY_VALUES, Answer, Assessment, User
from assessments.services import missing_answers
from tests.assessments.jobs.helpers import body

pytestmark = pytest.mark.django_db


def load(settings) -> str:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def the_draft() -> Assessment:
    return Assessment.objects.get(member_state__code=DEMO_STATE_CODE, reporting_year=2026)


@pytest.fixture
def draft(framework_module, settings) -> Assessment:
    load(settings)
    return the_draft()


def answers(assessment: Assessment) -> dict[str, tuple]:
    """Each indicator's answer as a reader sees it: the values and who saved them."""
    return {
        answer.indicator.code: (*answer.values().values(), answer.updated_by_name)
        for answer in assessment.answers.select_related("indicator")
    }


def as_an_earlier_demo_left_it(draft: Assessment) -> None:
    """What every earlier demo loaded: the first half of the applicable indicators answered."""
    indicators = list(draft.applicable_indicators())
    later = [indicator.pk for indicator in indicators[len(indicators) // 2 :]]
    Answer.history.filter(assessment=draft, indicator_id__in=later).delete()
    Answer.objects.filter(assessment=draft, indicator_id__in=later).delete()


def test_the_draft_is_answered_whole_by_the_focal_point_and_the_contributor(draft):
    assert draft.is_draft
    assert missing_answers(draft) == []
    saved = list(draft.answers.select_related("updated_by"))
    authors = Counter(answer.updated_by.email for answer in saved)
    assert set(authors) == {FOCAL.email, CONTRIBUTOR.email}
    assert min(authors.values()) > 0.4 * len(saved)  # shared about evenly
    assert {answer.level for answer in saved} >= {0, 1, 2, 3, 4, None}  # None: not applicable
    assert all(answer.evidence or answer.na_justification for answer in saved)
    assert any(answer.comment for answer in saved)  # still something to raise with the team


def test_a_new_user_submits_the_demo_draft_and_downloads_its_report(
    draft, client, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(services, "enqueue", queued.append)  # the worker is run below
    client.force_login(User.objects.get(email=FOCAL.email))
    overview = client.get(reverse("assessment-overview", args=[draft.pk])).content.decode()
    assert "the assessment is ready to submit" in overview
    url = reverse("assessment-submit", args=[draft.pk])
    assert "Every applicable indicator is answered." in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response["Location"] == reverse("assessment-overview", args=[draft.pk])
    assert not the_draft().is_draft
    summary = DocumentJob.objects.get(variant="summary")
    assert set(queued) == set(DocumentJob.objects.values_list("pk", flat=True))  # and the full
    services.run_job(summary.pk, worker="test-worker")  # a moment later
    report = client.get(reverse("assessment-report", args=[draft.pk]))
    assert report.status_code == 200
    assert body(report).startswith(b"%PDF")


def test_an_earlier_demos_half_answered_draft_is_completed_as_a_fresh_load_would(draft, settings):
    fresh = answers(draft)
    as_an_earlier_demo_left_it(draft)
    assert len(missing_answers(draft)) > 50

    out = load(settings)

    assert "the 2026 draft completed: all" in out
    assert missing_answers(draft) == []
    assert answers(draft) == fresh
    saves = draft.answers.values_list("updated_at", flat=True)
    assert all(draft.created_at <= at < timezone.now() for at in saves)  # dated as the demo is
    assert "the 2026 draft is complete; left as it is" in load(settings)
    assert answers(draft) == fresh


@pytest.mark.parametrize("where", ["unanswered", "answered"])
def test_a_half_answered_draft_someone_saved_an_answer_in_is_left_as_it_is(draft, settings, where):
    as_an_earlier_demo_left_it(draft)
    unanswered = {m.code for m in missing_answers(draft)}
    indicator = draft.applicable_indicators().filter(critical=False)
    indicator = (indicator.filter(code__in=unanswered) if where == "unanswered" else indicator)[0]
    current = Answer.objects.filter(assessment=draft, indicator=indicator).first()
    values = {**EMPTY_VALUES, "level": 4, "evidence": "Checked again with the ministry."}
    section_save(
        assessment=draft,
        by=User.objects.get(email=FOCAL.email),
        submissions=[Submission(indicator, values, current.version if current else 0, "")],
    )
    before = answers(draft)

    out = load(settings)

    missing = len(missing_answers(draft))
    assert missing > 50
    assert f"the 2026 draft has been worked on; left as it is, with {missing} indicators" in out
    assert answers(draft) == before
