"""Django admin for the framework, for administrators who are not programmers.

Content of an edition that assessments already use is shown read-only, with a message that
says why and links to what to do instead (clone the edition into a draft). Editions
themselves (clone, preview, publish) are in roadmap.edition_admin.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from roadmap.edition_admin import locked_banner
from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    IndicatorLevel,
    Instrument,
    LegalReference,
    Resource,
    Scale,
    ScaleLevel,
    Section,
)


def _locked(obj) -> bool:
    """Return whether obj (edition content or an edition) belongs to a locked edition."""
    if obj is None:
        return False
    edition = obj if isinstance(obj, Edition) else obj.edition
    return edition.is_locked()


class EditionLockMixin:
    """Make content of a locked edition read-only in a ModelAdmin or an inline."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not _locked(obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        # ModelAdmin.has_add_permission takes no obj; inlines pass the parent object.
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj) and not _locked(obj)
        return super().has_add_permission(request)


class LockedContentAdmin(EditionLockMixin, admin.ModelAdmin):
    """ModelAdmin for edition content: explains on the page why it cannot be edited."""

    @admin.display(description=_("edition"), ordering="edition__code")
    def edition_label(self, obj) -> str:
        # Every edition holds the same codes: without this column rows look like duplicates.
        return f"{obj.edition.code} ({obj.edition.get_status_display().lower()})"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and _locked(obj):
            messages.warning(request, locked_banner(obj.edition))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edition")


# --- Categories, sections, indicators ---------------------------------------------------------


class SectionInline(EditionLockMixin, admin.TabularInline):
    model = Section
    fields = ["position", "code", "title", "pillar"]
    exclude = ["edition"]
    extra = 0
    show_change_link = True
    ordering = ["position", "code"]


@admin.register(Category)
class CategoryAdmin(LockedContentAdmin):
    list_display = ["name", "code", "position", "edition", "section_count"]
    list_filter = ["edition"]
    fields = ["edition", "code", "name", "description"]
    inlines = [SectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sections=Count("sections"))

    @admin.display(description=_("sections"), ordering="n_sections")
    def section_count(self, obj: Category) -> int:
        return obj.n_sections

    def get_readonly_fields(self, request, obj=None):
        # The edition and kind of an existing category never change; new ones choose both.
        return ["edition", "code"] if obj is not None else []


class IndicatorInline(EditionLockMixin, admin.TabularInline):
    model = Indicator
    fields = ["position", "code", "question", "scale", "weight", "critical", "pillar"]
    exclude = ["edition"]
    extra = 0
    show_change_link = True
    ordering = ["position", "code"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        scale_field = formset.form.base_fields.get("scale")
        if obj is not None and scale_field is not None:
            scale_field.queryset = Scale.objects.filter(edition=obj.edition)
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "question":
            field.widget.attrs.update(rows=2, cols=60)
        return field


@admin.register(Section)
class SectionAdmin(LockedContentAdmin):
    list_display = ["code", "title", "edition_label", "category", "pillar", "indicator_count"]
    list_filter = ["edition", "category__code", "pillar"]
    search_fields = ["code", "title"]
    list_select_related = ["category", "edition"]
    fields = ["category", "code", "position", "title", "pillar", "description"]
    inlines = [IndicatorInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_indicators=Count("indicators"))

    @admin.display(description=_("indicators"), ordering="n_indicators")
    def indicator_count(self, obj: Section) -> int:
        return obj.n_indicators


class IndicatorLevelInline(EditionLockMixin, admin.TabularInline):
    model = IndicatorLevel
    extra = 0
    verbose_name_plural = _("Level descriptors for this indicator (leave empty to use the scale's)")


class LegalReferenceInline(EditionLockMixin, admin.TabularInline):
    model = LegalReference
    fields = ["position", "instrument", "article", "note"]
    extra = 1
    autocomplete_fields = ["instrument"]


class CategoryCodeFilter(admin.SimpleListFilter):
    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return Category.Code.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(section__category__code=self.value())
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(LockedContentAdmin):
    list_display = [
        "code",
        "short_question",
        "edition_label",
        "section",
        "pillar",
        "weight",
        "critical",
    ]
    list_filter = [
        "edition",
        CategoryCodeFilter,
        "pillar",
        "scale__kind",
        "critical",
        "weight",
    ]
    search_fields = ["code", "question", "guidance"]
    list_select_related = ["section", "edition"]
    autocomplete_fields = ["section"]
    filter_horizontal = ["resources"]
    inlines = [LegalReferenceInline, IndicatorLevelInline]
    fieldsets = [
        (None, {"fields": ["section", "code", "position", "question"]}),
        (
            _("Scoring"),
            {"fields": ["scale", "weight", "critical", "critical_threshold", "pillar"]},
        ),
        (
            _("Applies to countries of"),
            {"fields": ["applies_to_origin", "applies_to_transit", "applies_to_destination"]},
        ),
        (_("Help for users"), {"fields": ["guidance", "recommendation", "resources"]}),
    ]

    @admin.display(description=_("question"), ordering="question")
    def short_question(self, obj: Indicator) -> str:
        return obj.question if len(obj.question) <= 90 else obj.question[:88] + "…"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "scale":
            kwargs["queryset"] = Scale.objects.select_related("edition")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Scales and challenges --------------------------------------------------------------------


class ScaleLevelInline(EditionLockMixin, admin.TabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(Scale)
class ScaleAdmin(LockedContentAdmin):
    list_display = ["name", "code", "kind", "edition"]
    list_filter = ["edition", "kind"]
    inlines = [ScaleLevelInline]


@admin.register(Challenge)
class ChallengeAdmin(LockedContentAdmin):
    list_display = ["code", "text", "kind", "edition"]
    list_filter = ["edition", "kind"]
    search_fields = ["code", "text"]


# --- Instruments and resources ----------------------------------------------------------------

# Links typed without a scheme are read as https, the secure choice (and Django 6's default).
URL_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "year", "cited_by"]
    formfield_overrides = URL_AS_HTTPS
    list_filter = ["kind"]
    search_fields = ["short_name", "name", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_refs=Count("references"))

    @admin.display(description=_("cited by"), ordering="n_refs")
    def cited_by(self, obj: Instrument) -> str:
        return ngettext("%(n)d reference", "%(n)d references", obj.n_refs) % {"n": obj.n_refs}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "year"]
    formfield_overrides = URL_AS_HTTPS
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "code"]
