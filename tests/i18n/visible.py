"""The text a reader sees (or hears) on a page, and the part of it that was not translated."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

# Attributes read out or shown to the reader. `data-text-*` attributes carry the texts that
# scripts show (static/js/forms.js's character count).
SHOWN_ATTRIBUTES = {
    "title",
    "alt",
    "label",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
}
BUTTON_TYPES = {"submit", "button", "reset"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Never shown as text, or data shown as typed (a code, the value of a text field).
SKIPPED = {"script", "style", "textarea", "code", "kbd", "samp", "pre"}
# Elements inside a sentence: their text is read with the text around them ("6 results for
# <mark>procedures</mark>"); every other element starts a new text. SVG's tspan: a label's line.
INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "data",
    "dfn",
    "em",
    "i",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
    "tspan",
}

LETTER = re.compile(r"[A-Za-z]")
# Marks where an inline element starts or ends in a text: "<b>POL.T</b><span>Title</span>"
# reads as data both as "POL.TTitle" (no) and as "POL.T|Title" (yes); "a <mark>law</mark>." as
# "a law." (yes).
EDGE = "\u2063"


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped) of the open elements
        self.page_language = ""
        self.texts: list[str] = []
        self.sentence: list[str] = []

    def flush(self) -> None:
        text = "".join(self.sentence)
        if text.replace(EDGE, "").strip():
            self.texts.append(text)
        self.sentence = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE:
            self.flush()
        else:
            self.sentence.append(EDGE)
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang") or ""
        language = attributes.get("lang")
        # Text in another language on purpose: English framework text shown where no
        # translation exists (roadmap.languages), the language menu's names.
        elsewhere = (
            self.skipping
            or attributes.get("translate") == "no"
            or (tag != "html" and language is not None and language != self.page_language)
        )
        skipped = elsewhere or tag in SKIPPED  # a script's data-text-* attributes are read
        if not elsewhere:
            for name, value in attrs:
                if not value:
                    continue
                if (
                    name in SHOWN_ATTRIBUTES
                    or name.startswith("data-text-")
                    or (
                        name == "value"
                        and tag == "input"
                        and attributes.get("type") in BUTTON_TYPES
                    )
                ):
                    self.texts.append(value)
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self.flush()
        else:
            self.sentence.append(EDGE)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.sentence.append(data)

    def close(self) -> None:
        super().close()
        self.flush()


def shown_texts(html: str) -> list[str]:
    """Each text node and shown attribute of the page, whitespace collapsed."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return [" ".join(text.split()) for text in parser.texts]


class DataValues:
    """Texts that come from the data (names, answers, framework text, codes, emails, numbers):
    removed before a text is checked. A value is removed only as whole words."""

    PATTERNS = re.compile(
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # email addresses
        r"|https?://\S+"  # addresses
        r"|(?<![\w/])/[\w.-]+/[\w./?=&%#-]*"  # paths
        r"|\[(?:en|ind|th|vi|ar)\]"  # a language's code (the admin's field for it)
        r"|\{\w+\}"  # a placeholder that a script fills in (data-text-*)
    )

    def __init__(self, values: Iterable[str]) -> None:
        pieces = set()
        for value in values:
            for line in [str(value), *str(value).splitlines()]:
                line = " ".join(line.split())
                if LETTER.search(line):
                    pieces.add(line)
        self.pieces = sorted(pieces, key=len, reverse=True)

    def strip(self, text: str) -> str:
        found = [piece for piece in self.pieces if piece in text]  # longest first
        if found:
            words = "|".join(re.escape(piece) for piece in found)
            text = re.sub(f"(?<![A-Za-z])(?:{words})(?![A-Za-z])", " ", text)
        return self.PATTERNS.sub(" ", text)


def untranslated(texts: Iterable[str], data: DataValues) -> list[str]:
    """The texts that still show ASCII letters once the data is removed (read with and without
    the edges of inline elements)."""
    return [
        text.replace(EDGE, "")
        for text in texts
        if LETTER.search(data.strip(text.replace(EDGE, "")))
        and LETTER.search(data.strip(" ".join(text.replace(EDGE, " ").split())))
    ]
