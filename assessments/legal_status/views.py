"""The legal-status page: members read it; focal point and contributors record it on a draft."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from assessments import access
from assessments.legal_status.forms import LegalStatusForm
from assessments.legal_status.services import legal_status_save, treaties

SAVED = gettext_noop("The legal-status profile was saved.")
CONFLICT = gettext_noop(
    "%(treaty)s was changed by someone else after you opened the page; their entry is kept "
    "and shown. Yours was: %(mine)s. Enter it again if it should replace theirs."
)


@login_required
@require_http_methods(["GET", "POST"])
def legal_status_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Which treaties the State is party to, as recorded with this assessment (not scored)."""
    assessment = access.assessment_for(request.user, pk)
    editable = request.user.can_edit_answers and assessment.is_draft
    if request.method == "POST":
        access.require_can_edit(request.user, assessment)
    rows = {row.instrument_id: row for row in assessment.legal_statuses.in_order()}
    instruments = list(treaties())
    data = request.POST if request.method == "POST" else None
    forms = [
        LegalStatusForm(data, instrument=i, initial=LegalStatusForm.initial_for(rows.get(i.pk)))
        for i in instruments
    ]
    status = 200
    if data is not None:
        if all(form.is_valid() for form in forms):
            try:
                result = legal_status_save(
                    assessment=assessment,
                    by=request.user,
                    submissions=[form.submission() for form in forms],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("assessment-overview", pk=assessment.pk)
            for conflict in result.conflicts:
                messages.warning(request, _(CONFLICT) % _conflict_params(conflict))
            if not result.conflicts:
                messages.success(request, _(SAVED))
            return redirect("assessment-legal-status", pk=assessment.pk)
        status = 400
    context = {
        "assessment": assessment,
        "editable": editable,
        "forms": forms,
        "rows": [rows[i.pk] for i in instruments if i.pk in rows] if not editable else [],
        "errors": [e for form in forms for errors in form.errors.values() for e in errors],
    }
    return render(request, "assessments/legal_status.html", context, status=status)


def _conflict_params(conflict) -> dict[str, str]:
    from assessments.legal_status.models import LegalStatus

    mine = conflict.mine
    label = dict(LegalStatus.Status.choices).get(mine["status"], _("Not recorded"))
    parts = [str(label)] + [str(mine[k]) for k in ("year", "note") if mine[k]]
    treaty = conflict.instrument.short_name or conflict.instrument.name
    return {"treaty": treaty, "mine": ", ".join(parts)}
