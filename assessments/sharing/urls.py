"""URLs of the member state's side of sharing (sign-in required; see README.md)."""

from django.urls import path

from assessments.sharing import views

urlpatterns = [
    path("assessments/<int:pk>/sharing/", views.sharing_page, name="assessment-sharing"),
]
