"""The results page's heavy parts, rendered once for each version of what they show.

Three quarters of the page's time went into rendering the same 300 KB again: a hundred gap
cards, the score breakdown of every indicator, the comparison and the charts. They change only
when something they show changes, so they are rendered once and kept in Django's cache under
a key of the assessment, the language, the reader's right to draft actions and the gaps'
filter, beside the version they were rendered from (`results_version`: a few small queries).
While the version holds, the scores are not even computed; when it moves, the parts are
rendered afresh from the same `assessment_results` and `plan_on_results` as before and replace
the entry. One entry per key, whatever the number of changes: no cache fills up with drafts.

What the parts show and the version therefore holds: the assessment (status, submission,
targets, profile), its answers, the previous submitted assessment it is compared with, the
edition's content (its content version), the member state's action plan (actions and aims),
the day (overdue actions) and the language. The page around them (header, downloads, the
legal status, the focal point's links) is rendered on every request.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.display import (
    IndicatorRow,
    LevelNames,
    changes_by_section,
    gap_groups,
    gap_views,
    indicator_changes,
    section_breakdown,
)
from assessments.models import Action, Assessment, User
from assessments.plans.on_results import plan_on_results
from assessments.reports.charts import Datum, bar_table, radar
from assessments.results import AssessmentResults, assessment_results, previous_submitted
from assessments.scoring import MATURITY_MAX
from roadmap.models import Category, Pillar
from roadmap.release import release_key

# Raise when what the parts are given changes (a change of a template or a translation changes
# the key by itself: roadmap.release): no old part is shown then.
PARTS_FORMAT = 1
PARTS_TIMEOUT = 24 * 60 * 60
SCORES_TEMPLATE = "assessments/_results_scores.html"
GAPS_TEMPLATE = "assessments/_results_gaps.html"
# Of each action: its saves, and (in case a status or date is ever set with QuerySet.update(),
# which renews neither) what decides whether its aims count and whether it is overdue.
PLAN_FIELDS = ("pk", "version", "updated_at", "status", "due_date")


@dataclass(frozen=True)
class GapFilter:
    """The gaps' filter of the page's form (?category=...&pillar=...); empty: all gaps."""

    category: str = ""
    pillar: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> GapFilter:
        return cls(query.get("category", ""), query.get("pillar", ""))

    @property
    def known(self) -> bool:
        """Whether both values are empty or offered by the form: only those are cached, so
        that made-up values cannot fill the cache."""
        return self.category in {"", *Category.Code.values} and self.pillar in {
            "",
            *Pillar.values,
        }

    def keeps(self, category: str, pillar: str) -> bool:
        return (not self.category or category == self.category) and (
            not self.pillar or pillar == self.pillar
        )


@dataclass(frozen=True)
class ResultsParts:
    scores: SafeString  # from the provisional warning to the 4P view
    gaps: SafeString  # the comparison, the projected scores and the gaps


def results_parts(user: User, assessment: Assessment, gap_filter: GapFilter) -> ResultsParts:
    """The page's heavy parts: from the cache while their version holds, else rendered."""
    if not gap_filter.known:
        return render_parts(results_context(user, assessment, gap_filter))
    # The parts' one thing that differs between readers: the focal point and contributors
    # tick gaps for a new action (`PlanOnResults.can_draft`), viewers do not.
    key = parts_key(assessment, gap_filter, can_draft=user.can_edit_answers)
    version = results_version(assessment)
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        scores, gaps = cached[1]
        return ResultsParts(mark_safe(scores), mark_safe(gaps))
    parts = render_parts(results_context(user, assessment, gap_filter))
    cache.set(key, (version, (str(parts.scores), str(parts.gaps))), PARTS_TIMEOUT)
    return parts


def parts_key(assessment: Assessment, gap_filter: GapFilter, *, can_draft: bool) -> str:
    """Who sees which parts: one entry each, replaced when its version moves."""
    return ":".join(
        [
            "results-parts",
            str(PARTS_FORMAT),
            release_key(),
            str(assessment.pk),
            get_language() or "",
            "draft" if can_draft else "read",
            gap_filter.category,
            gap_filter.pillar,
        ]
    )


def results_version(assessment: Assessment) -> str:
    """A hash of everything the parts show, read in four small queries.

    Answers are saved with a new version (assessments.answering) and a new `updated_at`, and
    actions likewise (assessments.plans.services; the admin renews `updated_at`): their count,
    latest change and sum of versions move with every save, addition and deletion. Aims have
    neither, so they are read whole, with their actions (a plan holds tens). The edition's
    content version is renewed by every edit of its framework text (roadmap.search.signals).
    """
    edition = assessment.edition
    answers = assessment.answers.aggregate(
        count=Count("pk"), changed=Max("updated_at"), versions=Sum("version")
    )
    previous = previous_submitted(assessment)
    plan = list(
        Action.objects.filter(member_state_id=assessment.member_state_id)
        .order_by("pk", "aims__indicator_code")
        .values_list(*PLAN_FIELDS, "aims__indicator_code", "aims__aimed_level")
    )
    inputs = [
        [
            assessment.pk,
            str(assessment.status),  # the enum and the loaded string must hash alike
            assessment.submitted_at,
            assessment.target_level,
            assessment.profile_origin,
            assessment.profile_transit,
            assessment.profile_destination,
        ],
        [edition.pk, str(edition.status), edition.content_version],
        sorted(answers.items()),
        sorted(assessment.category_targets.values_list("category", "level")),
        _previous(previous),
        plan,
        timezone.localdate(),  # actions become overdue
    ]
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def _previous(previous: Assessment | None) -> list[object] | None:
    """What the comparison shows of the previous assessment: a submitted assessment's answers
    cannot change until it is reopened, which makes it a draft (no longer compared with)."""
    if previous is None:
        return None
    edition = previous.edition
    return [
        previous.pk,
        previous.submitted_at,
        previous.title,
        previous.reporting_year,
        [edition.pk, str(edition.status), edition.content_version],
    ]


def render_parts(context: dict) -> ResultsParts:
    return ResultsParts(
        mark_safe(render_to_string(SCORES_TEMPLATE, context)),
        mark_safe(render_to_string(GAPS_TEMPLATE, context)),
    )


def _pct(level: int) -> float:
    return 100 * level / MATURITY_MAX


def results_context(user: User, assessment: Assessment, gap_filter: GapFilter) -> dict:
    """What the parts' templates show: the scores, charts, gaps, comparison and plan."""
    results = assessment_results(assessment)
    result = results.result
    names = LevelNames.for_structure(results.structure)
    gaps = [v for v in gap_views(results, names) if gap_filter.keeps(v.gap.category, v.gap.pillar)]
    category_data = [
        Datum(c.name, result.categories[c.code].score if c.code in result.categories else None)
        for c in results.categories
    ]
    pillar_data = [
        Datum(str(label), result.pillars[value].score if value in result.pillars else None)
        for value, label in Pillar.choices
    ]
    changes = indicator_changes(results.comparison, names) if results.comparison is not None else []
    return {
        "assessment": assessment,
        "results": results,
        "result": result,
        "radar": radar(
            category_data,
            title=_("Category scores"),
            target=[_pct(level) for level in results.category_targets],
        ),
        "section_charts": section_charts(results, names, section_breakdown(results, names)),
        "pillar_bars": bar_table(
            pillar_data,
            caption=_("Scores by pillar (4P), 0 to 100."),
            label_header=_("Pillar"),
        ),
        "gaps": gaps,
        "gap_groups": gap_groups(gaps, results.categories),
        "changes": changes,
        "changes_by_section": changes_by_section(changes, results.sections),
        "category_filter": gap_filter.category,
        "pillar_filter": gap_filter.pillar,
        "category_choices": Category.Code.choices,
        "pillar_choices": Pillar.choices,
        "plan": plan_on_results(user, results),
    }


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
