"""The queue's part in /health/: are workers taking the document jobs?

Registered with roadmap's health check (roadmap.extensions.register_queue_probe) in
AssessmentsConfig.ready(): roadmap reads nothing of assessments itself.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from assessments.jobs.models import DocumentJob

logger = logging.getLogger(__name__)


def workers_take_jobs(now=None) -> bool:
    """False when a job has waited past DOCUMENT_QUEUE_PATIENCE and no job started since.

    A job may wait because its message was lost (a broker restarted without persistence) while
    workers are busy with newer ones: the person can retry it from its page, and the queue is
    not down. Only when nothing at all started after the oldest waiting job was asked for are
    the workers gone or stuck. Two queries, on the (status, requested_at) index and a small table.
    """
    now = now or timezone.now()
    oldest = (
        DocumentJob.objects.waiting_too_long(now)
        .order_by("requested_at")
        .values_list("pk", "requested_at")
        .first()
    )
    if oldest is None:
        return True
    pk, requested_at = oldest
    if DocumentJob.objects.filter(started_at__gte=requested_at).exists():
        return True
    logger.error(
        "Document job %s has waited %d s for a worker and no worker has started a job since: "
        "are the workers running (celery -A roadmap worker) and connected to the broker?",
        pk,
        (now - requested_at).total_seconds(),
    )
    return False
