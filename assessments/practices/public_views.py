"""The public, read-only pages of the practices library (no sign-in): the library with its map,
filters and search, a member state's page and one entry. Only published entries of the public
member states (browse.public_entries) ever reach these pages; anything else is 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from assessments.practices import regional_map
from assessments.practices import search as library_search
from assessments.practices.browse import (
    Filters,
    StateCount,
    attach_indicators,
    grouped_by_kind,
    public_entries,
    public_states,
    state_counts,
)
from assessments.practices.models import EntryKind
from assessments.practices.regional_map import MapState
from roadmap.models import Category, Pillar

SEARCH_MAX_LENGTH = 200


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    """The map and the member states' list, the filters and search, and the matching entries.

    The map and the list count each member state's published entries, whatever the filters:
    they are the library's overview and lead to the member state's page, which lists them all.
    The filters and the search narrow the results list. A fixed number of queries.
    """
    counts = state_counts()
    with_entries = [state for state in counts if state.count]
    filters, errors = Filters.from_query(request.GET, {state.code for state in with_entries})
    query = request.GET.get("q", "")
    query = query.strip()[:SEARCH_MAX_LENGTH] if isinstance(query, str) else ""
    entries = filters.apply(public_entries())
    results = None
    if query:
        found = library_search.search(query)
        results = found.results
        by_id = {entry.pk: entry for entry in entries.filter(pk__in=found.ranked_ids)}
        rows = [(by_id[pk], found.hits[pk]) for pk in found.ranked_ids if pk in by_id]
    else:
        rows = [(entry, None) for entry in entries]
    context = {
        "with_entries": with_entries,  # the list beside the map, the country filter
        "without_entries": [state for state in counts if not state.count],
        "total": sum(state.count for state in counts),
        "filters": filters,
        "errors": errors,
        "query": query,
        "results": results,
        "rows": rows,
        "pillar_choices": Pillar.choices,
        "category_choices": Category.Code.choices,
        "kind_choices": EntryKind.choices,
        **map_context(counts),
    }
    return render(request, "practices/library.html", context)


def map_context(counts: list[StateCount]) -> dict:
    """The regional map of every public member state, each linking to its page, coloured by
    its number of published entries (states without map data, the fictional ones, are left
    out of the map by regional_map and are in the list beside it)."""
    states = [
        MapState(
            state.code, state.name, state.count, reverse("practices-country", args=[state.code])
        )
        for state in counts
    ]
    return regional_map.map_context(states)


@require_safe
def country(request: HttpRequest, code: str) -> HttpResponse:
    """A member state's published entries grouped by type, with their linked indicators."""
    state = get_object_or_404(public_states(), code=code.upper())
    entries = attach_indicators(list(public_entries().filter(member_state=state)))
    context = {"state": state, "groups": grouped_by_kind(entries), "n_entries": len(entries)}
    return render(request, "practices/country.html", context)


@require_safe
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One published entry in full; proposed and rejected ones are 404 here for everyone."""
    found = get_object_or_404(public_entries(), pk=pk)
    attach_indicators([found])
    return render(request, "practices/entry.html", {"entry": found, "state": found.member_state})
