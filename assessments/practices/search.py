"""Ranked search over the published entries, with the framework browser's engine.

The entries become `roadmap.search.index.Document`s (title; summary; member state, type,
pillar and category as context) and one `Index` ranks them as it ranks the framework: every
word in any form, titles above summaries, the best snippet highlighted. The index is cached
(Django's cache and a per-process memo) under `library_version()`, which changes with every
saved, published, rejected or deleted entry, so a search never shows an entry after it was
withdrawn; building it is one query, a search with the index cached none.

Languages: there is an index per interface language (the labels of types, pillars and
categories are translated). An entry is written in the words of whoever proposed it, in a
language the library does not record, so its title and summary are read both in the page's
language and in English (roadmap.search.index.ANY): an Indonesian summary is stemmed as
Indonesian on an Indonesian page, an English one as English on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from assessments.practices.browse import public_entries
from assessments.practices.services import library_version
from roadmap.memo import Memo
from roadmap.search.documents import search_language
from roadmap.search.index import ANY, Document, Hit, Index

# Raise when the documents change shape, so that no worker unpickles an old index.
INDEX_FORMAT = 2
CACHE_TIMEOUT = 24 * 60 * 60
# One index per interface language (five), and room for the one before a change.
_memo: Memo[LibraryIndex] = Memo(size=8)


@dataclass(frozen=True)
class LibraryIndex:
    index: Index
    entry_ids: dict[str, int]  # document url -> entry pk


def entry_document(entry) -> Document:
    context = " · ".join(
        [
            entry.member_state.name,
            str(entry.get_kind_display()),
            str(entry.get_pillar_display()),
            str(entry.get_category_display()),
        ]
    )
    return Document(
        kind=entry.kind,
        title=entry.title,
        url=reverse("practices-entry", args=[entry.pk]),
        context=context,
        # The summary first: the snippet comes from the first of the fields matching best.
        fields=(("title", entry.title, ANY), ("body", entry.summary, ANY), ("context", context)),
        title_language=ANY,
    )


def cache_key(version: str) -> str:
    # The labels of types, pillars and categories are in the visitor's language; the demo
    # setting changes which member states are public.
    demo = "demo" if settings.REGIONAL_DEMO_DATA else "real"
    return f"practices-search:{INDEX_FORMAT}:{search_language()}:{demo}:{version}"


def library_index(version: str | None = None) -> LibraryIndex:
    """The index of the public entries: from the memo or the cache, or built and cached."""
    return _memo.through_cache(cache_key(version or library_version()), build_index, CACHE_TIMEOUT)


def build_index() -> LibraryIndex:
    entries = list(public_entries())
    documents = [entry_document(entry) for entry in entries]
    return LibraryIndex(
        Index(documents, search_language()),
        {document.url: entry.pk for document, entry in zip(documents, entries, strict=True)},
    )


@dataclass(frozen=True)
class EntryResults:
    """The ranked search results: which entries matched, best first, with highlights."""

    results: object  # roadmap.search.index.Results
    ranked_ids: list[int]
    hits: dict[int, Hit]


def search(query: str, version: str | None = None) -> EntryResults:
    """Rank every public entry for a query (all of them, not the best 50: the page's filters
    narrow the ranked list afterwards, and the library is small)."""
    library = library_index(version)
    results = library.index.search(query, limit=max(1, len(library.index.documents)))
    ranked = [library.entry_ids[hit.document.url] for hit in results.hits]
    return EntryResults(results, ranked, dict(zip(ranked, results.hits, strict=True)))
