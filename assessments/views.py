"""The assessment journey: list, create, overview, sections, history, challenges, submit, reopen.

Every view: sign-in required, then an access check (assessments.access), then one domain call.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from assessments import access
from assessments.answering import section_save
from assessments.forms import CRITICAL_APPLIES, AssessmentCreateForm, ChallengesForm, ReopenForm
from assessments.history import answer_changes, recent_changes
from assessments.models import Answer, Assessment, EvidenceFile
from assessments.progress import assessment_progress, assessments_answered
from assessments.section_content import IndicatorContent, edition_content
from assessments.section_page import (
    Item,
    answers_for,
    bound_forms,
    build_items,
    error_links,
    section_menu,
)
from assessments.services import (
    assessment_create,
    assessment_reopen,
    assessment_submit,
    challenges_save,
    last_submitted,
    missing_answers,
)
from assessments.sharing.services import current_share, shared_before_reopening
from roadmap.models import Category, Indicator, Section

SAVED = gettext_noop("Your answers were saved.")
SHARE_AGAIN = gettext_noop(
    "This assessment was shared with the RSO (%(level)s) before it was reopened. Share it again?"
)
CAN_SHARE = gettext_noop(
    "As focal point you can now share it with the Regional Support Office: see “Sharing with "
    "the RSO” on this page. Nothing is shared until you do."
)
CONFLICTS = gettext_noop(
    "Someone else changed %(n)d of these answers after you opened the page. Your other changes "
    "were saved. For each answer marked below, choose which version to keep, then save again."
)


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    """The member state's assessments with their status, progress and sharing."""
    access.require_member_state(request.user)
    assessments = list(
        Assessment.objects.for_member_state(request.user.member_state).select_related(
            "edition", "share"
        )
    )
    answered = assessments_answered(assessments)
    rows = [(a, answered[a.pk], current_share(a)) for a in assessments]
    context = {"rows": rows, "can_create": request.user.is_focal_point}
    return render(request, "assessments/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest) -> HttpResponse:
    """The focal point starts an assessment for their own member state."""
    access.require_focal_point(request.user)
    member_state = request.user.member_state
    can_carry = last_submitted(member_state) is not None
    form = AssessmentCreateForm(
        request.POST or None, member_state=member_state, can_carry_forward=can_carry
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(
                member_state=member_state, by=request.user, **form.assessment_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assessment created. Start with the first section."))
            return redirect("assessment-overview", pk=assessment.pk)
    return render(request, "assessments/new.html", {"form": form})


@login_required
def assessment_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The four categories with progress, where to continue, and the latest changes."""
    assessment = access.assessment_for(
        request.user, pk, queryset=Assessment.objects.select_related("share")
    )
    context = {
        "assessment": assessment,
        "share": current_share(assessment),
        "progress": assessment_progress(assessment),
        "category_targets": sorted(
            assessment.category_targets.exclude(level=assessment.target_level),
            key=lambda target: Category.POSITIONS[target.category],
        ),
        "changes": recent_changes(assessment),
        "events": assessment.events.select_related("by")[:5],
        "can_edit": request.user.can_edit_answers and assessment.is_draft,
        "is_focal_point": request.user.is_focal_point,
    }
    return render(request, "assessments/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section_page(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Answer one section. Saves what it can; shows conflicts and errors without losing input."""
    assessment = access.assessment_for(request.user, pk)
    content = edition_content(assessment.edition)
    section = content.section(code)
    if section is None:
        raise Http404(_("This section is not part of the assessment's framework edition."))
    indicators = content.indicators_of(section)
    if request.method == "POST":
        access.require_can_edit(request.user, assessment)
        return _section_post(request, assessment, section, indicators)
    editable = request.user.can_edit_answers and assessment.is_draft
    answers = answers_for(assessment, indicators)
    items = build_items(assessment, indicators, answers, editable=editable)
    return _section_render(request, assessment, section, items, editable=editable)


def _section_post(
    request: HttpRequest,
    assessment: Assessment,
    section: Section,
    indicators: list[IndicatorContent],
) -> HttpResponse:
    """Save a section; the page is built again only when it must show errors or conflicts."""
    forms = bound_forms(assessment, indicators, request.POST)
    if not all(form.is_valid() for form in forms.values()):
        answers = answers_for(assessment, indicators)
        items = build_items(assessment, indicators, answers, editable=True, forms=forms)
        # The error summary at the top of the page says what to correct.
        return _section_render(request, assessment, section, items, editable=True, status=400)
    try:
        result = section_save(
            assessment=assessment,
            by=request.user,
            submissions=[form.submission() for form in forms.values()],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment-overview", pk=assessment.pk)
    if not result.conflicts:
        messages.success(request, _(SAVED))
        if "continue" in request.POST:
            after = assessment_progress(assessment).neighbours(section)[1]
            if after is not None:
                return redirect("assessment-section", pk=assessment.pk, code=after.code)
        return redirect("assessment-section", pk=assessment.pk, code=section.code)
    conflicts = {c.indicator.pk: c for c in result.conflicts}
    messages.warning(request, _(CONFLICTS) % {"n": len(conflicts)})
    answers = answers_for(assessment, indicators)
    items = build_items(assessment, indicators, answers, editable=True, conflicts=conflicts)
    return _section_render(request, assessment, section, items, editable=True, status=409)


def _section_render(
    request: HttpRequest,
    assessment: Assessment,
    section: Section,
    items: list[Item],
    *,
    editable: bool,
    status: int = 200,
) -> HttpResponse:
    progress = assessment_progress(assessment)
    before, after = progress.neighbours(section)
    context = {
        "menu": section_menu(assessment, progress, section),
        "assessment": assessment,
        "section": section,
        "category": section.category,
        "items": items,
        "errors": error_links(items) if status == 400 else [],
        "editable": editable,
        "critical_applies": CRITICAL_APPLIES,
        "previous": before,
        "next": after,
    }
    return render(request, "assessments/section.html", context, status=status)


@login_required
def answer_history(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Every change of one answer: who, when, old and new value; every file it ever had."""
    assessment = access.assessment_for(request.user, pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("section__category"),
        edition_id=assessment.edition_id,
        code=code,
    )
    answer = Answer.objects.filter(assessment=assessment, indicator=indicator).first()
    context = {
        "assessment": assessment,
        "indicator": indicator,
        "changes": answer_changes(answer) if answer else [],
        # Removed and purged ones too: the answer's record of its files.
        "files": EvidenceFile.objects.filter(assessment=assessment, indicator=indicator),
    }
    return render(request, "assessments/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def challenges_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick the planning challenges that apply (context for the report, not scored)."""
    assessment = access.assessment_for(request.user, pk)
    editable = request.user.can_edit_answers and assessment.is_draft
    initial = {"challenges": assessment.challenges.all()}
    form = ChallengesForm(request.POST or None, initial=initial, edition=assessment.edition)
    if request.method == "POST":
        access.require_can_edit(request.user, assessment)
        if form.is_valid():
            challenges_save(
                assessment=assessment, by=request.user, challenges=form.cleaned_data["challenges"]
            )
            messages.success(request, _("The challenges were saved."))
            return redirect("assessment-overview", pk=assessment.pk)
    context = {"assessment": assessment, "form": form, "editable": editable}
    return render(request, "assessments/challenges.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The focal point submits; refused with the list of what is missing."""
    assessment = access.assessment_for(request.user, pk)
    access.require_focal_point(request.user)
    if not assessment.is_draft:
        messages.info(request, _("This assessment is already submitted."))
        return redirect("assessment-overview", pk=assessment.pk)
    missing = missing_answers(assessment)
    if request.method == "POST":
        try:
            missing = assessment_submit(assessment=assessment, by=request.user)
        except ValidationError:
            messages.info(request, _("This assessment is already submitted."))
            return redirect("assessment-overview", pk=assessment.pk)
        if not missing:
            messages.success(request, _("The assessment was submitted and is now read-only."))
            reopened = shared_before_reopening(assessment)
            if reopened is not None:
                # Reopening withdrew the share: offer it back, at the level it had.
                messages.info(request, _(SHARE_AGAIN) % {"level": reopened.level_words})
                return redirect("assessment-sharing", pk=assessment.pk)
            messages.info(request, _(CAN_SHARE))
            return redirect("assessment-overview", pk=assessment.pk)
        messages.error(request, _("The assessment cannot be submitted yet: answers are missing."))
    status = 400 if missing and request.method == "POST" else 200
    context = {"assessment": assessment, "missing": missing}
    return render(request, "assessments/submit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reopen_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The focal point reopens a submitted assessment, giving a reason (recorded)."""
    assessment = access.assessment_for(
        request.user, pk, queryset=Assessment.objects.select_related("share")
    )
    access.require_focal_point(request.user)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_reopen(assessment=assessment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessment-overview", pk=assessment.pk)
        messages.success(request, _("The assessment is open for changes again."))
        return redirect("assessment-overview", pk=assessment.pk)
    if not assessment.is_draft or request.method == "POST":
        context = {"assessment": assessment, "form": form, "share": current_share(assessment)}
        return render(request, "assessments/reopen.html", context)
    messages.info(request, _("This assessment is not submitted; there is nothing to reopen."))
    return redirect("assessment-overview", pk=assessment.pk)
