"""What the public pages of the practices library read: published entries of the member states
the site shows, the filters of the library page, entry counts per member state and the linked
framework indicators. Each function costs a fixed number of queries, whatever the library's size.

Which member states are public: real ones always (the seed data describes real states from
public facts); the fictional demo states (`MemberState.is_demo`) only on a demo site
(`settings.REGIONAL_DEMO_DATA`), so a production library never lists Demoland.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from assessments.country_names import member_state_name
from assessments.models import MemberState
from assessments.practices.models import EntryKind, EntryStatus, PracticeEntry, PracticeIndicator
from roadmap.languages import fallbacks_of
from roadmap.models import Category, Edition, Indicator, Pillar

FILTER_NAMES = ("country", "pillar", "category", "kind")


def public_states() -> QuerySet[MemberState]:
    """The member states whose published entries the public pages show."""
    states = MemberState.objects.all()
    if not settings.REGIONAL_DEMO_DATA:
        states = states.filter(is_demo=False)
    return states


def public_entries() -> QuerySet[PracticeEntry]:
    """Published entries of the public member states, with their member state."""
    entries = PracticeEntry.objects.published().select_related("member_state")
    if not settings.REGIONAL_DEMO_DATA:
        entries = entries.filter(member_state__is_demo=False)
    return entries


@dataclass(frozen=True)
class StateCount:
    """A member state and its number of published entries (the map and the list beside it)."""

    code: str
    name: str
    count: int

    @property
    def display_name(self) -> str:
        """The member state's name in the active language (assessments.country_names)."""
        return member_state_name(self)


def state_counts() -> list[StateCount]:
    """Every public member state by name with its number of published entries (0 included).

    The one definition of "entries of a member state" that the map, the list beside it, the
    country filter and the member state's page share. One query.
    """
    published = Q(practice_entries__status=EntryStatus.PUBLISHED)
    states = (
        public_states()
        .annotate(n=Count("practice_entries", filter=published))
        .order_by("name", "code")
    )
    return [StateCount(s.code, s.name, s.n) for s in states]


@dataclass(frozen=True)
class Filters:
    """What a visitor narrowed the library to; empty values mean "all"."""

    country: str = ""
    pillar: str = ""
    category: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, data: Mapping[str, str], countries: set[str]) -> tuple[Filters, list[str]]:
        """Read the filters; a value that is not one of the choices is dropped with a message
        (an old link or a hand-edited address shows the whole library, never an error page)."""
        errors = []
        values = {}
        checks = {
            "country": (countries, _("There is no such member state in the library")),
            "pillar": (set(Pillar.values), _("There is no such pillar")),
            "category": (set(Category.Code.values), _("There is no such category")),
            "kind": (set(EntryKind.values), _("There is no such type of entry")),
        }
        for name, (allowed, message) in checks.items():
            value = data.get(name, "")
            value = value.strip() if isinstance(value, str) else ""
            if value and value not in allowed:
                errors.append(_("%(problem)s; showing all.") % {"problem": message})
                value = ""
            values[name] = value
        return cls(**values), errors

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in FILTER_NAMES)

    def apply(self, entries: QuerySet[PracticeEntry]) -> QuerySet[PracticeEntry]:
        if self.country:
            entries = entries.filter(member_state__code=self.country)
        if self.pillar:
            entries = entries.filter(pillar=self.pillar)
        if self.category:
            entries = entries.filter(category=self.category)
        if self.kind:
            entries = entries.filter(kind=self.kind)
        return entries


@dataclass(frozen=True)
class LinkedIndicator:
    """A framework indicator an entry illustrates: linked when the published edition has the
    code, plain text otherwise (an entry may keep a code a later edition dropped)."""

    code: str
    question: str = ""
    fallbacks: frozenset[str] = frozenset()  # {"question"} when it shows English

    @classmethod
    def of(cls, code: str, indicator: Indicator | None) -> LinkedIndicator:
        if indicator is None:
            return cls(code)
        return cls(code, indicator.question, fallbacks_of(question=(indicator, "question")))

    @property
    def linked(self) -> bool:
        return bool(self.question)


def indicators_by_code(edition: Edition | None, codes) -> dict[str, Indicator]:
    """The edition's indicators with these codes, by code, with their question in every
    language (whether it shows English is marked: roadmap.languages): one query."""
    found = Indicator.objects.filter(edition=edition, code__in=codes).only("code", "question")
    return {indicator.code: indicator for indicator in found}


def attach_indicators(entries: list[PracticeEntry]) -> list[PracticeEntry]:
    """Set `entry.linked_indicators` on each entry; three queries for any number of entries
    (the entries' codes, the published edition and its indicators with those codes)."""
    codes_by_entry: dict[int, list[str]] = {entry.pk: [] for entry in entries}
    links = PracticeIndicator.objects.filter(entry__in=list(codes_by_entry)).order_by(
        "indicator_code"
    )
    for entry_id, code in links.values_list("entry_id", "indicator_code"):
        codes_by_entry[entry_id].append(code)
    all_codes = {code for codes in codes_by_entry.values() for code in codes}
    edition = Edition.objects.current()
    indicators = indicators_by_code(edition, all_codes) if edition and all_codes else {}
    for entry in entries:
        entry.linked_indicators = [
            LinkedIndicator.of(code, indicators.get(code)) for code in codes_by_entry[entry.pk]
        ]
    return entries


def grouped_by_kind(entries: list[PracticeEntry]) -> list[tuple[str, str, list[PracticeEntry]]]:
    """(kind, label, entries) in the order of EntryKind, kinds without entries left out."""
    groups = []
    for kind, label in EntryKind.choices:
        of_kind = [entry for entry in entries if entry.kind == kind]
        if of_kind:
            groups.append((kind, label, of_kind))
    return groups
