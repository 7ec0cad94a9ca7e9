"""The admin works for administrators and explains what it refuses."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from roadmap.models import Edition, Indicator, IndicatorLevel
from tests.factories import (
    AssessmentFactory,
    InstrumentFactory,
    ResourceFactory,
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
    AssessmentFactory(edition=complete_edition(code="old", status=Edition.Status.RETIRED))
    return edition


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", FRAMEWORK_ADMINS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render_for_a_superuser(admin_client, framework, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200
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
    assert 'name="question"' not in page  # shown, not editable

    response = admin_client.post(url, {"question": "Changed?"})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.question != "Changed?"


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
        question="Do officers use written procedures in every province?",
        section=indicator.section.pk,
        scale=indicator.scale.pk,
        **inline_management("legal_references", indicator.legal_references.all()),
        **inline_management("levels", []),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert indicator.question == "Do officers use written procedures in every province?"


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


def test_clone_and_publish_actions(admin_client, framework):
    changelist = admin_url(Edition, "changelist")
    response = admin_client.post(
        changelist,
        {"action": "clone_action", "_selected_action": [framework.pk]},
        follow=True,
    )
    assert "Created draft" in response.content.decode()
    draft = Edition.objects.get(based_on=framework)

    response = admin_client.post(
        changelist,
        {"action": "publish_action", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Published" in response.content.decode()
    assert Edition.objects.current() == draft


def test_publishing_an_incomplete_draft_shows_why(admin_client, framework):
    empty = Edition.objects.create(code="empty", name="Empty draft")
    response = admin_client.post(
        admin_url(Edition, "changelist"),
        {"action": "publish_action", "_selected_action": [empty.pk]},
        follow=True,
    )
    assert "needs all four categories" in response.content.decode()
    empty.refresh_from_db()
    assert empty.status == Edition.Status.DRAFT


def test_a_published_edition_cannot_be_deleted(admin_client, framework):
    response = admin_client.post(admin_url(Edition, "delete", framework.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Edition.objects.filter(pk=framework.pk).exists()
