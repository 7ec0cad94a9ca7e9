"""An edition's search index in one language, cached, and the search function the views call.

The index of an edition in a language (the page's: roadmap.search.documents.search_language) is
built on first use and cached (Django's cache, shared by all workers, and a small per-process
memo) under a key made of the edition, its content version and the language, so a page in one
language never gets another's results. Any edit of searched content (a translation too) gives
the edition a new version (signals.py), so the next search builds a new index and never shows
stale text. Once built, a search costs no query beyond the page's own.
"""

from __future__ import annotations

from roadmap.memo import Memo
from roadmap.models import Edition
from roadmap.search.documents import edition_documents, search_language
from roadmap.search.index import Index, Results

# Raise when Index or Document change shape, so that no worker unpickles an old index.
INDEX_FORMAT = 2
CACHE_TIMEOUT = 24 * 60 * 60
# Room for the published edition and a preview or two in each of the five languages.
_memo: Memo[Index] = Memo(size=12)


def cache_key(edition: Edition, language: str | None = None) -> str:
    language = search_language(language)
    version = edition.content_version
    return f"framework-search:{INDEX_FORMAT}:{language}:{edition.pk}:{version}"


def edition_index(edition: Edition, language: str | None = None) -> Index:
    """The search index of an edition in a language (default: the active one): from the memo
    or the cache, or built and cached."""
    language = search_language(language)
    return _memo.through_cache(
        cache_key(edition, language),
        lambda: Index(edition_documents(edition, language), language),
        CACHE_TIMEOUT,
    )


def search(edition: Edition, query: str, language: str | None = None) -> Results:
    """Search an edition's framework in a language (default: the active one); see
    roadmap.search.index for matching and ranking."""
    return edition_index(edition, language).search(query)
