"""Highlighted titles and snippets (pure Python, no Django).

A highlighted text is a list of (text, matched) segments. Templates print each segment with
autoescaping on and wrap the matched ones in <mark>, so no HTML is ever built from framework
text or from the query here.
"""

from __future__ import annotations

from roadmap.search.text import DEFAULT_LANGUAGE, term, words

Segment = tuple[str, bool]
ELLIPSIS = "…"
SNIPPET_WORDS = 30
# Words shown before the first match, so that a snippet does not start on the matched word.
LEAD_WORDS = 4


def highlight(
    text: str, stems: frozenset[str], language: str = DEFAULT_LANGUAGE, start=0, end=None
) -> list[Segment]:
    """Split text[start:end] into segments, marking every word whose stem is searched for."""
    end = len(text) if end is None else end
    segments: list[Segment] = []
    position = start
    for match in words(text):
        if match.start() < start or match.end() > end:
            continue
        if term(match.group(), language) in stems:
            if match.start() > position:
                segments.append((text[position : match.start()], False))
            segments.append((match.group(), True))
            position = match.end()
    if position < end:
        segments.append((text[position:end], False))
    return segments


def matched_stems(text: str, stems: frozenset[str], language: str = DEFAULT_LANGUAGE) -> set[str]:
    """The searched-for stems that occur in a text."""
    found = (term(match.group(), language) for match in words(text))
    return {t for t in found if t in stems}


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


def snippet(text: str, stems: frozenset[str], language: str = DEFAULT_LANGUAGE) -> list[Segment]:
    """About SNIPPET_WORDS words of text around its best cluster of matches, highlighted."""
    spans = list(words(text))
    if not spans:
        return []
    hits = [(i, t) for i, m in enumerate(spans) if (t := term(m.group(), language)) in stems]
    first = _best_window(hits, len(spans)) if hits else 0
    last = min(len(spans), first + SNIPPET_WORDS) - 1
    start = 0 if first == 0 else spans[first].start()
    end = len(text) if last == len(spans) - 1 else spans[last].end()
    segments = highlight(text, stems, language, start, end)
    if start > 0:
        segments.insert(0, (ELLIPSIS, False))
    if end < len(text):
        segments.append((ELLIPSIS, False))
    return segments
