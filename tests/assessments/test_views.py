"""What the overview and challenges pages offer: viewers read, and are not told to act."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer
from roadmap.models import Indicator

pytestmark = pytest.mark.django_db


def page(client, user, name: str, assessment) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[assessment.pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_overview_offers_an_editor_to_continue_with_the_next_unanswered_section(
    client, assessment, contributor
):
    overview = page(client, contributor, "assessment-overview", assessment)
    assert "Continue:" in overview


def test_a_viewer_sees_no_button_to_continue_answering(client, assessment, viewer):
    overview = page(client, viewer, "assessment-overview", assessment)
    assert "Next unanswered" not in overview
    assert "Continue:" not in overview
    assert "tick list" not in overview
    # Navigation stays: every section is still a link.
    section = reverse("assessment-section", args=[assessment.pk, "POL.T"])
    assert f'href="{section}"' in overview
    assert "Results (provisional)" in overview


def test_an_editor_is_told_to_tick_the_challenges(client, assessment, contributor):
    challenges = page(client, contributor, "assessment-challenges", assessment)
    assert "Tick the challenges" in challenges
    assert "unsaved.js" in challenges


def test_a_viewer_reads_the_challenges_without_instructions_to_tick_them(
    client, assessment, viewer
):
    challenges = page(client, viewer, "assessment-challenges", assessment)
    assert "Tick" not in challenges
    assert "None recorded." in challenges
    assert 'type="checkbox"' not in challenges
    assert "unsaved.js" not in challenges


def test_a_viewer_sees_the_section_read_only_with_no_instruction_to_answer(
    client, assessment, viewer
):
    indicator = Indicator.objects.get(edition=assessment.edition, code="POL.T.1")
    Answer.objects.create(assessment=assessment, indicator=indicator, level=3, evidence="SOP 2023")
    client.force_login(viewer)
    section = client.get(reverse("assessment-section", args=[assessment.pk, "POL.T"]))
    text = " ".join(section.content.decode().split())
    answers = text[text.index('id="section-content"') : text.index("<footer")]
    assert "your role does not allow changes" in answers
    assert "SOP 2023" in answers
    for control in ("<form", "<textarea", 'type="radio"', "<button", "No answer yet", "Save"):
        assert control not in answers, control
