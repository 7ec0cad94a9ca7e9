"""The regional view's figures: each member state's latest shared assessment, scored, and the
averages, frequent gaps and trends built from them (docs/regional.md).

One pass over data read in a fixed number of queries (`load`), scored with
`assessments.scoring.score`, the method of every other surface. Every state is scored against
one regional target, Established (3), and without its own category targets, so that gaps
compare across states; scores do not depend on the target. Indicators, sections and categories
are matched by code, so assessments on different framework editions are compared.

An aggregate (an average, a gap frequency, a year of the trend) built from fewer than
`settings.REGIONAL_MIN_STATES` member states is not shown: it carries its count `n` and
`shown` says whether it may be. The page, the brief and the workbook all read `Region`, so a
number is the same wherever it appears. `regional_view` caches it, keyed by everything it
depends on, so a share or withdrawal takes effect at once, on every server.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from assessments.country_names import member_state_name
from assessments.models import Answer, Share, ShareLevel, Subregion
from assessments.results import indicator_inputs
from assessments.scoring import (
    AnswerInput,
    Band,
    IndicatorInput,
    Result,
    answer_input,
    band_for,
    score,
    shown,
)
from roadmap.languages import fallbacks_of
from roadmap.models import Category, Edition, Indicator, Pillar, Section

REGIONAL_TARGET = 3  # Established: one target for every state, so that gaps compare
CACHE_TIMEOUT = 3600
CACHE_FORMAT = "3"  # bump when `Region` changes shape, so that old entries are never read


class Profile:
    """The profile filter's values: an assessment matches when it has that flag."""

    CHOICES = [
        ("origin", gettext_lazy("Country of origin")),
        ("transit", gettext_lazy("Country of transit")),
        ("destination", gettext_lazy("Country of destination")),
    ]
    FIELDS = {
        "origin": "profile_origin",
        "transit": "profile_transit",
        "destination": "profile_destination",
    }


@dataclass(frozen=True)
class Filters:
    """What the RSO narrowed the view to; empty values mean "all"."""

    subregion: str = ""
    profile: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, data: Mapping[str, str]) -> tuple[Filters, list[str]]:
        """Read the filters from a query string; unknown values are dropped with a message."""
        errors = []
        subregion = data.get("subregion", "")
        if subregion not in ("", *Subregion.values):
            errors.append(_("There is no such subregion; showing all subregions."))
            subregion = ""
        profile = data.get("profile", "")
        if profile not in ("", *Profile.FIELDS):
            errors.append(_("There is no such profile; showing all profiles."))
            profile = ""
        year_text = (data.get("year") or "").strip()
        year = None
        if year_text:
            if year_text.isascii() and year_text.isdigit() and 2000 <= int(year_text) <= 2100:
                year = int(year_text)
            else:
                errors.append(_("The reporting year must be a year such as 2025; showing all."))
        return cls(subregion=subregion, profile=profile, year=year), errors

    @property
    def active(self) -> bool:
        return bool(self.subregion or self.profile or self.year)

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters, for links to the brief and the workbook."""
        query = {"subregion": self.subregion, "profile": self.profile, "year": self.year or ""}
        return {key: str(value) for key, value in query.items() if value}

    def describe(self) -> str:
        """The filters in words, for headings, the brief and the workbook."""
        parts = []
        if self.subregion:
            parts.append(str(Subregion(self.subregion).label))
        if self.profile:
            parts.append(str(dict(Profile.CHOICES)[self.profile]))
        if self.year:
            parts.append(_("reporting year %(year)s") % {"year": self.year})
        return ", ".join(parts) if parts else _("All member states that shared an assessment")


@dataclass(frozen=True)
class Average:
    """A regional average of member states' scores (each state counts once)."""

    score: float | None
    n: int  # member states with a score here

    @property
    def shown(self) -> bool:
        return self.score is not None and self.n >= settings.REGIONAL_MIN_STATES

    @property
    def value(self) -> int | None:
        """The whole number shown (None when the aggregate may not be shown)."""
        return shown(self.score) if self.shown else None

    @property
    def band(self) -> Band | None:
        return band_for(self.value) if self.value is not None else None


def average(scores: Iterable[float | None]) -> Average:
    values = [s for s in scores if s is not None]
    return Average(sum(values) / len(values) if values else None, len(values))


@dataclass(frozen=True)
class StateRow:
    """One member state's latest shared assessment in the view, scored."""

    assessment_id: int
    code: str
    name: str
    subregion: str
    title: str
    reporting_year: int
    edition: str  # the edition's name
    level: str  # ShareLevel value
    result: Result

    @property
    def display_name(self) -> str:
        """The member state's name in the active language (assessments.country_names)."""
        return member_state_name(self)

    @property
    def with_answers(self) -> bool:
        return self.level == ShareLevel.ANSWERS

    @property
    def subregion_label(self) -> str:
        return str(Subregion(self.subregion).label)

    def category_score(self, code: str) -> int | None:
        found = self.result.categories.get(code)
        return found.shown if found is not None else None

    def category_band(self, code: str) -> Band | None:
        found = self.result.categories.get(code)
        return found.band if found is not None else None


@dataclass(frozen=True)
class GapFrequency:
    """How many member states (of those that shared answers and scored the indicator) have a
    gap on it against Established, and how many a critical gap."""

    code: str
    question: str
    section: str  # section title
    category: str  # category code
    critical: bool
    n: int
    gaps: int
    critical_gaps: int
    fallbacks: frozenset[str] = frozenset()  # of "question" and "section", those in English

    @property
    def shown(self) -> bool:
        return self.n >= settings.REGIONAL_MIN_STATES

    @property
    def share(self) -> int:
        """Per cent of the member states with a gap, rounded as every percentage is."""
        return shown(100 * self.gaps / self.n) if self.n else 0

    @property
    def critical_share(self) -> int:
        return shown(100 * self.critical_gaps / self.n) if self.n else 0


@dataclass(frozen=True)
class YearPoint:
    """The regional averages of one reporting year (each state's latest shared assessment of
    that year)."""

    year: int
    n: int
    overall: Average
    categories: dict[str, Average]

    @property
    def shown(self) -> bool:
        return self.n >= settings.REGIONAL_MIN_STATES


@dataclass(frozen=True)
class Named:
    code: str
    name: str
    fallbacks: frozenset[str] = frozenset()  # {"name"} when the name shows English


@dataclass
class Region:
    """Everything the regional page, brief and workbook show, for one set of filters."""

    filters: Filters
    demo: bool
    states: list[StateRow]
    categories: list[Named]
    sections: list[tuple[Named, Named]]  # (category, section), framework order
    pillars: list[Named]
    overall: Average = field(default_factory=lambda: average([]))
    category_averages: dict[str, Average] = field(default_factory=dict)
    section_averages: dict[str, Average] = field(default_factory=dict)
    pillar_averages: dict[str, Average] = field(default_factory=dict)
    gaps: list[GapFrequency] = field(default_factory=list)  # most frequent first
    answers_states: int = 0  # states whose shares include answers (the gaps' basis)
    trends: list[YearPoint] = field(default_factory=list)
    editions: list[tuple[str, int]] = field(default_factory=list)  # (edition name, states)
    # Every reporting year shared in the view's scope whatever the filters, for the year filter:
    # narrowing to a subregion must not hide the years the other filters could still choose.
    years: list[int] = field(default_factory=list)

    @property
    def minimum(self) -> int:
        return settings.REGIONAL_MIN_STATES

    @property
    def enough(self) -> bool:
        """Whether the view holds enough member states for its aggregates."""
        return len(self.states) >= self.minimum

    @property
    def shown_gaps(self) -> list[GapFrequency]:
        return [g for g in self.gaps if g.shown and g.gaps]


# --- reading ------------------------------------------------------------------------------


@dataclass
class _Loaded:
    shares: list[Share]
    indicators: dict[int, list[Indicator]]  # by edition id, framework order
    answers: dict[int, dict[str, AnswerInput]]  # by assessment id, by code
    categories: list[Named]
    sections: list[tuple[Named, Named]]
    years: list[int]
    edition_rank: dict[int, int]  # edition id -> 0 for the newest in the view, 1, ...


def _shares(filters: Filters, *, demo: bool) -> list[Share]:
    """Every current share in the view's scope (all years: the trend needs them)."""
    shares = Share.objects.for_region(demo=demo).select_related(
        "assessment__member_state", "assessment__edition"
    )
    if filters.subregion:
        shares = shares.filter(assessment__member_state__subregion=filters.subregion)
    if filters.profile:
        shares = shares.filter(**{f"assessment__{Profile.FIELDS[filters.profile]}": True})
    return list(
        shares.order_by(
            "assessment__member_state__code",
            "assessment__member_state__name",
            "-assessment__reporting_year",
            "-assessment__submitted_at",
            "-assessment_id",
        )
    )


def load(filters: Filters, *, demo: bool) -> _Loaded:
    """Read what the view needs in six queries, whatever the number of states and years."""
    shares = _shares(filters, demo=demo)
    edition_ids = {s.assessment.edition_id for s in shares}
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in (
        Indicator.objects.filter(edition_id__in=edition_ids)
        .select_related("section__category", "scale")
        .order_by("edition_id", "section__category__position", "section__position", "position")
    ):
        indicators[indicator.edition_id].append(indicator)
    answers: dict[int, dict[str, AnswerInput]] = defaultdict(dict)
    rows = Answer.objects.filter(assessment_id__in=[s.assessment_id for s in shares]).values_list(
        "assessment_id", "indicator__code", "level", "not_applicable", "indicator__critical"
    )
    for assessment_id, code, level, na, critical in rows.order_by():
        answers[assessment_id][code] = answer_input(level, na, critical=critical)
    edition_rank = _newest_first(edition_ids)
    categories, sections = _structure(edition_ids, edition_rank)
    years = (
        Share.objects.for_region(demo=demo)
        .values_list("assessment__reporting_year", flat=True)
        .distinct()
        .order_by("assessment__reporting_year")
    )
    return _Loaded(
        shares, dict(indicators), dict(answers), categories, sections, list(years), edition_rank
    )


def _newest_first(edition_ids: set[int]) -> dict[int, int]:
    """Each edition's rank, the newest 0: the one definition of "newest" for every name."""
    newest_first = Edition.objects.filter(pk__in=edition_ids).order_by("-created_at", "-pk")
    return {pk: n for n, pk in enumerate(newest_first.values_list("pk", flat=True))}


def _structure(
    edition_ids: set[int], rank: dict[int, int]
) -> tuple[list[Named], list[tuple[Named, Named]]]:
    """Categories and sections by code, named as in the newest edition that has them."""
    categories: dict[str, tuple[int, Category]] = {}
    sections: dict[str, tuple[int, Section]] = {}
    for section in Section.objects.filter(edition_id__in=edition_ids).select_related("category"):
        r = rank[section.edition_id]
        if section.code not in sections or r < sections[section.code][0]:
            sections[section.code] = (r, section)
        category = section.category
        if category.code not in categories or r < categories[category.code][0]:
            categories[category.code] = (r, category)
    ordered_categories = sorted(categories.values(), key=lambda pair: pair[1].position)
    category_names = {
        c.code: Named(c.code, c.name, fallbacks_of(name=(c, "name")))
        for _r, c in ordered_categories
    }
    ordered_sections = sorted(
        (s for _r, s in sections.values()),
        key=lambda s: (categories[s.category.code][1].position, s.position, s.code),
    )
    return (
        list(category_names.values()),
        [
            (
                category_names[s.category.code],
                Named(s.code, s.title, fallbacks_of(name=(s, "title"))),
            )
            for s in ordered_sections
        ],
    )


# --- scoring ------------------------------------------------------------------------------


def _applicable(share: Share, indicators: list[Indicator]) -> list[Indicator]:
    assessment = share.assessment
    return [i for i in indicators if assessment.applies(i)]


def _latest_per_state(shares: list[Share], year: int | None) -> list[Share]:
    """Each member state's latest shared assessment (of `year` when given)."""
    latest: dict[int, Share] = {}
    for share in shares:  # newest first within each state (see `_shares`)
        if year is not None and share.assessment.reporting_year != year:
            continue
        latest.setdefault(share.assessment.member_state_id, share)
    return list(latest.values())


def _row(share: Share, inputs: list[IndicatorInput], answers: dict[str, AnswerInput]) -> StateRow:
    assessment, state = share.assessment, share.assessment.member_state
    return StateRow(
        assessment_id=assessment.pk,
        code=state.code,
        name=state.name,
        subregion=state.subregion,
        title=assessment.title,
        reporting_year=assessment.reporting_year,
        edition=assessment.edition.name,
        level=share.level,
        result=score(inputs, answers, target_level=REGIONAL_TARGET),
    )


def _gap_frequencies(
    rows: list[StateRow], inputs: dict[int, list[IndicatorInput]], details: dict[str, Indicator]
) -> list[GapFrequency]:
    """Per indicator code, among states that shared answers and gave it a level."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # n, gaps, critical gaps
    for row in rows:
        if not row.with_answers:
            continue
        gaps = {g.code: g for g in row.result.gaps}
        for indicator in inputs[row.assessment_id]:
            if indicator.code not in row.result.values:
                continue  # not applicable or not scored
            tally = counts[indicator.code]
            tally[0] += 1
            gap = gaps.get(indicator.code)
            tally[1] += gap is not None and gap.gap > 0
            tally[2] += gap is not None and gap.critical_gap
    frequencies = [
        GapFrequency(
            code=code,
            question=details[code].question,
            section=details[code].section.title,
            category=details[code].section.category.code,
            critical=details[code].critical,
            n=n,
            gaps=gaps,
            critical_gaps=critical,
            fallbacks=fallbacks_of(
                question=(details[code], "question"), section=(details[code].section, "title")
            ),
        )
        for code, (n, gaps, critical) in counts.items()
    ]
    frequencies.sort(key=lambda g: (-g.gaps / g.n, -g.critical_gaps / g.n, g.code))
    return frequencies


def build(filters: Filters, *, demo: bool) -> Region:
    """Score every share in scope once and build the view's figures from the scores."""
    data = load(filters, demo=demo)
    inputs_of: dict[int, list[IndicatorInput]] = {}
    rows_by_assessment: dict[int, StateRow] = {}
    details: dict[str, Indicator] = {}  # by code, from the newest edition in the view
    for edition_indicators in data.indicators.values():
        for indicator in edition_indicators:
            current = details.get(indicator.code)
            rank = data.edition_rank
            if current is None or rank[indicator.edition_id] < rank[current.edition_id]:
                details[indicator.code] = indicator
    for share in data.shares:
        indicators = _applicable(share, data.indicators.get(share.assessment.edition_id, []))
        inputs = indicator_inputs(indicators)
        inputs_of[share.assessment_id] = inputs
        answers = data.answers.get(share.assessment_id, {})
        rows_by_assessment[share.assessment_id] = _row(share, inputs, answers)

    current = [
        rows_by_assessment[s.assessment_id] for s in _latest_per_state(data.shares, filters.year)
    ]
    current.sort(key=lambda r: r.name)
    region = Region(
        filters=filters,
        demo=demo,
        states=current,
        categories=data.categories,
        sections=data.sections,
        pillars=[Named(value, str(label)) for value, label in Pillar.choices],
        years=data.years,
    )
    region.overall = average(r.result.overall for r in current)
    region.category_averages = {
        c.code: average(_score(r.result.categories, c.code) for r in current)
        for c in data.categories
    }
    region.section_averages = {
        s.code: average(_score(r.result.sections, s.code) for r in current)
        for _c, s in data.sections
    }
    region.pillar_averages = {
        p.code: average(_score(r.result.pillars, p.code) for r in current) for p in region.pillars
    }
    region.answers_states = sum(r.with_answers for r in current)
    region.gaps = _gap_frequencies(current, inputs_of, details)
    region.trends = _trends(data.shares, rows_by_assessment, data.categories, filters.year)
    editions: dict[str, int] = defaultdict(int)
    for row in current:
        editions[row.edition] += 1
    region.editions = sorted(editions.items())
    return region


def _score(scores: Mapping[str, object], code: str) -> float | None:
    found = scores.get(code)
    return found.score if found is not None else None


def _trends(
    shares: list[Share],
    rows: dict[int, StateRow],
    categories: list[Named],
    year: int | None,
) -> list[YearPoint]:
    """One point per reporting year (only the filtered year when one is chosen)."""
    years = sorted({s.assessment.reporting_year for s in shares})
    if year is not None:
        years = [y for y in years if y == year]
    points = []
    for each in years:
        in_year = [rows[s.assessment_id] for s in _latest_per_state(shares, each)]
        points.append(
            YearPoint(
                year=each,
                n=len(in_year),
                overall=average(r.result.overall for r in in_year),
                categories={
                    c.code: average(_score(r.result.categories, c.code) for r in in_year)
                    for c in categories
                },
            )
        )
    return points


# --- the cached entry point -----------------------------------------------------------------


# What each share in scope contributes to the figures besides its answers (which cannot change
# while it is shared: reopening withdraws it).
_SCOPE_FIELDS = (
    "pk",
    "level",
    "assessment_id",
    "assessment__reporting_year",
    "assessment__title",
    "assessment__profile_origin",
    "assessment__profile_transit",
    "assessment__profile_destination",
    "assessment__member_state_id",
    "assessment__member_state__code",
    "assessment__member_state__name",
    "assessment__member_state__subregion",
    "assessment__edition__name",
)


def _scope_fingerprint(demo: bool) -> str:
    """The shares in the view's scope with what the view reads of their assessment and member
    state. A share, a change of level, a withdrawal, a reopening or a deleted assessment changes
    the rows (a new share has a new pk); so does what writes no sharing log entry: a member
    state renamed, moved to another subregion or (un)flagged as demo data, an edition renamed."""
    rows = Share.objects.for_region(demo=demo).order_by("pk").values_list(*_SCOPE_FIELDS)
    return "|".join(",".join(map(str, row)) for row in rows)


def cache_key(filters: Filters, *, demo: bool) -> str:
    """Everything the figures depend on: the shares (a withdrawal gives a new key at once), the
    framework text (an edited section title), the filters and the language. Two small
    queries."""
    editions = ",".join(
        f"{pk}:{version.hex}"
        for pk, version in Edition.objects.order_by("pk").values_list("pk", "content_version")
    )
    content = f"{editions}#{_scope_fingerprint(demo)}"
    return ":".join(
        [
            "regional",
            CACHE_FORMAT,
            "demo" if demo else "real",
            hashlib.sha256(content.encode()).hexdigest()[:16],
            filters.subregion or "-",
            filters.profile or "-",
            str(filters.year or "-"),
            str(settings.REGIONAL_MIN_STATES),
            # Names (pillars, sections) are stored as the language that built them read them.
            get_language() or "-",
        ]
    )


def regional_view(filters: Filters, *, demo: bool | None = None) -> Region:
    """The view's figures for these filters, from the cache when nothing they depend on moved."""
    demo = settings.REGIONAL_DEMO_DATA if demo is None else demo
    key = cache_key(filters, demo=demo)
    region = cache.get(key)
    if region is None:
        region = build(filters, demo=demo)
        cache.set(key, region, CACHE_TIMEOUT)
    return region
