"""Template filters for showing answers."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from assessments.validators import is_web_address

register = template.Library()


@dataclass(frozen=True)
class Reference:
    text: str
    href: str | None  # only web addresses are links; file-share references are text


@register.filter
def evidence_references(links: str) -> list[Reference]:
    """The evidence links of an answer, one per line; only http(s) addresses get an href."""
    return [
        Reference(line, line if is_web_address(line) else None)
        for line in (links or "").splitlines()
        if line.strip()
    ]
