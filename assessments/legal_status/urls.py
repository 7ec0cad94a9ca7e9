"""URLs of the legal-status profile (included by assessments/urls.py; sign-in required)."""

from django.urls import path

from assessments.legal_status import views

urlpatterns = [
    path(
        "assessments/<int:pk>/legal-status/",
        views.legal_status_page,
        name="assessment-legal-status",
    ),
]
