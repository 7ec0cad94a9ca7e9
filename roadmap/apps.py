from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Framework")

    def ready(self) -> None:
        # Connects the receivers that keep the search index in step with the content.
        from roadmap import checks  # noqa: F401  (registers the PDF report's system checks)
        from roadmap.search import signals  # noqa: F401
