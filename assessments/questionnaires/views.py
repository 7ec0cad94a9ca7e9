"""Work offline: download the questionnaire, upload it filled in, review, confirm.

Access: the assessment's member state (404 for anyone else); the focal point and contributors
(viewers get 403 with the reason). A submitted assessment's questionnaire can be downloaded,
not uploaded. A preview is its uploader's own (404 for others).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments import access
from assessments.answering import MINE, THEIRS
from assessments.jobs.views import ask_and_deliver
from assessments.questionnaires import services
from assessments.questionnaires.documents import request_questionnaire, require_can_answer
from assessments.questionnaires.forms import DownloadForm, UploadForm
from assessments.questionnaires.models import WorkbookImport
from assessments.questionnaires.reading import TOO_LARGE, BadFile
from assessments.questionnaires.workbook import Scope, scope_indicators
from assessments.uploads import megabytes, upload_stopped

UNKNOWN_SCOPE = gettext_noop(
    "There is no part “%(scope)s” of this questionnaire. Choose one from the list."
)
APPLIED = gettext_noop("%(n)s answers were saved from the workbook.")
CANCELLED = gettext_noop("The upload was cancelled; nothing was saved.")


def _assessment(request: HttpRequest, pk: int):
    assessment = access.assessment_for(request.user, pk)
    require_can_answer(request.user)
    return assessment


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a part and download it; upload a filled-in workbook; earlier uploads."""
    assessment = _assessment(request, pk)
    upload = UploadForm()
    if request.method == "POST":
        access.require_can_edit(request.user, assessment)
        upload = UploadForm(request.POST, request.FILES)
        if upload_stopped(request):
            limit = megabytes(settings.WORKBOOK_MAX_BYTES)
            upload.add_error(None, _(TOO_LARGE) % {"limit": limit})
        elif upload.is_valid():
            try:
                created = _create(request, assessment, upload.cleaned_data["workbook"])
            except BadFile as error:
                upload.add_error("workbook", error.message)
            else:
                return redirect("questionnaire-preview", pk=pk, public_id=created.public_id)
    return _page(request, assessment, upload, status=400 if upload.errors else 200)


def _create(request: HttpRequest, assessment, file) -> WorkbookImport:
    if file.size > settings.WORKBOOK_MAX_BYTES:
        raise BadFile(_(TOO_LARGE) % {"limit": megabytes(settings.WORKBOOK_MAX_BYTES)})
    return services.import_create(
        assessment=assessment, by=request.user, file_name=file.name, data=file.read()
    )


def _page(request: HttpRequest, assessment, upload: UploadForm, *, status: int = 200, message=""):
    indicators = scope_indicators(assessment, Scope("all"))
    context = {
        "assessment": assessment,
        "download": DownloadForm(indicators=indicators),
        "upload": upload,
        "message": message,
        "imports": assessment.workbook_imports.all()[:20],
        "limit_mb": max(1, settings.WORKBOOK_MAX_BYTES // (1024 * 1024)),
    }
    return render(request, "questionnaires/page.html", context, status=status)


@login_required
@require_safe
def questionnaire_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The workbook of `?scope=` (all, category:POL, section:<code>); `?language=` as reports."""
    assessment = _assessment(request, pk)
    text = request.GET.get("scope", "all")
    scope = Scope.parse(text)
    if scope is None or not scope_indicators(assessment, scope):
        message = _(UNKNOWN_SCOPE) % {"scope": text[:40]}
        return _page(request, assessment, UploadForm(), status=400, message=message)
    return ask_and_deliver(
        request, lambda: request_questionnaire(assessment, scope, user=request.user)
    )


def _import(request: HttpRequest, pk: int, public_id) -> WorkbookImport:
    assessment = _assessment(request, pk)
    return get_object_or_404(
        WorkbookImport.objects.select_related("assessment"),
        assessment=assessment,
        uploaded_by=request.user,
        public_id=public_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int, public_id) -> HttpResponse:
    """What the upload would change; POST confirms it (with the choices for conflicts)."""
    workbook_import = _import(request, pk, public_id)
    status = 200
    if request.method == "POST":
        access.require_can_edit(request.user, workbook_import.assessment)
        try:
            saved = services.import_apply(
                workbook_import=workbook_import,
                by=request.user,
                resolutions=resolutions(request.POST),
            )
        except services.NotPending as error:
            messages.info(request, error.message)
            return redirect("questionnaire-preview", pk=pk, public_id=public_id)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        except services.NewConflicts:
            messages.warning(request, _(services.NEW_CONFLICTS))
            status = 409
        else:
            messages.success(request, _(APPLIED) % {"n": saved})
            return redirect("assessment-overview", pk=pk)
    context = {
        "assessment": workbook_import.assessment,
        "upload": workbook_import,
        "preview": services.preview(workbook_import),
        "mine": MINE,
        "theirs": THEIRS,
    }
    return render(request, "questionnaires/preview.html", context, status=status)


def resolutions(data) -> dict[str, tuple[str, int]]:
    """`resolution-<code>` = mine/theirs with `theirs-<code>` = the saved version shown."""
    chosen = {}
    for key, value in data.items():
        code = key.removeprefix("resolution-")
        if key.startswith("resolution-") and value in (MINE, THEIRS):
            try:
                chosen[code] = (value, int(data.get(f"theirs-{code}", "")))
            except ValueError:
                continue
    return chosen


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: int, public_id) -> HttpResponse:
    workbook_import = _import(request, pk, public_id)
    try:
        services.import_cancel(workbook_import=workbook_import)
    except services.NotPending as error:
        messages.info(request, error.message)
    else:
        messages.info(request, _(CANCELLED))
    return redirect("questionnaire", pk=pk)
