"""URLs of evidence files (included by assessments/urls.py; sign-in required)."""

from django.urls import path

from assessments.evidence import views

urlpatterns = [
    path(
        "assessments/<int:pk>/indicators/<str:code>/files/",
        views.evidence_files,
        name="evidence-files",
    ),
    path("evidence/<uuid:public_id>/", views.evidence_download, name="evidence-download"),
    path("evidence/<uuid:public_id>/remove/", views.evidence_remove_view, name="evidence-remove"),
    path("evidence/<uuid:public_id>/purge/", views.evidence_purge_view, name="evidence-purge"),
]
