"""The search index and its ranking (pure Python, no Django).

Documents (indicators, sections, instruments, legal references, guides) are made from the
database elsewhere (roadmap.search.documents); here they are indexed and ranked.

Ranking is BM25F: each field of a document has a weight (a question or a title counts three
times as much as guidance text), term frequencies are normalised by field length, summed with
the weights and saturated, and rare terms count more than common ones. A document's `boost`
multiplies its score (an instrument cited by many indicators ranks above one cited by few).

Languages: an index has a language (a Django code, roadmap.search.text.LANGUAGES) and also
reads English, the framework's working language: each field of a document may say which
language its text is in (a translation, or the English it falls back to), and a query word
matches its term in either language, so that on an Indonesian page both "perdagangan" and
"trafficking" find the indicator. A field of unknown language (ANY: a practices entry, written
in the member state's words) is read in both.

Matching: a result must contain every word of the query (in any form: words are stemmed). When
no document contains them all, the documents that contain the most of them are returned
instead, and the results say so. Codes ("POL.PROS.1", "pol.pros.1.1") find the section or
indicator with that code first, then those whose code starts with it.

Names come before text: when the query names something (every word of the query is in one of a
document's names, such as an instrument's short or common name or a section title, and covers
at least half of that name's words), those documents come first, the most fully named first,
then the most cited. So "Palermo" lists the Trafficking Protocol ("Palermo Protocol", cited by
most indicators) before UNTOC ("Palermo Convention"), and "compensation" the section of that
name before the indicators that mention compensation.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from roadmap.search.snippets import Segment, highlight, matched_stems, snippet
from roadmap.search.text import DEFAULT_LANGUAGE, ENGLISH, language_code, query_terms, tokens

# How much a word in each kind of field counts. Documents name their fields with these keys.
FIELD_WEIGHTS = {
    "title": 3.0,  # indicator question, section title, instrument short name, guide title
    "names": 2.5,  # an instrument's official and common names
    "body": 1.0,  # guidance, recommendation, summaries, descriptions, reference notes
    "context": 0.4,  # where a document sits: section title of an indicator, cited instrument
}
# The English original of a field shown translated is indexed beside it as kind + ORIGINAL
# ("title.en"), so an English word finds it too, counting a little less than the shown text.
ORIGINAL = ".en"
ORIGINAL_WEIGHT = 0.8
FIELD_WEIGHTS |= {
    kind + ORIGINAL: weight * ORIGINAL_WEIGHT for kind, weight in FIELD_WEIGHTS.items()
}
# The language of a field whose language is not known: it is read in each of the index's.
ANY = "*"
K1 = 1.2  # term-frequency saturation
B = 0.75  # field-length normalisation
CODE_EXACT = 100.0
CODE_PREFIX = 20.0
NAME_COVERAGE = 0.5  # share of a name's words a query must give to count as naming it
DEFAULT_LIMIT = 50
CODE = re.compile(r"[A-Za-z]{2,5}(?:\.[A-Za-z0-9]{1,5})+")


@dataclass(frozen=True)
class Document:
    """One thing search can find. `fields` are (field kind, text) pairs, or (field kind, text,
    language) where the text is not in the index's language; kinds may repeat."""

    kind: str
    title: str
    url: str
    fields: tuple[tuple[str, ...], ...]
    names: tuple[str, ...] = ()  # what it is called: title, short and common names
    code: str = ""
    anchor: str = ""  # the id of the document on its page, e.g. an instrument's code
    context: str = ""
    source_url: str = ""
    boost: float = 1.0
    title_language: str = ""  # the title's language, where it is not the index's


@dataclass(frozen=True)
class Query:
    text: str
    codes: tuple[str, ...]  # upper-case codes, e.g. ("POL.PROS.1",)
    # What each result must contain, in the order typed: for each word, its terms in the
    # index's languages, one of which must be there (a Thai word: one entry per bigram).
    groups: tuple[frozenset[str], ...]
    words: tuple[str, ...]  # the word typed for each group, for messages

    @property
    def terms(self) -> frozenset[str]:
        """Every term searched for, in any of the languages (for highlighting)."""
        return frozenset().union(*self.groups)


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float
    title: list[Segment]
    snippet: list[Segment]
    # Whether the title or the snippet is English on a page in another language (templates
    # mark it lang="en" dir="ltr", as the framework pages mark a fallback).
    title_in_english: bool = False
    snippet_in_english: bool = False


@dataclass(frozen=True)
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)  # the best `limit` results
    total: int = 0  # how many results there are in all
    complete: bool = True  # every hit contains every word of the query
    unknown: tuple[str, ...] = ()  # words of the query that no document contains

    @property
    def searched(self) -> bool:
        """Whether the query had anything to search for (not only stop words)."""
        return bool(self.query.codes or self.query.groups)


class Index:
    """An inverted index over documents; build it once, search it many times."""

    def __init__(self, documents: list[Document], language: str = DEFAULT_LANGUAGE):
        self.language = language_code(language)
        # The index's language, and English, which the framework is written in.
        self.languages = tuple(dict.fromkeys((self.language, ENGLISH)))
        self.documents = list(documents)
        # stem -> document number -> field kind -> occurrences
        self.postings: dict[str, dict[int, dict[str, int]]] = defaultdict(dict)
        self.lengths: list[dict[str, int]] = []
        totals: dict[str, list[int]] = defaultdict(list)
        for number, document in enumerate(self.documents):
            lengths: dict[str, int] = defaultdict(int)
            for field_ in document.fields:
                kind, text = field_[0], field_[1]
                found = tokens(text, self._languages(field_))
                lengths[kind] += len({(start, end) for _t, start, end in found})
                for t, _start, _end in found:
                    counts = self.postings[t].setdefault(number, {})
                    counts[kind] = counts.get(kind, 0) + 1
            self.lengths.append(dict(lengths))
            for kind, length in lengths.items():
                totals[kind].append(length)
        self.postings = dict(self.postings)
        self.average = {kind: max(1.0, sum(v) / len(v)) for kind, v in totals.items()}
        self.codes = {d.code.upper(): n for n, d in enumerate(self.documents) if d.code}
        # The words of each name of each document, each word as its terms in every language of
        # the index, for "does the query name it".
        self.names = [[self._name_words(name) for name in d.names] for d in self.documents]

    def _languages(self, field_: tuple[str, ...]) -> str | tuple[str, ...]:
        """The language(s) a field's text is read in."""
        return self._read_in(field_[2] if len(field_) > 2 else "")

    def _read_in(self, language: str) -> str | tuple[str, ...]:
        """The language(s) a text said to be in `language` is read in ("": the index's)."""
        if not language:
            return self.language
        return self.languages if language == ANY else language_code(language)

    def _name_words(self, name: str) -> frozenset[frozenset[str]]:
        by_word: dict[tuple[int, int], set[str]] = defaultdict(set)
        for t, start, end in tokens(name, self.languages):
            by_word[(start, end)].add(t)
        return frozenset(frozenset(terms) for terms in by_word.values())

    # --- Queries --------------------------------------------------------------------------

    def parse(self, text: str) -> Query:
        """Split a query into codes known to the index and the terms of its other words."""
        codes = []
        for match in CODE.finditer(text):
            code = match.group().upper()
            if any(c == code or c.startswith(code + ".") for c in self.codes):
                codes.append(code)
                text = text.replace(match.group(), " ")
        groups: dict[frozenset[str], str] = {}
        for word, group in query_terms(text, self.languages):
            groups.setdefault(group, word)
        return Query(text, tuple(dict.fromkeys(codes)), tuple(groups), tuple(groups.values()))

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> Results:
        """Rank the documents for a query; highlight the best `limit` of them."""
        query = self.parse(text)
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for code in query.codes:
            for number, document in enumerate(self.documents):
                doc_code = document.code.upper()
                if doc_code == code or doc_code.startswith(code + "."):
                    scores[number] += CODE_EXACT if doc_code == code else CODE_PREFIX
                    matched[number] += 1
        for group in query.groups:
            for number, score in self._group_scores(group).items():
                scores[number] += score
                matched[number] += 1
        wanted = len(query.codes) + len(query.groups)
        complete = [n for n in scores if matched[n] == wanted]
        ranked = sorted(complete or scores, key=lambda n: self._rank(n, query, scores, matched))
        stems = query.terms
        hits = [self._hit(n, scores[n] * self.documents[n].boost, stems) for n in ranked[:limit]]
        pairs = zip(query.groups, query.words, strict=True)
        unknown = tuple(
            dict.fromkeys(w for g, w in pairs if not any(t in self.postings for t in g))
        )
        return Results(
            query, hits, total=len(ranked), complete=bool(complete) or not scores, unknown=unknown
        )

    def _rank(self, number: int, query: Query, scores, matched) -> tuple:
        """Sort key: most words matched, named things first, then by score; ties in order."""
        boost = self.documents[number].boost
        coverage = self._name_coverage(number, query.groups)
        named = coverage >= NAME_COVERAGE
        return (
            -matched[number],
            -coverage if named else 0.0,
            -boost if named else 0.0,
            -scores[number] * boost,
            number,
        )

    def _name_coverage(self, number: int, groups: tuple[frozenset[str], ...]) -> float:
        """The largest share of one of the document's names that the query's words make up."""
        if not groups:
            return 0.0
        return max(
            (
                len(groups) / len(name)
                for name in self.names[number]
                if name and all(any(group & word for word in name) for group in groups)
            ),
            default=0.0,
        )

    def _group_scores(self, group: frozenset[str]) -> dict[int, float]:
        """The score of one query word in every document that contains it in some language:
        the best of its terms' scores."""
        if len(group) == 1:
            return self._term_scores(next(iter(group)))
        best: dict[int, float] = {}
        for t in group:
            for number, score in self._term_scores(t).items():
                if score > best.get(number, 0.0):
                    best[number] = score
        return best

    def _term_scores(self, t: str) -> dict[int, float]:
        """BM25F score of one stem in every document that contains it."""
        postings = self.postings.get(t, {})
        n_docs = len(self.documents)
        idf = math.log(1 + (n_docs - len(postings) + 0.5) / (len(postings) + 0.5))
        scores = {}
        for number, counts in postings.items():
            weighted = 0.0
            for kind, count in counts.items():
                norm = 1 - B + B * self.lengths[number][kind] / self.average[kind]
                weighted += FIELD_WEIGHTS.get(kind, 1.0) * count / norm
            scores[number] = idf * weighted * (K1 + 1) / (weighted + K1)
        return scores

    def _hit(self, number: int, score: float, stems: frozenset[str]) -> Hit:
        document = self.documents[number]
        title_language = self._read_in(document.title_language)
        text, text_languages = self._snippet_text(number, stems)
        return Hit(
            document=document,
            score=score,
            title=highlight(document.title, stems, title_language),
            snippet=snippet(text, stems, text_languages) if text else [],
            title_in_english=self._shows_english(title_language),
            snippet_in_english=bool(text) and self._shows_english(text_languages),
        )

    def _shows_english(self, languages: str | tuple[str, ...]) -> bool:
        return languages == ENGLISH and self.language != ENGLISH

    def _snippet_text(self, number: int, stems: frozenset[str]) -> tuple[str, str | tuple]:
        """The text field with the most different matches (not the title), and its language;
        the first one when several match as much. Only fields of a kind that the postings say
        matches are read again."""
        fields = [f for f in self.documents[number].fields if f[0] != "title" and f[1]]
        if not fields:
            return "", self.language
        kinds = {kind for t in stems for kind in self.postings.get(t, {}).get(number, ())}
        matching = [(f[1], self._languages(f)) for f in fields if f[0] in kinds]
        if not matching:
            return fields[0][1], self._languages(fields[0])
        if len(matching) == 1:
            return matching[0]
        return max(matching, key=lambda field_: len(matched_stems(field_[0], stems, field_[1])))
