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
from assessments.display import (
    IndicatorRow,
    LevelNames,
    changes_by_section,
    gap_groups,
    gap_views,
    indicator_changes,
    section_breakdown,
)
from assessments.models import Assessment, CategoryTarget
from assessments.plans.on_results import plan_on_results
from assessments.reports.charts import Datum, bar_table, radar
from assessments.results import AssessmentResults, assessment_results
from assessments.scoring import MATURITY_MAX
from roadmap.models import Category, Pillar

LEVELS = [(1, "1 Initial"), (2, "2 Developing"), (3, "3 Established"), (4, "4 Advanced")]


def _pct(level: int) -> float:
    return 100 * level / MATURITY_MAX


@login_required
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the country stands and which gaps matter most (provisional while incomplete)."""
    assessment = access.assessment_for(request.user, pk)
    results = assessment_results(assessment)
    result = results.result
    names = LevelNames.for_structure(results.structure)
    category_filter = request.GET.get("category", "")
    pillar_filter = request.GET.get("pillar", "")
    gaps = [
        v
        for v in gap_views(results, names)
        if (not category_filter or v.gap.category == category_filter)
        and (not pillar_filter or v.gap.pillar == pillar_filter)
    ]
    category_data = [
        Datum(c.name, result.categories[c.code].score if c.code in result.categories else None)
        for c in results.categories
    ]
    pillar_data = [
        Datum(str(label), result.pillars[value].score if value in result.pillars else None)
        for value, label in Pillar.choices
    ]
    changes = indicator_changes(results.comparison, names) if results.comparison is not None else []
    context = {
        "assessment": assessment,
        "results": results,
        "result": result,
        "radar": radar(
            category_data,
            title=_("Category scores"),
            target=[_pct(level) for level in results.category_targets],
        ),
        "category_data": category_data,
        "section_charts": section_charts(results, names, section_breakdown(results, names)),
        "pillar_bars": bar_table(
            pillar_data,
            caption=_("Scores by pillar (4P), 0 to 100."),
            label_header=_("Pillar"),
        ),
        "pillar_data": pillar_data,
        "gaps": gaps,
        "gap_groups": gap_groups(gaps, results.categories),
        "changes": changes,
        "changes_by_section": changes_by_section(changes, results.sections),
        "category_filter": category_filter,
        "pillar_filter": pillar_filter,
        "category_choices": Category.Code.choices,
        "pillar_choices": Pillar.choices,
        "can_set_targets": request.user.is_focal_point and assessment.is_draft,
        "legal_statuses": assessment.legal_statuses.in_order(),
        "plan": plan_on_results(request.user, results),
    }
    return render(request, "assessments/results.html", context)


def section_charts(
    results: AssessmentResults, names: LevelNames, breakdown: dict[int, list[IndicatorRow]]
) -> list[tuple]:
    """Per category: its section bars, and each section's score with its indicators."""
    charts = []
    for category in results.categories:
        target = results.targets[category.code]
        rows = [
            (s, results.result.sections.get(s.code), breakdown.get(s.pk, []))
            for s in results.sections
            if s.category_id == category.pk
        ]
        chart = bar_table(
            [Datum(s.title, score.score if score else None) for s, score, _rows in rows],
            caption=_("%(category)s: section scores, 0 to 100. Dashed line: target level %(t)s.")
            % {"category": category.name, "t": names.target_level(target)},
            label_header=_("Section"),
            target=_pct(target),
        )
        charts.append((category, chart, rows))
    return charts


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
