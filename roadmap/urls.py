"""Top-level URLs."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from assessments import landing, languages, two_factor
from assessments.forms import PasswordResetForm
from roadmap import views
from roadmap.health import health

admin.site.site_header = _("RSR Toolkit administration")
admin.site.site_title = _("RSR Toolkit admin")
admin.site.index_title = _("Framework and users")

framework = [
    path("framework/", views.framework_index, name="framework"),
    path("framework/search/", views.search, name="framework-search"),
    path("framework/instruments/", views.instrument_list, name="framework-instruments"),
    path("framework/resources/", views.resource_list, name="framework-resources"),
    path("framework/print/", views.print_view, name="framework-print"),
    path("framework/sections/<str:code>/", views.section_detail, name="framework-section"),
    path("framework/indicators/<str:code>/", views.indicator_detail, name="framework-indicator"),
    path("framework/<slug:slug>/", views.category_detail, name="framework-category"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health, name="health"),
    path("language/", languages.set_language, name="set-language"),
    *framework,
    path("accounts/login/", landing.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.status, name="two-factor-status"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two-factor-setup"),
    path("accounts/two-factor/verify/", two_factor.verify, name="two-factor-verify"),
    path("accounts/two-factor/enrol/<str:token>/", two_factor.enrol, name="two-factor-enrol"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor.recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            # Django would name the site after the request's host ("127.0.0.1:8000").
            extra_email_context={"site_name": settings.SITE_NAME},
        ),
        name="password_reset",
    ),
    # Password change and reset (Django's views; templates in templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessments.urls")),
    path("admin/", admin.site.urls),
]
