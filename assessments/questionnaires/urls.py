"""URLs of working offline with a questionnaire workbook (sign-in required; see README.md)."""

from django.urls import path

from assessments.questionnaires import views

urlpatterns = [
    path("assessments/<int:pk>/questionnaire/", views.questionnaire_page, name="questionnaire"),
    path(
        "assessments/<int:pk>/questionnaire.xlsx",
        views.questionnaire_download,
        name="questionnaire-download",
    ),
    path(
        "assessments/<int:pk>/questionnaire/uploads/<uuid:public_id>/",
        views.import_preview,
        name="questionnaire-preview",
    ),
    path(
        "assessments/<int:pk>/questionnaire/uploads/<uuid:public_id>/cancel/",
        views.import_cancel,
        name="questionnaire-cancel",
    ),
]
