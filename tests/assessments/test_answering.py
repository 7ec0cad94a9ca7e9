"""Concurrent edits: a later save never silently overwrites a colleague's change."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.answering import MINE, THEIRS, Submission, decide, section_save
from assessments.models import EMPTY_VALUES, Answer, Assessment, fingerprint

pytestmark = pytest.mark.django_db


def values(**changes):
    return {**EMPTY_VALUES, **changes}


def submit(assessment, by, indicator, version, loaded_values, **changes):
    sub = Submission(
        indicator, values(**changes), version=version, loaded=fingerprint(loaded_values)
    )
    return section_save(assessment=assessment, by=by, submissions=[sub])


@pytest.fixture
def indicator(edition):
    return edition.indicator_set.get(code="POL.T.1")


def test_first_save_creates_the_answer_at_version_one(assessment, focal, indicator):
    result = submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=2)
    answer = Answer.objects.get(assessment=assessment, indicator=indicator)
    assert result.saved == ["POL.T.1"]
    assert (answer.level, answer.version, answer.updated_by) == (2, 1, focal)


def test_a_stale_change_conflicts_and_writes_nothing(assessment, focal, contributor, indicator):
    submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=2)  # focal saves first
    result = submit(assessment, contributor, indicator, 0, EMPTY_VALUES, level=4)  # stale page
    assert [c.indicator for c in result.conflicts] == [indicator]
    conflict = result.conflicts[0]
    assert conflict.mine["level"] == 4
    assert conflict.theirs.level == 2
    assert Answer.objects.get(indicator=indicator, assessment=assessment).level == 2


def test_untouched_stale_indicator_keeps_the_colleagues_answer(
    assessment, focal, contributor, indicator
):
    submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=2)
    # The contributor's page still shows the empty answer and they did not touch it.
    result = submit(assessment, contributor, indicator, 0, EMPTY_VALUES)
    assert result.conflicts == []
    assert result.saved == []
    assert Answer.objects.get(indicator=indicator, assessment=assessment).level == 2


def test_choosing_mine_after_a_conflict_saves_my_answer(assessment, focal, contributor, indicator):
    submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=2)
    saved = Answer.objects.get(indicator=indicator, assessment=assessment)
    # After the conflict page, the form carries the newer version and the user keeps theirs.
    sub = Submission(
        indicator,
        values(level=4),
        version=saved.version,
        loaded=fingerprint(saved.values()),
        resolution=MINE,
    )
    section_save(assessment=assessment, by=contributor, submissions=[sub])
    saved.refresh_from_db()
    assert (saved.level, saved.updated_by, saved.version) == (4, contributor, 2)


def test_choosing_theirs_keeps_the_saved_answer(assessment, focal, contributor, indicator):
    submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=2)
    saved = Answer.objects.get(indicator=indicator, assessment=assessment)
    sub = Submission(indicator, values(level=4), saved.version, "", resolution=THEIRS)
    section_save(assessment=assessment, by=contributor, submissions=[sub])
    saved.refresh_from_db()
    assert (saved.level, saved.updated_by) == (2, focal)


def test_saving_the_same_value_as_saved_is_not_a_conflict(
    assessment, focal, contributor, indicator
):
    submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=2)
    result = submit(assessment, contributor, indicator, 0, EMPTY_VALUES, level=2)
    assert result.conflicts == []


def test_decide_is_a_pure_rule():
    class Saved:
        version = 3

        def values(self):
            return values(level=1)

    ind = object()
    assert decide(Submission(ind, values(level=2), 3, ""), Saved()) == "save"
    assert decide(Submission(ind, values(level=1), 1, ""), Saved()) == "skip"
    assert (
        decide(Submission(ind, values(level=2), 1, fingerprint(values(level=2))), Saved()) == "skip"
    )
    assert decide(Submission(ind, values(level=2), 1, fingerprint(values())), Saved()) == "conflict"


def test_every_change_is_kept_in_history(assessment, focal, contributor, indicator):
    submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=1)
    submit(assessment, contributor, indicator, 1, values(level=1), level=3, evidence="Report 2025")
    answer = Answer.objects.get(indicator=indicator, assessment=assessment)
    records = list(answer.history.order_by("history_date"))
    assert [(r.level, r.history_user) for r in records] == [(1, focal), (3, contributor)]
    assert records[1].evidence == "Report 2025"


def test_a_submitted_assessment_refuses_saves(assessment, focal, indicator):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    with pytest.raises(ValidationError):
        submit(assessment, focal, indicator, 0, EMPTY_VALUES, level=2)
    assert not Answer.objects.exists()


def test_editing_a_carried_forward_answer_clears_the_carried_forward_mark(
    assessment, focal, indicator
):
    answer = Answer.objects.create(
        assessment=assessment, indicator=indicator, level=2, version=1, carried_forward=True
    )
    submit(assessment, focal, indicator, 1, values(level=2), level=3)
    answer.refresh_from_db()
    assert (answer.level, answer.carried_forward, answer.version) == (3, False, 2)


def test_a_carried_forward_answer_left_as_it_was_keeps_its_mark(assessment, focal, indicator):
    answer = Answer.objects.create(
        assessment=assessment, indicator=indicator, level=2, version=1, carried_forward=True
    )
    result = submit(assessment, focal, indicator, 1, values(level=2), level=2)
    answer.refresh_from_db()
    assert result.saved == []
    assert (answer.carried_forward, answer.version) == (True, 1)


def test_several_indicators_are_saved_in_framework_order_and_reported(assessment, focal, edition):
    first, second = edition.indicator_set.filter(code__in=["POL.T.1", "POL.T.2"]).order_by("code")
    subs = [
        Submission(first, values(level=1), 0, fingerprint(EMPTY_VALUES)),
        Submission(second, values(not_applicable=True, na_justification="No sea border"), 0, ""),
    ]
    result = section_save(assessment=assessment, by=focal, submissions=subs)
    assert result.saved == ["POL.T.1", "POL.T.2"]
    assert Answer.objects.get(indicator=second).not_applicable is True


@pytest.mark.django_db(transaction=True)
def test_a_failure_part_way_through_a_save_writes_nothing(assessment, focal, edition, monkeypatch):
    """The whole section is one transaction: a crash on the changed answer undoes the new one."""
    from simple_history.manager import HistoryManager

    first, second = edition.indicator_set.filter(code__in=["POL.T.1", "POL.T.2"]).order_by("code")
    submit(assessment, focal, second, 0, EMPTY_VALUES, level=1)

    real_history = HistoryManager.bulk_history_create

    def failing_history(manager, objs, update=False, **kwargs):
        if update:
            raise RuntimeError("disk full")
        return real_history(manager, objs, update=update, **kwargs)

    monkeypatch.setattr(HistoryManager, "bulk_history_create", failing_history)
    subs = [
        Submission(first, values(level=1), 0, ""),  # new: inserted first
        Submission(second, values(level=2), 1, ""),  # changed: its history fails
    ]
    with pytest.raises(RuntimeError):
        section_save(assessment=assessment, by=focal, submissions=subs)
    assert list(Answer.objects.filter(assessment=assessment).values_list("level", flat=True)) == [1]
    assert Answer.history.filter(assessment_id=assessment.pk).count() == 1


def test_a_save_writes_every_answer_and_its_history_in_a_fixed_number_of_queries(
    assessment, focal, edition, django_assert_num_queries
):
    """New and changed answers alike: who, when and why on each history row as save() wrote."""
    indicators = list(edition.indicator_set.order_by("code"))
    submit(assessment, focal, indicators[0], 0, EMPTY_VALUES, level=1)
    subs = [
        Submission(i, values(level=2), 1 if n == 0 else 0, "") for n, i in enumerate(indicators)
    ]
    # Lock the assessment, read the answers; insert the new ones and their history; update the
    # changed one and add its history; and the savepoint and its release (inside the test's
    # transaction).
    before = timezone.now()
    with django_assert_num_queries(8) as queries:
        result = section_save(assessment=assessment, by=focal, submissions=subs)
    writes = [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 4
    assert result.saved == [i.code for i in indicators]
    records = Answer.history.filter(level=2).select_related("history_user")
    assert len(records) == len(indicators)
    assert {(r.history_user, r.history_change_reason, r.updated_by_name) for r in records} == {
        (focal, None, focal.get_full_name())
    }
    assert {r.history_type for r in records} == {"+", "~"}
    answers = Answer.objects.filter(assessment=assessment)
    assert {(a.level, a.updated_by) for a in answers} == {(2, focal)}
    # The results page's cached parts move with them (assessments.results_page).
    assert all(a.updated_at >= before for a in answers)
    assert sorted(a.version for a in answers) == [1] * (len(indicators) - 1) + [2]
    [when] = {r.history_date for r in records}  # one save, one moment
    assert before <= when <= timezone.now()


def test_not_applicable_on_a_critical_indicator_is_refused_and_nothing_is_saved(
    assessment, focal, edition
):
    critical = edition.indicator_set.get(code="POL.T.2")
    critical.critical = True
    other = edition.indicator_set.get(code="POL.T.3")
    submissions = [
        Submission(other, values(level=2), version=0, loaded=""),
        Submission(critical, values(not_applicable=True, na_justification="x"), 0, ""),
    ]
    with pytest.raises(ValidationError, match=r"POL\.T\.2 is critical"):
        section_save(assessment=assessment, by=focal, submissions=submissions)
    assert not Answer.objects.exists()
