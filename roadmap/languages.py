"""Which language a framework text is shown in: the reader's, or English where no translation
exists yet (roadmap/translation.py lists the translated fields).

A page in Bahasa Indonesia may show an indicator whose guidance has no Indonesian text yet;
the English text then carries lang="en" dir="ltr", so that screen readers pronounce it as
English, an Arabic page keeps it left to right, and a reader sees it is not a translation.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

FALLBACK_ATTRS = ' lang="en" dir="ltr"'


@functools.cache
def translated_fields(model) -> tuple[str, ...]:
    """The translated fields of a model class, or () for a model with none (or a class that is
    no model: cached content). Cached: templates ask it for every text they mark."""
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


def fallbacks_of(**sources: tuple[object, str]) -> frozenset[str]:
    """For text copied out of model objects into plain ones (rows, cached content): the names
    whose source shows English, e.g. `fallbacks_of(name=(section, "title"))` is {"name"} where
    the section's title has no translation. Kept as the copy's `fallbacks` (shows_english)."""
    return frozenset(name for name, (obj, field) in sources.items() if shows_english(obj, field))


def fallback_attrs(obj, field: str) -> SafeString:
    """' lang="en" dir="ltr"' where obj's field shows English on a page of another language,
    for the element that holds the text; "" otherwise (the fallback_lang filter)."""
    return mark_safe(FALLBACK_ATTRS) if obj is not None and shows_english(obj, field) else ""


def marked_text(obj, field: str) -> SafeString:
    """The field's text, escaped, in a <span lang="en" dir="ltr"> where it shows English on a
    page of another language (the framework_text filter)."""
    value = getattr(obj, field, "") or ""
    if shows_english(obj, field):
        return format_html('<span lang="en" dir="ltr">{}</span>', value)
    return conditional_escape(value)


# --- Editing translations ----------------------------------------------------------------------

# The languages that have a column for each translated field: those of settings.LANGUAGES when
# the app started (a test may add a language to the setting; no column comes with it).
COLUMN_LANGUAGES = tuple(AVAILABLE_LANGUAGES)


def translation_columns(model) -> dict[str, tuple[str, str]]:
    """The columns of a model that hold a text in another language than English:
    {"question_ind": ("question", "id"), ...}."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return {
        build_localized_fieldname(field, code): (field, code)
        for field in translated_fields(model)
        for code in COLUMN_LANGUAGES
        if code != default
    }


def changes_only_translations(obj) -> bool:
    """Whether what differs between `obj` and its stored row is only texts in other languages
    than English: the one change allowed in a locked edition (docs/translation.md)."""
    model = type(obj)
    if obj.pk is None or not translated_fields(model):
        return False
    # The original column (question) mirrors one of the language columns: not compared.
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in translated_fields(model)
    ]
    stored = model._base_manager.filter(pk=obj.pk).values_list(*names).first()
    if stored is None:
        return False
    allowed = translation_columns(model)
    return all(
        name in allowed or value == getattr(obj, name)
        for name, value in zip(names, stored, strict=True)
    )


def record_translation_changes(obj, before: dict, after: dict, *, user=None, source: str) -> int:
    """Keep in the history each text in another language that differs between `before` and
    `after` (column -> text). Returns how many were recorded."""
    from roadmap.models import TranslationChange

    changes = [
        TranslationChange(
            content_object=obj,
            object_repr=str(obj)[:200],
            field=field,
            language=language,
            old_text=before.get(column) or "",
            new_text=after.get(column) or "",
            changed_by=user,
            source=source,
        )
        for column, (field, language) in translation_columns(type(obj)).items()
        if column in after and (before.get(column) or "") != (after.get(column) or "")
    ]
    TranslationChange.objects.bulk_create(changes)
    return len(changes)
