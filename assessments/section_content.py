"""The framework content that section pages show, read and rendered once per edition.

An edition's sections, their indicators with the level wording, and each indicator's help
(guidance, recommendation, legal basis and resources, rendered from
`assessments/_indicator_help.html`) are the same for every assessment and every request. They
are built on first use and kept in Django's cache (shared by all workers) and a small
per-process memo, under a key made of the edition, its content version and the language. Any
edit of the content gives the edition a new content version (roadmap/search/signals.py), so a
page never shows stale text; an edition in use is locked anyway (docs/editions.md).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from django.template.loader import get_template, render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language

from roadmap import release
from roadmap.languages import english_fields, fallback_attrs, marked_text
from roadmap.memo import Memo
from roadmap.models import Edition, Indicator, LevelText, Section

# Raise when the classes below change shape, so that no worker uses an entry built by an older
# release; a change of the help template or of CHOICE changes the key by itself (release_key).
CONTENT_FORMAT = 2
HELP_TEMPLATE = "assessments/_indicator_help.html"
# value, label (marked where it shows English), the descriptor's lang/dir where it does, descriptor
CHOICE = '<strong>{} {}</strong> <span class="text-body-secondary"{}>{}</span>'
CACHE_TIMEOUT = 24 * 60 * 60
_memo: Memo[EditionContent] = Memo(size=8)


@dataclass(frozen=True)
class IndicatorContent:
    """What the section page shows of an indicator; stands in for it in forms and saves."""

    pk: int
    code: str
    question: str
    critical: bool
    applies_to_origin: bool
    applies_to_transit: bool
    applies_to_destination: bool
    applies_to: tuple[str, ...]  # the profiles, in the page's language
    pillar: str  # the pillar's name, in the page's language
    levels: tuple[LevelText, ...]  # as Indicator.level_descriptors
    choices: tuple[tuple[int, str], ...]  # (value, the label of its radio button: safe HTML)
    help: str  # rendered, safe HTML
    # The texts above shown in English on a page of another language ("question"): what
    # roadmap.languages.shows_english reads of an object that is not a model.
    fallbacks: frozenset[str] = frozenset()

    def level_descriptors(self) -> list[LevelText]:
        """The same as Indicator.level_descriptors, already read."""
        return list(self.levels)


@dataclass(frozen=True)
class EditionContent:
    """An edition's sections (with their category) and each section's indicators, in order."""

    sections: dict[str, Section]  # by code
    indicators: dict[int, tuple[IndicatorContent, ...]]  # by section pk, in position order

    def section(self, code: str) -> Section | None:
        return self.sections.get(code)

    def indicators_of(self, section: Section) -> list[IndicatorContent]:
        return list(self.indicators.get(section.pk, ()))


@functools.cache
def release_key() -> str:
    """What this release renders with: the format, the help template's source, CHOICE, and
    every template and catalogue (roadmap.release: the help includes others, and translates)."""
    source = get_template(HELP_TEMPLATE).template.source
    key = f"{CONTENT_FORMAT}\x1f{source}\x1f{CHOICE}\x1f{release.release_key()}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def cache_key(edition: Edition) -> str:
    version = f"{edition.pk}:{edition.content_version}"
    return f"section-content:{release_key()}:{get_language()}:{version}"


def edition_content(edition: Edition) -> EditionContent:
    """The edition's content for section pages: from the memo or the cache, or built and cached."""
    return _memo.through_cache(cache_key(edition), lambda: build_content(edition), CACHE_TIMEOUT)


def build_content(edition: Edition) -> EditionContent:
    """Read an edition's sections and indicators and render their help (a fixed 7 queries)."""
    sections = Section.objects.filter(edition=edition).select_related("category")
    indicators: dict[int, list[IndicatorContent]] = {}
    for indicator in (
        Indicator.objects.filter(edition=edition).with_details().order_by("position", "code")
    ):
        indicators.setdefault(indicator.section_id, []).append(_content(indicator))
    return EditionContent(
        sections={section.code: section for section in sections},
        indicators={pk: tuple(items) for pk, items in indicators.items()},
    )


def _content(indicator: Indicator) -> IndicatorContent:
    levels = indicator.level_descriptors()
    return IndicatorContent(
        pk=indicator.pk,
        code=indicator.code,
        question=indicator.question,
        critical=indicator.critical,
        applies_to_origin=indicator.applies_to_origin,
        applies_to_transit=indicator.applies_to_transit,
        applies_to_destination=indicator.applies_to_destination,
        applies_to=tuple(indicator.applies_to),
        pillar=str(indicator.get_pillar_display()),
        levels=tuple(levels),
        choices=tuple(
            (
                level.value,
                format_html(
                    CHOICE,
                    level.value,
                    marked_text(level, "label"),
                    fallback_attrs(level, "descriptor"),
                    level.descriptor,
                ),
            )
            for level in levels
        ),
        help=render_to_string(HELP_TEMPLATE, {"indicator": indicator}),
        fallbacks=english_fields(indicator),
    )
