"""Mark framework text shown in English on a page in another language (roadmap.languages).

    <p{{ indicator|fallback_lang:"guidance" }}>{{ indicator.guidance|linebreaksbr }}</p>
    {{ indicator|framework_text:"question" }}

`fallback_lang` gives the attributes for the element that holds the text; `framework_text`
gives the text itself, escaped, in a <span lang="en" dir="ltr"> where it is a fallback.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from roadmap.languages import FALLBACK_ATTRS, shows_english

register = template.Library()


@register.filter
def fallback_lang(obj, field: str) -> str:
    """' lang="en" dir="ltr"' where obj's field shows English in a page of another language."""
    return mark_safe(FALLBACK_ATTRS) if obj is not None and shows_english(obj, field) else ""


@register.filter
def framework_text(obj, field: str) -> str:
    """The field's text, escaped, wrapped in a span marked as English where it falls back."""
    value = getattr(obj, field, "") or ""
    if shows_english(obj, field):
        return format_html('<span lang="en" dir="ltr">{}</span>', value)
    return conditional_escape(value)
