"""An edition's framework structure, read once and cached: what scoring and results read of it.

The categories, the sections, the indicators (each with its section, category, scale and legal
references) and the scales' level labels. The results page, the report and the exports read
them on every request; a published or retired edition in use cannot change (its content is
locked, roadmap.models.editions), so it is read once and kept in Django's cache (Redis in
production, shared by all workers) and in a small per-process memo, which spares unpickling.

The key holds the edition, its status and its content version: any edit of the content renews
the version (roadmap/search/signals.py), and publishing changes two editions' status; it also
drops the retired edition's entry (`forget`, called by `edition_publish`). A draft edition is
read afresh each time: its content is being edited.

The objects are shared by every request of a process: read them, never change them (set no
attribute, cache no relation on them). What is listed above is loaded with them and reads
without a query; other relations (an indicator's levels or guides) are not: whoever needs them
loads their own indicators (`Indicator.objects.with_details()`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from roadmap.memo import Memo
from roadmap.models import Category, Edition, Indicator, LegalReference, Scale, ScaleLevel, Section

# Raise when EditionStructure or what it holds change shape: no worker then unpickles an old one.
STRUCTURE_FORMAT = 1
CACHE_TIMEOUT = 24 * 60 * 60
_memo: Memo[EditionStructure] = Memo(size=8)


@dataclass(frozen=True)
class EditionStructure:
    """One edition's framework, in framework order; shared between requests: read only."""

    edition_id: int
    categories: tuple[Category, ...]
    sections: tuple[Section, ...]  # each with its category
    indicators: tuple[Indicator, ...]  # each with its section, scale and legal references
    # (scale id, value, label, scale kind) of every level of the edition's scales
    scale_levels: tuple[tuple[int, int, str, str], ...]


def cache_key(edition: Edition, language: str | None = None) -> str:
    # The level labels (scale_levels) are read in the active language; the model objects read
    # every language's text themselves (roadmap/translation.py).
    return (
        f"edition-structure:{STRUCTURE_FORMAT}:{edition.pk}:{edition.status}:"
        f"{edition.content_version.hex}:{language or get_language()}"
    )


def edition_structure(edition: Edition) -> EditionStructure:
    """The edition's structure: from the memo or the cache, or read and cached (not drafts)."""
    if edition.is_draft:
        return _read(edition)
    key = cache_key(edition)
    structure = _memo.get(key)
    if structure is not None:
        return structure
    cached = cache.get(key)
    if cached is None:
        structure = _read(edition, store_as=key)
    else:
        structure, references = cached
        _attach_references(structure, references)
    return _memo.remember(key, structure)


def forget(editions: Iterable[Edition]) -> None:
    """Drop the cached structures of these editions (as they were read: status and version)."""
    keys = [
        cache_key(edition, language)
        for edition in editions
        for language, _name in settings.LANGUAGES
    ]
    cache.delete_many(keys)
    for key in keys:
        _memo.forget(key)


def clear_memo() -> None:
    """Empty this process's memo (tests: each starts from an empty cache)."""
    _memo.clear()


def scale_level_rows(edition_id: int):
    """(scale id, value, label, scale kind) of every level of the edition's scales, in order."""
    return (
        ScaleLevel.objects.filter(scale__edition_id=edition_id)
        .order_by("scale_id", "value")
        .values_list("scale_id", "value", "label", "scale__kind")
    )


def _read(edition: Edition, *, store_as: str = "") -> EditionStructure:
    """Read the structure in six queries; with `store_as`, cache it under that key."""
    edition_id = edition.pk
    categories = {c.pk: c for c in Category.objects.filter(edition_id=edition_id)}
    sections = list(
        Section.objects.filter(edition_id=edition_id).order_by("category__position", "position")
    )
    scales = {s.pk: s for s in Scale.objects.filter(edition_id=edition_id)}
    for section in sections:
        section.category = categories[section.category_id]
    by_pk = {s.pk: s for s in sections}
    indicators = list(Indicator.objects.in_edition(edition))
    for indicator in indicators:
        indicator.section = by_pk[indicator.section_id]
        indicator.scale = scales[indicator.scale_id]
    structure = EditionStructure(
        edition_id=edition_id,
        categories=tuple(categories.values()),
        sections=tuple(sections),
        indicators=tuple(indicators),
        scale_levels=tuple(scale_level_rows(edition_id)),
    )
    references: dict[int, list[LegalReference]] = {}
    instruments = {}  # one object per instrument: it is pickled once, not once per reference
    for reference in LegalReference.objects.filter(indicator__edition_id=edition_id).select_related(
        "instrument"
    ):
        reference.instrument = instruments.setdefault(reference.instrument_id, reference.instrument)
        references.setdefault(reference.indicator_id, []).append(reference)
    if store_as:
        # Stored before the references are attached (and beside the structure, in the same
        # entry): Django's prefetch caches are querysets, which pickle to three times the size
        # of the rows and take twenty times as long to load.
        cache.set(store_as, (structure, references), CACHE_TIMEOUT)
    _attach_references(structure, references)
    return structure


def _attach_references(structure: EditionStructure, references: dict[int, list]) -> None:
    """Give each indicator its legal references as `prefetch_related` would, so that
    `indicator.legal_references.all()` (templates, the report, the exports) runs no query."""
    for indicator in structure.indicators:
        queryset = indicator.legal_references.all()  # lazy: runs no query
        queryset._result_cache = references.get(indicator.pk, [])
        queryset._prefetch_done = True
        indicator._prefetched_objects_cache = {"legal_references": queryset}
