"""At most so many new renders per person: several tabs or a script cannot keep every worker busy.

`allow_render` counts a person's new renders in a fixed window; documents someone already
asked for are not counted (assessments/jobs/services.request_document). That the same document
is never rendered twice at once is the queue's work: one `DocumentJob` row per document,
claimed by one worker (assessments/jobs/README.md).
"""

from __future__ import annotations

from django.conf import settings

from assessments.throttle import hit


class RenderLimited(Exception):
    """This person started too many renders in the current window."""


def allow_render(user_id: int) -> None:
    """Count one new render for the user; raise `RenderLimited` beyond the limit."""
    allowed = hit(
        "report-render",
        str(user_id),
        limit=settings.REPORT_RENDER_LIMIT,
        window_seconds=settings.REPORT_RENDER_PERIOD,
    )
    if not allowed:
        raise RenderLimited
