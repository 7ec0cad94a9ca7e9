"""URLs of the regional view (RSO staff only; see assessments/regional/README.md)."""

from django.urls import path

from assessments.regional import brief_views, drilldown_views, views

urlpatterns = [
    path("", views.region_page, name="regional"),
    path(
        "assessments/<int:pk>/",
        drilldown_views.assessment_page,
        name="regional-assessment",
    ),
    path(
        "assessments/<int:pk>/export.xlsx",
        drilldown_views.assessment_export,
        name="regional-assessment-export",
    ),
    path("brief.pdf", brief_views.regional_brief, name="regional-brief"),
    path("export.xlsx", brief_views.regional_export, name="regional-export"),
]
