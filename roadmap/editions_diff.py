"""What publishing a draft would change: the draft compared with the published edition.

Indicators and sections are matched by code, the identifier that stays stable from one
edition to the next (comparisons over time match answers the same way). `diff_editions` is a
pure function of two snapshots, so it is tested without a database; `edition_diff` reads the
snapshots of two editions (two queries each) and compares them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from roadmap.models import Edition, Indicator, Section

# Text a reader sees; a change to any of them is a rewording.
TEXT_FIELDS = {
    "question": _("question"),
    "guidance": _("guidance"),
    "recommendation": _("recommendation"),
}


@dataclass(frozen=True)
class IndicatorFacts:
    """What the comparison looks at in one indicator."""

    code: str
    question: str
    guidance: str = ""
    recommendation: str = ""
    weight: int = 2
    critical: bool = False
    critical_threshold: int = 0


@dataclass(frozen=True)
class SectionFacts:
    code: str
    title: str


@dataclass(frozen=True)
class Reworded:
    """An indicator whose text changed; `fields` names the texts that differ."""

    old: IndicatorFacts
    new: IndicatorFacts
    fields: tuple[str, ...]

    @property
    def field_labels(self) -> list[str]:
        return [str(TEXT_FIELDS[name]) for name in self.fields]


@dataclass(frozen=True)
class ValueChange:
    """An indicator whose weight, critical flag or critical threshold changed."""

    new: IndicatorFacts
    old_value: object
    new_value: object


@dataclass
class EditionDiff:
    added: list[IndicatorFacts] = field(default_factory=list)
    removed: list[IndicatorFacts] = field(default_factory=list)
    reworded: list[Reworded] = field(default_factory=list)
    weight_changed: list[ValueChange] = field(default_factory=list)
    critical_changed: list[ValueChange] = field(default_factory=list)
    # A new threshold changes which answers count as critical gaps, so scores can move.
    threshold_changed: list[ValueChange] = field(default_factory=list)
    sections_added: list[SectionFacts] = field(default_factory=list)
    sections_removed: list[SectionFacts] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.added,
                self.removed,
                self.reworded,
                self.weight_changed,
                self.critical_changed,
                self.threshold_changed,
                self.sections_added,
                self.sections_removed,
            )
        )

    def fingerprint(self) -> str:
        """A short digest of the changes, to tell whether they moved since they were shown."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


def diff_editions(
    old: Iterable[IndicatorFacts],
    new: Iterable[IndicatorFacts],
    old_sections: Iterable[SectionFacts] = (),
    new_sections: Iterable[SectionFacts] = (),
) -> EditionDiff:
    """Compare two editions' indicators (and sections) by code.

    Lists keep the order of `new` (framework order); removed rows keep the order of `old`.
    """
    old_by_code = {facts.code: facts for facts in old}
    new_by_code = {facts.code: facts for facts in new}
    diff = EditionDiff(
        added=[f for code, f in new_by_code.items() if code not in old_by_code],
        removed=[f for code, f in old_by_code.items() if code not in new_by_code],
        sections_added=_missing_from(new_sections, old_sections),
        sections_removed=_missing_from(old_sections, new_sections),
    )
    for code, after in new_by_code.items():
        before = old_by_code.get(code)
        if before is None:
            continue
        texts = tuple(name for name in TEXT_FIELDS if getattr(before, name) != getattr(after, name))
        if texts:
            diff.reworded.append(Reworded(before, after, texts))
        if before.weight != after.weight:
            diff.weight_changed.append(ValueChange(after, before.weight, after.weight))
        if before.critical != after.critical:
            diff.critical_changed.append(ValueChange(after, before.critical, after.critical))
        if before.critical_threshold != after.critical_threshold:
            diff.threshold_changed.append(
                ValueChange(after, before.critical_threshold, after.critical_threshold)
            )
    return diff


def _missing_from(rows: Iterable[SectionFacts], other: Iterable[SectionFacts]):
    codes = {row.code for row in other}
    return [row for row in rows if row.code not in codes]


def edition_facts(edition: Edition | None) -> tuple[list[IndicatorFacts], list[SectionFacts]]:
    """Read the snapshot of an edition (nothing for None), in framework order."""
    if edition is None:
        return [], []
    indicators = Indicator.objects.in_edition(edition).values_list(
        "code", "question", "guidance", "recommendation", "weight", "critical", "critical_threshold"
    )
    sections = (
        Section.objects.filter(edition=edition)
        .order_by("category__position", "position", "code")
        .values_list("code", "title")
    )
    return [IndicatorFacts(*row) for row in indicators], [SectionFacts(*row) for row in sections]


def edition_diff(old: Edition | None, new: Edition) -> EditionDiff:
    """What changes when `new` replaces `old` (None: nothing is published yet)."""
    old_indicators, old_sections = edition_facts(old)
    new_indicators, new_sections = edition_facts(new)
    return diff_editions(old_indicators, new_indicators, old_sections, new_sections)
