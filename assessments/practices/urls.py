"""URLs of the practices library (see docs/practices.md): the public pages, a member state's
proposals and the RSO's curation."""

from django.urls import path

from assessments.practices import public_views, views

urlpatterns = [
    # Public: no sign-in, published entries only.
    path("practices/", public_views.library, name="practices"),
    path("practices/countries/<str:code>/", public_views.country, name="practices-country"),
    path("practices/entries/<int:pk>/", public_views.entry, name="practices-entry"),
    # Signed in.
    path("practices/propose/", views.propose, name="practices-propose"),
    path("practices/mine/", views.mine, name="practices-mine"),
    path("practices/mine/<int:pk>/edit/", views.mine_edit, name="practices-mine-edit"),
    path("practices/review/", views.review, name="practices-review"),
    path("practices/review/new/", views.entry_new, name="practices-entry-new"),
    path("practices/review/<int:pk>/edit/", views.entry_edit, name="practices-entry-edit"),
]
