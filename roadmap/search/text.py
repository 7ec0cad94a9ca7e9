"""Words, their stems and stop words: how text becomes search terms (pure Python, no Django).

Text and queries go through the same steps, so a query finds every form of a word the framework
uses ("extradite", "extradited", "extradition" all become "extradit"):

1. split into words (letters and digits of any script; an apostrophe inside a word stays);
2. fold case and strip accents and other combining marks ("Refoulement" -> "refoulement",
   Arabic short-vowel marks dropped);
3. drop stop words ("the", "of", ...), which would match everything;
4. stem with the Snowball stemmer of the content's language.

Snowball (the `snowballstemmer` package, which uses PyStemmer's C code when that is installed)
has stemmers for English, Indonesian, Arabic and about thirty other languages, so a translated
edition (issue 15) needs a language name here and, optionally, a stop-word list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

DEFAULT_LANGUAGE = "english"

# A word: letters or digits of any script, with inner apostrophes ("State's", "don't").
WORD = re.compile(r"\w+(?:['\u2019]\w+)*")

# Common English words that carry no meaning for search. Short on purpose: "no", "not" and
# "child" style words stay out; numbers and legal words ("article", "state") are kept.
STOP_WORDS: dict[str, frozenset[str]] = {
    "english": frozenset(
        """a about after all also an and any are as at be been being both but by can could did
        do does doing each either for from had has have having how if in into is it its itself
        may might more most must of on once only or other our ours out over own same shall
        should so some such than that the their theirs them then there these they this those
        through to too under until up upon very was we were what when where whether which while
        who whom whose why will with within without would you your""".split()  # noqa: SIM905
    ),
}


def fold(word: str) -> str:
    """Lower-case a word and strip accents and other combining marks."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=65536)
def stem(word: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Return the stem of an already folded word ("extradition" -> "extradit")."""
    return _stemmer(language).stemWord(word.replace("\u2019", "'"))


def is_stop_word(folded: str, language: str = DEFAULT_LANGUAGE) -> bool:
    return folded in STOP_WORDS.get(language, frozenset())


def words(text: str) -> Iterator[re.Match]:
    """Every word of a text, as a match whose span points into the original text."""
    return WORD.finditer(text)


def term(word: str, language: str = DEFAULT_LANGUAGE) -> str | None:
    """The search term of one word of text: its stem, or None for a stop word."""
    folded = fold(word)
    if is_stop_word(folded, language):
        return None
    return stem(folded, language)


def terms(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The search terms of a text, in order, stop words left out."""
    found = (term(match.group(), language) for match in words(text))
    return [t for t in found if t]
