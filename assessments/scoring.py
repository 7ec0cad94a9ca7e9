"""Scores, bands and gaps: the method of docs/scoring.md as pure functions.

Plain values in, plain values out: no request, no ORM. `assessments.results.score_assessment`
loads an assessment's data and calls `score`; the results page, the PDF and the exports all use
that one result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from django.utils.translation import gettext, gettext_noop

MATURITY_MAX = 4
YES_NO_MAX = 1


class Band(Enum):
    """Score bands, lowest first. `floor` is the lowest score in the band."""

    NASCENT = (gettext_noop("Nascent"), 0)
    EMERGING = (gettext_noop("Emerging"), 20)
    DEVELOPING = (gettext_noop("Developing"), 40)
    ESTABLISHED = (gettext_noop("Established"), 60)
    ADVANCED = (gettext_noop("Advanced"), 80)

    def __init__(self, label: str, floor: int) -> None:
        self.english = label
        self.floor = floor

    @property
    def label(self) -> str:
        """The band's name in the active language (pages, reports and workbooks show it)."""
        return gettext(self.english)

    @property
    def rank(self) -> int:
        return list(Band).index(self)


CAP_BAND = Band.DEVELOPING  # the highest overall band while a critical gap exists


def band_for(score: float) -> Band:
    """Return the band of a score in 0..100 (19.99 is Nascent, 20 is Emerging).

    Pages show the band of the number they show: pass `shown(score)`, as `Score.band` does.
    """
    result = Band.NASCENT
    for band in Band:
        if score >= band.floor:
            result = band
    return result


# Float noise is cut at 6 decimals before rounding half up: a mean such as 62.5 may come out
# of the float arithmetic as 62.49999999999999. Real scores are fractions with small
# denominators (sums of weights), so nothing that truly lies off .5 is that close to it.
_NOISE = Decimal("0.000001")


def shown(score: float | None) -> int | None:
    """The whole number a page, the report and the workbook show for a score: half up.

    59.5 -> 60, 60.49 -> 60, 0.5 -> 1. Not Python's round() (half to even: 58.5 -> 58) nor
    Django's floatformat, which disagree at .5.
    """
    if score is None:
        return None
    exact = Decimal(repr(score)).quantize(_NOISE)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator that applies to the country profile, in framework order."""

    code: str
    section: str  # section code
    category: str  # category code: PLAN, PRIN, POL, PRAC
    pillar: str
    weight: int  # 1..3
    critical: bool
    max_level: int  # 4 for maturity, 1 for yes/no
    critical_threshold: int = 0  # a critical indicator at or below this level is a critical gap

    def is_critical_gap(self, level: int) -> bool:
        """A critical indicator answered at or below its own threshold (0 = "No" for yes/no)."""
        return self.critical and level <= self.critical_threshold


@dataclass(frozen=True)
class AnswerInput:
    level: int | None = None
    not_applicable: bool = False

    @property
    def answered(self) -> bool:
        """Answered means a level or not applicable (docs/scoring.md, section 1)."""
        return self.level is not None or self.not_applicable


def answer_input(level: int | None, not_applicable: bool, *, critical: bool) -> AnswerInput:
    """An answer as the method reads it. Critical indicators cannot be not applicable: an N/A
    stored on one (from before the rule, or on an indicator made critical in a later edition)
    is read as no answer, so it is missing and the result provisional until someone answers."""
    return AnswerInput(level=level, not_applicable=not_applicable and not critical)


def percent_answered(answered: int, total: int) -> int:
    """The share answered as a whole percentage, rounded down: 100% only when complete.

    Nothing to answer is complete: 100%. (A function rather than the body of `Count.percent`
    so that mutation testing reaches it: mutmut does not mutate properties.)
    """
    return 100 * answered // total if total else 100


@dataclass(frozen=True)
class Count:
    """How far an assessment, or part of it, is answered: the one definition of the counts.

    `total`: the indicators that apply to the country profile. `answered`: those with a level
    or marked not applicable. `applicable`: those not marked not applicable. Every page, the
    report and the workbook show these numbers as "answered of total (n not applicable)".
    """

    total: int = 0
    answered: int = 0
    not_applicable: int = 0

    @classmethod
    def of(cls, answers: Iterable[AnswerInput | None]) -> Count:
        """Count one answer (or None: no answer) per indicator that applies to the profile."""
        total = answered = not_applicable = 0
        for answer in answers:
            total += 1
            if answer is not None and answer.answered:
                answered += 1
                not_applicable += answer.not_applicable
        return cls(total=total, answered=answered, not_applicable=not_applicable)

    @classmethod
    def sum(cls, counts: Iterable[Count]) -> Count:
        total = answered = not_applicable = 0
        for count in counts:
            total += count.total
            answered += count.answered
            not_applicable += count.not_applicable
        return cls(total=total, answered=answered, not_applicable=not_applicable)

    def counts(self) -> dict[str, int]:
        """The three numbers, to build a subclass (a section's, a score's) from this count."""
        return {
            "total": self.total,
            "answered": self.answered,
            "not_applicable": self.not_applicable,
        }

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def complete(self) -> bool:
        """Every indicator answered (a part with no indicator is complete: nothing to do)."""
        return self.answered == self.total

    @property
    def provisional(self) -> bool:
        """Results are provisional while anything is unanswered, draft or submitted."""
        return not self.complete

    @property
    def percent(self) -> int:
        return percent_answered(self.answered, self.total)


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
    critical_gap: bool  # a critical indicator at or below its critical threshold
    order: int  # position in the framework, for ties


@dataclass(frozen=True)
class Score(Count):
    """A weighted mean of indicator values, x 100 (None when nothing is scored), and its counts."""

    score: float | None = None

    @property
    def shown(self) -> int | None:
        return shown(self.score)

    @property
    def band(self) -> Band | None:
        """The band of the number shown: 59.75 is shown as 60, so it is Established."""
        return None if self.score is None else band_for(shown(self.score))


@dataclass(frozen=True)
class Result(Count):
    overall: float | None = None  # unrounded; pages show `shown_overall`
    band: Band | None = None  # of the overall score shown, capped while a critical gap exists
    uncapped_band: Band | None = None  # the band of the overall score shown, before the cap
    capped: bool = False
    missing: list[str] = field(default_factory=list)  # unanswered indicators, framework order
    values: dict[str, float] = field(default_factory=dict)  # code -> value in 0..1, scored ones
    categories: dict[str, Score] = field(default_factory=dict)
    sections: dict[str, Score] = field(default_factory=dict)
    pillars: dict[str, Score] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)  # critical gaps first, then by priority

    @property
    def shown_overall(self) -> int | None:
        return shown(self.overall)

    @property
    def critical_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.critical_gap]


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


def _weighted(pairs: list[tuple[float, int]], count: Count) -> Score:
    total = sum(weight for _v, weight in pairs)
    score = 100 * sum(v * weight for v, weight in pairs) / total if total else None
    return Score(score=score, **count.counts())


def _group(
    indicators: list[IndicatorInput],
    answers: Mapping[str, AnswerInput],
    values: Mapping[str, float],
    key,
) -> dict[str, Score]:
    members: dict[str, list[IndicatorInput]] = {}
    for indicator in indicators:
        members.setdefault(key(indicator), []).append(indicator)
    return {
        name: _weighted(
            [(values[i.code], i.weight) for i in group if i.code in values],
            Count.of(answers.get(i.code) for i in group),
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
    """Score an assessment: `indicators` are those that apply to the country profile.

    Indicators marked not applicable (N/A) drop out of every score; they count as answered.
    An N/A on a critical indicator is read as no answer (`answer_input`).
    """
    category_targets = category_targets or {}
    ordered = list(indicators)
    answers = {
        i.code: answer_input(a.level, a.not_applicable, critical=i.critical)
        for i in ordered
        if (a := answers.get(i.code)) is not None
    }
    order = {indicator.code: n for n, indicator in enumerate(ordered)}
    applicable = [i for i in ordered if not answers.get(i.code, AnswerInput()).not_applicable]
    values = {
        i.code: indicator_value(answers[i.code].level, i.max_level)
        for i in applicable
        if i.code in answers and answers[i.code].level is not None
    }
    categories = _group(ordered, answers, values, lambda i: i.category)
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
        # A critical gap is listed even where the target is at or below the threshold.
        critical_gap = indicator.is_critical_gap(answers[indicator.code].level)
        if gap > 0 or critical_gap:
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
                    critical_gap=critical_gap,
                    order=order[indicator.code],
                )
            )
    gaps.sort(key=lambda g: (not g.critical_gap, -g.priority, g.order))

    uncapped = band_for(shown(overall)) if overall is not None else None
    capped = bool(
        uncapped is not None and any(g.critical_gap for g in gaps) and uncapped.rank > CAP_BAND.rank
    )
    count = Count.of(answers.get(i.code) for i in ordered)
    return Result(
        **count.counts(),
        overall=overall,
        band=CAP_BAND if capped else uncapped,
        uncapped_band=uncapped,
        capped=capped,
        missing=[i.code for i in applicable if i.code not in values],
        values=values,
        categories=categories,
        sections=_group(ordered, answers, values, lambda i: i.section),
        pillars=_group(ordered, answers, values, lambda i: i.pillar),
        gaps=gaps,
    )
