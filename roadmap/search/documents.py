"""The documents of one edition's search index, read from the database in a fixed number of
queries: indicators, sections, instruments (with their common names), the legal references
the indicators make, and guides (resources).

The content is English today; a translated edition (issue 15) passes its language to the index.
"""

from __future__ import annotations

import math

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roadmap.models import Edition, Indicator, Instrument, LegalReference, Resource, Section
from roadmap.search.index import Document

CONTENT_LANGUAGE = "english"

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


def popularity(n_links: int) -> float:
    """Boost of an instrument or guide linked from n indicators: more links, a little higher."""
    return 1.0 + 0.1 * math.log1p(n_links)


def edition_documents(edition: Edition) -> list[Document]:
    """Every searchable document of an edition, in framework order within each kind."""
    return [
        *instrument_documents(edition),
        *resource_documents(edition),
        *section_documents(edition),
        *indicator_documents(edition),
        *reference_documents(edition),
    ]


def section_documents(edition: Edition) -> list[Document]:
    sections = Section.objects.filter(edition=edition).select_related("category")
    return [
        Document(
            kind="section",
            title=section.title,
            url=section.get_absolute_url(),
            code=section.code,
            names=(section.title,),
            context=section.category.name,
            fields=(
                ("title", section.title),
                ("body", section.description),
                ("context", section.category.name),
            ),
        )
        for section in sections.order_by("category__position", "position", "code")
    ]


def indicator_documents(edition: Edition) -> list[Document]:
    indicators = Indicator.objects.in_edition(edition).select_related("section__category")
    return [
        Document(
            kind="indicator",
            title=indicator.question,
            url=indicator.get_absolute_url(),
            code=indicator.code,
            context=f"{indicator.section.category.name} \u203a {indicator.section.title}",
            fields=(
                ("title", indicator.question),
                ("body", indicator.guidance),
                ("body", indicator.recommendation),
                ("context", indicator.section.title),
            ),
        )
        for indicator in indicators
    ]


def instrument_documents(edition: Edition) -> list[Document]:
    cited = Count("references", filter=Q(references__indicator__edition=edition))
    # Sorted in Python: database collations differ, and ties in ranking keep document order.
    instruments = sorted(Instrument.objects.annotate(n_cited=cited), key=lambda i: (i.year, i.code))
    return [
        Document(
            kind="instrument",
            title=instrument.short_name,
            url=reverse("framework-instruments"),
            anchor=instrument.code,
            names=(instrument.short_name, *instrument.common_name_list, instrument.name),
            context=f"{instrument.name}, {instrument.year}",
            source_url=instrument.url,
            boost=popularity(instrument.n_cited),
            fields=(
                ("title", instrument.short_name),
                ("body", instrument.summary),
                ("names", "; ".join(instrument.common_name_list)),
                ("names", instrument.name),
                ("context", instrument.body),
            ),
        )
        for instrument in instruments
    ]


def resource_documents(edition: Edition) -> list[Document]:
    linked = Count("indicators", filter=Q(indicators__edition=edition))
    resources = sorted(Resource.objects.annotate(n_linked=linked), key=lambda r: r.code)
    return [
        Document(
            kind="resource",
            title=resource.title,
            url=reverse("framework-resources"),
            anchor=resource.code,
            names=(resource.title,),
            context=", ".join(filter(None, [resource.publisher, str(resource.year or "")])),
            source_url=resource.url,
            boost=popularity(resource.n_linked),
            fields=(
                ("title", resource.title),
                ("body", resource.description),
                ("context", resource.publisher),
            ),
        )
        for resource in resources
    ]


def reference_documents(edition: Edition) -> list[Document]:
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
    return [
        Document(
            kind="reference",
            title=reference.citation,
            url=reference.indicator.get_absolute_url(),
            context=reference.indicator.code,
            boost=REFERENCE_BOOST,
            fields=(
                ("title", reference.citation),
                ("body", reference.note),
            ),
        )
        for reference in references
    ]
