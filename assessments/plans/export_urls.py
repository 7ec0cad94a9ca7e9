"""URLs of the plan's own export (included by assessments/plans/urls.py)."""

from django.urls import path

from assessments.plans import export_views

urlpatterns = [
    path("plan/export.pdf", export_views.plan_pdf, name="plan-export-pdf"),
    path("plan/export.xlsx", export_views.plan_xlsx, name="plan-export-xlsx"),
]
