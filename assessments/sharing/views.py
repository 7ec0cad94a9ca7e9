"""The sharing page: what the RSO sees of an assessment, the focal point's choice, the log."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from assessments import access
from assessments.models import Assessment
from assessments.sharing.forms import ShareForm
from assessments.sharing.models import Share
from assessments.sharing.services import (
    current_share,
    last_shared,
    share_assessment,
    shared_before_reopening,
    withdraw_share,
)

LOG_PAGE_SIZE = 50  # every RSO visit adds a line: page the log rather than cut it

SHARED = gettext_noop("The assessment is now shared with the Regional Support Office: %(level)s.")
CHANGED = gettext_noop("The sharing level is now: %(level)s.")
UNCHANGED = gettext_noop("It was already shared at this level: nothing changed.")
WITHDRAWN = gettext_noop(
    "The share is withdrawn: the Regional Support Office can no longer open this assessment, "
    "and it has left the regional figures."
)
NOTHING_TO_WITHDRAW = gettext_noop(
    "This assessment is not shared with the Regional Support Office: there was nothing to withdraw."
)


def _initial(share: Share | None, assessment: Assessment) -> dict:
    """The share as it stands or, when not shared now, as it was last shared (the level to
    offer again after reopening); nothing at all when it was never shared."""
    source = share or last_shared(assessment)
    if source is None:
        return {}
    return {"level": source.level, "include_evidence": source.include_evidence}


def _share(request: HttpRequest, assessment: Assessment, form: ShareForm) -> bool:
    """Share or change the level; False (with the reason on the form) when refused."""
    before = current_share(assessment)
    level = form.cleaned_data["level"]
    include_evidence = form.cleaned_data["include_evidence"]
    try:
        share = share_assessment(
            assessment=assessment, by=request.user, level=level, include_evidence=include_evidence
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    if before is None:
        messages.success(request, _(SHARED) % {"level": share.level_words})
    elif (before.level, before.include_evidence) == (level, include_evidence):
        messages.info(request, _(UNCHANGED))  # the same form sent twice
    else:
        messages.success(request, _(CHANGED) % {"level": share.level_words})
    return True


@login_required
@require_http_methods(["GET", "POST"])
def sharing_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every member of the team reads it; only the focal point shares, changes or withdraws."""
    assessment = access.assessment_for(
        request.user, pk, queryset=Assessment.objects.select_related("share__shared_by")
    )
    share = current_share(assessment)
    form = ShareForm(initial=_initial(share, assessment))
    status = 200
    if request.method == "POST":
        access.require_focal_point(request.user)
        if "withdraw" in request.POST:
            withdrawn = withdraw_share(assessment=assessment, by=request.user)
            if withdrawn:
                messages.success(request, _(WITHDRAWN))
            else:
                messages.info(request, _(NOTHING_TO_WITHDRAW))
            return redirect("assessment-sharing", pk=assessment.pk)
        form = ShareForm(request.POST)
        if form.is_valid() and _share(request, assessment, form):
            return redirect("assessment-sharing", pk=assessment.pk)
        status = 400
    log = Paginator(assessment.share_log.all(), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "assessment": assessment,
        "share": share,
        "form": form,
        "can_share": request.user.is_focal_point,
        "reopened": shared_before_reopening(assessment) if assessment.is_draft else None,
        "log": log,
        "min_states": settings.REGIONAL_MIN_STATES,
    }
    return render(request, "sharing/sharing.html", context, status=status)
