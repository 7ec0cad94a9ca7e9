"""The plan page, actions (new from gaps, details with history, edit) and the agency list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import access
from assessments.display import LevelNames
from assessments.plans.forms import ActionForm, AgencyForm
from assessments.plans.gaps import assessment_gaps
from assessments.plans.history import action_history
from assessments.plans.models import Action, ActionIndicator, Agency
from assessments.plans.page import plan_page
from assessments.plans.services import (
    NO_GAP_CHOSEN,
    ActionConflict,
    action_create,
    action_update,
    agency_create,
    agency_remove,
    agency_rename,
)
from roadmap.models import Indicator


def _level_namer(edition_id: int | None):
    """Name the aimed levels as the section page does: "3 Established", "Yes"."""
    if edition_id is None:
        return None
    names = LevelNames.for_edition(edition_id)
    return lambda gap, level: names.level(gap.indicator, level) if gap else str(level)


MAX_GAPS = 30  # gaps one action may address; more is a list, not an action
CODE_MAX_LENGTH = ActionIndicator._meta.get_field("indicator_code").max_length


def _codes(values: list[str]) -> list[str]:
    """The chosen gap codes, each once, in the order given (length-limited: they are echoed)."""
    codes = (v.strip()[:CODE_MAX_LENGTH] for v in values if v.strip())
    return list(dict.fromkeys(codes))[:MAX_GAPS]


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def plan_view(request: HttpRequest) -> HttpResponse:
    """The member state's action plan: groups, filters, timeline and table."""
    access.require_member_state(request.user)
    page = plan_page(request.user.member_state, request.GET, today=timezone.localdate())
    for value in page.filters.ignored:
        messages.warning(
            request, _("“%(v)s” is not a filter of this page: ignored.") % {"v": value}
        )
    return render(
        request,
        "plans/plan.html",
        {
            "page": page,
            "can_draft": request.user.can_edit_answers,
            "status_choices": Action.Status.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn one or more gaps of an assessment into an action (GET ?gaps=CODE&gaps=CODE)."""
    assessment = access.assessment_for(request.user, pk)
    access.require_can_draft_actions(request.user)
    source = request.POST if request.method == "POST" else request.GET
    codes = _codes(source.getlist("gaps"))
    if not codes:
        messages.info(request, _(NO_GAP_CHOSEN))
        return redirect(reverse("assessment-results", args=[assessment.pk]) + "#gaps")
    gaps = assessment_gaps(assessment)
    offered = [gaps[c] for c in codes if c in gaps]
    initial = {
        "objective": "\n".join(g.indicator.recommendation for g in offered),
        "status": Action.Status.PLANNED,
    } | {f"aim-{g.code}": max(g.target, g.current + 1) for g in offered}
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        member_state=assessment.member_state,
        gaps=gaps,
        codes=codes,
        with_status=request.user.is_focal_point,
        level_name=_level_namer(assessment.edition_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = action_create(assessment=assessment, by=request.user, data=form.action_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Action added to the plan."))
            return redirect("plan-action", pk=action.pk)
    context = {"form": form, "assessment": assessment, "codes": codes, "action": None}
    return render(request, "plans/action_form.html", context, status=400 if form.errors else 200)


@login_required
def action_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One action: what, who, when, budget, the indicators it aims to move, and its history."""
    action = access.action_for(request.user, pk)
    aims = list(action.aims.all())
    edition = action.found_in.edition_id if action.found_in else None
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            edition_id=edition, code__in=[a.indicator_code for a in aims]
        )
    }
    context = {
        "action": action,
        "aims": [(a, indicators.get(a.indicator_code)) for a in aims],
        "history": action_history(action),
        "can_edit": access.can_edit_action(request.user, action),
        "overdue": action.is_overdue(),
    }
    return render(request, "plans/action.html", context)


def _edit_form(request, action: Action, data=None) -> ActionForm:
    gaps = assessment_gaps(action.found_in) if action.found_in else {}
    saved = {a.indicator_code: a.aimed_level for a in action.aims.all()}
    initial = {
        name: getattr(action, name)
        for name in (
            "objective",
            "activities",
            "lead_agency",
            "start_date",
            "due_date",
            "budget_amount",
            "budget_currency",
            "budget_note",
            "success_indicator",
            "status",
            "version",
        )
    }
    initial["partners"] = list(action.partners.all())
    initial |= {f"aim-{code}": level for code, level in saved.items()}
    return ActionForm(
        data,
        initial=initial,
        member_state=action.member_state,
        gaps=gaps,
        codes=sorted(saved),
        saved_aims=saved,
        with_status=request.user.is_focal_point,
        level_name=_level_namer(action.found_in.edition_id if action.found_in else None),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an action; a concurrent edit shows both versions and keeps the user's text."""
    action = access.action_for(request.user, pk)
    access.require_can_edit_action(request.user, action)
    form = _edit_form(request, action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = action_update(
                action=action,
                by=request.user,
                data=form.action_data(),
                version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if isinstance(outcome, ActionConflict):
                return _conflict(request, action, outcome)
            messages.success(request, _("Action saved."))
            return redirect("plan-action", pk=action.pk)
    context = {"form": form, "action": action, "codes": form.codes, "assessment": action.found_in}
    return render(request, "plans/action_form.html", context, status=400 if form.errors else 200)


def _conflict(request, action: Action, conflict: ActionConflict) -> HttpResponse:
    """Both versions side by side; the form keeps the user's values, now on the newer version."""
    data = request.POST.copy()
    data["version"] = str(conflict.theirs.version)
    form = _edit_form(request, conflict.theirs, data)
    form.is_valid()
    context = {
        "form": form,
        "action": conflict.theirs,
        "codes": form.codes,
        "assessment": action.found_in,
        "conflict": conflict,
        "theirs_aims": {a.indicator_code: a.aimed_level for a in conflict.theirs.aims.all()},
        "theirs_partners": list(conflict.theirs.partners.all()),
    }
    return render(request, "plans/action_form.html", context, status=409)


@login_required
@require_http_methods(["GET", "POST"])
def agencies_page(request: HttpRequest) -> HttpResponse:
    """The member state's agencies; the focal point adds to the list."""
    access.require_member_state(request.user)
    form = AgencyForm(request.POST or None)
    if request.method == "POST":
        access.require_focal_point(request.user)
        if form.is_valid():
            try:
                agency_create(member_state=request.user.member_state, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Agency added."))
                return redirect("plan-agencies")
    agencies = Agency.objects.filter(member_state=request.user.member_state)
    context = {"form": form, "agencies": agencies, "can_add": request.user.is_focal_point}
    return render(request, "plans/agencies.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def agency_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The focal point renames an agency, or removes one that no action uses."""
    access.require_focal_point(request.user)
    agency = get_object_or_404(Agency, pk=pk, member_state=request.user.member_state)
    initial = {"name": agency.name, "short_name": agency.short_name}
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                agency_remove(agency=agency)
                messages.success(request, _("Agency removed from the list."))
                return redirect("plan-agencies")
            if form.is_valid():
                agency_rename(agency=agency, **form.cleaned_data)
                messages.success(request, _("Agency saved."))
                return redirect("plan-agencies")
        except ValidationError as error:
            _add_errors(form, error)
    context = {"form": form, "agency": agency}
    return render(request, "plans/agency.html", context, status=400 if form.errors else 200)
