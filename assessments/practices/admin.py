"""The practices library in the admin site: for administrators only.

RSO staff curate the library on its review pages (assessments/practices/views.py) and have
no admin rights: their rights are limited to the library, and the admin site would open far
more than that. Administrators use this to correct or delete an entry. Publishing here skips
nothing the pages check: the same model constraints apply, but prefer the review pages, which
record who reviewed an entry and when.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.practices.models import PracticeEntry, PracticeIndicator
from assessments.practices.services import UNKNOWN_CODES, EntryData, check_entry, unknown_codes


class PracticeEntryAdminForm(forms.ModelForm):
    """The pages' checks (safe link, no future year) here too; codes are checked per line."""

    # Checked by check_entry (http and https only), with the pages' message.
    source_url = forms.CharField(label=gettext_lazy("source link"), required=False, max_length=500)

    class Meta:
        model = PracticeEntry
        fields = [
            "member_state",
            "kind",
            "title",
            "year",
            "summary",
            "pillar",
            "category",
            "source_url",
            "status",
            "rejection_reason",
        ]

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        names = ("member_state", "kind", "title", "year", "summary", "pillar", "category")
        entry = EntryData(**{n: data[n] for n in names}, source_url=data.get("source_url", ""))
        for field, messages in check_entry(entry).items():
            self.add_error(field, messages)
        return data


class PracticeIndicatorForm(forms.ModelForm):
    class Meta:
        model = PracticeIndicator
        fields = ["indicator_code"]

    def clean_indicator_code(self) -> str:
        code = self.cleaned_data["indicator_code"].strip().upper()
        if unknown_codes([code]):
            raise forms.ValidationError(_(UNKNOWN_CODES) % {"codes": code})
        return code


class PracticeIndicatorInline(admin.TabularInline):
    model = PracticeIndicator
    form = PracticeIndicatorForm
    extra = 0


@admin.register(PracticeEntry)
class PracticeEntryAdmin(admin.ModelAdmin):
    form = PracticeEntryAdminForm
    list_display = ["title", "member_state", "kind", "year", "status", "updated_at"]
    list_filter = ["status", "kind", "pillar", "category", "member_state"]
    list_select_related = ["member_state"]
    search_fields = ["title", "summary", "member_state__name"]
    readonly_fields = ["proposed_by", "reviewed_by", "reviewed_at", "created_at", "updated_at"]
    inlines = [PracticeIndicatorInline]
    date_hierarchy = "updated_at"

    def save_model(self, request, obj, form, change) -> None:
        # A version counts saves: a review page open elsewhere must see this change as a conflict.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
