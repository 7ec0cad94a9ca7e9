"""The library's signed-in pages: a member state's proposals and the RSO's curation."""

from django.urls import path

from assessments.practices import views

urlpatterns = [
    path("practices/propose/", views.propose, name="practices-propose"),
    path("practices/mine/", views.mine, name="practices-mine"),
    path("practices/mine/<int:pk>/edit/", views.mine_edit, name="practices-mine-edit"),
    path("practices/review/", views.review, name="practices-review"),
    path("practices/review/new/", views.entry_new, name="practices-entry-new"),
    path("practices/review/<int:pk>/edit/", views.entry_edit, name="practices-entry-edit"),
]
