"""The section page: answer, save, continue, conflicts, bad input, history, query counts."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, EvidenceFile
from roadmap.models import Edition, Section
from tests.assessments.conftest import add_section
from tests.assessments.helpers import section_post
from tests.factories import (
    DESCRIPTOR_IND,
    QUESTION_IND,
    AssessmentFactory,
    complete_edition,
    partly_in_indonesian,
)

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
        assessment, section, {"POL.T.2": {"not_applicable": True, "na_justification": "No coast"}}
    )
    assert client.post(url(assessment, section), data).status_code == 302
    answer = Answer.objects.get(indicator__code="POL.T.2")
    assert (answer.not_applicable, answer.level, answer.na_justification) == (
        True,
        None,
        "No coast",
    )


def test_not_applicable_and_a_level_together_are_refused_and_both_are_kept(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    data = section_post(
        assessment,
        section,
        {
            "POL.T.1": {"level": 2},
            "POL.T.2": {"not_applicable": True, "na_justification": "No coast", "level": 3},
        },
    )
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    assert not Answer.objects.exists()
    page = response.content.decode()
    assert "Indicator POL.T.2 has both a level and “Not applicable”" in page
    form = response.context["items"][1].form
    assert (form["level"].value(), form["not_applicable"].value()) == ("3", True)
    assert "No coast" in page


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


def test_text_beyond_ten_thousand_characters_is_refused_naming_the_indicator(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    comment = "x" * 15_390
    data = section_post(assessment, section, {"POL.T.1": {"comment": comment}})
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Comment for indicator POL.T.1 is 15,390 characters; the limit is 10,000. "
        "Shorten it; your text is kept."
    ) in page
    assert f">{comment}</textarea>" in page  # nothing lost
    assert not Answer.objects.exists()


def test_text_fields_have_no_maxlength_but_show_their_limit(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    page = client.get(url(assessment, section)).content.decode()
    assert "maxlength" not in page
    pk = section.indicators.get(code="POL.T.1").pk
    assert f'id="id_ind-{pk}-comment" rows="2" data-limit="10000"' in page
    assert f'<div id="id_ind-{pk}-comment_count" class="form-text char-count">' in page
    assert "Up to 10,000 characters." in page


def test_evidence_links_must_be_web_addresses_and_the_message_names_the_indicator(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    data = section_post(assessment, section, {"POL.T.1": {"evidence_links": "javascript:alert(1)"}})
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    assert (
        "Evidence link “javascript:alert(1)” for indicator POL.T.1 is neither a web address "
        "nor a file-share reference"
    ) in response.content.decode()


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
    assert f"Changed by <bdi>{contributor}</bdi>" in section_page


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


# Session, user, two-factor check, the user's member state (also in the navigation bar), the
# assessment, its answers in the section, the files attached to them, every answer's level for
# the progress, the session's save (3: in a transaction of its own). The framework content is
# cached.
GET_QUERIES = 11
# The same up to the assessment, then the save's transaction (2), the assessment locked, the
# answers read, new answers and their history, changed answers and their history; and the
# session's save (3).
POST_QUERIES = 16


@pytest.mark.parametrize("n", [5, 50])
def test_section_page_costs_the_same_queries_whatever_its_size(
    client, state, contributor, n, django_assert_num_queries
):
    edition = complete_edition(code=f"q{n}", status=Edition.Status.PUBLISHED)
    section = add_section(edition, "POL.Q", n)
    assessment = AssessmentFactory(edition=edition, member_state=state)
    signed_in(client, contributor)
    client.get(url(assessment, section))  # the first visitor reads the edition's content
    half = {f"POL.Q.{i}": {"level": 1, "evidence": "Decree"} for i in range(1, n // 2 + 1)}
    client.post(url(assessment, section), section_post(assessment, section, half))
    # Every indicator: half the answers change, the other half are new.
    every = {f"POL.Q.{i}": {"level": 2} for i in range(1, n + 1)}
    data = section_post(assessment, section, every)
    with django_assert_num_queries(POST_QUERIES):
        response = client.post(url(assessment, section), data)
    assert response.status_code == 302
    assert Answer.objects.filter(assessment=assessment, level=2).count() == n
    for indicator in section.indicators.all():  # a file on every answer
        EvidenceFile.objects.create(
            assessment=assessment,
            indicator=indicator,
            name=f"{indicator.code}.pdf",
            content_type="application/pdf",
            size=1000,
            stored_name=f"{assessment.pk}/{indicator.code}.pdf",
            scan=EvidenceFile.Scan.NOT_SCANNED,
            uploaded_by=contributor,
        )
    with django_assert_num_queries(GET_QUERIES):
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
        ("title", "x" * 201, "Title is 201 characters; the limit is 200."),
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


def pk_of(section, code) -> int:
    return section.indicators.get(code=code).pk


def test_the_error_summary_links_each_error_to_its_field_in_page_order(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    data = section_post(
        assessment,
        section,
        {"POL.T.1": {"comment": "x" * 10_001}, "POL.T.3": {"evidence_links": "javascript:x"}},
    )
    prefix = f"ind-{pk_of(section, 'POL.T.1')}"
    data.update({f"{prefix}-level": "2", f"{prefix}-not_applicable": "on"})
    data[f"ind-{pk_of(section, 'POL.T.2')}-level"] = "9"
    response = client.post(url(assessment, section), data)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.indicator.code, e.target) for e in errors] == [
        ("POL.T.1", f"id_{prefix}-comment"),
        ("POL.T.1", f"id_{prefix}-not_applicable"),  # in page order, not in the order checked
        ("POL.T.1", f"id_{prefix}-na_justification"),
        ("POL.T.2", f"id_ind-{pk_of(section, 'POL.T.2')}-level"),
        ("POL.T.3", f"id_ind-{pk_of(section, 'POL.T.3')}-evidence_links"),
    ]
    page = " ".join(response.content.decode().split())
    summary = 'role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-error-summary'
    assert summary in page
    assert "Nothing was saved yet: correct what is listed here, then save again." in page
    for error in errors:
        link = f'<a href="#{error.target}" class="alert-link fw-normal">{error.indicator.code} · '
        assert link in page
        assert f'id="{error.target}"' in page  # the link leads somewhere


def test_fields_in_error_are_marked_invalid_and_described_by_their_message(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    data = section_post(assessment, section, {"POL.T.1": {"evidence": "Decree\x0112"}})
    response = client.post(url(assessment, section), data)
    field = f"id_ind-{pk_of(section, 'POL.T.1')}-evidence"
    page = " ".join(response.content.decode().split())
    assert (
        f'class="form-control is-invalid" aria-invalid="true" aria-describedby="{field}_error '
    ) in page
    assert f'<div id="{field}_error" class="invalid-feedback d-block"><div>Evidence for ' in page
    assert "Evidence for indicator POL.T.1 contains an invisible control character" in page
    assert not Answer.objects.exists()


def test_a_page_without_errors_has_no_error_summary(client, assessment, section, contributor):
    signed_in(client, contributor)
    response = client.get(url(assessment, section))
    assert response.context["errors"] == []
    assert "data-error-summary" not in response.content.decode()


def test_file_share_references_are_shown_as_text_and_web_addresses_as_links(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    links = "www.example.org/law\n\\\\fileserver\\legal\\decree.pdf\nfile:///srv/plan.pdf"
    data = section_post(assessment, section, {"POL.T.1": {"level": 2, "evidence_links": links}})
    assert client.post(url(assessment, section), data).status_code == 302
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    page = client.get(url(assessment, section)).content.decode()
    assert '<a href="https://www.example.org/law" rel="noopener noreferrer nofollow">' in page
    assert '<span class="file-reference">\\\\fileserver\\legal\\decree.pdf</span>' in page
    assert '<span class="file-reference">file:///srv/plan.pdf</span>' in page
    assert 'href="file:' not in page
    assert 'href="\\\\' not in page


def new_assessment_data(**values) -> dict:
    return {
        "title": "Second round",
        "reporting_year": 2026,
        "target_level": 3,
        "profile_origin": "on",
        "token": "8c8d5f2e-5f5b-4a0a-9a53-0d6f8f1d3a11",
    } | values


def test_a_second_assessment_for_the_same_year_warns_with_a_link_to_the_first(
    client, edition, focal
):
    first = AssessmentFactory(
        edition=edition, member_state=focal.member_state, reporting_year=2026, title="Round one"
    )
    client.force_login(focal)
    response = client.post(reverse("assessment-new"), new_assessment_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your member state already has an assessment for 2026:" in page
    assert f'<a href="{reverse("assessment-overview", args=[first.pk])}">Round one</a>' in page
    assert "Yes, start another assessment for this year" in page
    assert Assessment.objects.count() == 1

    data = new_assessment_data(same_year_confirmed="on")
    assert client.post(reverse("assessment-new"), data).status_code == 302
    assert Assessment.objects.count() == 2


# --- Keyboard: the skip link leads past the section menu --------------------------------------


class FocusOrder(HTMLParser):
    """The page's elements in document order, and which of them Tab can reach."""

    def __init__(self, page: str):
        super().__init__()
        self.elements: list[dict[str, str | None]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.elements.append({"tag": tag, **dict(attrs)})

    @staticmethod
    def focusable(element) -> bool:
        tag, tabindex = element["tag"], element.get("tabindex")
        if tabindex is not None:
            return int(tabindex) >= 0
        if tag == "input":
            return element.get("type") != "hidden"
        return tag in ("button", "select", "textarea", "summary") or (
            tag == "a" and element.get("href") is not None
        )

    def skip_link(self):
        return next(e for e in self.elements if e["tag"] == "a")

    def first_focusable_after(self, element_id: str):
        start = next(i for i, e in enumerate(self.elements) if e.get("id") == element_id)
        return next(e for e in self.elements[start + 1 :] if self.focusable(e))


def test_the_skip_link_leads_straight_to_the_first_questions_input(
    client, assessment, section, contributor
):
    page = signed_in(client, contributor).get(url(assessment, section)).content.decode()
    order = FocusOrder(page)
    skip = order.skip_link()
    assert skip["href"].startswith("#")
    target = order.first_focusable_after(skip["href"][1:])
    first = section.indicators.order_by("position").first()
    assert target["tag"] == "input"
    assert target["name"] == f"ind-{first.pk}-level"
    assert "Skip to the first question" in page


def test_the_skip_link_leads_a_viewer_past_the_section_menu_to_the_first_answer(
    client, assessment, section, viewer
):
    page = signed_in(client, viewer).get(url(assessment, section)).content.decode()
    order = FocusOrder(page)
    skip = order.skip_link()
    target = order.first_focusable_after(skip["href"][1:])
    assert target["tag"] == "summary"  # the first indicator's guidance
    assert "Skip to the answers" in page


CRITICAL_APPLIES = (
    "This is a critical indicator: it applies to every member state and cannot be marked not "
    "applicable."
)


def test_a_critical_indicator_offers_no_not_applicable_box_and_says_why(
    client, assessment, section, contributor
):
    section.indicators.filter(code="POL.T.1").update(critical=True)
    response = signed_in(client, contributor).get(url(assessment, section))
    critical, plain = response.context["items"][0].form, response.context["items"][1].form
    page = response.content.decode()
    assert f'name="{critical["not_applicable"].html_name}"' not in page
    assert f'name="{plain["not_applicable"].html_name}"' in page
    assert page.count(CRITICAL_APPLIES) == 1


def test_a_request_marking_a_critical_indicator_not_applicable_is_refused(
    client, assessment, section, contributor
):
    section.indicators.filter(code="POL.T.1").update(critical=True)
    data = section_post(
        assessment,
        section,
        {
            "POL.T.1": {"not_applicable": True, "na_justification": "No coast"},
            "POL.T.2": {"level": 2},
        },
    )
    response = signed_in(client, contributor).post(url(assessment, section), data)
    assert response.status_code == 400
    assert not Answer.objects.exists()
    [error] = response.context["errors"]
    assert (error.indicator.code, error.message) == ("POL.T.1", CRITICAL_APPLIES)


def test_a_stored_not_applicable_on_a_critical_indicator_is_flagged_to_answer(
    client, assessment, section, contributor
):
    indicator = section.indicators.get(code="POL.T.1")
    Answer.objects.create(
        assessment=assessment, indicator=indicator, not_applicable=True, na_justification="Old"
    )
    section.indicators.filter(pk=indicator.pk).update(critical=True)
    response = signed_in(client, contributor).get(url(assessment, section))
    assert "It was marked not applicable before this rule, so it counts as unanswered" in (
        response.content.decode()
    )


def test_a_section_of_twenty_answered_questions_is_at_most_60_kb_on_the_wire(
    client, state, contributor
):
    edition = complete_edition(code="w20", status=Edition.Status.PUBLISHED)
    section = add_section(edition, "POL.W", 20)
    assessment = AssessmentFactory(edition=edition, member_state=state)
    signed_in(client, contributor)
    answer = {
        "level": 2,
        "evidence": "National Action Plan 2024-2028, chapter 3; training records of 2025. " * 4,
        "evidence_links": "https://www.example.org/plan\nhttps://www.example.org/report-2025",
        "comment": "Adopted by the cabinet; the budget line is not yet funded. " * 3,
    }
    every = {f"POL.W.{i}": answer for i in range(1, 21)}
    client.post(url(assessment, section), section_post(assessment, section, every))
    response = client.get(url(assessment, section), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= 60 * 1024
    page = gzip.decompress(response.content).decode()
    assert page.count("training records of 2025") == 20 * 4


def test_the_section_menu_links_every_section_with_its_count_and_marks_this_one(
    client, assessment, section, contributor
):
    signed_in(client, contributor)
    client.post(
        url(assessment, section), section_post(assessment, section, {"POL.T.1": {"level": 2}})
    )
    page = " ".join(client.get(url(assessment, section)).content.decode().split())
    here = url(assessment, section)
    assert (
        f'<a href="{here}" class="d-flex justify-content-between current" aria-current="page">'
        f'<span>POL.T</span><span class="ms-2 text-body-secondary">1/3</span></a>'
    ) in page
    other = url(assessment, Section.objects.get(edition=assessment.edition, code="PLAN.A"))
    assert f'<a href="{other}" class="d-flex justify-content-between">' in page
    history = reverse("answer-history", args=[assessment.pk, "POL.T.1"])
    assert f'<a href="{history}">History</a>' in page


MARK = ' lang="en" dir="ltr"'


def test_in_indonesian_what_has_no_translation_is_shown_in_english_and_marked(
    client, assessment, section, contributor
):
    partly_in_indonesian(assessment.edition)
    contributor.language = "id"
    contributor.save()
    signed_in(client, contributor)
    page = client.get(url(assessment, section)).content.decode()
    assert f'<legend class="h5 indicator-question">{QUESTION_IND}</legend>' in page
    # The level choices: every label is translated, only level 0's descriptor.
    assert (
        f'<strong>0 Belum ada</strong> <span class="text-body-secondary">{DESCRIPTOR_IND}</span>'
    ) in page
    established = f'<span class="text-body-secondary"{MARK}>Established level.</span>'
    assert f"<strong>3 Mapan</strong> {established}" in page
    # The help: no guidance and no recommendation in Indonesian.
    assert f'<p class="mt-2 mb-1"{MARK}>Good practice is a written procedure.' in page
    assert f"<span{MARK}>Adopt written procedures and train officers in them.</span>" in page
    # Titles: the section's translated, the Planning category's name not (the menu).
    assert '<h2 class="h4">Bagian POL.T</h2>' in page
    assert f'<span{MARK}>Planning</span> <span class="small' in page
    assert "Kebijakan" in page
    assert 'class="fallback-note' in page


def test_in_english_the_section_page_marks_nothing(client, assessment, section, contributor):
    partly_in_indonesian(assessment.edition)
    signed_in(client, contributor)
    main = client.get(url(assessment, section)).content.decode().split("<main", 1)[1]
    assert "Does the State have written procedures" in main
    assert MARK not in main
    assert "fallback-note" not in main
