"""The documents of one edition's search index, read from the database in a fixed number of
queries: indicators, sections, instruments (with their common names), the legal references
the indicators make, and guides (resources).

Documents are made for one language (issue 17): each translated text (roadmap/translation.py)
is the one that language's pages show, tagged with the language it is in: the translation, or
the English it falls back to where there is none yet, so that an untranslated indicator is
found by its English words. Beside a translation, its English original is indexed too (kind
"title.en", ...: roadmap.search.index.ORIGINAL), so that an English legal term or instrument
name finds it on a page in any language. Codes, citations, guide titles, publishers and common
names are not translated: English.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from roadmap.models import Edition, Indicator, Instrument, LegalReference, Resource, Section
from roadmap.search.index import ORIGINAL, Document

ENGLISH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

# The type label shown next to each result, by Document.kind.
KIND_LABELS = {
    "indicator": _("Indicator"),
    "section": _("Section"),
    "instrument": _("Instrument"),
    "reference": _("Legal reference"),
    "resource": _("Guide"),
}
# A legal reference is a fragment of an indicator: among equal matches the indicator or the
# instrument itself comes first.
REFERENCE_BOOST = 0.6


def search_language(language: str | None = None) -> str:
    """The language to search in: the given or active one, as a code of settings.LANGUAGES."""
    try:
        return get_supported_language_variant(language or get_language() or ENGLISH)
    except LookupError:
        return settings.LANGUAGE_CODE


def shown(obj, field: str, language: str) -> tuple[str, str]:
    """The text of a translated field as a page in `language` shows it, and its language: the
    translation, or English where there is none (as modeltranslation falls back)."""
    english = getattr(obj, build_localized_fieldname(field, ENGLISH)) or ""
    if language != ENGLISH:
        own = getattr(obj, build_localized_fieldname(field, language), None)
        if own:
            return own, language
    return english, ENGLISH


def translated(kind: str, obj, field: str, language: str) -> list[tuple[str, str, str]]:
    """The fields to index for a translated text: as shown, and its English original beside
    a translation."""
    text, text_language = shown(obj, field, language)
    if text_language == ENGLISH:
        return [(kind, text, ENGLISH)]
    english = getattr(obj, build_localized_fieldname(field, ENGLISH)) or ""
    return [(kind, text, text_language), (kind + ORIGINAL, english, ENGLISH)]


def english_citation(reference: LegalReference) -> str:
    short_name = reference.instrument.short_name_en or ""
    return f"{short_name}, {reference.article}" if reference.article else short_name


def popularity(n_links: int) -> float:
    """Boost of an instrument or guide linked from n indicators: more links, a little higher."""
    return 1.0 + 0.1 * math.log1p(n_links)


def edition_documents(edition: Edition, language: str = ENGLISH) -> list[Document]:
    """Every searchable document of an edition as pages in `language` show it, in framework
    order within each kind."""
    return [
        *instrument_documents(edition, language),
        *resource_documents(edition, language),
        *section_documents(edition, language),
        *indicator_documents(edition, language),
        *reference_documents(edition, language),
    ]


def section_documents(edition: Edition, language: str = ENGLISH) -> list[Document]:
    sections = Section.objects.filter(edition=edition).select_related("category")
    documents = []
    for section in sections.order_by("category__position", "position", "code"):
        title, title_language = shown(section, "title", language)
        english_title = section.title_en or ""
        documents.append(
            Document(
                kind="section",
                title=title,
                title_language=title_language,
                url=section.get_absolute_url(),
                code=section.code,
                names=tuple(dict.fromkeys((title, english_title))),
                context=shown(section.category, "name", language)[0],
                fields=(
                    *translated("title", section, "title", language),
                    *translated("body", section, "description", language),
                    *translated("context", section.category, "name", language),
                ),
            )
        )
    return documents


def indicator_documents(edition: Edition, language: str = ENGLISH) -> list[Document]:
    indicators = Indicator.objects.in_edition(edition).select_related("section__category")
    documents = []
    for indicator in indicators:
        section = indicator.section
        title, title_language = shown(indicator, "question", language)
        category_name = shown(section.category, "name", language)[0]
        documents.append(
            Document(
                kind="indicator",
                title=title,
                title_language=title_language,
                url=indicator.get_absolute_url(),
                code=indicator.code,
                context=f"{category_name} \u203a {shown(section, 'title', language)[0]}",
                fields=(
                    *translated("title", indicator, "question", language),
                    *translated("body", indicator, "guidance", language),
                    *translated("body", indicator, "recommendation", language),
                    *translated("context", section, "title", language),
                ),
            )
        )
    return documents


def instrument_documents(edition: Edition, language: str = ENGLISH) -> list[Document]:
    cited = Count("references", filter=Q(references__indicator__edition=edition))
    # Sorted in Python: database collations differ, and ties in ranking keep document order.
    instruments = sorted(Instrument.objects.annotate(n_cited=cited), key=lambda i: (i.year, i.code))
    documents = []
    for instrument in instruments:
        short_name, short_language = shown(instrument, "short_name", language)
        name = shown(instrument, "name", language)[0]
        # Official names in the page's language where there are, and always in English.
        names = (short_name, *instrument.common_name_list, name)
        names += (instrument.short_name_en or "", instrument.name_en or "")
        documents.append(
            Document(
                kind="instrument",
                title=short_name,
                title_language=short_language,
                url=reverse("framework-instruments"),
                anchor=instrument.code,
                names=tuple(dict.fromkeys(n for n in names if n)),
                context=f"{name}, {instrument.year}",
                source_url=instrument.url,
                boost=popularity(instrument.n_cited),
                fields=(
                    *translated("title", instrument, "short_name", language),
                    *translated("body", instrument, "summary", language),
                    ("names", "; ".join(instrument.common_name_list), ENGLISH),
                    *translated("names", instrument, "name", language),
                    ("context", instrument.body, ENGLISH),
                ),
            )
        )
    return documents


def resource_documents(edition: Edition, language: str = ENGLISH) -> list[Document]:
    linked = Count("indicators", filter=Q(indicators__edition=edition))
    resources = sorted(Resource.objects.annotate(n_linked=linked), key=lambda r: r.code)
    return [
        Document(
            kind="resource",
            title=resource.title,
            title_language=ENGLISH,
            url=reverse("framework-resources"),
            anchor=resource.code,
            names=(resource.title,),
            context=", ".join(filter(None, [resource.publisher, str(resource.year or "")])),
            source_url=resource.url,
            boost=popularity(resource.n_linked),
            fields=(
                ("title", resource.title, ENGLISH),
                *translated("body", resource, "description", language),
                ("context", resource.publisher, ENGLISH),
            ),
        )
        for resource in resources
    ]


def reference_documents(edition: Edition, language: str = ENGLISH) -> list[Document]:
    references = (
        LegalReference.objects.filter(indicator__edition=edition)
        .select_related("instrument", "indicator")
        .order_by(
            "indicator__section__category__position",
            "indicator__section__position",
            "indicator__position",
            "position",
        )
    )
    documents = []
    for reference in references:
        short_name, short_language = shown(reference.instrument, "short_name", language)
        citation = f"{short_name}, {reference.article}" if reference.article else short_name
        titles = [("title", citation, short_language)]
        if short_language != ENGLISH:  # the citation with the instrument's English short name
            titles.append(("title" + ORIGINAL, english_citation(reference), ENGLISH))
        documents.append(
            Document(
                kind="reference",
                title=citation,
                title_language=short_language,
                url=reference.indicator.get_absolute_url(),
                context=reference.indicator.code,
                boost=REFERENCE_BOOST,
                fields=(*titles, *translated("body", reference, "note", language)),
            )
        )
    return documents
