from django.urls import path

from assessments.jobs import views

urlpatterns = [
    path("documents/<uuid:public_id>/", views.progress, name="document-progress"),
    path("documents/<uuid:public_id>/download", views.download, name="document-download"),
    path("documents/<uuid:public_id>/retry", views.retry, name="document-retry"),
]
