"""URLs of the assessment journey (all require sign-in but the invitation link)."""

from django.urls import include, path

from assessments import results_views, views
from assessments.reports import views as report_views
from assessments.team import invitation_views

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("assessments/new/", views.assessment_new, name="assessment-new"),
    path("assessments/<int:pk>/", views.assessment_overview, name="assessment-overview"),
    path(
        "assessments/<int:pk>/sections/<str:code>/",
        views.section_page,
        name="assessment-section",
    ),
    path(
        "assessments/<int:pk>/indicators/<str:code>/history/",
        views.answer_history,
        name="answer-history",
    ),
    path("assessments/<int:pk>/challenges/", views.challenges_page, name="assessment-challenges"),
    path("assessments/<int:pk>/results/", results_views.results_page, name="assessment-results"),
    path("assessments/<int:pk>/targets/", results_views.targets_page, name="assessment-targets"),
    path("assessments/<int:pk>/report.pdf", report_views.report_pdf, name="assessment-report"),
    path(
        "assessments/<int:pk>/report/preview/",
        report_views.report_preview,
        name="assessment-report-preview",
    ),
    path("assessments/<int:pk>/export.xlsx", report_views.export_xlsx, name="assessment-export"),
    path("assessments/<int:pk>/submit/", views.submit_page, name="assessment-submit"),
    path("assessments/<int:pk>/reopen/", views.reopen_page, name="assessment-reopen"),
    path("team/", include("assessments.team.urls")),
    # No sign-in: the secret in the link is the proof of owning the invited address.
    path("invitations/<str:token>/", invitation_views.invitation, name="invitation"),
    path("", include("assessments.legal_status.urls")),
    path("", include("assessments.evidence.urls")),
    path("", include("assessments.plans.urls")),
    path("regional/", include("assessments.regional.urls")),
    path("", include("assessments.sharing.urls")),
    path("", include("assessments.practices.urls")),
    path("", include("assessments.jobs.urls")),
    path("", include("assessments.questionnaires.urls")),
]
