"""The search index and its ranking (pure Python, no Django).

Documents (indicators, sections, instruments, legal references, guides) are made from the
database elsewhere (roadmap.search.documents); here they are indexed and ranked.

Ranking is BM25F: each field of a document has a weight (a question or a title counts three
times as much as guidance text), term frequencies are normalised by field length, summed with
the weights and saturated, and rare terms count more than common ones. A document's `boost`
multiplies its score (an instrument cited by many indicators ranks above one cited by few).

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
from roadmap.search.text import DEFAULT_LANGUAGE, fold, is_stop_word, stem, terms, words

# How much a word in each kind of field counts. Documents name their fields with these keys.
FIELD_WEIGHTS = {
    "title": 3.0,  # indicator question, section title, instrument short name, guide title
    "names": 2.5,  # an instrument's official and common names
    "body": 1.0,  # guidance, recommendation, summaries, descriptions, reference notes
    "context": 0.4,  # where a document sits: section title of an indicator, cited instrument
}
K1 = 1.2  # term-frequency saturation
B = 0.75  # field-length normalisation
CODE_EXACT = 100.0
CODE_PREFIX = 20.0
NAME_COVERAGE = 0.5  # share of a name's words a query must give to count as naming it
DEFAULT_LIMIT = 50
CODE = re.compile(r"[A-Za-z]{2,5}(?:\.[A-Za-z0-9]{1,5})+")


@dataclass(frozen=True)
class Document:
    """One thing search can find. `fields` are (field kind, text) pairs; kinds may repeat."""

    kind: str
    title: str
    url: str
    fields: tuple[tuple[str, str], ...]
    names: tuple[str, ...] = ()  # what it is called: title, short and common names
    code: str = ""
    anchor: str = ""  # the id of the document on its page, e.g. an instrument's code
    context: str = ""
    source_url: str = ""
    boost: float = 1.0


@dataclass(frozen=True)
class Query:
    text: str
    codes: tuple[str, ...]  # upper-case codes, e.g. ("POL.PROS.1",)
    terms: tuple[str, ...]  # distinct stems, in the order typed
    words: tuple[str, ...]  # the word typed for each stem, for messages


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float
    title: list[Segment]
    snippet: list[Segment]


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
        return bool(self.query.codes or self.query.terms)


class Index:
    """An inverted index over documents; build it once, search it many times."""

    def __init__(self, documents: list[Document], language: str = DEFAULT_LANGUAGE):
        self.language = language
        self.documents = list(documents)
        # stem -> document number -> field kind -> occurrences
        self.postings: dict[str, dict[int, dict[str, int]]] = defaultdict(dict)
        self.lengths: list[dict[str, int]] = []
        totals: dict[str, list[int]] = defaultdict(list)
        for number, document in enumerate(self.documents):
            lengths: dict[str, int] = defaultdict(int)
            for kind, text in document.fields:
                found = terms(text, language)
                lengths[kind] += len(found)
                for t in found:
                    counts = self.postings[t].setdefault(number, {})
                    counts[kind] = counts.get(kind, 0) + 1
            self.lengths.append(dict(lengths))
            for kind, length in lengths.items():
                totals[kind].append(length)
        self.postings = dict(self.postings)
        self.average = {kind: max(1.0, sum(v) / len(v)) for kind, v in totals.items()}
        self.codes = {d.code.upper(): n for n, d in enumerate(self.documents) if d.code}
        # The set of stems of each name of each document, for "does the query name it".
        self.names = [
            [frozenset(terms(name, language)) for name in d.names] for d in self.documents
        ]

    # --- Queries --------------------------------------------------------------------------

    def parse(self, text: str) -> Query:
        """Split a query into codes known to the index and the stems of its other words."""
        codes = []
        for match in CODE.finditer(text):
            code = match.group().upper()
            if any(c == code or c.startswith(code + ".") for c in self.codes):
                codes.append(code)
                text = text.replace(match.group(), " ")
        stems: dict[str, str] = {}
        for match in words(text):
            folded = fold(match.group())
            if not is_stop_word(folded, self.language):
                stems.setdefault(stem(folded, self.language), match.group())
        return Query(text, tuple(dict.fromkeys(codes)), tuple(stems), tuple(stems.values()))

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
        for t in query.terms:
            for number, score in self._term_scores(t).items():
                scores[number] += score
                matched[number] += 1
        wanted = len(query.codes) + len(query.terms)
        complete = [n for n in scores if matched[n] == wanted]
        ranked = sorted(complete or scores, key=lambda n: self._rank(n, query, scores, matched))
        stems = frozenset(query.terms)
        hits = [self._hit(n, scores[n] * self.documents[n].boost, stems) for n in ranked[:limit]]
        pairs = zip(query.terms, query.words, strict=True)
        unknown = tuple(word for t, word in pairs if t not in self.postings)
        return Results(
            query, hits, total=len(ranked), complete=bool(complete) or not scores, unknown=unknown
        )

    def _rank(self, number: int, query: Query, scores, matched) -> tuple:
        """Sort key: most words matched, named things first, then by score; ties in order."""
        boost = self.documents[number].boost
        coverage = self._name_coverage(number, frozenset(query.terms))
        named = coverage >= NAME_COVERAGE
        return (
            -matched[number],
            -coverage if named else 0.0,
            -boost if named else 0.0,
            -scores[number] * boost,
            number,
        )

    def _name_coverage(self, number: int, stems: frozenset[str]) -> float:
        """The largest share of one of the document's names that the query's words make up."""
        if not stems:
            return 0.0
        return max(
            (len(stems) / len(name) for name in self.names[number] if name and stems <= name),
            default=0.0,
        )

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
        return Hit(
            document=document,
            score=score,
            title=highlight(document.title, stems, self.language),
            snippet=self._snippet(document, stems),
        )

    def _snippet(self, document: Document, stems: frozenset[str]) -> list[Segment]:
        """A snippet of the text field with the most different matches (not the title)."""
        texts = [text for kind, text in document.fields if kind != "title" and text]
        if not texts:
            return []
        best = max(texts, key=lambda text: len(matched_stems(text, stems, self.language)))
        return snippet(best, stems, self.language)
