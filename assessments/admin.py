from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from assessments.enrolment import enrolment_link_send
from assessments.forms import UserChangeForm, UserCreationForm
from assessments.models import Assessment, AssessmentEvent, EnrolmentLink, User

# The practices library, for administrators (RSO staff curate it on its review pages).
from assessments.practices import admin as practices_admin  # noqa: F401

# Shares and the sharing log register themselves, read-only, from their sub-package.
from assessments.sharing import admin as sharing_admin  # noqa: F401


@admin.action(description=_("Send a two-factor enrolment link"))
def send_enrolment_link(modeladmin, request, queryset) -> None:
    """Email each selected active person a single-use link to set up two-factor (for example
    RSO staff or administrators, who cannot set it up with their password alone)."""
    sent = 0
    for user in queryset.filter(is_active=True):
        enrolment_link_send(user=user, by=request.user, request=request)
        sent += 1
    if sent:
        modeladmin.message_user(
            request, _("Enrolment link sent to %(n)d person(s).") % {"n": sent}, messages.SUCCESS
        )
    if sent < queryset.count():
        modeladmin.message_user(request, _("Inactive accounts were left out."), messages.WARNING)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    actions = [send_enrolment_link]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]


class AssessmentEventInline(admin.TabularInline):
    """The assessment's journey (created, submitted, reopened), for reading only."""

    model = AssessmentEvent
    fields = ["kind", "by", "at", "reason"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Assessments as administrators see them; the journey itself happens in the application.

    Who the assessment belongs to, its edition, status and dates change only through the
    journey (create, submit, reopen with a reason), which records an event each time. Here they
    are read-only, a submitted assessment is read-only as a whole, and none is created here.
    """

    JOURNEY_FIELDS = [
        "member_state",
        "edition",
        "status",
        "submitted_at",
        "carried_from",
        "created_by",
        "created_at",
    ]
    list_display = ["title", "member_state", "reporting_year", "status", "edition", "submitted_at"]
    list_filter = ["status", "edition", "reporting_year"]
    list_select_related = ["member_state", "edition"]
    search_fields = ["title", "member_state__name"]
    fields = [
        "title",
        "reporting_year",
        *JOURNEY_FIELDS,
        "target_level",
        "profile_origin",
        "profile_transit",
        "profile_destination",
    ]
    readonly_fields = JOURNEY_FIELDS
    inlines = [AssessmentEventInline]

    def has_add_permission(self, request) -> bool:
        # Created only in the application: it records who created it and carries answers forward.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        submitted = obj is not None and not obj.is_draft
        return super().has_change_permission(request, obj) and not submitted

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and not obj.is_draft and request.method == "GET":
            messages.info(
                request,
                _(
                    "A submitted assessment is read-only here. Its focal point can reopen it in "
                    "the application, giving a reason that is recorded."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(EnrolmentLink)
class EnrolmentLinkAdmin(admin.ModelAdmin):
    """Who was sent an enrolment link, by whom, and whether it was used: read only. Links are
    made with the action on Users (or `manage.py enrolment_link`); deleting one revokes it."""

    list_display = ["user", "created_by", "created_at", "expires_at", "used_at"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "created_by", "created_at", "expires_at", "used_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
