"""Celery tasks: the only code that runs in the workers (`celery -A roadmap worker`)."""

from __future__ import annotations

import os
import socket

from celery import shared_task
from celery.signals import worker_ready


@shared_task(name="documents.render", ignore_result=True)
def render_document(job_pk: int) -> None:
    """Render one document job (claimed first: a second delivery of the same job does nothing)."""
    from assessments.jobs.services import run_job

    run_job(job_pk, worker=f"{socket.gethostname()}:{os.getpid()}")


@worker_ready.connect(dispatch_uid="documents-requeue-waiting")
def requeue_waiting(**kwargs) -> int:
    """A worker that starts queues again every job still waiting for one.

    Jobs asked for while no worker could take them (the broker was down, the message was lost,
    or they were queued on another broker, as `make setup` does before the production profile
    starts) would otherwise wait until someone presses "Try again". The claim makes any extra
    delivery harmless: each job is still rendered once.
    """
    from assessments.jobs.services import requeue_waiting_jobs

    return requeue_waiting_jobs()
