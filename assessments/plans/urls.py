"""URLs of the action plan (all require sign-in; see assessments/plans/README.md)."""

from django.urls import path

from assessments.plans import export_urls, views

urlpatterns = [
    path("plan/", views.plan_view, name="plan"),
    path("plan/agencies/", views.agencies_page, name="plan-agencies"),
    path("plan/agencies/<int:pk>/", views.agency_page, name="plan-agency"),
    path("plan/actions/<int:pk>/", views.action_page, name="plan-action"),
    path("plan/actions/<int:pk>/edit/", views.action_edit, name="plan-action-edit"),
    path("assessments/<int:pk>/actions/new/", views.action_new, name="assessment-action-new"),
    *export_urls.urlpatterns,
]
