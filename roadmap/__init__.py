# The Celery app loads with Django, so that tasks queued by the web process use its settings.
from roadmap.celery import app as celery_app

__all__ = ["celery_app"]
