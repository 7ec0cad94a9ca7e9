"""Fetch a document as a person does: asked for, made by a worker, then downloaded."""

from __future__ import annotations

from django.urls import resolve

from assessments.jobs import services
from assessments.jobs.models import DocumentJob


def job_of(response) -> DocumentJob:
    """The job whose progress page a document's URL redirected to."""
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.url_name == "document-progress", response["Location"]
    return DocumentJob.objects.get(public_id=match.kwargs["public_id"])


def body(response) -> bytes:
    """The content of a response, streamed (a stored file) or not; the file is closed.

    A streamed response is read to its end: the test client's wrapper then closes it with
    `close_old_connections` switched off, as for any response. Calling `response.close()` here
    would fire request_finished with it switched on, which closes the test's PostgreSQL
    connection in the middle of its transaction (SQLite's in-memory database ignores it).
    """
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def fetch_document(client, url: str, *, expect_new: bool = True):
    """GET the document's URL: redirected to its progress page until a worker (run here) made
    it, then the stored file. Returns the final response and its bytes."""
    first = client.get(url)
    if expect_new:
        services.run_job(job_of(first).pk, worker="test-worker")
    response = client.get(url)
    return response, body(response)
