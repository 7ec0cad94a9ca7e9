from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Framework")

    def ready(self) -> None:
        # Registers the PDF report's system checks (roadmap/checks.py).
        from roadmap import checks  # noqa: F401

        # Connects the receivers that keep the search index in step with the content.
        from roadmap.search import signals  # noqa: F401
