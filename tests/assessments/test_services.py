"""Creating, carrying forward, submitting and reopening assessments."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.answering import Submission, section_save
from assessments.models import EMPTY_VALUES, Answer, Assessment, AssessmentEvent
from roadmap.models import Challenge, Edition, Indicator
from roadmap.publishing import edition_clone, edition_publish

pytestmark = pytest.mark.django_db


def answer_all(assessment, by, level=2):
    submissions = [
        Submission(i, {**EMPTY_VALUES, "level": level}, version=0, loaded="")
        for i in assessment.applicable_indicators()
    ]
    section_save(assessment=assessment, by=by, submissions=submissions)


def create(state, focal, **kwargs):
    kwargs = {"title": "Self-assessment", "reporting_year": 2026, **kwargs}
    return services.assessment_create(member_state=state, by=focal, **kwargs)


def test_a_new_assessment_is_pinned_to_the_published_edition(edition, state, focal):
    assessment = create(state, focal)
    assert assessment.edition == edition
    assert assessment.is_draft
    assert assessment.events.get().kind == AssessmentEvent.Kind.CREATED


def test_publishing_a_new_edition_does_not_move_an_assessment(edition, state, focal):
    assessment = create(state, focal)
    edition_publish(edition=edition_clone(source=edition, code="next", name="Next edition"))
    assessment.refresh_from_db()
    assert assessment.edition == edition


def test_no_assessment_without_a_published_edition(state, focal):
    with pytest.raises(ValidationError, match="No framework edition is published"):
        create(state, focal)


def test_a_second_assessment_with_the_same_title_and_year_is_refused(edition, state, focal):
    create(state, focal)
    with pytest.raises(ValidationError, match="already has an assessment with this title"):
        create(state, focal)
    assert Assessment.objects.count() == 1


def test_the_same_creation_request_twice_creates_one_assessment(edition, state, focal):
    token = uuid.uuid4()
    first = create(state, focal, token=token)
    second = create(state, focal, token=token)
    assert first == second
    assert Assessment.objects.count() == 1


def test_several_drafts_may_be_in_progress(edition, state, focal):
    create(state, focal)
    services.assessment_create(
        member_state=state, by=focal, title="Labour inspection focus", reporting_year=2026
    )
    assert Assessment.objects.drafts().count() == 2


def test_carry_forward_copies_answers_and_challenges_marked_as_carried(edition, state, focal):
    first = create(state, focal)
    answer_all(first, focal, level=3)
    first.challenges.set(Challenge.objects.filter(edition=edition))
    assert services.assessment_submit(assessment=first, by=focal) == []

    second = create(state, focal, carry_forward=True, reporting_year=2027)
    answers = Answer.objects.filter(assessment=second)
    assert answers.count() == first.answers.count()
    assert all(a.carried_forward and a.level == 3 for a in answers)
    assert second.carried_from == first
    assert set(second.challenges.all()) == set(first.challenges.all())


def test_carry_forward_matches_indicators_by_code_across_editions(edition, state, focal):
    first = create(state, focal)
    answer_all(first, focal, level=1)
    services.assessment_submit(assessment=first, by=focal)
    new_edition = edition_clone(source=edition, code="next", name="Next edition")
    Indicator.objects.filter(edition=new_edition, code="POL.T.3").delete()  # retired
    edition_publish(edition=new_edition)

    second = create(state, focal, carry_forward=True, reporting_year=2027)
    codes = set(second.answers.values_list("indicator__code", flat=True))
    assert "POL.T.3" not in codes
    assert "POL.T.1" in codes
    assert all(a.indicator.edition == new_edition for a in second.answers.all())


def test_carry_forward_needs_a_submitted_assessment(edition, state, focal):
    with pytest.raises(ValidationError, match="no submitted assessment"):
        create(state, focal, carry_forward=True)


def test_submit_is_refused_with_the_missing_indicators(edition, state, focal):
    assessment = create(state, focal)
    missing = services.assessment_submit(assessment=assessment, by=focal)
    assert {m.code for m in missing} == set(
        Indicator.objects.filter(edition=edition).values_list("code", flat=True)
    )
    assessment.refresh_from_db()
    assert assessment.is_draft


def test_not_applicable_counts_as_answered_for_submission(edition, state, focal):
    assessment = create(state, focal)
    answer_all(assessment, focal)
    answer = assessment.answers.first()
    answer.level, answer.not_applicable, answer.na_justification = None, True, "No such body."
    answer.save()
    assert services.assessment_submit(assessment=assessment, by=focal) == []


def test_indicators_outside_the_profile_are_not_required(edition, state, focal):
    Indicator.objects.filter(code="POL.T.1").update(applies_to_origin=False)
    assessment = create(state, focal, profile_origin=True)
    assert "POL.T.1" not in {m.code for m in services.missing_answers(assessment)}


def test_submit_locks_and_a_second_submit_is_refused(edition, state, focal):
    assessment = create(state, focal)
    answer_all(assessment, focal)
    assert services.assessment_submit(assessment=assessment, by=focal) == []
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None
    with pytest.raises(ValidationError, match="already submitted"):
        services.assessment_submit(assessment=assessment, by=focal)
    with pytest.raises(ValidationError, match="read-only"):
        answer_all(assessment, focal, level=4)
    assert set(assessment.answers.values_list("level", flat=True)) == {2}


def test_reopen_needs_a_reason_and_is_recorded(edition, state, focal):
    assessment = create(state, focal)
    answer_all(assessment, focal)
    services.assessment_submit(assessment=assessment, by=focal)
    with pytest.raises(ValidationError, match="Say why"):
        services.assessment_reopen(assessment=assessment, by=focal, reason="  ")
    services.assessment_reopen(assessment=assessment, by=focal, reason="Fix prosecution data")
    assessment.refresh_from_db()
    assert assessment.is_draft
    event = assessment.events.filter(kind=AssessmentEvent.Kind.REOPENED).get()
    assert (event.by, event.reason) == (focal, "Fix prosecution data")


def test_published_edition_content_locks_once_an_assessment_uses_it(edition, state, focal):
    create(state, focal)
    assert Edition.objects.get(pk=edition.pk).is_locked()


def test_carry_forward_does_not_carry_not_applicable_onto_a_critical_indicator(
    edition, state, focal
):
    first = create(state, focal)
    answer_all(first, focal, level=2)
    Answer.objects.filter(assessment=first, indicator__code__in=["POL.T.2", "POL.T.3"]).update(
        level=None, not_applicable=True, na_justification="No coast", comment=""
    )
    Answer.objects.filter(assessment=first, indicator__code="POL.T.3").update(comment="Ask DoJ")
    services.assessment_submit(assessment=first, by=focal)
    # The new edition makes both critical: not applicable cannot apply to them any more.
    new_edition = edition_clone(source=edition, code="next", name="Next edition")
    Indicator.objects.filter(edition=new_edition, code__in=["POL.T.2", "POL.T.3"]).update(
        critical=True
    )
    edition_publish(edition=new_edition)

    second = create(state, focal, carry_forward=True, reporting_year=2027)
    answers = {a.indicator.code: a for a in second.answers.select_related("indicator")}
    assert "POL.T.2" not in answers  # nothing left to carry but the N/A
    kept = answers["POL.T.3"]  # its comment is carried, the N/A is not
    assert (kept.not_applicable, kept.na_justification, kept.level, kept.comment) == (
        False,
        "",
        None,
        "Ask DoJ",
    )
    assert "POL.T.2" in [m.code for m in services.missing_answers(second)]
