"""How results read: level names instead of fractions, gaps with their indicators, named changes.

The scores come from assessments.results; this module only says them in the reader's words.
An answer's value and a gap's target are fractions of the indicator's scale (level ÷ 4, or
yes = 1). Readers chose a level by its name, so the results page and the PDF turn each
fraction back into that name: "0 Not in place → 3 Established", "No → Yes".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from assessments.results import AssessmentResults, Comparison
from assessments.scoring import Gap
from roadmap.edition_structure import EditionStructure, scale_level_rows
from roadmap.models import Category, Indicator, Pillar, Scale, Section

OPEN_GAPS = 10  # gaps shown open on the results page; the rest are folded


@dataclass(frozen=True)
class LevelNames:
    """The level labels of one edition's scales, to name an answer or a target."""

    labels: dict[tuple[int, int], str]  # (scale id, value) -> label
    maturity: dict[int, str]  # value -> label on the edition's maturity scale

    @classmethod
    def for_edition(cls, edition_id: int) -> LevelNames:
        return cls.from_rows(scale_level_rows(edition_id))

    @classmethod
    def for_structure(cls, structure: EditionStructure) -> LevelNames:
        """From an edition's cached structure: no query."""
        return cls.from_rows(structure.scale_levels)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, str, str]]) -> LevelNames:
        """From (scale id, value, label, scale kind) rows, ordered by scale and value."""
        rows = list(rows)
        maturity_scales = sorted({s for s, _v, _l, kind in rows if kind == Scale.Kind.MATURITY})
        return cls(
            labels={(scale, value): label for scale, value, label, _kind in rows},
            maturity={v: label for s, v, label, _k in rows if s in maturity_scales[:1]},
        )

    def target_level(self, level: int) -> str:
        """A target level (always on the maturity scale), e.g. "3 Established"."""
        return f"{level} {self.maturity.get(level, '')}".strip()

    def level(self, indicator: Indicator, value: int) -> str:
        """ "3 Established" on a maturity scale; "Yes" or "No" on a yes/no scale."""
        label = self.labels.get((indicator.scale_id, value), "")
        if indicator.scale.kind == Scale.Kind.YES_NO and label:
            return label
        return f"{value} {label}".strip()

    def fraction(self, indicator: Indicator, fraction: float) -> str:
        """The name of the level whose value (level ÷ the scale's top) is `fraction`."""
        return self.level(indicator, round(fraction * indicator.scale.max_value))


@dataclass(frozen=True)
class GapView:
    """One gap as a reader sees it: its rank, indicator, answer and target by name."""

    gap: Gap
    indicator: Indicator
    rank: int  # 1 = the highest priority of all the assessment's gaps
    answer: str
    target: str
    # Said here rather than in the template, which renders a hundred gaps at several times the
    # cost: the pillar's name and the legal references as cited ("Trafficking Protocol, Art. 9").
    pillar: str = ""
    citations: str = ""


def gap_views(results: AssessmentResults, names: LevelNames) -> list[GapView]:
    """Every gap in priority order (critical gaps first) with its indicator and level names."""
    pillars = dict(Pillar.choices)
    views = []
    for rank, gap in enumerate(results.result.gaps, start=1):
        indicator = results.indicators[gap.code]
        views.append(
            GapView(
                gap=gap,
                indicator=indicator,
                rank=rank,
                answer=names.fraction(indicator, gap.value),
                target=names.fraction(indicator, gap.target),
                pillar=str(pillars.get(indicator.pillar, indicator.pillar)),
                citations="; ".join(ref.citation for ref in indicator.legal_references.all()),
            )
        )
    return views


@dataclass
class GapGroup:
    """A category's gaps on the results page: those among the first ten open, the rest folded."""

    category: Category
    shown: list[GapView] = field(default_factory=list)
    folded: list[GapView] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.shown) + len(self.folded)


def gap_groups(
    views: list[GapView], categories: list[Category], open_count: int = OPEN_GAPS
) -> list[GapGroup]:
    """Group gaps by category; the first `open_count` of `views` stay open.

    The category that holds the first gap comes first, so the page still opens on the
    critical gaps and the highest priorities; within a category the priority order is kept.
    """
    groups = {c.code: GapGroup(category=c) for c in categories}
    for n, view in enumerate(views):
        group = groups[view.gap.category]
        (group.shown if n < open_count else group.folded).append(view)
    used = [g for g in groups.values() if g.count]
    return sorted(used, key=lambda g: (g.shown or g.folded)[0].rank)


@dataclass(frozen=True)
class IndicatorChange:
    """An indicator whose answer moved since the previous assessment, named."""

    indicator: Indicator
    before: str
    after: str
    improved: bool


def indicator_changes(comparison: Comparison, names: LevelNames) -> list[IndicatorChange]:
    """Improved indicators first, then regressed ones, each in framework order."""
    return [
        IndicatorChange(
            indicator=indicator,
            before=names.fraction(indicator, before),
            after=names.fraction(indicator, after),
            improved=improved,
        )
        for improved, moved in ((True, comparison.improved), (False, comparison.regressed))
        for indicator, before, after in moved
    ]


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator in the breakdown of a section score: its answer and its weight."""

    indicator: Indicator
    answer: str  # the level's name, "Not answered" or "Not applicable"
    counted: bool  # part of the section's score


def section_breakdown(
    results: AssessmentResults, names: LevelNames
) -> dict[int, list[IndicatorRow]]:
    """Section id -> every applicable indicator with its answer and weight, in framework order.

    What a reader needs to check a section score: the weighted mean of the counted answers.
    """
    result = results.result
    missing = set(result.missing)
    rows: dict[int, list[IndicatorRow]] = {}
    for indicator in results.indicators.values():
        value = result.values.get(indicator.code)
        if value is not None:
            answer, counted = names.fraction(indicator, value), True
        elif indicator.code in missing:
            answer, counted = _("Not answered"), False
        else:
            answer, counted = _("Not applicable"), False
        rows.setdefault(indicator.section_id, []).append(IndicatorRow(indicator, answer, counted))
    return rows


def changes_by_section(
    changes: list[IndicatorChange], sections: list[Section]
) -> dict[str, list[IndicatorChange]]:
    """Section title -> the indicators that moved in it (the comparison's rows are by title)."""
    titles = {s.pk: s.title for s in sections}
    grouped: dict[str, list[IndicatorChange]] = {}
    for change in changes:
        grouped.setdefault(titles.get(change.indicator.section_id, ""), []).append(change)
    return grouped
