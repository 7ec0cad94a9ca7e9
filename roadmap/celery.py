"""The Celery application: background workers render reports, briefs and large exports.

Start a worker with `celery -A roadmap worker` (make run and the production profile do).
Settings come from Django's, prefixed CELERY_ (roadmap/settings.py, docs/settings.md); the
tasks live in assessments/jobs/tasks.py.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")

app = Celery("rsr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["assessments.jobs"])
