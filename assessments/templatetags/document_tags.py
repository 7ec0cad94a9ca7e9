"""The language choice of a page's downloads (assessments.jobs.views.document_language).

    {% document_languages report_url _("Report (PDF)") xlsx_url _("Excel") %}

The page's own download buttons give the documents in the page's language; this adds, folded
away, the same downloads in each of the other languages (`?language=<code>` on each address).
Plain links: no script, nothing to submit, and the buttons keep their addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info

from assessments.jobs.views import LANGUAGE_PARAMETER

register = template.Library()


@dataclass(frozen=True)
class LanguageRow:
    code: str
    name: str  # in its own language, as the language menu shows it
    bidi: bool
    links: list[tuple[str, str]]  # (address, document label)


def with_language(url: str, code: str) -> str:
    """The address with `language=<code>` added to its query (kept: ?variant=, filters)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({LANGUAGE_PARAMETER: code})}"


@register.inclusion_tag("includes/_document_languages.html")
def document_languages(*pairs: str) -> dict[str, object]:
    """Address, label, address, label ...: a row of links per language other than the page's."""
    documents = list(zip(pairs[::2], pairs[1::2], strict=True))
    current = get_language() or settings.LANGUAGE_CODE
    rows = [
        LanguageRow(
            code=code,
            name=name,
            bidi=get_language_info(code)["bidi"],
            links=[(with_language(url, code), label) for url, label in documents],
        )
        for code, name in settings.LANGUAGES
        if code != current
    ]
    current_name = dict(settings.LANGUAGES).get(current, current)
    return {
        "rows": rows,
        "labels": [label for _url, label in documents],
        "current": current_name,
    }
