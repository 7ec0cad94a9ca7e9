"""Highlighted titles and snippets (pure Python, no Django).

A highlighted text is a list of (text, matched) segments. Templates print each segment with
autoescaping on and wrap the matched ones in <mark>, so no HTML is ever built from framework
text or from the query here.

A text is read in its own language (roadmap.search.text): every form of a searched word is
marked, and in Thai the part of a run of letters that the query's bigrams cover.
"""

from __future__ import annotations

from collections.abc import Iterable

from roadmap.search.text import DEFAULT_LANGUAGE, Token, tokens, word_tokens, words

Segment = tuple[str, bool]
ELLIPSIS = "…"
SNIPPET_WORDS = 30
# Words shown before the first match, so that a snippet does not start on the matched word.
LEAD_WORDS = 4


def _word_tokens(match, languages: str | tuple[str, ...]) -> list[Token]:
    if isinstance(languages, str):
        return word_tokens(match, languages)
    return list(dict.fromkeys(t for name in languages for t in word_tokens(match, name)))


def highlight(
    text: str,
    stems: frozenset[str],
    language: str | Iterable[str] = DEFAULT_LANGUAGE,
    start=0,
    end=None,
) -> list[Segment]:
    """Split text[start:end] into segments, marking every word (or part of a Thai word) whose
    term is searched for."""
    end = len(text) if end is None else end
    marked: list[tuple[int, int]] = []
    for found, first, last in tokens(text, language):
        if found in stems and first >= start and last <= end:
            if marked and first <= marked[-1][1]:  # overlapping Thai bigrams: one mark
                marked[-1] = (marked[-1][0], max(last, marked[-1][1]))
            else:
                marked.append((first, last))
    segments: list[Segment] = []
    position = start
    for first, last in marked:
        if first > position:
            segments.append((text[position:first], False))
        segments.append((text[first:last], True))
        position = last
    if position < end:
        segments.append((text[position:end], False))
    return segments


def matched_stems(
    text: str, stems: frozenset[str], language: str | Iterable[str] = DEFAULT_LANGUAGE
) -> set[str]:
    """The searched-for stems that occur in a text."""
    return {t for t, _start, _end in tokens(text, language) if t in stems}


def _best_window(hits: list[tuple[int, str]], n_words: int) -> int:
    """First word of the SNIPPET_WORDS-long window that holds the most different matches."""
    best, best_key = 0, (-1, -1)
    for index, _stem in hits:
        # A match early in the text shows the text from its start.
        early = index < SNIPPET_WORDS - SNIPPET_WORDS // 3
        start = 0 if early else max(0, min(index - LEAD_WORDS, n_words - SNIPPET_WORDS))
        inside = [s for i, s in hits if start <= i < start + SNIPPET_WORDS]
        key = (len(set(inside)), len(inside))
        if key > best_key:
            best, best_key = start, key
    return best


def snippet(
    text: str, stems: frozenset[str], language: str | Iterable[str] = DEFAULT_LANGUAGE
) -> list[Segment]:
    """About SNIPPET_WORDS words of text around its best cluster of matches, highlighted."""
    spans = list(words(text))
    if not spans:
        return []
    languages = language if isinstance(language, str) else tuple(language)
    hits = [
        (i, t)
        for i, match in enumerate(spans)
        for t in dict.fromkeys(t for t, _s, _e in _word_tokens(match, languages))
        if t in stems
    ]
    first = _best_window(hits, len(spans)) if hits else 0
    last = min(len(spans), first + SNIPPET_WORDS) - 1
    start = 0 if first == 0 else spans[first].start()
    end = len(text) if last == len(spans) - 1 else spans[last].end()
    segments = highlight(text, stems, languages, start, end)
    if start > 0:
        segments.insert(0, (ELLIPSIS, False))
    if end < len(text):
        segments.append((ELLIPSIS, False))
    return segments
