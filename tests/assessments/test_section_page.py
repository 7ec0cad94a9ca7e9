"""The section page: answer, save, continue, conflicts, bad input, history, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment
from roadmap.models import Edition, Section
from tests.assessments.conftest import add_section
from tests.assessments.helpers import section_post
from tests.factories import AssessmentFactory, complete_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(edition) -> Section:
    return Section.objects.get(edition=edition, code="POL.T")


def url(assessment, section) -> str:
    return reverse("assessment-section", args=[assessment.pk, section.code])


def signed_in(client, user):
    client.force_login(user)
    return client


def saved_levels(assessment):
    return dict(
        Answer.objects.filter(assessment=assessment).values_list("indicator__code", "level")
    )


def test_contributor_answers_and_the_answers_are_shown_again(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    data = section_post(
        assessment, section, {"POL.T.1": {"level": 2, "evidence": "Decree 12/2024"}}
    )
    response = client.post(url(assessment, section), data)
    assert response.status_code == 302
    assert saved_levels(assessment) == {"POL.T.1": 2}
    response = client.get(url(assessment, section))
    assert "Decree 12/2024" in response.content.decode()
    first = response.context["items"][0]
    assert first.form["level"].value() == 2
    assert f'id="{first.form["level"].auto_id}_2" value="2" checked>' in " ".join(
        response.content.decode().split()
    )


def test_save_and_continue_goes_to_the_next_section(client, assessment, section, contributor):
    signed_in(client, contributor)
    data = {**section_post(assessment, section), "continue": "1"}
    response = client.post(url(assessment, section), data)
    after = Section.objects.filter(edition=assessment.edition).order_by(
        "category__position", "position"
    )
    codes = [s.code for s in after]
    assert response["Location"].endswith(f"/sections/{codes[codes.index('POL.T') + 1]}/")


def test_not_applicable_needs_a_justification(client, assessment, section, contributor):
    signed_in(client, contributor)
    data = section_post(assessment, section, {"POL.T.2": {"not_applicable": True}})
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    assert "Say why this indicator does not apply" in response.content.decode()
    assert not Answer.objects.exists()


def test_not_applicable_with_justification_is_saved_without_a_level(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    data = section_post(
        assessment,
        section,
        {"POL.T.2": {"not_applicable": True, "na_justification": "No coast", "level": 3}},
    )
    assert client.post(url(assessment, section), data).status_code == 302
    answer = Answer.objects.get(indicator__code="POL.T.2")
    assert (answer.not_applicable, answer.level, answer.na_justification) == (
        True,
        None,
        "No coast",
    )


@pytest.mark.parametrize("level", ["7", "-1", "two", "2.5"])
def test_a_level_that_does_not_exist_is_refused_and_nothing_is_saved(
    client, assessment, section, contributor, level
):
    signed_in(client, contributor)
    data = section_post(assessment, section, {"POL.T.1": {"level": 1}})
    data[f"ind-{section.indicators.get(code='POL.T.2').pk}-level"] = level
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Answer.objects.exists()  # the valid POL.T.1 answer is kept in the form, not lost


def test_text_beyond_ten_thousand_characters_is_refused(client, assessment, section, contributor):
    signed_in(client, contributor)
    data = section_post(assessment, section, {"POL.T.1": {"evidence": "x" * 10_001}})
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    assert "at most 10000 characters" in response.content.decode()


def test_evidence_links_must_be_web_addresses(client, assessment, section, contributor):
    signed_in(client, contributor)
    data = section_post(assessment, section, {"POL.T.1": {"evidence_links": "javascript:alert(1)"}})
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    assert "is not a web address" in response.content.decode()


def test_fields_for_indicators_outside_the_section_are_ignored(
    client, edition, assessment, section, contributor
):
    signed_in(client, contributor)
    other = edition.indicator_set.get(code="PLAN.A.1")
    data = section_post(assessment, section)
    data.update({f"ind-{other.pk}-level": "3", f"ind-{other.pk}-version": "0"})
    assert client.post(url(assessment, section), data).status_code == 302
    assert not Answer.objects.filter(indicator=other).exists()


def test_a_section_of_another_edition_is_404(client, assessment, contributor):
    other_edition = complete_edition(code="other")
    other_section = add_section(other_edition, "POL.Z", 2)
    signed_in(client, contributor)
    assert client.get(url(assessment, other_section)).status_code == 404


def test_conflicting_save_shows_both_values_and_loses_nothing(
    client, assessment, section, focal, contributor
):
    stale = section_post(assessment, section, {"POL.T.1": {"level": 4}, "POL.T.2": {"level": 1}})
    signed_in(client, focal)
    client.post(
        url(assessment, section), section_post(assessment, section, {"POL.T.1": {"level": 2}})
    )

    signed_in(client, contributor)
    response = client.post(url(assessment, section), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "after you opened the page" in page
    assert "Keep my answer" in page
    # The non-conflicting change was saved; the conflicting one was not.
    assert saved_levels(assessment) == {"POL.T.1": 2, "POL.T.2": 1}

    # The user keeps their own answer: the conflict form now carries the newer version.
    form = response.context["items"][0].form
    assert form.conflict
    resolved = section_post(assessment, section, {"POL.T.1": {"level": 4}})
    pk = section.indicators.get(code="POL.T.1").pk
    resolved[f"ind-{pk}-resolution"] = "mine"
    assert client.post(url(assessment, section), resolved).status_code == 302
    assert saved_levels(assessment)["POL.T.1"] == 4


def test_conflict_must_be_resolved_before_saving(client, assessment, section, focal, contributor):
    stale = section_post(assessment, section, {"POL.T.1": {"level": 4}})
    signed_in(client, focal)
    client.post(
        url(assessment, section), section_post(assessment, section, {"POL.T.1": {"level": 2}})
    )
    signed_in(client, contributor)
    assert client.post(url(assessment, section), stale).status_code == 409
    assert client.post(url(assessment, section), stale).status_code == 409  # still stale
    assert saved_levels(assessment)["POL.T.1"] == 2


def test_history_page_shows_who_changed_what(client, assessment, section, focal, contributor):
    signed_in(client, focal)
    client.post(
        url(assessment, section), section_post(assessment, section, {"POL.T.1": {"level": 1}})
    )
    signed_in(client, contributor)
    client.post(
        url(assessment, section), section_post(assessment, section, {"POL.T.1": {"level": 3}})
    )
    page = client.get(reverse("answer-history", args=[assessment.pk, "POL.T.1"])).content.decode()
    assert str(contributor) in page
    assert str(focal) in page
    assert "1 Initial" in page  # old value, with its label
    assert "3 Established" in page  # new value
    section_page = client.get(url(assessment, section)).content.decode()
    assert f"Changed by {contributor}" in section_page


def test_submitted_assessment_is_read_only_on_the_page(client, assessment, section, contributor):
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    signed_in(client, contributor)
    page = client.get(url(assessment, section)).content.decode()
    assert "answers are shown read-only" in page
    assert "data-unsaved-warning" not in page  # no answer form
    assert (
        client.post(url(assessment, section), section_post(assessment, section)).status_code == 403
    )


def test_evidence_is_escaped_on_the_page(client, assessment, section, contributor):
    signed_in(client, contributor)
    data = section_post(assessment, section, {"POL.T.1": {"evidence": "<script>alert(1)</script>"}})
    client.post(url(assessment, section), data)
    page = client.get(url(assessment, section)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("n", [5, 50])
def test_section_page_costs_a_fixed_number_of_queries(
    client, state, contributor, n, django_assert_max_num_queries
):
    edition = complete_edition(code=f"q{n}", status=Edition.Status.PUBLISHED)
    section = add_section(edition, "POL.Q", n)
    assessment = AssessmentFactory(edition=edition, member_state=state)
    signed_in(client, contributor)
    client.post(
        url(assessment, section), section_post(assessment, section, {"POL.Q.1": {"level": 1}})
    )
    with django_assert_max_num_queries(18):
        response = client.get(url(assessment, section))
    assert response.status_code == 200


def test_the_create_form_sent_twice_makes_one_assessment(client, edition, focal):
    client.force_login(focal)
    form = client.get(reverse("assessment-new")).context["form"]
    data = {
        "title": "Self-assessment 2026",
        "reporting_year": 2026,
        "target_level": 3,
        "profile_origin": "on",
        "token": str(form["token"].value()),
    }
    first = client.post(reverse("assessment-new"), data)
    second = client.post(reverse("assessment-new"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Assessment.objects.filter(member_state=focal.member_state).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reporting_year", "1999", "greater than or equal to 2000"),
        ("reporting_year", "2999", "less than or equal to"),
        ("target_level", "9", "Select a valid choice"),
        ("title", "x" * 201, "at most 200 characters"),
        ("profile_origin", "", "Tick at least one"),
    ],
)
def test_bad_create_input_is_explained(client, edition, focal, field, value, message):
    client.force_login(focal)
    data = {
        "title": "Self-assessment",
        "reporting_year": 2026,
        "target_level": 3,
        "profile_origin": "on",
        "token": "8c8d5f2e-5f5b-4a0a-9a53-0d6f8f1d3a11",
    }
    data[field] = value
    if not value:
        data.pop(field)
    response = client.post(reverse("assessment-new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assessment.objects.exists()
