"""Shares and the sharing log in the admin: for reading only.

Sharing and withdrawing happen on the sharing page, where each one is logged; a share added,
changed or deleted here would bypass the log that the member state's team reads.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assessments.sharing.models import Share, ShareLogEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "member_state", "level", "include_evidence", "shared_at"]
    list_filter = ["level", "include_evidence"]
    list_select_related = ["assessment__member_state"]
    search_fields = ["assessment__title", "assessment__member_state__name"]
    fields = ["assessment", "level", "include_evidence", "shared_by", "shared_at"]

    @admin.display(description=_("member state"), ordering="assessment__member_state__name")
    def member_state(self, share: Share):
        return share.assessment.member_state


@admin.register(ShareLogEntry)
class ShareLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "assessment", "kind", "level", "include_evidence", "by_name", "detail"]
    list_filter = ["kind", "level"]
    list_select_related = ["assessment__member_state"]
    search_fields = ["assessment__title", "assessment__member_state__name", "by_name"]
    fields = ["assessment", "kind", "level", "include_evidence", "detail", "by", "by_name", "at"]
    date_hierarchy = "at"
