"""A person's new renders are limited (one render per document is the queue's work:
tests/assessments/jobs/test_services.py)."""

from __future__ import annotations

import pytest

from assessments.reports.render_lock import RenderLimited, allow_render


def test_renders_beyond_the_limit_are_refused_per_person(settings):
    settings.REPORT_RENDER_LIMIT = 2
    allow_render(1)
    allow_render(1)
    with pytest.raises(RenderLimited):
        allow_render(1)
    allow_render(2)  # someone else is not affected
