"""The health check: 200 when the database (and a shared cache) answer, 503 naming what failed;
the queue of background documents is "degraded" without failing the app server (still 200)."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from assessments.jobs.health import workers_take_jobs
from assessments.jobs.models import DocumentJob
from roadmap import extensions
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
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "queue": "ok"}}


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
    assert response.json() == {"status": "error", "checks": {"database": "error", "queue": "ok"}}
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
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "queue": "ok"}


def test_an_unreachable_cache_answers_503_naming_the_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.test_health.UnreachableCache"}}
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error", "queue": "ok"}
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


# --- The queue: degraded, never a reason to drop the app server ------------------------------


def job(requested_ago: float, *, status=DocumentJob.Status.QUEUED, started_ago=None, name="a"):
    now = timezone.now()
    return DocumentJob.objects.create(
        kind="test-note",
        subject="regional",
        language="en",
        fingerprint=name,
        status=status,
        requested_at=now - timedelta(seconds=requested_ago),
        started_at=None if started_ago is None else now - timedelta(seconds=started_ago),
    )


def test_a_broker_that_does_not_answer_degrades_the_queue_but_the_server_stays_in(
    client, settings, caplog
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get(reverse("health"))
    assert response.status_code == 200  # a load balancer keeps sending pages here
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "queue": "degraded"},
    }
    assert "Health check queue broker failed" in caplog.text


def test_a_job_no_worker_took_within_the_patience_degrades_the_queue(client, settings, caplog):
    job(settings.DOCUMENT_QUEUE_PATIENCE + 5)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["queue"] == "degraded"
    assert "no worker has started a job since" in caplog.text


def test_a_job_waiting_less_than_the_patience_is_normal(client, settings):
    job(settings.DOCUMENT_QUEUE_PATIENCE - 30)
    assert client.get(reverse("health")).json()["status"] == "ok"


def test_a_lost_job_is_no_alarm_while_workers_start_newer_ones(client, settings):
    patience = settings.DOCUMENT_QUEUE_PATIENCE
    job(patience + 60, name="lost")  # its message never reached a worker
    job(patience, status=DocumentJob.Status.READY, started_ago=patience - 10, name="newer")
    assert client.get(reverse("health")).json()["status"] == "ok"


def test_an_unreachable_database_skips_the_job_probes(client):
    probe = mock.Mock(return_value=True, __name__="probe")
    extensions.register_queue_probe(probe)
    failing_cursor = mock.patch(
        "roadmap.health.connection.cursor", side_effect=OperationalError(SECRET_IN_ERROR)
    )
    try:
        with failing_cursor:
            response = client.get(reverse("health"))
    finally:
        extensions.unregister_queue_probe(probe)
    assert response.status_code == 503
    probe.assert_not_called()


def test_the_job_probe_is_registered_once_through_roadmaps_registry():
    assert extensions.queue_probes().count(workers_take_jobs) == 1
    extensions.register_queue_probe(workers_take_jobs)  # ready() running twice
    assert extensions.queue_probes().count(workers_take_jobs) == 1


def test_the_health_check_reads_the_job_table_in_two_queries_at_most(
    client, settings, django_assert_max_num_queries
):
    job(settings.DOCUMENT_QUEUE_PATIENCE + 5)
    with django_assert_max_num_queries(3):  # SELECT 1, the oldest waiting job, any start since
        client.get(reverse("health"))
