"""Places where other apps plug into roadmap, without roadmap importing them.

Indicator panels: the framework browser knows nothing of assessments (the arrows go one way:
assessments uses roadmap). An app that has something to say on an indicator's page (the
practices library's "what member states have done") registers a panel function in its
AppConfig.ready(); the indicator page renders whatever the registered panels return, in the
order registered.

A panel function takes (indicator, request) and returns HTML (a SafeString, e.g. from
render_to_string) or "" / None to add nothing. It must cost a fixed number of queries: the
indicator page's query count is tested.

Queue probes: /health/ (roadmap/health.py) reports the queue of background documents as
"degraded" when its broker does not answer or when a registered probe returns False. The app
that owns the jobs (assessments.jobs) registers a probe that says whether workers are taking
them; roadmap knows nothing of its models.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

IndicatorPanel = Callable[..., SafeString | str | None]
QueueProbe = Callable[[], bool]

_indicator_panels: list[IndicatorPanel] = []
_queue_probes: list[QueueProbe] = []


def register_indicator_panel(panel: IndicatorPanel) -> IndicatorPanel:
    """Add a panel to every indicator page (once, however often ready() runs); a decorator."""
    if panel not in _indicator_panels:
        _indicator_panels.append(panel)
    return panel


def unregister_indicator_panel(panel: IndicatorPanel) -> None:
    """For tests."""
    if panel in _indicator_panels:
        _indicator_panels.remove(panel)


def indicator_panels(indicator, request: HttpRequest | None = None) -> list[SafeString]:
    """The HTML of each registered panel for this indicator, empty ones left out."""
    panels = []
    for panel in _indicator_panels:
        html = panel(indicator, request)
        if html:
            panels.append(html)
    return panels


def register_queue_probe(probe: QueueProbe) -> QueueProbe:
    """Add a check of the queue to /health/ (once, however often ready() runs); a decorator.

    A probe returns False when the queue is not doing its work (it logs why). It must be fast
    and cost a fixed number of queries: load balancers call /health/ every few seconds.
    """
    if probe not in _queue_probes:
        _queue_probes.append(probe)
    return probe


def unregister_queue_probe(probe: QueueProbe) -> None:
    """For tests."""
    if probe in _queue_probes:
        _queue_probes.remove(probe)


def queue_probes() -> list[QueueProbe]:
    return list(_queue_probes)
