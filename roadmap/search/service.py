"""An edition's search index, cached, and the search function the views call.

The index of an edition is built on first use and cached (Django's cache, shared by all
workers, and a small per-process memo) under a key made of the edition and its content version.
Any edit of searched content gives the edition a new version (signals.py), so the next search
builds a new index and never shows stale text. Once built, a search costs no query beyond the
page's own.
"""

from __future__ import annotations

from roadmap.memo import Memo
from roadmap.models import Edition
from roadmap.search.documents import CONTENT_LANGUAGE, edition_documents
from roadmap.search.index import Index, Results

# Raise when Index or Document change shape, so that no worker unpickles an old index.
INDEX_FORMAT = 1
CACHE_TIMEOUT = 24 * 60 * 60
_memo: Memo[Index] = Memo(size=8)


def cache_key(edition: Edition) -> str:
    return (
        f"framework-search:{INDEX_FORMAT}:{CONTENT_LANGUAGE}:{edition.pk}:{edition.content_version}"
    )


def edition_index(edition: Edition) -> Index:
    """The search index of an edition: from the memo or the cache, or built and cached."""
    return _memo.through_cache(
        cache_key(edition),
        lambda: Index(edition_documents(edition), CONTENT_LANGUAGE),
        CACHE_TIMEOUT,
    )


def search(edition: Edition, query: str) -> Results:
    """Search an edition's framework; see roadmap.search.index for matching and ranking."""
    return edition_index(edition).search(query)
