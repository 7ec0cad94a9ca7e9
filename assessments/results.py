"""Load an assessment's data, score it (assessments.scoring) and compare it with the last one.

The one place that turns database rows into scoring inputs: the results page, the PDF report
and the exports all call `assessment_results`. Fixed number of queries, whatever the size.

The framework comes from the edition's cached structure (roadmap.edition_structure); a submitted
assessment's scores are computed once and cached (`submitted_result`): it cannot change until it
is reopened, and a new submission gives it a new key. Cached or not, the scores come from the
same `scoring.score` on the same inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache

from assessments.models import Assessment
from assessments.projection import Aim, project
from assessments.scoring import (
    AnswerInput,
    IndicatorInput,
    Result,
    Score,
    answer_input,
    score,
    shown,
)
from roadmap.edition_structure import EditionStructure, edition_structure
from roadmap.languages import fallbacks_of
from roadmap.models import Category, Indicator, Section

# Raise when the scoring method or Result change: no cached score of the old method is read.
RESULT_FORMAT = 1
RESULT_TIMEOUT = 7 * 24 * 60 * 60


@dataclass(frozen=True)
class Change:
    """A score then and now, as shown (whole numbers): the change is their difference.

    So "45 -> 60" always reads "up +15", never the +14 of the unrounded scores.
    """

    name: str
    before: int | None
    after: int | None
    fallbacks: frozenset[str] = frozenset()  # {"name"} when the name shows English

    @classmethod
    def of(
        cls,
        name: str,
        was: Score | None,
        now: Score | None,
        fallbacks: frozenset[str] = frozenset(),
    ) -> Change:
        return cls(name, was.shown if was else None, now.shown if now else None, fallbacks)

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> str:
        """ "up", "down", "same", or "" when either side has no score."""
        delta = self.delta
        if delta is None:
            return ""
        return "same" if delta == 0 else ("up" if delta > 0 else "down")


@dataclass
class Comparison:
    previous: Assessment
    previous_result: Result
    categories: list[Change] = field(default_factory=list)
    sections: list[Change] = field(default_factory=list)
    improved: list[tuple[Indicator, float, float]] = field(default_factory=list)
    regressed: list[tuple[Indicator, float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class ScoringInputs:
    """What `scoring.score` needs for one assessment, loaded once (`load_inputs`)."""

    indicators: list[IndicatorInput]
    answers: dict[str, AnswerInput]
    target_level: int
    category_targets: dict[str, int]


@dataclass
class AssessmentResults:
    assessment: Assessment
    result: Result
    categories: list[Category]
    sections: list[Section]
    # By code, the applicable ones, with their section, scale and legal references: the
    # edition's structure's objects, shared between requests (read, never change them).
    indicators: dict[str, Indicator]
    targets: dict[str, int]  # category code -> target level (assessment's or the category's)
    comparison: Comparison | None = None
    # The inputs the result was scored from, so that projected scores reuse them.
    inputs: ScoringInputs | None = None
    # The edition's framework, shared between requests (read only): level names come from it.
    structure: EditionStructure | None = None

    @property
    def own_targets(self) -> list[tuple[Category, int]]:
        """The categories whose target differs from the assessment's, with that target."""
        default = self.assessment.target_level
        pairs = [(c, self.targets[c.code]) for c in self.categories]
        return [(c, level) for c, level in pairs if level != default]

    @property
    def category_targets(self) -> list[int]:
        """Each category's target level, in the order of `categories` (the radar's axes)."""
        return [self.targets[c.code] for c in self.categories]

    @property
    def overall_change(self) -> Change | None:
        """The overall score then and now, when there is an earlier assessment."""
        if self.comparison is None:
            return None
        before = shown(self.comparison.previous_result.overall)
        return Change("Overall", before, self.result.shown_overall)


def scoring_inputs(
    assessment: Assessment, structure: EditionStructure | None = None
) -> tuple[list[Indicator], dict[str, AnswerInput]]:
    """The applicable indicators in framework order, and the answers by indicator code."""
    structure = structure or edition_structure(assessment.edition)
    indicators = [i for i in structure.indicators if assessment.applies(i)]
    answers = {
        code: answer_input(level, na, critical=critical)
        for code, level, na, critical in assessment.answers.values_list(
            "indicator__code", "level", "not_applicable", "indicator__critical"
        )
    }
    return indicators, answers


def indicator_inputs(indicators: list[Indicator]) -> list[IndicatorInput]:
    """The scoring inputs of indicators loaded with `section__category` and `scale`."""
    return [
        IndicatorInput(
            code=i.code,
            section=i.section.code,
            category=i.section.category.code,
            pillar=i.pillar,
            weight=i.weight,
            critical=i.critical,
            max_level=i.scale.max_value,
            critical_threshold=i.critical_threshold,
        )
        for i in indicators
    ]


def load_inputs(
    assessment: Assessment, structure: EditionStructure | None = None
) -> tuple[ScoringInputs, list[Indicator]]:
    """Read one assessment's scoring inputs (and its indicators) in a fixed number of queries."""
    indicators, answers = scoring_inputs(assessment, structure)
    targets = dict(assessment.category_targets.values_list("category", "level"))
    inputs = ScoringInputs(indicator_inputs(indicators), answers, assessment.target_level, targets)
    return inputs, indicators


def score_inputs(inputs: ScoringInputs) -> Result:
    return score(
        inputs.indicators,
        inputs.answers,
        target_level=inputs.target_level,
        category_targets=inputs.category_targets,
    )


def score_assessment(assessment: Assessment) -> tuple[Result, list[Indicator], dict[str, int]]:
    """Score one assessment; return the result, its indicators and the category targets."""
    inputs, indicators = load_inputs(assessment)
    return score_inputs(inputs), indicators, inputs.category_targets


def result_key(assessment: Assessment) -> str:
    """What a submitted assessment's scores depend on: its answers and targets, fixed from its
    submission until it is reopened (a new submission, a new time), and its edition's content."""
    edition = assessment.edition
    profile = "".join(
        "1" if flag else "0"
        for flag in (
            assessment.profile_origin,
            assessment.profile_transit,
            assessment.profile_destination,
        )
    )
    return ":".join(
        [
            "assessment-result",
            str(RESULT_FORMAT),
            str(assessment.pk),
            assessment.submitted_at.isoformat(),
            str(assessment.target_level),
            profile,
            f"{edition.pk}-{edition.content_version.hex}",
        ]
    )


def submitted_result(assessment: Assessment) -> Result:
    """The scores of a submitted assessment, computed once and then read from the cache.

    A draft (or a submitted assessment without a submission time) is scored afresh.
    """
    if assessment.is_draft or assessment.submitted_at is None:
        return score_inputs(load_inputs(assessment)[0])
    key = result_key(assessment)
    result = cache.get(key)
    if result is None:
        result = score_inputs(load_inputs(assessment)[0])
        cache.set(key, result, RESULT_TIMEOUT)
    return result


def previous_submitted(assessment: Assessment) -> Assessment | None:
    """The member state's latest submitted assessment before this one."""
    return (
        Assessment.objects.submitted()
        .filter(
            member_state_id=assessment.member_state_id,
            reporting_year__lte=assessment.reporting_year,
        )
        .exclude(pk=assessment.pk)
        .select_related("edition")
        .order_by("-reporting_year", "-submitted_at")
        .first()
    )


def compare(
    current: Result,
    previous: Assessment,
    indicators: dict[str, Indicator],
    sections: list[Section],
    categories: list[Category],
) -> Comparison:
    """Changes per category and section, and indicators that moved up or down (by code)."""
    before = submitted_result(previous)
    comparison = Comparison(previous=previous, previous_result=before)
    for category in categories:
        was, now = before.categories.get(category.code), current.categories.get(category.code)
        english = fallbacks_of(name=(category, "name"))
        comparison.categories.append(Change.of(category.name, was, now, english))
    for section in sections:
        was, now = before.sections.get(section.code), current.sections.get(section.code)
        if was or now:
            english = fallbacks_of(name=(section, "title"))
            comparison.sections.append(Change.of(section.title, was, now, english))
    for code, value in current.values.items():
        old = before.values.get(code)
        if old is None or old == value:
            continue
        target = comparison.improved if value > old else comparison.regressed
        target.append((indicators[code], old, value))
    return comparison


def assessment_results(
    assessment: Assessment, *, with_comparison: bool = True
) -> AssessmentResults:
    """Everything the results page, report and exports show about one assessment."""
    structure = edition_structure(assessment.edition)
    inputs, indicators = load_inputs(assessment, structure)
    result, targets = score_inputs(inputs), inputs.category_targets
    by_code = {i.code: i for i in indicators}
    categories = list(structure.categories)
    sections = list(structure.sections)
    results = AssessmentResults(
        assessment=assessment,
        result=result,
        categories=categories,
        sections=sections,
        indicators=by_code,
        targets={c.code: targets.get(c.code, assessment.target_level) for c in categories},
        inputs=inputs,
        structure=structure,
    )
    previous = previous_submitted(assessment) if with_comparison else None
    if previous is not None:
        results.comparison = compare(result, previous, by_code, sections, categories)
    return results


def project_assessment(
    assessment: Assessment, aims: list[Aim], *, inputs: ScoringInputs | None = None
) -> Result:
    """The assessment's result if the plan's counted actions reach their aims.

    The same inputs as `score_assessment` (pass those already loaded, e.g.
    `AssessmentResults.inputs`, to read nothing twice), scored by
    `assessments.projection.project` (which calls `scoring.score`): projected and current
    scores come from one method.
    """
    if inputs is None:
        inputs, _indicators = load_inputs(assessment)
    return project(
        inputs.indicators,
        inputs.answers,
        aims,
        target_level=inputs.target_level,
        category_targets=inputs.category_targets,
    )
