"""Small template filters for the results page and the report."""

from __future__ import annotations

from django import template

from assessments import scoring

register = template.Library()


@register.filter
def dictget(mapping, key):
    """mapping[key], or None: templates cannot index a dict with a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def shown(value: float | None) -> int | str:
    """A score as every page shows it: a whole number, half up (59.5 -> 60); "" for no score.

    Use this, never floatformat: floatformat and Python's round() disagree at .5.
    """
    number = scoring.shown(value)
    return "" if number is None else number


@register.filter
def percent(value: float | None) -> str:
    """A value in 0..1 as a whole percentage, half up, e.g. 0.75 -> "75%"."""
    return "" if value is None else f"{scoring.shown(value * 100)}%"


@register.filter
def signed(value: int | None) -> str:
    """A change between two shown scores with its sign, e.g. +12, -3, 0."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)
