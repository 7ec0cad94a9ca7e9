"""Celery tasks: the only code that runs in the workers (`celery -A roadmap worker`)."""

from __future__ import annotations

import os
import socket

from celery import shared_task


@shared_task(name="documents.render", ignore_result=True)
def render_document(job_pk: int) -> None:
    """Render one document job (claimed first: a second delivery of the same job does nothing)."""
    from assessments.jobs.services import run_job

    run_job(job_pk, worker=f"{socket.gethostname()}:{os.getpid()}")
