"""The files of an answer: list and upload, remove, purge, download.

Access as the answer's (assessments.access): every member reads and downloads, the focal point
and contributors attach and remove on a draft, the focal point alone purges. Another member
state's file, and any purged file's content, is 404.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import access
from assessments.evidence.checks import ACCEPTED_WORDS
from assessments.evidence.forms import PurgeForm, UploadForm
from assessments.evidence.models import EvidenceFile, evidence_storage
from assessments.evidence.services import (
    TOO_LARGE,
    evidence_attach,
    evidence_purge,
    evidence_remove,
)
from assessments.jobs.views import STORAGE_DOWN, storage_down
from assessments.uploads import megabytes, upload_stopped
from roadmap import storage as stored
from roadmap.models import Indicator

logger = logging.getLogger(__name__)

ATTACHED = gettext_noop("“%(name)s” was attached to the answer.")
REMOVED = gettext_noop("“%(name)s” was removed from the answer. It stays in the answer's history.")
PURGED = gettext_noop(
    "The file's content was deleted for good (%(n)d copies, counting carried-forward ones). "
    "The history records that you purged it, and why."
)
NO_CONTENT = gettext_noop("This file's content is no longer stored.")


@login_required
@require_http_methods(["GET", "POST"])
def evidence_files(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The files of one answer; editors attach one file at a time on a draft."""
    assessment = access.assessment_for(request.user, pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("section"), edition_id=assessment.edition_id, code=code
    )
    form = UploadForm()
    status = 200
    if request.method == "POST":
        access.require_can_edit(request.user, assessment)
        form = UploadForm(request.POST, request.FILES)
        if upload_stopped(request):
            form.add_error(None, _(TOO_LARGE) % {"limit": megabytes(settings.EVIDENCE_MAX_BYTES)})
        elif form.is_valid():
            try:
                attached = evidence_attach(
                    assessment=assessment,
                    indicator=indicator,
                    upload=form.cleaned_data["file"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error("file", error)
            except stored.UNAVAILABLE:
                # The form comes back with the reason; the person still has their file.
                logger.exception("Evidence upload: the evidence storage is unavailable")
                form.add_error("file", _(STORAGE_DOWN))
            else:
                messages.success(request, _(ATTACHED) % {"name": attached.name})
                return redirect("evidence-files", pk=assessment.pk, code=indicator.code)
        status = 400
    files = EvidenceFile.objects.attached().filter(assessment=assessment, indicator=indicator)
    context = {
        "assessment": assessment,
        "indicator": indicator,
        "files": files,
        "form": form,
        "editable": request.user.can_edit_answers and assessment.is_draft,
        "can_purge": request.user.is_focal_point,
        "max_size": megabytes(settings.EVIDENCE_MAX_BYTES),
        "accepted": _(ACCEPTED_WORDS),
    }
    return render(request, "assessments/evidence/files.html", context, status=status)


@login_required
@require_POST
def evidence_remove_view(request: HttpRequest, public_id) -> HttpResponse:
    """Take a file off its answer (kept in the history). Editors, on a draft."""
    evidence = access.evidence_for(request.user, public_id)
    access.require_can_edit(request.user, evidence.assessment)
    try:
        evidence_remove(evidence=evidence, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _(REMOVED) % {"name": evidence.name})
    return _files_page(evidence)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_purge_view(request: HttpRequest, public_id) -> HttpResponse:
    """The focal point deletes a file's content for good, with a reason (asked to confirm)."""
    evidence = access.evidence_for(request.user, public_id)
    access.require_focal_point(request.user)
    if evidence.is_purged:
        return _files_page(evidence)
    form = PurgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = evidence_purge(evidence=evidence, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("reason", error)
        except stored.UNAVAILABLE:
            # Nothing was recorded (the transaction rolled back): the purge can be asked again.
            logger.exception("Evidence purge: the evidence storage is unavailable")
            return storage_down(request)
        else:
            messages.success(request, _(PURGED) % {"n": count})
            return _files_page(evidence)
    status = 400 if request.method == "POST" else 200
    context = {"evidence": evidence, "assessment": evidence.assessment, "form": form}
    return render(request, "assessments/evidence/purge.html", context, status=status)


@never_cache
@login_required
@require_GET
def evidence_download(request: HttpRequest, public_id) -> FileResponse:
    """The file, as an attachment, for any member of its member state (removed ones too)."""
    evidence = access.evidence_for(request.user, public_id)
    storage = evidence_storage()
    if evidence.is_purged:
        raise Http404(_(NO_CONTENT))
    try:
        content = storage.open(evidence.stored_name, "rb")
    except FileNotFoundError:
        raise Http404(_(NO_CONTENT)) from None
    except stored.UNAVAILABLE:
        logger.exception("Evidence download: the evidence storage is unavailable")
        return storage_down(request)
    response = FileResponse(
        content,
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    # Never shown inline nor guessed as another type; never_cache keeps it out of any cache.
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _files_page(evidence: EvidenceFile) -> HttpResponse:
    return redirect("evidence-files", pk=evidence.assessment_id, code=evidence.indicator.code)
