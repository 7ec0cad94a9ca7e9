"""What RSO staff see of one shared assessment: exactly what its share level allows.

`drilldown(share)` scores the assessment with `assessments.results.assessment_results` and
names levels and gaps with `assessments.display`; it copies out only what the level allows, so
that the page and the workbook (`drilldown_export.py`), which read nothing else, cannot show
more. At "scores only" the object holds no indicator-level data at all: no indicator, answer,
gap or critical gap (a gap list would reveal each answer). Answers carry their evidence only
when the focal point shared the evidence too.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.display import GapView, LevelNames, gap_views
from assessments.models import Assessment
from assessments.reports.report import annex_rows
from assessments.results import AssessmentResults, assessment_results
from assessments.scoring import Band, Result, Score
from assessments.sharing.models import Share
from roadmap.languages import fallbacks_of
from roadmap.models import Pillar


@dataclass(frozen=True)
class Overall:
    """The overall score as the results page shows it, and why its band may be capped."""

    score: int | None
    band: Band | None
    uncapped_band: Band | None
    capped: bool

    @classmethod
    def of(cls, result: Result) -> Overall:
        return cls(result.shown_overall, result.band, result.uncapped_band, result.capped)


@dataclass(frozen=True)
class ScoreRow:
    """A category, section or pillar score as shown (whole number) and the band of it."""

    code: str
    name: str
    score: int | None
    band: Band | None
    fallbacks: frozenset[str] = frozenset()  # {"name"} when the name shows English

    @classmethod
    def of(
        cls, code: str, name: str, score: Score | None, fallbacks: frozenset[str] = frozenset()
    ) -> ScoreRow:
        if score is None:
            return cls(code, name, None, None, fallbacks)
        return cls(code, name, score.shown, score.band, fallbacks)


@dataclass(frozen=True)
class CategoryScores:
    """A category's score, its target level (by name) and its sections' scores."""

    row: ScoreRow
    target_level: int
    target: str  # the level by name, e.g. "3 Established"
    sections: list[ScoreRow]


@dataclass(frozen=True)
class AnswerRow:
    """One indicator's answer as shared. Evidence is "" unless the evidence was shared."""

    code: str
    question: str
    critical: bool
    answer: str  # the level by name, "" when not answered or not applicable
    not_applicable: bool
    na_justification: str
    comment: str
    evidence: str = ""
    evidence_links: str = ""
    fallbacks: frozenset[str] = frozenset()  # {"question"} when it shows English


@dataclass(frozen=True)
class AnswerSection:
    category: str  # the category's name
    code: str  # the section's code
    title: str
    rows: list[AnswerRow]
    fallbacks: frozenset[str] = frozenset()  # of "category" and "title", those in English


@dataclass
class Drilldown:
    """One shared assessment at its share level; see the module docstring."""

    share: Share
    assessment: Assessment
    overall: Overall
    target: str  # the assessment's target level by name, e.g. "3 Established"
    own_targets: list[tuple[str, str]]  # (category name, level name) where it differs
    categories: list[CategoryScores]
    pillars: list[ScoreRow]
    # Only at "scores and answers"; None at "scores only" (never an empty stand-in list).
    gaps: list[GapView] | None = None
    answers: list[AnswerSection] | None = None

    @property
    def with_answers(self) -> bool:
        return self.share.with_answers

    @property
    def with_evidence(self) -> bool:
        return self.share.with_answers and self.share.include_evidence

    @property
    def category_data(self) -> list[tuple[str, float | None]]:
        """Category names and shown scores, for the radar (its numbers are the table's)."""
        return [(c.row.name, c.row.score) for c in self.categories]


def _categories(results: AssessmentResults, names: LevelNames) -> list[CategoryScores]:
    result = results.result
    blocks = []
    for category in results.categories:
        sections = [
            ScoreRow.of(
                s.code, s.title, result.sections.get(s.code), fallbacks_of(name=(s, "title"))
            )
            for s in results.sections
            if s.category_id == category.pk
        ]
        target = results.targets[category.code]
        blocks.append(
            CategoryScores(
                row=ScoreRow.of(
                    category.code,
                    category.name,
                    result.categories.get(category.code),
                    fallbacks_of(name=(category, "name")),
                ),
                target_level=target,
                target=names.target_level(target),
                sections=sections,
            )
        )
    return blocks


def _answers(
    results: AssessmentResults, names: LevelNames, *, with_evidence: bool
) -> list[AnswerSection]:
    """Every applicable indicator's answer by section, in framework order (the report's annex
    rows); evidence copied only when it was shared."""
    sections = []
    for category, parts in annex_rows(results, names):
        for section, annex in parts:
            rows = []
            for row in annex:
                a = row.answer
                na = bool(a and a.not_applicable)
                rows.append(
                    AnswerRow(
                        code=row.indicator.code,
                        question=row.indicator.question,
                        critical=row.indicator.critical,
                        answer="" if na else row.level_label,
                        not_applicable=na,
                        na_justification=a.na_justification if na else "",
                        comment=a.comment if a else "",
                        evidence=a.evidence if a and with_evidence else "",
                        evidence_links=a.evidence_links if a and with_evidence else "",
                        fallbacks=fallbacks_of(question=(row.indicator, "question")),
                    )
                )
            english = fallbacks_of(category=(category, "name"), title=(section, "title"))
            sections.append(
                AnswerSection(category.name, section.code, section.title, rows, english)
            )
    return sections


def drilldown(share: Share) -> Drilldown:
    """The shared assessment at the level of `share` (from `access.shared_assessment_for`)."""
    assessment = share.assessment
    results = assessment_results(assessment, with_comparison=False)
    names = LevelNames.for_edition(assessment.edition_id)
    result = results.result
    view = Drilldown(
        share=share,
        assessment=assessment,
        overall=Overall.of(result),
        target=names.target_level(assessment.target_level),
        own_targets=[(c.name, names.target_level(level)) for c, level in results.own_targets],
        categories=_categories(results, names),
        pillars=[
            ScoreRow.of(value, str(label), result.pillars.get(value))
            for value, label in Pillar.choices
        ],
    )
    if share.with_answers:
        view.gaps = gap_views(results, names)
        view.answers = _answers(results, names, with_evidence=share.include_evidence)
    return view
