"""The admin works for administrators and explains what it refuses."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.enrolment import enrolment_link_create
from assessments.models import (
    Assessment,
    EnrolmentLink,
    EntryKind,
    Share,
    ShareLevel,
    ShareLogEntry,
)
from assessments.practices.services import EntryData, entry_create
from assessments.sharing.services import record_access, share_assessment
from roadmap.edition_admin import CHANGES_MOVED, CODE_IN_USE
from roadmap.models import Edition, Indicator, IndicatorLevel, Section, TranslationChange
from roadmap.publishing import NOT_A_DRAFT, edition_clone
from tests.factories import (
    AssessmentFactory,
    IndicatorFactory,
    InstrumentFactory,
    ResourceFactory,
    UserFactory,
    complete_edition,
)

pytestmark = pytest.mark.django_db

FRAMEWORK_ADMINS = [
    m for m in admin.site._registry if m._meta.app_label in {"roadmap", "assessments"}
]


@pytest.fixture
def framework():
    edition = complete_edition(code="2026", status=Edition.Status.PUBLISHED)
    indicator = Indicator.objects.filter(edition=edition).first()
    indicator.resources.add(ResourceFactory())
    IndicatorLevel.objects.create(indicator=indicator, value=1, descriptor="First steps.")
    InstrumentFactory()
    old = AssessmentFactory(
        edition=complete_edition(code="old", status=Edition.Status.RETIRED),
        status=Assessment.Status.SUBMITTED,
    )
    share = share_assessment(assessment=old, by=UserFactory(), level=ShareLevel.SCORES)
    record_access(share=share, by=UserFactory(), kind=ShareLogEntry.Kind.VIEWED)
    entry_create(
        data=EntryData(
            member_state=old.member_state,
            kind=EntryKind.LEGISLATION,
            title="Anti-Trafficking Act",
            year=2017,
            summary="Defines the offence and the penalties.",
            pillar="prosecution",
            category="POL",
        ),
        by=None,
    )
    enrolment_link_create(user=UserFactory(email="new-admin@example.org", is_staff=True))
    TranslationChange.objects.create(
        content_object=indicator,
        object_repr=str(indicator),
        field="question",
        language="id",
        new_text="Apakah ada prosedur tertulis?",
        source=TranslationChange.Source.FIXTURE,
    )
    return edition


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", FRAMEWORK_ADMINS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render_for_a_superuser(admin_client, framework, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    # Assessments are created only in the application (tests/assessments/test_admin.py);
    # enrolment links only by the action on Users (tests/assessments/test_two_factor.py);
    # shares and their log only by the focal point's sharing page (read-only in the admin);
    # the translation history only by changing a translation.
    can_add = model not in (Assessment, EnrolmentLink, Share, ShareLogEntry, TranslationChange)
    assert admin_client.get(admin_url(model, "add")).status_code == (200 if can_add else 403)
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", FRAMEWORK_ADMINS, ids=lambda m: m._meta.label)
def test_admin_pages_send_anonymous_users_to_the_login(client, superuser, framework, model):
    obj = model.objects.first()
    for url in (admin_url(model, "changelist"), admin_url(model, "change", obj.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_indicator_search_finds_by_code_and_by_question_text(admin_client, framework):
    indicator = Indicator.objects.filter(edition=framework).first()
    by_code = admin_client.get(admin_url(Indicator, "changelist"), {"q": indicator.code})
    assert indicator.code in by_code.content.decode()
    by_text = admin_client.get(admin_url(Indicator, "changelist"), {"q": "written procedures"})
    assert indicator.code in by_text.content.decode()
    nothing = admin_client.get(admin_url(Indicator, "changelist"), {"q": "zebra crossing"})
    assert "0 indicators" in nothing.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"category": "POL"},
        {"pillar__exact": "protection"},
        {"critical__exact": "1"},
        {"scale__kind__exact": "maturity"},
    ],
)
def test_indicator_filters_work(admin_client, framework, params):
    assert admin_client.get(admin_url(Indicator, "changelist"), params).status_code == 200


def test_indicator_of_an_edition_in_use_is_read_only_with_the_reason(admin_client, framework):
    indicator = Indicator.objects.get(edition__code="old", code="POL.A.1")
    url = admin_url(Indicator, "change", indicator.pk)
    page = admin_client.get(url, follow=True).content.decode()
    assert "used by 1 assessment" in page
    assert 'name="question_en"' not in page  # shown, not editable
    assert 'name="weight"' not in page
    assert 'name="question_ind"' in page  # translations stay editable
    assert "stay editable" in page
    arabic = re.search(r'<textarea[^>]*name="question_ar"[^>]*>', page).group()
    assert 'dir="rtl"' in arabic
    assert 'lang="ar"' in arabic

    response = admin_client.post(url, {"question_en": "Changed?", "weight": 1})
    indicator.refresh_from_db()
    assert indicator.question_en != "Changed?"
    assert indicator.weight != 1 or response.status_code != 302


def locked_indicator_form(admin_client, indicator) -> dict:
    form = admin_client.get(admin_url(Indicator, "change", indicator.pk)).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data.update(
        **inline_management("legal_references", indicator.legal_references.all()),
        **inline_management("levels", indicator.levels.all()),
    )
    return data


def test_a_translation_of_a_locked_edition_can_be_corrected_and_is_kept_in_history(
    admin_client, framework
):
    indicator = Indicator.objects.get(edition__code="old", code="POL.A.1")
    english = indicator.question_en
    data = locked_indicator_form(admin_client, indicator)
    data["question_ind"] = "Apakah Negara memiliki prosedur tertulis?"
    response = admin_client.post(admin_url(Indicator, "change", indicator.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert indicator.question_ind == "Apakah Negara memiliki prosedur tertulis?"
    assert indicator.question_en == english
    change = TranslationChange.objects.of(indicator).get()
    assert (change.field, change.language, change.old_text) == ("question", "id", "")
    assert change.new_text == "Apakah Negara memiliki prosedur tertulis?"
    assert change.changed_by.is_superuser
    page = admin_client.get(admin_url(Indicator, "change", indicator.pk)).content.decode()
    assert "Apakah Negara memiliki prosedur tertulis?" in page  # the history on the page


def test_a_locked_edition_refuses_a_change_of_english_made_outside_the_admin(framework):
    """The model's own check: only texts in other languages may change in a locked edition."""
    from django.core.exceptions import ValidationError

    indicator = Indicator.objects.get(edition__code="old", code="POL.A.1")
    indicator.question_th = "มีขั้นตอนเป็นลายลักษณ์อักษรหรือไม่"
    indicator.full_clean()  # a translation alone passes
    indicator.question_en = "Changed?"
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_an_indicator_of_a_draft_can_be_edited_in_admin(admin_client):
    draft = complete_edition(code="draft")
    indicator = Indicator.objects.filter(edition=draft).first()
    url = admin_url(Indicator, "change", indicator.pk)
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"resources"}
    }
    data.update(
        question_en="Do officers use written procedures in every province?",
        section=indicator.section.pk,
        scale=indicator.scale.pk,
        **inline_management("legal_references", indicator.legal_references.all()),
        **inline_management("levels", []),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert indicator.question == "Do officers use written procedures in every province?"


def test_the_indicator_page_explains_the_critical_flag_and_its_threshold(admin_client):
    draft = complete_edition(code="draft")
    indicator = Indicator.objects.filter(edition=draft).first()
    page = admin_client.get(admin_url(Indicator, "change", indicator.pk)).content.decode()
    assert 'name="critical_threshold"' in page
    assert "answered at or below its critical threshold is a critical gap" in page
    assert "cannot be marked not applicable" in page


def test_a_critical_threshold_at_the_top_of_the_scale_is_refused_in_admin(admin_client):
    draft = complete_edition(code="draft")
    indicator = Indicator.objects.filter(edition=draft, scale__kind="maturity").first()
    url = admin_url(Indicator, "change", indicator.pk)
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"resources"}
    }
    data.update(
        critical=True,
        critical_threshold=4,
        section=indicator.section.pk,
        scale=indicator.scale.pk,
        **inline_management("legal_references", indicator.legal_references.all()),
        **inline_management("levels", []),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "critical threshold can be 0 to 3" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.critical_threshold == 0


def inline_management(prefix: str, rows) -> dict[str, object]:
    rows = list(rows)
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update(
            {
                f"{prefix}-{i}-id": row.pk,
                f"{prefix}-{i}-indicator": row.indicator_id,
                f"{prefix}-{i}-instrument": row.instrument_id,
                f"{prefix}-{i}-article": row.article,
                f"{prefix}-{i}-note": row.note,
                f"{prefix}-{i}-position": row.position,
            }
        )
    return data


def test_clone_action_creates_a_draft_of_the_selected_edition(admin_client, framework):
    response = admin_client.post(
        admin_url(Edition, "changelist"),
        {"action": "clone_action", "_selected_action": [framework.pk]},
        follow=True,
    )
    assert "Created draft" in response.content.decode()
    assert Edition.objects.get(based_on=framework).status == Edition.Status.DRAFT


@pytest.fixture
def draft(framework):
    """A renamed clone of the published edition with one change of each kind."""
    IndicatorFactory(section=Section.objects.get(edition=framework, code="PLAN.A"), code="PLAN.A.2")
    draft = edition_clone(source=framework, code="2027", name="RSR framework, 2027 edition")
    Indicator.objects.filter(edition=draft, code="POL.A.1").update(
        question="Do officers follow written procedures in every province?"
    )
    Indicator.objects.filter(edition=draft, code="PRIN.A.1").update(weight=3)
    Indicator.objects.filter(edition=draft, code="PRAC.A.1").update(
        critical=True, critical_threshold=1
    )
    Indicator.objects.filter(edition=draft, code="PLAN.A.2").delete()
    section = Section.objects.get(edition=draft, code="POL.A")
    IndicatorFactory(section=section, code="POL.A.9", question="Is the new plan funded?")
    return draft


def publish_page(edition: Edition) -> str:
    return admin_url(Edition, "publish", edition.pk)


def test_the_publish_action_asks_for_confirmation_and_publishes_nothing(admin_client, draft):
    response = admin_client.post(
        admin_url(Edition, "changelist"),
        {"action": "publish_action", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == publish_page(draft)
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT


def test_the_publish_page_shows_what_changes_against_the_published_edition(
    admin_client, framework, draft
):
    html = admin_client.get(publish_page(draft)).content.decode()
    assert f"Compared with the published edition “{framework.name}”" in html
    assert "1 indicator added" in html
    assert "Is the new plan funded?" in html
    assert "1 indicator removed" in html
    assert "PLAN.A.2" in html
    assert "1 indicator reworded" in html
    assert "Do officers follow written procedures in every province?" in html
    assert "1 weight changed" in html
    assert "2 → 3" in html
    assert "1 critical flag changed" in html
    assert "no → yes" in html
    assert "1 critical threshold changed" in html
    assert "0 → 1" in html
    assert "Yes, publish" in html
    assert f"?edition={draft.code}" in html  # link to the preview
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT


def test_confirming_on_the_publish_page_publishes(admin_client, framework, draft):
    page = admin_client.get(publish_page(draft))
    response = admin_client.post(
        publish_page(draft), {"changes": page.context["diff"].fingerprint()}, follow=True
    )
    assert "Published “RSR framework, 2027 edition”" in response.content.decode()
    assert Edition.objects.current() == draft
    framework.refresh_from_db()
    assert framework.status == Edition.Status.RETIRED


def test_a_confirmation_for_changes_that_moved_since_publishes_nothing(admin_client, draft):
    fingerprint = admin_client.get(publish_page(draft)).context["diff"].fingerprint()
    Indicator.objects.filter(edition=draft, code="POL.A.1").update(weight=1)
    response = admin_client.post(publish_page(draft), {"changes": fingerprint}, follow=True)
    assert CHANGES_MOVED in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT


def test_a_draft_still_named_draft_copy_is_refused_with_a_request_to_rename(
    admin_client, framework
):
    clone = edition_clone(source=framework)
    page = admin_client.get(publish_page(clone))
    html = page.content.decode()
    assert "cannot be published yet" in html
    assert "Rename the edition before publishing it" in html
    assert "Yes, publish" not in html
    response = admin_client.post(
        publish_page(clone), {"changes": page.context["diff"].fingerprint()}
    )
    assert "Rename the edition" in response.content.decode()
    clone.refresh_from_db()
    assert clone.status == Edition.Status.DRAFT
    assert Edition.objects.current() == framework


def test_publishing_an_incomplete_draft_shows_why(admin_client, framework):
    empty = Edition.objects.create(code="empty", name="Empty edition")
    html = admin_client.get(publish_page(empty)).content.decode()
    assert "needs all four categories" in html
    admin_client.post(publish_page(empty), {"changes": "x"})
    empty.refresh_from_db()
    assert empty.status == Edition.Status.DRAFT


def test_the_publish_page_of_a_published_edition_says_only_drafts_are_published(
    admin_client, framework
):
    response = admin_client.get(publish_page(framework), follow=True)
    assert NOT_A_DRAFT in response.content.decode()


def test_the_publish_page_is_closed_to_visitors_who_are_not_staff(client, draft):
    client.force_login(UserFactory())
    response = client.post(publish_page(draft), {"changes": "x"})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT


def test_an_unknown_edition_has_no_publish_or_clone_page(admin_client, framework):
    assert admin_client.get(admin_url(Edition, "publish", 99999)).status_code == 404
    assert admin_client.get(admin_url(Edition, "clone", 99999)).status_code == 404


def test_the_clone_page_creates_a_draft_with_the_name_and_code_given(admin_client, framework):
    url = admin_url(Edition, "clone", framework.pk)
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"name": "RSR framework, 2027 edition", "code": "2027"})
    draft = Edition.objects.get(based_on=framework)
    assert response["Location"] == admin_url(Edition, "change", draft.pk)
    assert (draft.name, draft.code, draft.status) == (
        "RSR framework, 2027 edition",
        "2027",
        "draft",
    )
    assert Indicator.objects.filter(edition=draft).count() == 4


def test_the_clone_page_refuses_a_code_in_use_and_creates_nothing(admin_client, framework):
    response = admin_client.post(
        admin_url(Edition, "clone", framework.pk), {"name": "Again", "code": framework.code}
    )
    assert response.status_code == 200
    assert CODE_IN_USE in response.content.decode()
    assert Edition.objects.filter(based_on=framework).count() == 0


def test_the_edition_page_links_to_preview_publish_and_clone(admin_client, framework, draft):
    html = admin_client.get(admin_url(Edition, "change", draft.pk)).content.decode()
    assert f"/framework/?edition={draft.code}" in html
    assert publish_page(draft) in html
    assert admin_url(Edition, "clone", draft.pk) in html
    published = admin_client.get(admin_url(Edition, "change", framework.pk)).content.decode()
    assert publish_page(framework) not in published


def test_the_locked_banner_links_to_cloning_the_edition(admin_client, framework):
    old = Edition.objects.get(code="old")
    indicator = Indicator.objects.get(edition=old, code="POL.A.1")
    html = admin_client.get(admin_url(Indicator, "change", indicator.pk)).content.decode()
    assert "used by 1 assessment" in html
    assert f'<a href="{admin_url(Edition, "clone", old.pk)}">Clone' in html
    edition_page = admin_client.get(admin_url(Edition, "change", old.pk)).content.decode()
    assert f'<a href="{admin_url(Edition, "clone", old.pk)}">Clone' in edition_page


def test_the_indicator_list_shows_each_rows_edition_and_filters_by_edition(
    admin_client, framework, draft
):
    url = admin_url(Indicator, "changelist")
    html = admin_client.get(url, {"q": "POL.A.1"}).content.decode()
    assert "2026 (published)" in html
    assert "2027 (draft)" in html
    only_draft = admin_client.get(url, {"edition__id__exact": draft.pk})
    rows = only_draft.context["cl"].result_list
    assert {row.edition_id for row in rows} == {draft.pk}
    assert len(rows) == Indicator.objects.filter(edition=draft).count()


def test_a_published_edition_cannot_be_deleted(admin_client, framework):
    response = admin_client.post(admin_url(Edition, "delete", framework.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Edition.objects.filter(pk=framework.pk).exists()
