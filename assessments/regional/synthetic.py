"""Synthetic shared assessments of clearly fictional member states, for the regional view.

For demonstrations (`load_demo` adds a few) and benchmarks (`manage.py regional_demo_data`:
45 states x 5 years on the full framework). Never real data:

- The states are `is_demo` (the regional view of a real site never counts them: the
  `REGIONAL_DEMO_DATA` setting), named "... (fictional)", with codes from QMA-QZZ, a range ISO
  3166 leaves to users, so no real member state, Demoland (XDL) or a test factory's X-code is
  ever among them. Only states with such a code *and* `is_demo` are ever changed or deleted.
- Deterministic: levels, texts and share levels derive from a seed, the state's code, the
  indicator's code and the year, so that screenshots and figures are stable.

Written in bulk (a fixed number of queries, whatever the size): answers get no history rows
(django-simple-history records only `save()`s; nobody edited synthetic answers, so their history
page is empty, which is true) and, for the same reason, are deleted without signals, so that
replacing them writes no "deleted" history rows either.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, OuterRef, ProtectedError, Subquery
from django.utils import timezone

from assessments.demo_dates import demo_calendar
from assessments.models import Answer, Assessment, AssessmentEvent, MemberState, Subregion
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry
from roadmap.models import Edition, Indicator

SEED = "rsr-regional-synthetic"
CODE_PATTERN = r"^Q[M-Z][A-Z]$"  # ISO 3166-1 reserves QMA-QZZ for user assignment
TITLE = "National self-assessment {year}"
BATCH = 2000
MAX_YEARS = 20
STARTED_BEFORE = timedelta(days=70)  # a team works on an assessment for about ten weeks

# Invented names: a prefix and a suffix, each pair used once (26 x 8 = 208 names), none of
# them a real country or region's.
PREFIXES = (
    "Nor",
    "Alder",
    "Bel",
    "Cor",
    "Dor",
    "Eld",
    "Fen",
    "Gil",
    "Hav",
    "Isk",
    "Jor",
    "Kal",
    "Lum",
    "Mar",
    "Nev",
    "Osk",
    "Pel",
    "Quor",
    "Ros",
    "Sel",
    "Tor",
    "Ulv",
    "Ver",
    "Wes",
    "Yar",
    "Zel",
)
SUFFIXES = ("vania", "ria", "mora", "stan", "esia", "onia", "ara", "dovia")
MAX_STATES = len(PREFIXES) * len(SUFFIXES)

# The first eight states are the demo's (assessments.demo): three in South-East Asia (with
# Demoland, four), three in South Asia, and two in the Pacific, below the regional view's
# threshold of three. Further states go round every subregion, so that at 45 each has six or more.
FIRST_SUBREGIONS = (
    Subregion.SOUTH_EAST_ASIA,
    Subregion.SOUTH_ASIA,
    Subregion.PACIFIC,
    Subregion.SOUTH_EAST_ASIA,
    Subregion.SOUTH_ASIA,
    Subregion.SOUTH_EAST_ASIA,
    Subregion.SOUTH_ASIA,
    Subregion.PACIFIC,
)
LATER_SUBREGIONS = (
    Subregion.EAST_ASIA,
    Subregion.WEST_ASIA,
    Subregion.OTHER,
    Subregion.SOUTH_EAST_ASIA,
    Subregion.SOUTH_ASIA,
    Subregion.PACIFIC,
)
# Country profiles (origin, transit, destination), in turn: each profile filter has states.
PROFILES = (
    (True, True, False),
    (False, False, True),
    (True, False, False),
    (True, True, True),
    (False, True, True),
    (True, False, True),
)
# Share levels in turn: two in three states share their answers, so the gaps have data.
SHARES = (
    (ShareLevel.ANSWERS, True),
    (ShareLevel.ANSWERS, False),
    (ShareLevel.SCORES, False),
    (ShareLevel.ANSWERS, False),
    (ShareLevel.ANSWERS, True),
    (ShareLevel.SCORES, False),
)

EVIDENCE = {
    0: "Not in place. The national coordinating body has listed it for its next action plan.",
    1: "Initial steps: a concept note by the lead ministry in {year}; no budget or procedures yet.",
    2: "Draft procedures circulated to the agencies concerned in {year} and tried in two "
    "provinces.",
    3: "In place nationwide since {previous}: approved procedures, training records and the "
    "coordinating body's annual report.",
    4: "In place and reviewed: an independent review in {year} found it applied consistently.",
}
YES_NO_EVIDENCE = {
    0: "Not adopted; a proposal is with the lead ministry.",
    1: "Adopted and in force; see the official gazette of {previous}.",
}
COMMENTS = (
    "Raised with the national coordinating body as a priority for next year.",
    "Figures for this indicator come from two agencies and do not yet agree.",
    "Progress depends on the budget law now before parliament.",
)
NA_JUSTIFICATION = (
    "Does not concern {name} at present: the country has none of the arrangements this "
    "indicator assesses. To be reviewed at the next assessment."
)


@dataclass(frozen=True)
class FictionalState:
    """Who the index-th synthetic state is: the same at every run and every size."""

    index: int

    @property
    def code(self) -> str:
        return f"Q{chr(ord('M') + self.index // 26)}{chr(ord('A') + self.index % 26)}"

    @property
    def short_name(self) -> str:
        prefix = self.index % len(PREFIXES)
        round_ = self.index // len(PREFIXES)
        # 3 is prime to 8: within one prefix, each round takes another suffix.
        return PREFIXES[prefix] + SUFFIXES[(3 * round_ + prefix) % len(SUFFIXES)]

    @property
    def name(self) -> str:
        return f"{self.short_name} (fictional)"

    @property
    def subregion(self) -> str:
        if self.index < len(FIRST_SUBREGIONS):
            return FIRST_SUBREGIONS[self.index]
        return LATER_SUBREGIONS[(self.index - len(FIRST_SUBREGIONS)) % len(LATER_SUBREGIONS)]

    @property
    def profile(self) -> tuple[bool, bool, bool]:
        return PROFILES[self.index % len(PROFILES)]

    @property
    def share(self) -> tuple[str, bool]:
        return SHARES[self.index % len(SHARES)]


@dataclass
class Summary:
    """What `generate` or `clear` did, for the command and the demo to print."""

    states: int = 0
    assessments: int = 0
    answers: int = 0
    not_applicable: int = 0
    shares: dict[str, int] = field(default_factory=dict)
    deleted: int = 0  # synthetic assessments deleted first
    skipped: int = 0  # states left as they were (they had assessments)
    years: tuple[int, ...] = ()
    seconds: float = 0.0

    def lines(self) -> list[str]:
        shared = ", ".join(f"{count} {level}" for level, count in sorted(self.shares.items()))
        span = f"{self.years[0]}-{self.years[-1]}" if self.years else "no years"
        done = []
        if self.deleted:
            done.append(f"deleted {self.deleted} earlier synthetic assessments")
        if self.skipped:
            done.append(f"left {self.skipped} fictional states that already had assessments")
        if self.assessments:
            done.append(
                f"{self.assessments} submitted assessments of {self.states} fictional member "
                f"states ({span}), {self.answers} answers ({self.not_applicable} not "
                f"applicable), shared: {shared}"
            )
        done.append(f"took {self.seconds:.1f} s")
        return done


def _hash(*parts: object) -> int:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@functools.cache
def _strength(seed: str, state: str) -> int:
    """-1, 0 or +1: how far the whole state is ahead of or behind the region."""
    return _hash(seed, "strength", state) % 3 - 1


@functools.cache
def _hard(seed: str, indicator: str) -> int:
    """1 for a third of the indicators, harder everywhere: the region's common gaps."""
    return 1 if _hash(seed, "hard", indicator) % 3 == 0 else 0


@dataclass(frozen=True)
class Draws:
    """The chance for one state and indicator, every year: one hash (not one per figure)."""

    digest: bytes

    @classmethod
    def of(cls, seed: str, state: str, indicator: str) -> Draws:
        text = f"{seed}\x1f{state}\x1f{indicator}".encode()
        return cls(hashlib.blake2b(text, digest_size=64).digest())

    @property
    def base(self) -> int:
        """1-4: the latest level before the state's strength and the indicator's difficulty."""
        return 1 + self.digest[0] % 4

    @property
    def not_applicable(self) -> bool:
        return self.digest[1] % 25 == 0

    @property
    def links(self) -> bool:
        return self.digest[2] % 4 == 0

    def change(self, step: int) -> int:
        """0-19 for the step between two reporting years."""
        return self.digest[3 + step] % 20

    def comment(self, years_to_go: int) -> int:
        return self.digest[3 + MAX_YEARS + years_to_go]


def synthetic_states():
    """The member states this module owns: fictional, with a code in its range."""
    return MemberState.objects.filter(is_demo=True, code__regex=CODE_PATTERN)


def level(draws: Draws, *, strength: int, hard: int, max_value: int, years_to_go: int) -> int:
    """A plausible level that varies by state and indicator and mostly improves over time.

    `years_to_go`: how many reporting years lie between this one and the latest. The latest
    level comes from the state's overall strength, the indicator's difficulty across the region
    and chance; each year before it, about a third of the indicators were a step lower, and a
    few a step higher (they slipped since).
    """
    value = draws.base + strength - hard
    for step in range(years_to_go):
        draw = draws.change(step)
        if draw < 7:
            value -= 1
        elif draw == 19:
            value += 1
    if max_value == 1:
        return 1 if value >= 2 else 0
    return max(0, min(value, max_value))


def answer_values(
    seed: str, state: FictionalState, indicator: Indicator, year: int, years_to_go: int
) -> dict[str, object]:
    """One fictional team's answer to one indicator in one year."""
    draws = Draws.of(seed, state.code, indicator.code)
    if not indicator.critical and draws.not_applicable:
        # Critical indicators apply to every member state: never not applicable
        # (assessments.answering refuses it, and scoring.answer_input reads it as no answer).
        return {
            "not_applicable": True,
            "na_justification": NA_JUSTIFICATION.format(name=state.short_name),
        }
    max_value = indicator.scale.max_value
    value = level(
        draws,
        strength=_strength(seed, state.code),
        hard=_hard(seed, indicator.code),
        max_value=max_value,
        years_to_go=years_to_go,
    )
    texts = YES_NO_EVIDENCE if max_value == 1 else EVIDENCE
    values: dict[str, object] = {
        "level": value,
        "evidence": texts[value].format(year=year, previous=year - 1),
    }
    if value >= 3 and draws.links:
        values["evidence_links"] = (
            f"https://example.org/{state.short_name.lower()}/annual-report-{year}"
        )
    draw = draws.comment(years_to_go)
    if (indicator.critical and value <= indicator.critical_threshold + 1) or draw % 12 == 0:
        values["comment"] = COMMENTS[draw % len(COMMENTS)]
    return values


def _years(state: FictionalState, years: int, last_year: int, staggered: bool) -> list[int]:
    """The reporting years of one state; staggered: every third state joined a year later."""
    count = years - 1 if staggered and years > 1 and state.index % 3 == 2 else years
    return list(range(last_year - count + 1, last_year + 1))


def _submitted(state: FictionalState, year: int, now: datetime) -> datetime:
    """Submitted late in the reporting year (as demo_dates has it), each state on its own day."""
    calendar = demo_calendar(year, submitted=True, now=now)
    return calendar.submitted - timedelta(days=_hash("days", state.code, year) % 40)


def _delete(states) -> int:
    """Delete the assessments (answers, events, shares, log) of the given synthetic states."""
    assessments = Assessment.objects.filter(member_state__in=states)
    count = assessments.count()
    if count:
        # Without signals: django-simple-history would write a "deleted" history row for each
        # of ~35,000 answers. Any history rows they have (an edit after a reopen) go too.
        answers = Answer.objects.filter(assessment__in=assessments.values("pk"))
        answers._raw_delete(answers.db)
        Answer.history.filter(assessment_id__in=assessments.values("pk")).delete()
        assessments.delete()
    return count


@transaction.atomic
def clear() -> Summary:
    """Delete every synthetic state with its assessments (keeping a state that users or a
    plan still refer to)."""
    started = time.perf_counter()
    summary = Summary(deleted=_delete(synthetic_states()))
    summary.skipped = _delete_states(synthetic_states())
    summary.seconds = time.perf_counter() - started
    return summary


def _delete_states(states) -> int:
    """Delete states that have no assessments left; return how many are kept (a user or a
    plan refers to them)."""
    kept = 0
    for state in states:
        try:
            with transaction.atomic():
                state.delete()
        except ProtectedError:
            kept += 1
    return kept


def _ensure_states(wanted: Sequence[FictionalState], *, update: bool) -> dict[str, MemberState]:
    """Create the missing states and (update) put back the others' fictional identity; refuse
    a clash with a real member state's code."""
    codes = [s.code for s in wanted]
    existing = {m.code: m for m in MemberState.objects.filter(code__in=codes)}
    real = sorted(code for code, m in existing.items() if not m.is_demo)
    if real:
        raise ValidationError(
            f"Member state {', '.join(real)} is not a demo state: synthetic data uses the codes "
            "QMA-QZZ for fictional states only, and will not touch it."
        )
    fields = ("name", "subregion", "is_demo", "verified")
    new = []
    for spec in wanted:
        state = existing.get(spec.code) or MemberState(code=spec.code)
        state.name, state.subregion = spec.name, spec.subregion
        state.is_demo = state.verified = True
        if state.pk is None:
            new.append(state)
    if update and existing:
        MemberState.objects.bulk_update(existing.values(), fields)
    MemberState.objects.bulk_create(new)
    return {m.code: m for m in MemberState.objects.filter(code__in=codes)}


def _applicable(indicators: Iterable[Indicator], profile: tuple[bool, bool, bool]):
    origin, transit, destination = profile
    return [
        i
        for i in indicators
        if (origin and i.applies_to_origin)
        or (transit and i.applies_to_transit)
        or (destination and i.applies_to_destination)
    ]


@transaction.atomic
def generate(
    states: int = 45,
    years: int = 5,
    *,
    last_year: int,
    seed: str = SEED,
    replace: bool = True,
    staggered: bool = False,
    now: datetime | None = None,
) -> Summary:
    """Create `states` fictional member states, each with a submitted, fully answered and
    shared assessment for each of the `years` reporting years up to `last_year`.

    replace: first delete every synthetic state's assessments (so the result is exactly
    states x years); otherwise leave a state that has assessments as it is (the demo, which
    must change nothing on a second run). staggered: every third state has one year fewer.
    """
    if not 0 <= states <= MAX_STATES:
        raise ValidationError(f"Choose between 0 and {MAX_STATES} fictional states.")
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError(f"Choose between 1 and {MAX_YEARS} reporting years.")
    started = time.perf_counter()
    now = now or timezone.now()
    edition = Edition.objects.current()
    if edition is None:
        raise ValidationError("Load the framework first (manage.py load_framework).")
    summary = Summary(years=tuple(range(last_year - years + 1, last_year + 1)))
    wanted = [FictionalState(i) for i in range(states)]
    if replace:
        summary.deleted = _delete(synthetic_states())
        _delete_states(synthetic_states().exclude(code__in=[s.code for s in wanted]))
    rows = _ensure_states(wanted, update=replace)
    if not replace:
        busy = set(
            Assessment.objects.filter(member_state__in=rows.values()).values_list(
                "member_state__code", flat=True
            )
        )
        summary.skipped = len(busy)
        wanted = [s for s in wanted if s.code not in busy]
    indicators = list(Indicator.objects.in_edition(edition).select_related("scale"))

    assessments, plans = [], []  # plans: (spec, year, years_to_go, submitted)
    for spec in wanted:
        origin, transit, destination = spec.profile
        state_years = _years(spec, years, last_year, staggered)
        for year in state_years:
            submitted = _submitted(spec, year, now)
            assessments.append(
                Assessment(
                    member_state=rows[spec.code],
                    edition=edition,
                    title=TITLE.format(year=year),
                    reporting_year=year,
                    profile_origin=origin,
                    profile_transit=transit,
                    profile_destination=destination,
                    status=Assessment.Status.SUBMITTED,
                    submitted_at=submitted,
                )
            )
            plans.append((spec, year, state_years[-1] - year, submitted))
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)

    applicable = {profile: _applicable(indicators, profile) for profile in set(PROFILES)}
    updated_at = Answer._meta.get_field("updated_at")
    answers, events, shares, log = [], [], [], []
    for assessment, (spec, year, to_go, submitted) in zip(assessments, plans, strict=True):
        team = f"{spec.short_name} focal point (fictional)"
        # Answered in the weeks before submission (as stored: the INSERT below is raw).
        answered = updated_at.get_db_prep_value(submitted - timedelta(days=12), connection)
        for indicator in applicable[spec.profile]:
            values = answer_values(seed, spec, indicator, year, to_go)
            summary.not_applicable += bool(values.get("not_applicable"))
            values.update(
                assessment_id=assessment.pk,
                indicator_id=indicator.pk,
                updated_by_name=team,
                updated_at=answered,
            )
            answers.append(values)
        events += [
            AssessmentEvent(assessment=assessment, kind=kind, by_name=team)
            for kind in (AssessmentEvent.Kind.CREATED, AssessmentEvent.Kind.SUBMITTED)
        ]
        share_level, evidence = spec.share
        shared_at = submitted + timedelta(days=1 + _hash("shared", spec.code, year) % 10)
        shared_at = min(shared_at, now)
        shares.append(
            Share(
                assessment=assessment,
                level=share_level,
                include_evidence=evidence,
                shared_at=shared_at,
            )
        )
        log.append(
            ShareLogEntry(
                assessment=assessment,
                kind=ShareLogEntry.Kind.SHARED,
                level=share_level,
                include_evidence=evidence,
                by_name=team,
            )
        )
        key = share_level + (" with evidence" if evidence else "")
        summary.shares[key] = summary.shares.get(key, 0) + 1
    _insert_answers(answers)
    AssessmentEvent.objects.bulk_create(events, batch_size=BATCH)
    Share.objects.bulk_create(shares, batch_size=BATCH)
    ShareLogEntry.objects.bulk_create(log, batch_size=BATCH)
    _backdate(Assessment.objects.filter(member_state__code__in=[s.code for s in wanted]))

    summary.states = len(wanted)
    summary.assessments = len(assessments)
    summary.answers = len(answers)
    summary.seconds = time.perf_counter() - started
    return summary


def _parameters_per_statement() -> int:
    if connection.vendor == "sqlite":
        # Django 5.2 assumes SQLite's default before 3.32, 999; the library says what it takes
        # (32,766 since 3.32): 450 INSERTs for 35,000 answers become 14.
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    # PostgreSQL's limit is 65,535; a statement of 20,000 stays a few hundred kilobytes.
    return min(connection.features.max_query_params or 20_000, 20_000)


def _insert_answers(rows: list[dict[str, object]]) -> None:
    """INSERT the answers, many rows a statement, from plain values (field name -> value).

    bulk_create spends ~5 s of Python on preparing the 450,000 values of 35,000 answers, one
    field at a time; these values are plain already (the dates prepared once per assessment).
    Columns follow the model, with each field's default for a value not given.
    """
    fields = [f for f in Answer._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, _parameters_per_statement() // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(Answer._meta.db_table)} ({columns}) VALUES "
                + ", ".join([row] * len(chunk)),
                [values.get(f.attname, defaults[f.attname]) for values in chunk for f in fields],
            )


def _backdate(assessments) -> None:
    """Date the new assessments' start, events and share log as planned (on insert, their
    auto_now_add fields took the time of the run): four UPDATEs, whatever the size."""
    assessments.update(created_at=F("submitted_at") - STARTED_BEFORE)
    own = Assessment.objects.filter(pk=OuterRef("assessment_id"))
    events = AssessmentEvent.objects.filter(assessment__in=assessments)
    for kind, moment in (
        (AssessmentEvent.Kind.CREATED, "created_at"),
        (AssessmentEvent.Kind.SUBMITTED, "submitted_at"),
    ):
        events.filter(kind=kind).update(at=Subquery(own.values(moment)[:1]))
    shared = Share.objects.filter(assessment=OuterRef("assessment_id")).values("shared_at")
    ShareLogEntry.objects.filter(assessment__in=assessments).update(at=Subquery(shared[:1]))
