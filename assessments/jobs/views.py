"""The progress page of a document, its download and its retry.

The page works without JavaScript ("Check again"); with it, a small script
(static/js/document-progress.js) asks again every `REFRESH_SECONDS` while the document is being
prepared and updates the status in place, so the download link appears once it is ready. No
meta refresh: reloading the page every 2 s would restart a screen reader at the top (axe-core
rule meta-refresh, WCAG 2.2.1). Access follows
the document's subject: the assessment's member state, or RSO staff for regional documents;
everyone else gets 404. A kind may set its own rule (`DocumentKind.access`).

A document comes in the language the reader picks at download (`?language=id`), by default the
page's: the download views ask for it under that language (`ask_and_deliver`), so its job,
fingerprint and render are that language's (assessments.templatetags.document_tags offers the
choice).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assessments import access
from assessments.jobs import services
from assessments.jobs.documents import KINDS, kind_of
from assessments.jobs.models import DocumentJob
from assessments.languages import LANGUAGE_CODES
from assessments.reports import render_lock
from roadmap import storage

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 2
LANGUAGE_PARAMETER = "language"  # ?language=th: the document's language, if not the page's
TOO_MANY = gettext_noop(
    "You asked for many new documents in a short time. Wait a minute, then try again. "
    "Documents that are already prepared are not counted."
)
STORAGE_DOWN = gettext_noop(
    "The stored documents cannot be reached right now. Try again in a few minutes; if it "
    "keeps failing, tell your administrator."
)
STORAGE_RETRY_SECONDS = 60


def job_for(user, public_id) -> DocumentJob:
    """The job, if this person may see its subject; 404 otherwise (as for the subject)."""
    job = get_object_or_404(DocumentJob.objects.select_related("assessment"), public_id=public_id)
    kind = KINDS.get(job.kind)
    if kind is not None and kind.access is not None:
        kind.access(user, job)
    elif job.assessment_id is not None:
        access.assessment_for(user, job.assessment_id)
    elif job.subject == "regional":
        access.require_rso(user)
    else:
        raise Http404
    return job


def deliver(request: HttpRequest, job: DocumentJob) -> HttpResponse:
    """The file when it is ready (no rendering here); otherwise a 302 to the progress page.

    A store that cannot be reached answers 503 with a page that says so: the document is not
    lost, and the job stays ready for when the store is back.
    """
    if job.is_ready:
        try:
            response = serve(job)
        except storage.UNAVAILABLE:
            logger.exception("Document job %s: the documents storage is unavailable", job.pk)
            return storage_down(request)
        if response is not None:
            kind = kind_of(job)
            if kind.served is not None:
                kind.served(job, request.user)
            return response
    return redirect("document-progress", public_id=job.public_id, permanent=False)


def document_language(request: HttpRequest) -> str:
    """The language a download asks for (`?language=`), else the page's; an unknown code is
    ignored (the page's language), as a mistyped address should still give the document."""
    asked = request.GET.get(LANGUAGE_PARAMETER, "")
    return asked if asked in LANGUAGE_CODES else get_language() or settings.LANGUAGE_CODE


def ask_and_deliver(request: HttpRequest, ask: Callable[[], DocumentJob]) -> HttpResponse:
    """A download view's answer: `ask()` for the document's job, then `deliver` it; 429 (the
    try-again page) when it is a new render beyond the person's limit.

    `ask()` runs in the document's language (`document_language`): the job's language and its
    fingerprint (which hashes the framework text of that language) are the chosen language's.
    """
    try:
        with translation.override(document_language(request)):
            job = ask()
    except render_lock.RenderLimited:
        return refused(request)
    return deliver(request, job)


def serve(job: DocumentJob) -> HttpResponse | None:
    """The stored file as a confidential attachment; None (and the job failed) when it is gone."""
    try:
        handle = job.open_file()
    except (FileNotFoundError, ValueError):  # gone; other errors: the store is down (deliver)
        services.file_missing(job)
        return None
    kind = kind_of(job)
    response = FileResponse(handle, content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


def refused(request: HttpRequest) -> HttpResponse:
    from assessments.reports.views import try_again

    return try_again(request, TOO_MANY, status=429, after=settings.REPORT_RENDER_PERIOD)


def storage_down(request: HttpRequest) -> HttpResponse:
    from assessments.reports.views import try_again

    return try_again(request, STORAGE_DOWN, status=503, after=STORAGE_RETRY_SECONDS)


@login_required
@require_safe
def progress(request: HttpRequest, public_id) -> HttpResponse:
    job = job_for(request.user, public_id)
    kind = kind_of(job)
    pending = job.is_pending and not job.can_retry
    context = {
        "job": job,
        "label": kind.label(job),
        # In its own name, as the language menu shows it (the page marks it with lang=).
        "language_name": dict(settings.LANGUAGES).get(job.language, job.language),
        "back": kind.back(job) if kind.back is not None else None,
        "pending": pending,
        "refresh": REFRESH_SECONDS if pending else None,
        "waiting_long": job.waiting_too_long(),
        "lost": job.running_too_long(),
        "error": _(job.error) if job.error else "",
    }
    response = render(request, "jobs/progress.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def download(request: HttpRequest, public_id) -> HttpResponse:
    job = job_for(request.user, public_id)
    return deliver(request, job)


@login_required
@require_POST
def retry(request: HttpRequest, public_id) -> HttpResponse:
    job = job_for(request.user, public_id)
    try:
        services.retry(job, user=request.user)
    except render_lock.RenderLimited:
        return refused(request)
    return redirect("document-progress", public_id=job.public_id)
