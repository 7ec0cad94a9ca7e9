"""Django admin for the framework, for administrators who are not programmers.

Content of an edition that assessments already use is shown read-only, with a message that
says why and what to do instead (clone the edition into a draft).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
from roadmap.models.editions import LOCKED_MESSAGE
from roadmap.publishing import edition_clone, edition_publish


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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and _locked(obj):
            edition = obj.edition
            messages.warning(
                request,
                LOCKED_MESSAGE % {"edition": edition.name, "count": edition.assessment_count()},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edition")


# --- Editions ---------------------------------------------------------------------------------


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "status", "published_at", "indicator_count", "assessments"]
    list_filter = ["status"]
    search_fields = ["code", "name"]
    readonly_fields = ["status", "based_on", "published_at", "created_at"]
    fields = ["code", "name", "notes", "status", "based_on", "published_at", "created_at"]
    actions = ["clone_action", "publish_action"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_indicators=Count("indicator_set", distinct=True),
                n_assessments=Count("assessments", distinct=True),
            )
        )

    @admin.display(description=_("indicators"), ordering="n_indicators")
    def indicator_count(self, obj: Edition) -> int:
        return obj.n_indicators

    @admin.display(description=_("assessments"), ordering="n_assessments")
    def assessments(self, obj: Edition) -> int:
        return obj.n_assessments

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a published or retired edition would orphan the reports made from it.
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_draft)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_draft:
            fields.append("code")  # fixtures and exports refer to published codes
        return fields

    @admin.action(description=_("Clone into a new draft edition"))
    def clone_action(self, request, queryset) -> None:
        for edition in queryset:
            draft = edition_clone(source=edition)
            self.message_user(
                request,
                _(
                    "Created draft “%(draft)s” (code %(code)s) from “%(source)s”. "
                    "Edit it, then publish it."
                )
                % {"draft": draft.name, "code": draft.code, "source": edition.name},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish (retires the edition published now)"))
    def publish_action(self, request, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Publish one edition at a time."), messages.ERROR)
            return
        edition = queryset.get()
        try:
            edition_publish(edition=edition)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return
        self.message_user(
            request,
            _("Published “%(name)s”. New assessments use it; existing ones keep their edition.")
            % {"name": edition.name},
            messages.SUCCESS,
        )


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
    list_display = ["code", "title", "category", "pillar", "indicator_count"]
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
    list_display = ["code", "short_question", "section", "pillar", "weight", "critical"]
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
        (_("Scoring"), {"fields": ["scale", "weight", "critical", "pillar"]}),
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
