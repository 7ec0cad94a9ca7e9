"""The legal-status page: who reads and writes it, what it refuses, and no silent overwrite."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.legal_status.models import EMPTY_STATUS, LegalStatus, status_fingerprint
from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def url(assessment) -> str:
    return reverse("assessment-legal-status", args=[assessment.pk])


def post_data(treaty, loaded=None, **values) -> dict:
    prefix = f"treaty-{treaty.pk}-"
    data = {prefix + "status": "", prefix + "year": "", prefix + "note": ""}
    data |= {prefix + name: str(value) for name, value in values.items()}
    data[prefix + "loaded"] = loaded if loaded is not None else status_fingerprint(EMPTY_STATUS)
    return data


def test_a_contributor_records_a_treaty_and_sees_it_again(
    client, assessment, contributor, treaty, declaration
):
    client.force_login(contributor)
    page = client.get(url(assessment)).content.decode()
    assert "Trafficking Protocol" in page
    assert "Bali Declaration" not in page  # only treaties are ratified
    response = client.post(url(assessment), post_data(treaty, status="party", year=2009))
    assert response.status_code == 302
    row = LegalStatus.objects.get()
    assert (row.instrument, row.status, row.year, row.updated_by) == (
        treaty,
        "party",
        2009,
        contributor,
    )
    assert 'value="2009"' in client.get(url(assessment)).content.decode()


def test_choosing_not_recorded_removes_the_entry(client, assessment, focal, treaty):
    row = LegalStatus.objects.create(assessment=assessment, instrument=treaty, status="unknown")
    client.force_login(focal)
    data = post_data(treaty, loaded=status_fingerprint(row.values()), status="")
    assert client.post(url(assessment), data).status_code == 302
    assert not LegalStatus.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"status": "not_party", "year": 2010}, "give a year only for a treaty your State is"),
        ({"status": "party", "year": 1999}, "was adopted in 2000: a year of signature"),
        ({"status": "party", "year": 2999}, "less than or equal to"),
        ({"note": "Pending"}, "choose a status to keep the note"),
        ({"status": "ratified"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    client, assessment, contributor, treaty, values, message
):
    client.force_login(contributor)
    response = client.post(url(assessment), post_data(treaty, **values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LegalStatus.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": "not_party", "year": 2010}, "year"),
        ({"note": "Pending"}, "note"),
        ({"status": "ratified"}, "status"),
    ],
)
def test_an_error_is_announced_with_the_field_it_is_about(
    client, assessment, contributor, treaty, values, field
):
    client.force_login(contributor)
    page = client.post(url(assessment), post_data(treaty, **values)).content.decode()
    field_id = f"id_treaty-{treaty.pk}-{field}"
    assert f'id="{field_id}_error"' in page
    assert f'aria-invalid="true" aria-describedby="{field_id}_error"' in page


def test_a_colleagues_newer_entry_is_kept_and_mine_is_reported(
    client, assessment, contributor, focal, treaty
):
    client.force_login(contributor)
    forms = client.get(url(assessment)).context["forms"]
    loaded = next(f for f in forms if f.instrument == treaty)["loaded"].value()
    LegalStatus.objects.create(
        assessment=assessment, instrument=treaty, status="signed", year=2001, updated_by=focal
    )
    response = client.post(
        url(assessment), post_data(treaty, loaded=loaded, status="party", year=2009), follow=True
    )
    assert LegalStatus.objects.get().status == "signed"
    assert "was changed by someone else" in response.content.decode()
    assert "Yours was: Party (ratified or acceded), 2009" in response.content.decode()


def test_an_untouched_row_does_not_undo_a_colleagues_entry(
    client, assessment, contributor, focal, treaty, convention
):
    client.force_login(contributor)
    loaded = status_fingerprint(EMPTY_STATUS)
    LegalStatus.objects.create(assessment=assessment, instrument=treaty, status="signed")
    data = post_data(treaty, loaded=loaded) | post_data(convention, status="not_party")
    assert client.post(url(assessment), data).status_code == 302
    assert dict(LegalStatus.objects.values_list("instrument__code", "status")) == {
        "x-tip": "signed",
        "x-c189": "not_party",
    }


def main_part(page: str) -> str:
    return page.split("<main", 1)[1]


def test_a_viewer_reads_the_profile_and_cannot_change_it(client, assessment, viewer, treaty):
    LegalStatus.objects.create(assessment=assessment, instrument=treaty, status="party", year=2009)
    client.force_login(viewer)
    response = client.get(url(assessment))
    assert not response.context["editable"]
    page = response.content.decode()
    assert "<select" not in main_part(page)  # the language menu's is outside <main>
    assert "Party (ratified or acceded)" in page
    assert client.post(url(assessment), post_data(treaty, status="not_party")).status_code == 403
    assert LegalStatus.objects.get().status == "party"


def test_a_submitted_assessment_is_read_only(client, assessment, contributor, treaty):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    client.force_login(contributor)
    assert "<select" not in main_part(client.get(url(assessment)).content.decode())
    assert client.post(url(assessment), post_data(treaty, status="party")).status_code == 403
    assert not LegalStatus.objects.exists()


def test_another_member_state_gets_404(client, assessment, other_focal, treaty):
    client.force_login(other_focal)
    assert client.get(url(assessment)).status_code == 404
    assert client.post(url(assessment), post_data(treaty, status="party")).status_code == 404
    assert not LegalStatus.objects.exists()


def test_the_results_page_shows_the_profile(client, assessment, viewer, treaty):
    LegalStatus.objects.create(
        assessment=assessment, instrument=treaty, status="party", year=2009, note="No reservation"
    )
    client.force_login(viewer)
    page = client.get(reverse("assessment-results", args=[assessment.pk])).content.decode()
    assert "Legal status: treaties" in page
    assert "No reservation" in page


def test_a_treatys_adoption_year_is_named_so_it_is_not_read_as_the_states_year(
    client, assessment, contributor, treaty
):
    # "Forced Labour Convention, 1930 (No. 29) (1930)" read as a typo, and a bare "(2000)"
    # beside the State's own Year column could be taken for the year of ratification.
    client.force_login(contributor)
    page = client.get(url(assessment)).content.decode()
    assert "Trafficking Protocol (full title) · adopted 2000" in page
    assert "(full title) (2000)" not in page
