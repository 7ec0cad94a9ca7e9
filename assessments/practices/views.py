"""Proposing entries (a member state's focal point) and curating them (RSO staff).

The public pages of the library are elsewhere; these pages need sign-in. A focal point's
member state is always their own: it is never a form field, and the services refuse another
one anyway. Edits carry the version they were read at: a stale form shows the saved version
and keeps what was typed; the same form sent twice (a double click) is not a conflict.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from assessments import access
from assessments.practices import services
from assessments.practices.forms import CurationForm, EntryForm, ReasonForm, ReviewFilterForm
from assessments.practices.models import EntryStatus, PracticeEntry

SENT_FOR_REVIEW = gettext_noop("Sent for review by the Regional Support Office.")
RESUBMITTED = gettext_noop("Saved and sent for review by the Regional Support Office again.")
SAVED = gettext_noop("Entry saved.")
PUBLISHED = gettext_noop("Entry published: it is on the public pages now.")
CREATED_PROPOSED = gettext_noop("Entry saved as proposed: it waits in the review queue.")
NOT_PUBLISHED = gettext_noop("Entry not published. The member state's team sees your reason.")


def _add_errors(form, error: ValidationError) -> None:
    """Service errors on their fields where the form has them, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _edit(
    request: HttpRequest,
    entry: PracticeEntry,
    form: EntryForm,
    save: Callable[[services.EntryData, int], PracticeEntry],
) -> PracticeEntry | dict | None:
    """Save a valid edit form: the entry, a conflict context, or None (errors on the form)."""
    data = form.entry_data()
    try:
        return save(data, form.cleaned_data["version"] or 0)
    except ValidationError as error:
        if getattr(error, "code", None) != "conflict":
            _add_errors(form, error)
            return None
    theirs = PracticeEntry.objects.select_related("member_state").get(pk=entry.pk)
    if services.entry_data_of(theirs) == data:
        return theirs  # the same form sent twice: the first one saved it
    # The typed values stay, now on the saved version: saving again keeps them.
    values = request.POST.copy()
    values["version"] = str(theirs.version)
    return {"theirs": theirs, "values": values}


# --- a member state's entries ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """The focal point proposes an entry for their own member state."""
    access.require_practice_proposer(request.user)
    member_state = request.user.member_state
    form = EntryForm(request.POST or None, member_state=member_state)
    if request.method == "POST" and form.is_valid():
        data = form.entry_data()
        try:
            services.entry_propose(data=data, by=request.user)
        except ValidationError as error:
            first = services.identical_entry(data, request.user)
            if first is None or first.status != EntryStatus.PROPOSED:
                _add_errors(form, error)  # a real duplicate: the values stay
            else:  # the same form sent twice: the first one saved it
                messages.success(request, _(SENT_FOR_REVIEW))
                return redirect("practices-mine")
        else:
            messages.success(request, _(SENT_FOR_REVIEW))
            return redirect("practices-mine")
    context = {"form": form, "member_state": member_state}
    return render(request, "practices/propose.html", context, status=400 if form.errors else 200)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Every member of the team reads their state's entries, with status and any reason."""
    access.require_member_state(request.user)
    entries = list(
        PracticeEntry.objects.for_member_state(request.user.member_state)
        .select_related("proposed_by")  # each entry names its proposer
        .prefetch_related("indicators")
        .order_by("-updated_at")
    )
    groups = [
        (status, label, [e for e in entries if e.status == status])
        for status, label in (
            (EntryStatus.REJECTED, _("Not published: correct and send again")),
            (EntryStatus.PROPOSED, _("Waiting for review")),
            (EntryStatus.PUBLISHED, _("Published")),
        )
    ]
    context = {"groups": groups, "count": len(entries), "can_edit": request.user.is_focal_point}
    return render(request, "practices/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mine_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The focal point corrects a proposed or rejected entry; a rejected one goes back to review."""
    entry = access.own_practice_entry(request.user, pk)
    access.require_practice_proposer(request.user)
    if entry.is_published:
        messages.info(request, _(services.PUBLISHED_BY_RSO))
        return redirect("practices-mine")
    member_state = request.user.member_state
    form = EntryForm(
        request.POST or None, initial=EntryForm.initial_for(entry), member_state=member_state
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        was_rejected = entry.status == EntryStatus.REJECTED
        outcome = _edit(
            request,
            entry,
            form,
            lambda data, version: services.entry_resubmit(
                entry=entry, data=data, version=version, by=request.user
            ),
        )
        if isinstance(outcome, PracticeEntry):
            messages.success(request, _(RESUBMITTED) if was_rejected else _(SAVED))
            return redirect("practices-mine")
        if outcome is not None:
            conflict = outcome
            form = EntryForm(conflict["values"], member_state=member_state)
            form.is_valid()
            entry = conflict["theirs"]
    context = {"form": form, "entry": entry, "conflict": conflict, "member_state": member_state}
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "practices/propose.html", context, status=status)


# --- RSO curation ------------------------------------------------------------------------------


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The review queue (oldest proposal first), then every entry with filters."""
    access.require_practices_curator(request.user)
    entries = PracticeEntry.objects.select_related("member_state", "proposed_by")
    queue = entries.proposed().order_by("created_at")
    filters = ReviewFilterForm(request.GET)
    context = {
        "queue": list(queue),
        "filters": filters,
        "entries": list(filters.filter(entries).order_by("member_state__name", "-year", "title")),
        "filtered": any(request.GET.get(name) for name in filters.fields),
    }
    return render(request, "practices/review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    """RSO staff add an entry for any member state, published at once or left for review."""
    access.require_practices_curator(request.user)
    form = CurationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("then") == "publish"
        data = form.entry_data()
        try:
            entry = services.entry_create(data=data, by=request.user, publish=publish)
        except ValidationError as error:
            entry = services.identical_entry(data, request.user)
            if entry is None:
                _add_errors(form, error)
            else:  # the same form sent twice: the first one saved it
                messages.success(
                    request, _(PUBLISHED) if entry.is_published else _(CREATED_PROPOSED)
                )
                return redirect("practices-entry-edit", pk=entry.pk)
        else:
            messages.success(request, _(PUBLISHED) if publish else _(CREATED_PROPOSED))
            return redirect("practices-entry-edit", pk=entry.pk)
    context = {"form": form}
    return render(request, "practices/entry_form.html", context, status=400 if form.errors else 200)


def _curated_entry(request: HttpRequest, pk: int) -> PracticeEntry:
    access.require_practices_curator(request.user)
    return get_object_or_404(
        PracticeEntry.objects.select_related("member_state", "proposed_by", "reviewed_by"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """RSO staff edit any entry; "Save and publish" publishes it too; "Not publish" rejects it."""
    entry = _curated_entry(request, pk)
    if request.method == "POST" and request.POST.get("action") == "reject":
        return _reject(request, entry)
    form = CurationForm(request.POST or None, initial=CurationForm.initial_for(entry))
    conflict = None
    if request.method == "POST" and form.is_valid():
        outcome = _edit(
            request,
            entry,
            form,
            lambda data, version: services.entry_update(entry=entry, data=data, version=version),
        )
        if isinstance(outcome, PracticeEntry):
            if request.POST.get("then") == "publish":
                services.entry_publish(entry=outcome, by=request.user)  # idempotent
                messages.success(request, _(PUBLISHED))
            else:
                messages.success(request, _(SAVED))
            return redirect("practices-entry-edit", pk=entry.pk)
        if outcome is not None:
            conflict = outcome
            form = CurationForm(conflict["values"])
            form.is_valid()
            entry = conflict["theirs"]
    return _curation_page(request, entry, form, ReasonForm(), conflict)


def _curation_page(request, entry, form, reason_form, conflict=None) -> HttpResponse:
    context = {
        "form": form,
        "entry": entry,
        "reason_form": reason_form,
        "conflict": conflict,
        "linked": entry.indicators.all(),
    }
    status = 409 if conflict else 400 if form.errors or reason_form.errors else 200
    return render(request, "practices/entry_form.html", context, status=status)


def _reject(request: HttpRequest, entry: PracticeEntry) -> HttpResponse:
    """Not publish (or withdraw) an entry, with a reason for the member state's team.

    Sent twice, the second one sets the same status and reason again: no harm, no error."""
    reason_form = ReasonForm(request.POST)
    if reason_form.is_valid():
        try:
            services.entry_reject(
                entry=entry, by=request.user, reason=reason_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(reason_form, error)
        else:
            messages.success(request, _(NOT_PUBLISHED))
            return redirect("practices-entry-edit", pk=entry.pk)
    form = CurationForm(initial=CurationForm.initial_for(entry))
    return _curation_page(request, entry, form, reason_form)
