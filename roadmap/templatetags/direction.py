"""Keep left-to-right data whole inside right-to-left sentences (docs/translation.md).

A name, an email address or a file name put into an Arabic sentence can pull the punctuation
next to it to the wrong side: "Dara Focal (demo)" followed by Arabic shows its closing bracket at
the start. `bdi` isolates the value, which then takes the direction of its own first letter:

    {% load direction %}
    {% blocktranslate with who=answer.updated_by_name|bdi %}
    Changed by {{ who }}.{% endblocktranslate %}

The message id does not change (the value is wrapped, not the sentence), so the catalogues keep
their translations.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value) -> str:
    """The value, escaped, in a <bdi> element (nothing for an empty value)."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)
