"""Shares and the sharing log are read-only in the admin: the log must stay whole."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.sharing.models import Share, ShareLevel, ShareLogEntry
from assessments.sharing.services import share_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(submitted, focal) -> Share:
    return share_assessment(assessment=submitted, by=focal, level=ShareLevel.SCORES)


@pytest.mark.parametrize("model", ["share", "sharelogentry"])
def test_administrators_read_shares_and_the_log(admin_client, shared, model):
    response = admin_client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert response.status_code == 200
    assert shared.assessment.title in response.content.decode()


@pytest.mark.parametrize("model", ["share", "sharelogentry"])
def test_nothing_is_added_changed_or_deleted_in_the_admin(admin_client, shared, model):
    obj = shared if model == "share" else ShareLogEntry.objects.get()
    before = (list(Share.objects.values()), list(ShareLogEntry.objects.values()))
    assert admin_client.get(reverse(f"admin:assessments_{model}_add")).status_code == 403
    change = reverse(f"admin:assessments_{model}_change", args=[obj.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # a view-only page
    admin_client.post(change, {"level": ShareLevel.ANSWERS, "include_evidence": "on"})
    delete = reverse(f"admin:assessments_{model}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert (list(Share.objects.values()), list(ShareLogEntry.objects.values())) == before
