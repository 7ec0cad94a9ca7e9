"""The health check: 200 when the database (and a shared cache) answer, 503 naming what failed."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import OperationalError
from django.urls import reverse

from tests.test_settings import run_settings

pytestmark = pytest.mark.django_db
SECRET_IN_ERROR = "could not connect to db.internal:5432 as rsr with password hunter2"


class UnreachableCache(BaseCache):
    """A cache server that does not answer, like Redis when it is down."""

    def __init__(self, location, params) -> None:
        super().__init__(params)

    def set(self, *args, **kwargs) -> None:
        raise ConnectionError(SECRET_IN_ERROR)

    def get(self, *args, **kwargs) -> None:
        raise ConnectionError(SECRET_IN_ERROR)


def test_healthy_answers_200_without_sign_in(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_health_is_never_cached_by_a_proxy(client):
    response = client.get(reverse("health"))
    assert "no-store" in response["Cache-Control"]


def test_load_balancers_may_use_head_but_not_post(client):
    assert client.head(reverse("health")).status_code == 200
    assert client.post(reverse("health")).status_code == 405


def test_database_failure_answers_503_without_the_error_details(client, caplog):
    failing_cursor = mock.patch(
        "roadmap.health.connection.cursor", side_effect=OperationalError(SECRET_IN_ERROR)
    )
    with failing_cursor:
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "error"}}
    assert "hunter2" not in response.content.decode()
    assert "Health check database failed" in caplog.text  # the reason is for the operators


def test_local_memory_cache_is_not_checked(client):
    assert "cache" not in client.get(reverse("health")).json()["checks"]


def test_a_shared_cache_is_checked(client, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


def test_an_unreachable_cache_answers_503_naming_the_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.test_health.UnreachableCache"}}
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}
    assert "hunter2" not in response.content.decode()


def test_redis_url_selects_the_redis_cache():
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.CACHES['default']))"
    )
    result = run_settings({"DEBUG": "true", "REDIS_URL": "redis://cache.internal:6379/2"}, probe)
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"


def test_without_redis_url_the_cache_is_local_memory():
    probe = "import django; django.setup(); from django.conf import settings as s; "
    probe += "print(s.CACHES['default']['BACKEND'])"
    result = run_settings({"DEBUG": "true", "REDIS_URL": ""}, probe)
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
