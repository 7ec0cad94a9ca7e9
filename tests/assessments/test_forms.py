"""The journey's forms: text limits and control characters, N/A with a level, evidence links,
a second assessment for the same year, person names on one line."""

from __future__ import annotations

import pytest

from assessments.forms import (
    AnswerForm,
    AssessmentCreateForm,
    ReopenForm,
    UserChangeForm,
    UserCreationForm,
)
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(edition):
    return edition.indicator_set.get(code="POL.T.1")


def answer_form(indicator, **values) -> AnswerForm:
    data = {"version": "0", "loaded": ""} | values
    prefix = f"ind-{indicator.pk}"
    return AnswerForm({f"{prefix}-{k}": v for k, v in data.items()}, indicator=indicator)


def create_form(member_state, **values) -> AssessmentCreateForm:
    data = {
        "title": "Second round",
        "reporting_year": "2026",
        "target_level": "3",
        "profile_origin": "on",
        "token": "8c8d5f2e-5f5b-4a0a-9a53-0d6f8f1d3a11",
    } | values
    return AssessmentCreateForm(data, member_state=member_state)


@pytest.mark.parametrize("name", ["evidence", "comment", "na_justification"])
def test_answer_text_with_a_control_character_is_refused_naming_field_and_indicator(
    indicator, name
):
    form = answer_form(indicator, **{name: "Decree\x01 12\x08"})
    assert not form.is_valid()
    [message] = form.errors[name]
    assert "for indicator POL.T.1 contains an invisible control character (U+0001, U+0008)" in (
        message
    )


def test_answer_text_keeps_line_breaks(indicator):
    form = answer_form(indicator, level="2", comment="First line\r\nSecond line")
    assert form.is_valid(), form.errors
    assert form.values()["comment"] == "First line\r\nSecond line"


def test_over_long_evidence_is_refused_with_its_length(indicator):
    form = answer_form(indicator, evidence="y" * 10_001)
    assert form.errors["evidence"] == [
        "Evidence for indicator POL.T.1 is 10,001 characters; the limit is 10,000. "
        "Shorten it; your text is kept."
    ]


def test_not_applicable_with_a_level_is_refused_and_says_which_to_choose(indicator):
    form = answer_form(indicator, level="2", not_applicable="on", na_justification="No coast")
    assert not form.is_valid()
    [message] = form.errors["not_applicable"]
    assert message.startswith("Indicator POL.T.1 has both a level and “Not applicable”")
    assert "choose “No answer yet” as the level" in message


def test_not_applicable_without_a_level_is_accepted(indicator):
    form = answer_form(indicator, not_applicable="on", na_justification="No coast")
    assert form.is_valid(), form.errors
    assert form.values()["level"] is None


def test_evidence_links_are_completed_and_file_references_kept(indicator):
    links = "www.example.org/law\r\n\\\\fileserver\\legal\\decree.pdf\r\nfile://srv/share/a.pdf"
    form = answer_form(indicator, evidence_links=links)
    assert form.is_valid(), form.errors
    assert form.values()["evidence_links"] == (
        "https://www.example.org/law\n\\\\fileserver\\legal\\decree.pdf\nfile://srv/share/a.pdf"
    )


def test_every_bad_evidence_link_is_named(indicator):
    form = answer_form(indicator, evidence_links="javascript:alert(1)\ndata:text/html,x")
    messages = form.errors["evidence_links"]
    assert len(messages) == 2
    assert "“javascript:alert(1)” for indicator POL.T.1" in messages[0]
    assert "“data:text/html,x” for indicator POL.T.1" in messages[1]


def test_too_many_evidence_links_are_refused_naming_the_indicator(indicator):
    links = "\n".join(f"https://example.org/{n}" for n in range(21))
    form = answer_form(indicator, evidence_links=links)
    assert form.errors["evidence_links"] == [
        "Indicator POL.T.1 has 21 evidence links; at most 20 are allowed."
    ]


def test_text_fields_carry_their_limit_and_no_maxlength(indicator):
    html = str(answer_form(indicator)["comment"])
    assert 'data-limit="10000"' in html
    assert "maxlength" not in html
    title = str(AssessmentCreateForm()["title"])
    assert 'data-limit="200"' in title
    assert "maxlength" not in title


@pytest.mark.parametrize("title", ["Round\none", "Round\x01one"])
def test_an_assessment_title_is_one_line_without_control_characters(state, title):
    form = create_form(state, title=title)
    assert not form.is_valid()
    assert form.errors["title"][0].startswith("Title ")


def test_a_second_assessment_for_the_same_year_needs_a_confirmation(edition, state):
    existing = AssessmentFactory(edition=edition, member_state=state, reporting_year=2026)
    form = create_form(state)
    assert not form.is_valid()
    assert form.same_year == [existing]
    assert "already has an assessment for 2026" in form.errors["same_year_confirmed"][0]

    confirmed = create_form(state, same_year_confirmed="on")
    assert confirmed.is_valid(), confirmed.errors
    assert "same_year_confirmed" not in confirmed.assessment_values()


def test_other_years_and_other_member_states_do_not_warn(edition, state, other_state):
    AssessmentFactory(edition=edition, member_state=state, reporting_year=2025)
    AssessmentFactory(edition=edition, member_state=other_state, reporting_year=2026)
    form = create_form(state)
    assert form.is_valid(), form.errors
    assert form.same_year == []


def test_the_reopen_reason_refuses_control_characters():
    form = ReopenForm({"reason": "Fix\x1b data"})
    assert not form.is_valid()
    [message] = form.errors["reason"]
    assert message.startswith("The reason for reopening contains an invisible control character")


@pytest.mark.parametrize("form_class", [UserCreationForm, UserChangeForm])
def test_admin_user_forms_keep_a_name_on_one_line(form_class):
    form = form_class({"email": "a@example.org", "full_name": "Ana\nBcc: x@example.org"})
    form.is_valid()
    assert form.errors["full_name"] == ["Full name must be on one line: remove the line breaks."]


def test_a_critical_indicator_cannot_be_marked_not_applicable(indicator):
    indicator.critical = True
    form = answer_form(indicator, not_applicable="on", na_justification="No coast")
    assert not form.is_valid()
    assert form.errors["not_applicable"] == [
        "This is a critical indicator: it applies to every member state and cannot be marked "
        "not applicable."
    ]
