"""Team management URLs (focal point only), mounted at /team/."""

from django.urls import path

from assessments.team import views as team_views

urlpatterns = [
    path("", team_views.team_list, name="team"),
    path("add/", team_views.team_add, name="team-add"),
    path("<int:pk>/", team_views.member_detail, name="team-member"),
    path("<int:pk>/role/", team_views.member_role, name="team-member-role"),
    path("<int:pk>/remove/", team_views.member_remove, name="team-member-remove"),
    path("<int:pk>/invite/", team_views.member_invite, name="team-member-invite"),
    path(
        "invitations/<int:pk>/again/",
        team_views.invitation_again,
        name="team-invitation-again",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        team_views.invitation_cancel,
        name="team-invitation-withdraw",
    ),
]
