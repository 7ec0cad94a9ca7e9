"""The navbar's count of proposals waiting for RSO staff (one query, on their pages only)."""

from django import template

from assessments.practices.models import PracticeEntry

register = template.Library()


@register.simple_tag
def practices_waiting() -> int:
    return PracticeEntry.objects.proposed().count()
