"""Member-state names in the reader's language, from pycountry's ISO 3166-1 catalogues.

The stored `MemberState.name` is the English name an administrator checked ("Viet Nam",
"Lao PDR", "Hong Kong SAR (China)"); it is what English pages show. Other languages take the
name from the gettext catalogues pycountry ships (Debian's iso-codes, translated by the
Translation Project), looked up by the state's ISO alpha-3 code:

- the translation of ISO's short "common name" where the catalogue has one ("South Korea"),
  else of its name, even in ISO's inverted form ("Iran, Republik Islam"): the catalogue's
  wording beats English in the middle of a Thai or Arabic page;
- a territory that takes part beside its state (New Caledonia, Hong Kong, Macau) is named with
  that state in brackets, as the stored names do: "นิวแคลิโดเนีย (ฝรั่งเศส)";
- nothing in the catalogue (or no ISO code: the demo's fictional X-codes) gives the stored
  English name.

Vietnamese is left out on purpose: pycountry's Vietnamese catalogue spells most countries in an
old transliteration ("Pa-ki-xợ-thănh", "Nam Dương" for Indonesia) that readers today do not
use, so Vietnamese pages keep the stored names until a reviewed list exists (docs/translation.md).

No query: the names come from the state already loaded and from files read once per process.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from typing import Protocol

import pycountry
from django.conf import settings
from django.utils.translation import get_language

# The languages whose pycountry catalogue is used (see the module's docstring for Vietnamese).
CATALOGUE_LANGUAGES = frozenset({"id", "th", "ar"})
# Territories and the state named with them (the stored English names say so too).
TERRITORIES = {"NCL": "FRA", "HKG": "CHN", "MAC": "CHN"}


class NamedState(Protocol):
    code: str
    name: str


@lru_cache(maxsize=8)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _catalogue_name(code: str, language: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code.upper()) if code else None
    if country is None:
        return None
    catalogue = _catalogue(language)
    # `_catalog` holds the messages the catalogue has: a name translated as itself ("Iran" in
    # Bahasa Indonesia) is a translation too, whereas gettext() cannot tell it from a miss.
    known = getattr(catalogue, "_catalog", {})
    for english in filter(None, [getattr(country, "common_name", None), country.name]):
        if english in known:
            return catalogue.gettext(english)
    return None


@lru_cache(maxsize=4096)
def translated_country_name(code: str, language: str) -> str | None:
    """The catalogue's name of the country with this ISO alpha-3 code, or None."""
    if language not in CATALOGUE_LANGUAGES:
        return None
    name = _catalogue_name(code, language)
    state = TERRITORIES.get(code.upper())
    if name and state:
        return f"{name} ({_catalogue_name(state, language) or state})"
    return name


def member_state_name(state: NamedState, language: str | None = None) -> str:
    """The member state's name in `language` (default: the active one); English: as stored."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return translated_country_name(state.code, language) or state.name
