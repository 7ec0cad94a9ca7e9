"""The results page (scores, charts, gaps, comparison) and the targets form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from assessments import access
from assessments.forms import TARGET_LEVELS
from assessments.models import Assessment, CategoryTarget
from assessments.results_page import GapFilter, results_parts
from roadmap.models import Category

LEVELS = TARGET_LEVELS


@login_required
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the country stands and which gaps matter most (provisional while incomplete)."""
    assessment = access.assessment_for(request.user, pk)
    parts = results_parts(request.user, assessment, GapFilter.from_query(request.GET))
    context = {
        "assessment": assessment,
        "parts": parts,
        "can_set_targets": request.user.is_focal_point and assessment.is_draft,
        "legal_statuses": assessment.legal_statuses.in_order(),
    }
    return render(request, "assessments/results.html", context)


class TargetsForm(forms.Form):
    target_level = forms.TypedChoiceField(
        label=gettext_lazy("Target for the whole assessment"), choices=LEVELS, coerce=int
    )

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for category in categories:
            self.fields[f"category_{category.code}"] = forms.TypedChoiceField(
                label=category.name,
                choices=[("", _("Same as the whole assessment")), *LEVELS],
                coerce=int,
                empty_value=None,
                required=False,
            )


@transaction.atomic
def targets_save(*, assessment: Assessment, target_level: int, categories: dict) -> None:
    """Set the assessment's target and the per-category targets (None removes one)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(_(access.ASSESSMENT_LOCKED))
    assessment.target_level = target_level
    assessment.save(update_fields=["target_level"])
    for code, level in categories.items():
        if level is None:
            CategoryTarget.objects.filter(assessment=assessment, category=code).delete()
        else:
            CategoryTarget.objects.update_or_create(
                assessment=assessment, category=code, defaults={"level": level}
            )


@login_required
@require_http_methods(["GET", "POST"])
def targets_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The focal point changes the targets: gaps change, scores do not."""
    assessment = access.assessment_for(request.user, pk)
    access.require_focal_point(request.user)
    if not assessment.is_draft:
        raise PermissionDenied(_(access.ASSESSMENT_LOCKED))
    categories = list(Category.objects.filter(edition_id=assessment.edition_id))
    current = dict(assessment.category_targets.values_list("category", "level"))
    initial = {"target_level": assessment.target_level} | {
        f"category_{code}": level for code, level in current.items()
    }
    form = TargetsForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        targets_save(
            assessment=assessment,
            target_level=form.cleaned_data["target_level"],
            categories={c.code: form.cleaned_data[f"category_{c.code}"] for c in categories},
        )
        messages.success(request, _("Targets saved: the gaps now follow them."))
        return redirect("assessment-results", pk=assessment.pk)
    return render(request, "assessments/targets.html", {"assessment": assessment, "form": form})
