"""Public pages render with the site layout."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_four_categories_of_the_published_framework(client):
    call_command("load_framework", verbosity=0)
    page = client.get("/").content.decode()
    positions = [page.index(name) for name in ("Planning", "Principles", "Policy", "Practices")]
    assert positions == sorted(positions)
    assert "RSR framework, 2026 edition" in page
    assert "not official Bali Process content" in page


def test_home_page_says_when_no_framework_is_published(client):
    assert "No framework edition is published yet" in client.get("/").content.decode()


def test_pages_load_bootstrap_from_our_own_static_files(client):
    page = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()
