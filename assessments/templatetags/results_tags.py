"""Small template filters for the results page and the report."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def dictget(mapping, key):
    """mapping[key], or None: templates cannot index a dict with a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(value: float | None) -> str:
    """A value in 0..1 as a whole percentage, e.g. 0.75 -> "75%"."""
    return "" if value is None else f"{round(value * 100)}%"


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign, e.g. +12, -3, 0."""
    if value is None:
        return ""
    rounded = round(value)
    return f"+{rounded}" if rounded > 0 else str(rounded)
