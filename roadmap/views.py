"""Public pages of the framework."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from roadmap.models import Category, Edition


def home(request: HttpRequest) -> HttpResponse:
    """Introduce the toolkit and the four categories of the published framework."""
    edition = Edition.objects.current()
    categories = (
        Category.objects.filter(edition=edition)
        .annotate(
            n_sections=Count("sections", distinct=True),
            n_indicators=Count("sections__indicators", distinct=True),
        )
        .order_by("position")
        if edition
        else Category.objects.none()
    )
    return render(request, "roadmap/home.html", {"edition": edition, "categories": categories})
