"""A document kind of the tests' own, so the queue is tested apart from any real document."""

from __future__ import annotations

import pytest

from assessments.jobs.documents import KINDS, DocumentKind, register


def render_note(job) -> bytes:
    if job.params.get("fail"):
        raise RuntimeError("the renderer broke")
    return f"note for {job.subject} in {job.language}".encode()


@pytest.fixture
def note_kind():
    kind = register(
        DocumentKind(
            name="test-note",
            label=lambda job: "Test note",
            extension="txt",
            content_type="text/plain",
            render=render_note,
            filename=lambda job: f"note-{job.subject}.txt",
        )
    )
    yield kind
    KINDS.pop(kind.name, None)
