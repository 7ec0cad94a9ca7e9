"""Which language a framework text is shown in: the reader's, or English where no translation
exists yet (roadmap/translation.py lists the translated fields).

A page in Bahasa Indonesia may show an indicator whose guidance has no Indonesian text yet;
the English text then carries lang="en" dir="ltr", so that screen readers pronounce it as
English, an Arabic page keeps it left to right, and a reader sees it is not a translation.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

FALLBACK_ATTRS = ' lang="en" dir="ltr"'


def translated_fields(model) -> tuple[str, ...]:
    """The translated fields of a model class, or () for a model with none."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def shows_english(obj, field: str, language: str | None = None) -> bool:
    """Whether `obj.<field>` shows the English text because `language` (default: the active
    one) has none. Objects that are not models (cached content) may say it themselves with a
    `fallbacks` attribute: the names of the fields they show in English."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return False
    if field not in translated_fields(type(obj)):
        return field in getattr(obj, "fallbacks", ())
    own = getattr(obj, build_localized_fieldname(field, language), None)
    return not own and bool(getattr(obj, field, None))


def english_fields(obj, language: str | None = None) -> frozenset[str]:
    """The translated fields of `obj` that show English in `language` (for cached content)."""
    return frozenset(
        field for field in translated_fields(type(obj)) if shows_english(obj, field, language)
    )
