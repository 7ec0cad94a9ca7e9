"""Django admin for the framework, for administrators who are not programmers.

Content of an edition that assessments already use is shown read-only, with a message that
says why and links to what to do instead (clone the edition into a draft). Its texts in other
languages than English stay editable there: translations can be corrected without changing a
question (docs/translation.md); every such change is kept in the translation history.
Translated fields appear once per language, English first, one under the other
(django-modeltranslation; its tabbed layout would load jQuery UI from a CDN, which the
Content-Security-Policy forbids). Editions themselves (clone, preview, publish) are in
roadmap.edition_admin.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from roadmap.edition_admin import locked_banner
from roadmap.languages import record_translation_changes, translated_fields, translation_columns
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
    TranslationChange,
)


def _locked(obj) -> bool:
    """Return whether obj (edition content or an edition) belongs to a locked edition."""
    if obj is None:
        return False
    edition = obj if isinstance(obj, Edition) else obj.edition
    return edition.is_locked()


def _fixed_fields(model) -> list[str]:
    """Every form field of a model but its texts in other languages than English."""
    other_languages = translation_columns(model)
    originals = translated_fields(model)
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.editable
        and field.name not in other_languages
        and field.name not in originals
    ]


class EditionLockMixin:
    """In a ModelAdmin or an inline, make content of a locked edition read-only but for its
    texts in other languages than English; nothing is added or deleted there."""

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _locked(obj):
            readonly += [name for name in _fixed_fields(self.model) if name not in readonly]
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not _locked(obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        # ModelAdmin.has_add_permission takes no obj; inlines pass the parent object.
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj) and not _locked(obj)
        return super().has_add_permission(request)


class TranslationHistoryAdmin(TranslationAdmin):
    """Shows an object's translation history on its page and records its changes there."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # a translation column's language
        if field is not None and language:
            # Typed in its own language and direction, checked by the browser's spell-checker.
            field.widget.attrs.update(
                lang=language, dir="rtl" if get_language_info(language)["bidi"] else "ltr"
            )
        return field

    @admin.display(description=_("translation history"))
    def translation_history(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        changes = TranslationChange.objects.of(obj).select_related("changed_by")[:20]
        if not changes:
            return _("No translation has been changed here yet.")
        return format_html_join(
            "",
            "<p>{} · {} · {} · {}<br>{} → {}</p>",
            (
                (
                    c.changed_at.strftime("%Y-%m-%d %H:%M"),
                    c.changed_by or c.get_source_display(),
                    c.field,
                    c.language,
                    c.old_text or "∅",
                    c.new_text or "∅",
                )
                for c in changes
            ),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f != "translation_history"]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None:
            fieldsets.append((_("Translation history"), {"fields": ["translation_history"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "translation_history"]

    def save_form(self, request, form, change):
        # The texts as stored before this save, read before the form's values are applied.
        self._stored_texts = dict(form.initial) if change else {}
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change:
            after = {name: form.cleaned_data[name] for name in form.changed_data}
            record_translation_changes(
                obj, self._stored_texts, after, user=request.user, source="admin"
            )

    def save_formset(self, request, form, formset, change) -> None:
        before = {f.instance.pk: dict(f.initial) for f in formset.forms if f.instance.pk}
        super().save_formset(request, form, formset, change)
        for row in formset.forms:
            if (
                row.instance.pk in before
                and row.has_changed()
                and translated_fields(type(row.instance))
            ):
                after = {name: row.cleaned_data.get(name) for name in row.changed_data}
                record_translation_changes(
                    row.instance, before[row.instance.pk], after, user=request.user, source="admin"
                )


class LockedContentAdmin(EditionLockMixin, TranslationHistoryAdmin):
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
    # English only here; the section's own page has its title in every language.
    fields = ["position", "code", "title_en", "pillar"]
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
        readonly = list(super().get_readonly_fields(request, obj))
        # The edition and kind of an existing category never change; new ones choose both.
        fixed = ["edition", "code"] if obj is not None else []
        return [*fixed, *(name for name in readonly if name not in fixed)]


class IndicatorInline(EditionLockMixin, admin.TabularInline):
    model = Indicator
    # English only here; the indicator's own page has its texts in every language.
    fields = ["position", "code", "question_en", "scale", "weight", "critical", "pillar"]
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
        if db_field.name == "question_en":
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


class IndicatorLevelInline(EditionLockMixin, TranslationTabularInline):
    model = IndicatorLevel
    extra = 0
    verbose_name_plural = _("Level descriptors for this indicator (leave empty to use the scale's)")


class LegalReferenceInline(EditionLockMixin, TranslationTabularInline):
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


class ScaleLevelInline(EditionLockMixin, TranslationTabularInline):
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
class InstrumentAdmin(TranslationHistoryAdmin):
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
class ResourceAdmin(TranslationHistoryAdmin):
    list_display = ["title", "publisher", "year"]
    formfield_overrides = URL_AS_HTTPS
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "code"]


@admin.register(TranslationChange)
class TranslationChangeAdmin(admin.ModelAdmin):
    """The translation history: read only, filterable by language."""

    list_display = ["changed_at", "object_repr", "field", "language", "changed_by", "source"]
    # The kinds of framework object that have changes, not every model of the site.
    list_filter = ["language", "source", ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "old_text", "new_text"]
    list_select_related = ["changed_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
