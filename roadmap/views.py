"""Public pages: the home page and the framework browser (published edition, no login).

Each view reads the edition it shows, fetches what it shows with a fixed number of queries
(QuerySet methods in roadmap.models) and renders a template.

Staff can preview an edition that is not published (a draft before publishing it, or a retired
one) with `?edition=<code>` on any framework page; everyone else gets 404 for those, so a
draft's text never leaks before it is published. Preview pages carry a banner, are kept out of
search engines and caches, and their links keep the `?edition=` so the preview stays a preview.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from roadmap.extensions import indicator_panels
from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    Instrument,
    LegalReference,
    Resource,
    Section,
)
from roadmap.search import service as framework_search
from roadmap.search.documents import KIND_LABELS

# URL slugs of the four categories, e.g. /framework/policy/.
CATEGORY_SLUGS = {
    "planning": Category.Code.PLANNING,
    "principles": Category.Code.PRINCIPLES,
    "policy": Category.Code.POLICY,
    "practices": Category.Code.PRACTICES,
}
SEARCH_MAX_LENGTH = 200


def published_edition() -> Edition:
    """Return the published edition, or raise 404 with a message when there is none."""
    edition = Edition.objects.current()
    if edition is None:
        raise Http404(_("No framework edition is published yet."))
    return edition


def browsed_edition(request: HttpRequest) -> Edition:
    """The edition a framework page shows: the published one, or one that staff preview."""
    code = request.GET.get("edition", "")
    if not code:
        return published_edition()
    edition = Edition.objects.filter(code=code).first()
    if edition is None or (
        edition.status != Edition.Status.PUBLISHED and not request.user.is_staff
    ):
        # The same answer for "no such edition" and "not yours to see": a draft's existence
        # is not announced either.
        raise Http404(_("There is no such framework edition."))
    return edition


def preview_url(edition: Edition) -> str:
    """The framework browser's address for an edition (the plain one for the published)."""
    url = reverse("framework")
    if edition.status == Edition.Status.PUBLISHED:
        return url
    return f"{url}?{urlencode({'edition': edition.code})}"


def render_framework(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Render a framework page; a preview gets its banner, `noindex` and no caching."""
    edition = context["edition"]
    previewing = edition.status != Edition.Status.PUBLISHED
    context["preview"] = previewing
    # Appended to every framework link of the page so that a preview never leads back to
    # the published edition unnoticed.
    context["edition_query"] = f"?{urlencode({'edition': edition.code})}" if previewing else ""
    response = render(request, template, context)
    if previewing:
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
    return response


def categories_with_sections(edition: Edition):
    """Categories of the edition, each with its sections and their indicator counts."""
    sections = Section.objects.annotate(n_indicators=Count("indicators")).order_by("position")
    return Category.objects.filter(edition=edition).prefetch_related(
        Prefetch("sections", queryset=sections)
    )


def home(request: HttpRequest) -> HttpResponse:
    """Introduce the toolkit and the four categories of the published framework."""
    edition = Edition.objects.current()
    categories = (
        Category.objects.filter(edition=edition).annotate(
            n_sections=Count("sections", distinct=True),
            n_indicators=Count("sections__indicators", distinct=True),
        )
        if edition
        else Category.objects.none()
    )
    return render(request, "roadmap/home.html", {"edition": edition, "categories": categories})


def framework_index(request: HttpRequest) -> HttpResponse:
    """The four categories with their sections: the table of contents of the framework."""
    edition = browsed_edition(request)
    context = {"edition": edition, "categories": categories_with_sections(edition)}
    return render_framework(request, "roadmap/framework/index.html", context)


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One category: its sections with their questions (and, for planning, the challenges)."""
    edition = browsed_edition(request)
    if slug not in CATEGORY_SLUGS:
        raise Http404(_("There is no such category."))
    category = get_object_or_404(Category, edition=edition, code=CATEGORY_SLUGS[slug])
    sections = category.sections.order_by("position").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
    )
    challenges = (
        Challenge.objects.filter(edition=edition)
        if category.code == Category.Code.PLANNING
        else Challenge.objects.none()
    )
    context = {
        "edition": edition,
        "category": category,
        "sections": sections,
        "challenges": challenges,
    }
    return render_framework(request, "roadmap/framework/category.html", context)


def section_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One section with every indicator in full, and links to the sections around it."""
    edition = browsed_edition(request)
    section = get_object_or_404(
        Section.objects.select_related("category"), edition=edition, code=code
    )
    # Objects, not (code, title) pairs: the page marks a title shown in English
    # (roadmap.languages); only() keeps the title's column in every language.
    order = list(
        Section.objects.filter(edition=edition)
        .order_by("category__position", "position")
        .only("code", "title")
    )
    index = [s.code for s in order].index(section.code)
    context = {
        "edition": edition,
        "section": section,
        "category": section.category,
        "indicators": section.indicators.with_details().order_by("position"),
        "previous": order[index - 1] if index > 0 else None,
        "next": order[index + 1] if index + 1 < len(order) else None,
    }
    return render_framework(request, "roadmap/framework/section.html", context)


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator in full, with a permanent address."""
    edition = browsed_edition(request)
    indicator = get_object_or_404(Indicator.objects.with_details(), edition=edition, code=code)
    context = {
        "edition": edition,
        "indicator": indicator,
        "section": indicator.section,
        "category": indicator.section.category,
        # What other apps add (roadmap/extensions.py), e.g. the practices library's examples.
        "panels": indicator_panels(indicator, request),
    }
    return render_framework(request, "roadmap/framework/indicator.html", context)


def instrument_list(request: HttpRequest) -> HttpResponse:
    """Every legal instrument with the indicators of the published edition that cite it."""
    edition = browsed_edition(request)
    references = (
        LegalReference.objects.filter(indicator__edition=edition)
        .select_related("indicator")
        .order_by(
            "indicator__section__category__position",
            "indicator__section__position",
            "indicator__position",
            "position",
        )
    )
    instruments = Instrument.objects.prefetch_related(Prefetch("references", queryset=references))
    kinds = [
        (label, [i for i in instruments if i.kind == kind])
        for kind, label in Instrument.Kind.choices
    ]
    return render_framework(
        request, "roadmap/framework/instruments.html", {"edition": edition, "kinds": kinds}
    )


def resource_list(request: HttpRequest) -> HttpResponse:
    """Guides and tools, each with the indicators of the published edition that link to it."""
    edition = browsed_edition(request)
    indicators = Indicator.objects.in_edition(edition)
    resources = Resource.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return render_framework(
        request, "roadmap/framework/resources.html", {"edition": edition, "resources": resources}
    )


def search(request: HttpRequest) -> HttpResponse:
    """Ranked search over the edition's indicators, sections, instruments, references, guides."""
    edition = browsed_edition(request)
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    results = framework_search.search(edition, query) if query else None
    hits = [(KIND_LABELS[hit.document.kind], hit) for hit in results.hits] if results else []
    context = {"edition": edition, "query": query, "results": results, "hits": hits}
    return render_framework(request, "roadmap/framework/search.html", context)


def print_view(request: HttpRequest) -> HttpResponse:
    """The whole framework on one page, laid out for printing."""
    edition = browsed_edition(request)
    indicators = Indicator.objects.with_details().order_by("position")
    sections = Section.objects.order_by("position").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    categories = Category.objects.filter(edition=edition).prefetch_related(
        Prefetch("sections", queryset=sections)
    )
    context = {
        "edition": edition,
        "categories": categories,
        "challenges": Challenge.objects.filter(edition=edition),
    }
    return render_framework(request, "roadmap/framework/print.html", context)
