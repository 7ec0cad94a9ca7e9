"""Scores, bands and gaps: the method of docs/scoring.md as pure functions.

Plain values in, plain values out: no request, no ORM. `assessments.results.score_assessment`
loads an assessment's data and calls `score`; the results page, the PDF and the exports all use
that one result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

MATURITY_MAX = 4
YES_NO_MAX = 1


class Band(Enum):
    """Score bands, lowest first. `floor` is the lowest score in the band."""

    NASCENT = ("Nascent", 0)
    EMERGING = ("Emerging", 20)
    DEVELOPING = ("Developing", 40)
    ESTABLISHED = ("Established", 60)
    ADVANCED = ("Advanced", 80)

    def __init__(self, label: str, floor: int) -> None:
        self.label = label
        self.floor = floor

    @property
    def rank(self) -> int:
        return list(Band).index(self)


CAP_BAND = Band.DEVELOPING  # the highest overall band while a critical gap exists


def band_for(score: float) -> Band:
    """Return the band of a score in 0..100 (19.99 is Nascent, 20 is Emerging)."""
    result = Band.NASCENT
    for band in Band:
        if score >= band.floor:
            result = band
    return result


@dataclass(frozen=True)
class IndicatorInput:
    """One applicable indicator of the framework, in framework order."""

    code: str
    section: str  # section code
    category: str  # category code: PLAN, PRIN, POL, PRAC
    pillar: str
    weight: int  # 1..3
    critical: bool
    max_level: int  # 4 for maturity, 1 for yes/no


@dataclass(frozen=True)
class AnswerInput:
    level: int | None = None
    not_applicable: bool = False


@dataclass(frozen=True)
class Gap:
    code: str
    section: str
    category: str
    pillar: str
    value: float  # 0..1
    target: float  # 0..1
    gap: float  # target - value, > 0
    priority: float  # gap x weight x (2 if critical)
    critical_gap: bool  # a critical indicator at its lowest level
    order: int  # position in the framework, for ties


@dataclass(frozen=True)
class Score:
    """A weighted mean of indicator values, x 100; None when nothing is answered."""

    score: float | None
    answered: int
    applicable: int

    @property
    def band(self) -> Band | None:
        return None if self.score is None else band_for(self.score)


@dataclass
class Result:
    overall: float | None
    band: Band | None
    uncapped_band: Band | None  # the band before the critical-gap cap
    capped: bool
    provisional: bool  # something applicable is unanswered
    answered: int
    applicable: int  # applicable to the profile and not marked not applicable
    not_applicable: int
    missing: list[str]
    values: dict[str, float]  # indicator code -> value in 0..1, answered ones only
    categories: dict[str, Score] = field(default_factory=dict)
    sections: dict[str, Score] = field(default_factory=dict)
    pillars: dict[str, Score] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)  # critical gaps first, then by priority

    @property
    def critical_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.critical_gap]

    @property
    def completeness(self) -> float:
        """Share of applicable indicators answered, 0..100."""
        return 100.0 if not self.applicable else 100 * self.answered / self.applicable


def indicator_value(level: int, max_level: int) -> float:
    """Maturity level / 4, or yes = 1 and no = 0."""
    if not 0 <= level <= max_level:
        raise ValueError(f"level {level} is outside 0..{max_level}")
    return level / max_level


def target_value(target_level: int, max_level: int) -> float:
    """The target in 0..1: target level / 4 for maturity; always 1 (yes) for yes/no."""
    if max_level == YES_NO_MAX:
        return 1.0
    return min(target_level, MATURITY_MAX) / MATURITY_MAX


def _weighted(pairs: list[tuple[float, int]], applicable: int) -> Score:
    total = sum(weight for _v, weight in pairs)
    score = 100 * sum(v * weight for v, weight in pairs) / total if total else None
    return Score(score=score, answered=len(pairs), applicable=applicable)


def _group(indicators: list[IndicatorInput], values: Mapping[str, float], key) -> dict[str, Score]:
    members: dict[str, list[IndicatorInput]] = {}
    for indicator in indicators:
        members.setdefault(key(indicator), []).append(indicator)
    return {
        name: _weighted(
            [(values[i.code], i.weight) for i in group if i.code in values], applicable=len(group)
        )
        for name, group in members.items()
    }


def score(
    indicators: Iterable[IndicatorInput],
    answers: Mapping[str, AnswerInput],
    *,
    target_level: int = 3,
    category_targets: Mapping[str, int] | None = None,
) -> Result:
    """Score an assessment. Indicators not applicable (N/A) drop out of every score."""
    category_targets = category_targets or {}
    ordered = list(indicators)
    order = {indicator.code: n for n, indicator in enumerate(ordered)}
    not_applicable = [i for i in ordered if answers.get(i.code, AnswerInput()).not_applicable]
    applicable = [i for i in ordered if not answers.get(i.code, AnswerInput()).not_applicable]
    values = {
        i.code: indicator_value(answers[i.code].level, i.max_level)
        for i in applicable
        if i.code in answers and answers[i.code].level is not None
    }
    categories = _group(applicable, values, lambda i: i.category)
    scored = [s.score for s in categories.values() if s.score is not None]
    overall = sum(scored) / len(scored) if scored else None

    gaps = []
    for indicator in applicable:
        if indicator.code not in values:
            continue
        value = values[indicator.code]
        target = target_value(
            category_targets.get(indicator.category, target_level), indicator.max_level
        )
        gap = max(0.0, target - value)
        if gap > 0:
            gaps.append(
                Gap(
                    code=indicator.code,
                    section=indicator.section,
                    category=indicator.category,
                    pillar=indicator.pillar,
                    value=value,
                    target=target,
                    gap=gap,
                    priority=gap * indicator.weight * (2 if indicator.critical else 1),
                    critical_gap=indicator.critical and value == 0,
                    order=order[indicator.code],
                )
            )
    gaps.sort(key=lambda g: (not g.critical_gap, -g.priority, g.order))

    uncapped = band_for(overall) if overall is not None else None
    capped = bool(
        uncapped is not None and any(g.critical_gap for g in gaps) and uncapped.rank > CAP_BAND.rank
    )
    return Result(
        overall=overall,
        band=CAP_BAND if capped else uncapped,
        uncapped_band=uncapped,
        capped=capped,
        provisional=len(values) < len(applicable),
        answered=len(values),
        applicable=len(applicable),
        not_applicable=len(not_applicable),
        missing=[i.code for i in applicable if i.code not in values],
        values=values,
        categories=categories,
        sections=_group(applicable, values, lambda i: i.section),
        pillars=_group(applicable, values, lambda i: i.pillar),
        gaps=gaps,
    )
