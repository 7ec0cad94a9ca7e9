"""Words, their stems and stop words: how text becomes search terms, in each language (pure
Python, no Django).

Text and queries go through the same steps, so a query finds every form of a word the framework
uses ("extradite", "extradited", "extradition" all become "extradit"):

1. split into words (letters, digits and combining marks of any script; an apostrophe inside a
   word stays). A run of Thai letters is one "word" here: Thai has no spaces between words;
2. fold case and strip accents and other combining marks ("Refoulement" -> "refoulement",
   Vietnamese "người" -> "nguoi", Arabic short-vowel marks dropped);
3. drop the language's stop words ("the", "of"; Indonesian "yang", "dan" ...), which would
   match everything;
4. stem with the Snowball stemmer of the language, where Snowball has one.

What each language of the toolkit gets (docs/translation.md, "Search in each language"):

- English, Bahasa Indonesia, Arabic: Snowball stemmers ("english", "indonesian", "arabic") and
  a short stop-word list of our own: "memperdagangkan", "diperdagangkan" and "perdagangan" all
  become "dagang".
- Thai: no stemmer and no spaces between words, so Thai text becomes overlapping pairs of
  characters (bigrams; a vowel or tone mark stays with its letter): any part of a word of two
  letters or more finds the text that contains it. No dictionary, nothing to download.
- Vietnamese: words are syllables written apart, so they are words here; tone marks and other
  diacritics are folded away (đ too), so "buon ban nguoi" finds "buôn bán người". No stemming:
  Vietnamese words do not inflect.

Snowball (the `snowballstemmer` package, which uses PyStemmer's C code when that is installed)
has stemmers for about thirty languages; a language not listed in LANGUAGES but known to
Snowball by its name ("french") gets its stemmer and no stop words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import snowballstemmer

ENGLISH = "en"
DEFAULT_LANGUAGE = ENGLISH

# Thai letters, digits and their vowel and tone marks (not Thai punctuation or the baht sign).
THAI = "\u0e01-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59"
# Thai marks written above or below a letter: they belong to the letter before them.
THAI_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | frozenset(
    chr(c) for c in range(0x0E47, 0x0E4F)
)
# Combining marks of the scripts in use (Latin accents, also typed decomposed; Arabic vowel
# marks): \w leaves them out, and a word must not be cut at them.
MARKS = (
    "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_LETTER = rf"(?:[^\W{THAI}]|[{MARKS}])+"
# A word: a run of Thai, or letters, digits and marks of another script with inner apostrophes
# ("State's", "don't").
WORD = re.compile(rf"[{THAI}]+|{_LETTER}(?:['\u2019]{_LETTER})*")
# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})


def fold(word: str) -> str:
    """Lower-case a word and strip accents and other combining marks."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_FOLD_LETTERS)


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


@dataclass(frozen=True)
class Language:
    """How the text of one language becomes terms."""

    code: str
    stemmer: str | None  # Snowball's name of the language, or None: no stemming
    stop_words: frozenset[str] = frozenset()


# Common words that carry no meaning for search. Short on purpose: "no", "not" (Indonesian
# "tidak", "belum") and words such as "child" stay; numbers and legal words are kept.
LANGUAGES: dict[str, Language] = {
    "en": Language(
        "en",
        "english",
        _folded(
            """a about after all also an and any are as at be been being both but by can could
            did do does doing each either for from had has have having how if in into is it its
            itself may might more most must of on once only or other our ours out over own same
            shall should so some such than that the their theirs them then there these they this
            those through to too under until up upon very was we were what when where whether
            which while who whom whose why will with within without would you your"""
        ),
    ),
    # Our own list of Indonesian function words ("apakah" opens most indicator questions).
    "id": Language(
        "id",
        "indonesian",
        _folded(
            """ada adalah agar akan antara apakah atau bagaimana bagi bahwa dalam dan dapat dari
            dengan di ini itu jika juga kepada ke maupun melalui oleh pada para sebagai secara
            sejauh serta suatu sudah telah terhadap tersebut untuk yaitu yakni yang"""
        ),
    ),
    # Thai: bigrams (tokens below); a Latin word inside Thai text is folded, not stemmed.
    "th": Language("th", None),
    # Vietnamese: syllables, folded (tone marks and đ), not stemmed.
    "vi": Language("vi", None),
    # Arabic particles (folded: hamza forms of alef become a plain alef).
    "ar": Language(
        "ar",
        "arabic",
        _folded("في من على إلى عن مع أو ثم أن إن هذا هذه ذلك تلك التي الذي الذين هل هو هي كل"),
    ),
}
# Snowball's names, as earlier callers and tests passed them.
ALIASES = {"english": "en", "indonesian": "id", "arabic": "ar", "thai": "th", "vietnamese": "vi"}


@lru_cache(maxsize=64)
def language(code: str) -> Language:
    """The analysis of a language: by Django code ("id") or Snowball name ("indonesian")."""
    code = ALIASES.get(code, code)
    if code in LANGUAGES:
        return LANGUAGES[code]
    known = code in snowballstemmer.algorithms()
    return Language(code, code if known else None)


def language_code(code: str) -> str:
    """The code a language's analysis goes by ("indonesian" -> "id")."""
    return language(code).code


@lru_cache(maxsize=16)
def _stemmer(name: str):
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=65536)
def stem(word: str, language_name: str = DEFAULT_LANGUAGE) -> str:
    """Return the stem of an already folded word ("extradition" -> "extradit")."""
    name = language(language_name).stemmer
    word = word.replace("\u2019", "'")
    return _stemmer(name).stemWord(word) if name else word


def is_stop_word(folded: str, language_name: str = DEFAULT_LANGUAGE) -> bool:
    return folded in language(language_name).stop_words


def words(text: str) -> Iterator[re.Match]:
    """Every word of a text, as a match whose span points into the original text."""
    return WORD.finditer(text)


def is_thai(word: str) -> bool:
    return "\u0e01" <= word[:1] <= "\u0e59"


@lru_cache(maxsize=131072)
def term(word: str, language_name: str = DEFAULT_LANGUAGE) -> str | None:
    """The search term of one (non-Thai) word of text: its stem, or None for a stop word."""
    folded = fold(word)
    if is_stop_word(folded, language_name):
        return None
    return stem(folded, language_name)


def thai_bigrams(run: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """A run of Thai as (bigram, start, end): each pair of neighbouring letters, a mark kept
    with its letter ("ค้าม" -> "ค้า", "าม"). A run of one letter is its own term."""
    clusters: list[tuple[int, int]] = []
    for i, ch in enumerate(run):
        if clusters and ch in THAI_MARKS:
            clusters[-1] = (clusters[-1][0], i + 1)
        else:
            clusters.append((i, i + 1))
    if len(clusters) == 1:
        return [(run, offset, offset + len(run))]
    return [(run[a:d], offset + a, offset + d) for (a, _b), (_c, d) in pairwise(clusters)]


Token = tuple[str, int, int]  # term, start, end (in the original text)


def word_tokens(match: re.Match, language_name: str = DEFAULT_LANGUAGE) -> list[Token]:
    """The terms of one word: its stem, nothing for a stop word, bigrams for Thai."""
    word = match.group()
    if is_thai(word):
        return thai_bigrams(word, match.start())
    found = term(word, language_name)
    return [(found, match.start(), match.end())] if found else []


def tokens(text: str, languages: str | Iterable[str] = DEFAULT_LANGUAGE) -> list[Token]:
    """The terms of a text with their spans. With several languages (a text whose language is
    not known), each word gives its term in each of them, once."""
    if isinstance(languages, str):
        found = []
        for match in WORD.finditer(text):
            word = match.group()
            if is_thai(word):
                found.extend(thai_bigrams(word, match.start()))
            elif t := term(word, languages):
                found.append((t, match.start(), match.end()))
        return found
    languages = tuple(languages)
    found: list[Token] = []
    for match in words(text):
        found.extend(dict.fromkeys(t for name in languages for t in word_tokens(match, name)))
    return found


def terms(text: str, languages: str | Iterable[str] = DEFAULT_LANGUAGE) -> list[str]:
    """The search terms of a text, in order, stop words left out."""
    return [t for t, _start, _end in tokens(text, languages)]


def query_terms(text: str, languages: Iterable[str]) -> list[tuple[str, frozenset[str]]]:
    """What a query asks for: (word typed, its terms in each language), one pair per term
    the results must contain. A word that is a stop word in any of the languages is left out
    ("in" on an Indonesian page, "di" on an English one); a Thai run asks for each of its
    bigrams."""
    languages = tuple(languages)
    wanted: list[tuple[str, frozenset[str]]] = []
    for match in words(text):
        word = match.group()
        if is_thai(word):
            wanted.extend((word, frozenset([t])) for t, _s, _e in thai_bigrams(word))
            continue
        folded = fold(word)
        if any(is_stop_word(folded, name) for name in languages):
            continue
        wanted.append((word, frozenset(stem(folded, name) for name in languages)))
    return wanted
