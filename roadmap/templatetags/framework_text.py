"""Mark framework text shown in English on a page in another language (roadmap.languages).

    <p{{ indicator|fallback_lang:"guidance" }}>{{ indicator.guidance|linebreaksbr }}</p>
    {{ indicator|framework_text:"question" }}

`fallback_lang` gives the attributes for the element that holds the text; `framework_text`
gives the text itself, escaped, in a <span lang="en" dir="ltr"> where it is a fallback. Both
take model objects and plain ones that carry `fallbacks` (roadmap.languages.fallbacks_of).
"""

from django import template

from roadmap.languages import fallback_attrs, marked_text

register = template.Library()


@register.filter
def fallback_lang(obj, field: str) -> str:
    """' lang="en" dir="ltr"' where obj's field shows English in a page of another language."""
    return fallback_attrs(obj, field)


@register.filter
def framework_text(obj, field: str) -> str:
    """The field's text, escaped, wrapped in a span marked as English where it falls back."""
    return marked_text(obj, field)
