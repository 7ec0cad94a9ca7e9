"""Sharing, changing the level, withdrawing, and reopening: what is stored and logged."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assessments import services as journey
from assessments.sharing import services as sharing_services
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry, level_words
from assessments.sharing.services import (
    EVIDENCE_NEEDS_ANSWERS,
    NOT_SUBMITTED,
    UNKNOWN_LEVEL,
    last_shared,
    record_access,
    share_assessment,
    shared_before_reopening,
    withdraw_share,
)

pytestmark = pytest.mark.django_db

Kind = ShareLogEntry.Kind


def log(assessment) -> list[tuple]:
    """The log, oldest first: (kind, level, evidence, by_name)."""
    entries = assessment.share_log.order_by("at", "id")
    return list(entries.values_list("kind", "level", "include_evidence", "by_name"))


def share(assessment, by, level=ShareLevel.SCORES, include_evidence=False) -> Share:
    return share_assessment(
        assessment=assessment, by=by, level=level, include_evidence=include_evidence
    )


def test_nothing_is_shared_by_default(submitted):
    assert not Share.objects.exists()
    assert last_shared(submitted) is None
    assert log(submitted) == []


def test_sharing_stores_the_level_and_logs_who_shared(submitted, focal):
    result = share(submitted, focal, ShareLevel.ANSWERS, include_evidence=True)
    stored = Share.objects.get(assessment=submitted)
    assert stored == result
    assert (stored.level, stored.include_evidence, stored.shared_by) == ("answers", True, focal)
    assert log(submitted) == [(Kind.SHARED, "answers", True, focal.get_full_name())]


def test_changing_the_level_updates_the_share_and_logs_a_change(submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    share(submitted, focal, ShareLevel.SCORES)
    assert Share.objects.get().level == ShareLevel.SCORES
    assert [entry[:2] for entry in log(submitted)] == [
        (Kind.SHARED, "answers"),
        (Kind.CHANGED, "scores"),
    ]


def test_ticking_the_evidence_is_a_change(submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    share(submitted, focal, ShareLevel.ANSWERS, include_evidence=True)
    assert Share.objects.get().include_evidence
    assert log(submitted)[-1][:3] == (Kind.CHANGED, "answers", True)


def test_the_same_share_twice_changes_and_logs_nothing(submitted, focal):
    first = share(submitted, focal)
    again = share(submitted, focal)
    assert again.pk == first.pk
    assert again.shared_at == first.shared_at
    assert len(log(submitted)) == 1


def test_withdrawing_deletes_the_share_and_logs_the_level_it_had(submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS, include_evidence=True)
    assert withdraw_share(assessment=submitted, by=focal) is True
    assert not Share.objects.exists()
    assert log(submitted)[-1] == (Kind.WITHDRAWN, "answers", True, focal.get_full_name())


def test_withdrawing_twice_says_so_and_logs_once(submitted, focal):
    share(submitted, focal)
    assert withdraw_share(assessment=submitted, by=focal) is True
    assert withdraw_share(assessment=submitted, by=focal) is False
    assert [entry[0] for entry in log(submitted)] == [Kind.SHARED, Kind.WITHDRAWN]


def test_withdrawing_what_was_never_shared_logs_nothing(submitted, focal):
    assert withdraw_share(assessment=submitted, by=focal) is False
    assert log(submitted) == []


def test_reopening_withdraws_the_share_and_logs_it_as_reopened(submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    journey.assessment_reopen(assessment=submitted, by=focal, reason="Correct the data")
    assert not Share.objects.exists()
    assert log(submitted)[-1] == (Kind.REOPENED, "answers", False, focal.get_full_name())
    reopened = shared_before_reopening(submitted)
    assert reopened is not None
    assert (reopened.kind, reopened.level) == (Kind.REOPENED, "answers")


def test_reopening_an_unshared_assessment_logs_nothing(submitted, focal):
    journey.assessment_reopen(assessment=submitted, by=focal, reason="Correct the data")
    assert log(submitted) == []
    assert shared_before_reopening(submitted) is None


def test_a_share_withdrawn_before_reopening_is_not_offered_back(submitted, focal):
    share(submitted, focal)
    withdraw_share(assessment=submitted, by=focal)
    journey.assessment_reopen(assessment=submitted, by=focal, reason="Correct the data")
    assert shared_before_reopening(submitted) is None
    # ... but the sharing page still starts from the level it last had.
    assert last_shared(submitted).level == ShareLevel.SCORES


def test_sharing_again_after_reopening_ends_the_offer(submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS)
    journey.assessment_reopen(assessment=submitted, by=focal, reason="Correct the data")
    submitted.refresh_from_db()
    submitted.status = submitted.Status.SUBMITTED
    submitted.save()
    share(submitted, focal, ShareLevel.SCORES)
    assert shared_before_reopening(submitted) is None
    assert last_shared(submitted).level == ShareLevel.SCORES


def test_evidence_with_scores_only_is_refused_and_nothing_is_saved(submitted, focal):
    with pytest.raises(ValidationError, match=EVIDENCE_NEEDS_ANSWERS):
        share(submitted, focal, ShareLevel.SCORES, include_evidence=True)
    assert not Share.objects.exists()
    assert log(submitted) == []


def test_evidence_with_scores_only_is_refused_when_changing_too(submitted, focal):
    share(submitted, focal, ShareLevel.ANSWERS, include_evidence=True)
    with pytest.raises(ValidationError, match=EVIDENCE_NEEDS_ANSWERS):
        share(submitted, focal, ShareLevel.SCORES, include_evidence=True)
    assert (Share.objects.get().level, len(log(submitted))) == (ShareLevel.ANSWERS, 1)


def test_a_draft_cannot_be_shared(assessment, focal):
    with pytest.raises(ValidationError, match=NOT_SUBMITTED):
        share(assessment, focal)
    assert not Share.objects.exists()
    assert log(assessment) == []


@pytest.mark.parametrize("level", ["", "everything", "SCORES"])
def test_an_unknown_level_is_refused(submitted, focal, level):
    with pytest.raises(ValidationError, match=UNKNOWN_LEVEL):
        share(submitted, focal, level)
    assert not Share.objects.exists()


def test_rso_access_is_logged_with_the_level_shared(submitted, focal, rso):
    shared = share(submitted, focal, ShareLevel.ANSWERS)
    record_access(share=shared, by=rso, kind=Kind.DOWNLOADED, detail="Excel export")
    entry = submitted.share_log.first()  # newest first
    assert (entry.kind, entry.level, entry.detail, entry.by_name) == (
        Kind.DOWNLOADED,
        "answers",
        "Excel export",
        rso.get_full_name(),
    )
    assert last_shared(submitted).kind == Kind.SHARED  # an access is not a share


@pytest.mark.parametrize(
    ("level", "evidence", "words"),
    [
        ("scores", False, "scores only"),
        ("answers", False, "scores and answers, without the evidence"),
        ("answers", True, "scores and answers, with the evidence"),
    ],
)
def test_levels_in_words(level, evidence, words):
    assert level_words(level, evidence) == words


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_during_a_change_of_level_waits_for_it(submitted, focal, monkeypatch):
    """A change of level that has read the share, and a withdrawal sent meanwhile: the
    withdrawal waits, so the share ends withdrawn and the log tells it in that order (before,
    the change saved the deleted share back and logged a mere "change")."""
    share(submitted, focal, ShareLevel.ANSWERS)
    changing, go_on = threading.Event(), threading.Event()
    now = sharing_services.timezone.now

    def pausing_now():  # share_assessment asks the time after reading the share
        if threading.current_thread().name == "change":
            changing.set()
            go_on.wait(5)
        return now()

    monkeypatch.setattr(sharing_services.timezone, "now", pausing_now)

    def run(work):
        try:
            work()
        finally:
            connection.close()

    change = threading.Thread(
        name="change", target=run, args=(lambda: share(submitted, focal, ShareLevel.SCORES),)
    )
    withdraw = threading.Thread(
        target=run, args=(lambda: withdraw_share(assessment=submitted, by=focal),)
    )
    change.start()
    assert changing.wait(5)
    withdraw.start()
    withdraw.join(0.5)  # long enough to finish, had it not waited for the change
    go_on.set()
    change.join(5)
    withdraw.join(5)
    assert not Share.objects.filter(assessment=submitted).exists()
    assert [entry[:2] for entry in log(submitted)] == [
        (Kind.SHARED, "answers"),
        (Kind.CHANGED, "scores"),
        (Kind.WITHDRAWN, "scores"),
    ]
