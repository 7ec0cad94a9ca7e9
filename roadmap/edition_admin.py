"""Admin for framework editions: clone, preview and publish, each with a page of its own.

Publishing changes what every member state sees, so it is never a one-click action: the
publish page shows what changes against the published edition (roadmap.editions_diff) and
what stops publishing, and publishes only on an explicit POST from that page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from roadmap.editions_diff import edition_diff
from roadmap.models import Edition
from roadmap.models.editions import LOCKED_MESSAGE
from roadmap.publishing import NOT_A_DRAFT, edition_clone, edition_problems, edition_publish
from roadmap.views import preview_url

CODE_IN_USE = gettext_noop("An edition with this code exists already.")
CHANGES_MOVED = gettext_noop(
    "The changes moved since this page was opened (the draft or the published edition was "
    "edited). Check them again before you publish."
)


def clone_url(edition: Edition) -> str:
    return reverse("admin:roadmap_edition_clone", args=[edition.pk])


def locked_banner(edition: Edition) -> str:
    """The read-only reason for a locked edition's content, with a link to clone it."""
    reason = LOCKED_MESSAGE % {"edition": edition.name, "count": edition.assessment_count()}
    return format_html(
        '{} {} <a href="{}">{}</a>',
        reason,
        gettext(
            "Its texts in other languages than English stay editable: correcting a "
            "translation changes no question."
        ),
        clone_url(edition),
        gettext("Clone “%(name)s” into a new draft") % {"name": edition.name},
    )


class CloneForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new draft"),
        max_length=200,
        required=False,
        help_text=_(
            "E.g. “RSR framework, 2027 edition”. Left empty: “<current name> (draft copy)”. "
            "An edition whose name or code says “draft” or “copy” cannot be published."
        ),
    )
    code = forms.SlugField(
        label=_("Code of the new draft"),
        max_length=32,
        required=False,
        help_text=_("E.g. “2027”. Left empty: “<current code>-draft”."),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code and Edition.objects.filter(code=code).exists():
            raise ValidationError(gettext(CODE_IN_USE))
        return code


@admin.register(Edition)
class EditionAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "status",
        "published_at",
        "indicator_count",
        "assessments",
        "preview",
    ]
    list_filter = ["status"]
    search_fields = ["code", "name"]
    readonly_fields = ["status", "based_on", "published_at", "created_at"]
    fields = ["code", "name", "notes", "status", "based_on", "published_at", "created_at"]
    actions = ["clone_action", "publish_action"]
    change_form_template = "admin/roadmap/edition/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_indicators=Count("indicator_set", distinct=True),
                n_assessments=Count("assessments", distinct=True),
            )
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        pages = [("publish", self.publish_view), ("clone", self.clone_view)]
        own = [
            path(f"<path:object_id>/{name}/", view(page), name=f"roadmap_edition_{name}")
            for name, page in pages
        ]
        return own + super().get_urls()  # before the catch-all "<object_id>/"

    @admin.display(description=_("indicators"), ordering="n_indicators")
    def indicator_count(self, obj: Edition) -> int:
        return obj.n_indicators

    @admin.display(description=_("assessments"), ordering="n_assessments")
    def assessments(self, obj: Edition) -> int:
        return obj.n_assessments

    @admin.display(description=_("framework browser"))
    def preview(self, obj: Edition) -> str:
        label = _("View") if obj.status == Edition.Status.PUBLISHED else _("Preview")
        return format_html('<a href="{}">{}</a>', preview_url(obj), label)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a published or retired edition would orphan the reports made from it.
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_draft)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_draft:
            fields.append("code")  # fixtures and exports refer to published codes
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.is_locked():
            messages.warning(request, locked_banner(obj))
        context = {**(extra_context or {})}
        if obj is not None:
            context.update(preview_url=preview_url(obj), clone_url=clone_url(obj))
            if obj.is_draft:
                context["publish_url"] = reverse("admin:roadmap_edition_publish", args=[obj.pk])
        return super().change_view(request, object_id, form_url, context)

    # --- Actions: both lead to a page of their own for one edition -----------------------------

    @admin.action(description=_("Clone into a new draft edition"))
    def clone_action(self, request, queryset) -> None:
        for edition in queryset:
            draft = edition_clone(source=edition)
            self.message_user(
                request,
                _(
                    "Created draft “%(draft)s” (code %(code)s) from “%(source)s”. "
                    "Rename it, edit it, then publish it."
                )
                % {"draft": draft.name, "code": draft.code, "source": edition.name},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish… (shows the changes and asks to confirm)"))
    def publish_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Publish one edition at a time."), messages.ERROR)
            return None
        return HttpResponseRedirect(
            reverse("admin:roadmap_edition_publish", args=[queryset.get().pk])
        )

    # --- Pages ---------------------------------------------------------------------------------

    def _edition_or_404(self, request: HttpRequest, object_id: str) -> Edition:
        edition = self.get_object(request, unquote(object_id))
        if edition is None:
            raise Http404(_("There is no such edition."))
        return edition

    def _render(self, request, template: str, title: str, **context) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **context,
        }
        return TemplateResponse(request, f"admin/roadmap/edition/{template}", context)

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """GET: the changes and what stops publishing. POST: publish, if nothing moved since."""
        edition = self._edition_or_404(request, object_id)
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        change_url = reverse("admin:roadmap_edition_change", args=[edition.pk])
        if not edition.is_draft:
            self.message_user(request, gettext(NOT_A_DRAFT), messages.ERROR)
            return HttpResponseRedirect(change_url)
        current = Edition.objects.current()
        diff = edition_diff(current, edition)
        problems = edition_problems(edition)
        if request.method == "POST" and not problems:
            if request.POST.get("changes") != diff.fingerprint():
                messages.warning(request, gettext(CHANGES_MOVED))
            else:
                return self._publish(request, edition)
        return self._render(
            request,
            "publish.html",
            gettext("Publish “%(name)s”?") % {"name": edition.name},
            edition=edition,
            current=current,
            current_assessments=current.assessment_count() if current else 0,
            diff=diff,
            problems=problems,
            change_url=change_url,
            preview_url=preview_url(edition),
        )

    def _publish(self, request: HttpRequest, edition: Edition) -> HttpResponse:
        try:
            edition_publish(edition=edition)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("Published “%(name)s”. New assessments use it; existing ones keep their edition.")
            % {"name": edition.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:roadmap_edition_changelist"))

    def clone_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Clone an edition into a new draft, with the name and code the administrator gives."""
        source = self._edition_or_404(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CloneForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            draft = edition_clone(source=source, **form.cleaned_data)
            self.message_user(
                request,
                _("Created draft “%(draft)s” (code %(code)s) from “%(source)s”.")
                % {"draft": draft.name, "code": draft.code, "source": source.name},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:roadmap_edition_change", args=[draft.pk]))
        return self._render(
            request,
            "clone.html",
            gettext("Clone “%(name)s” into a new draft") % {"name": source.name},
            source=source,
            form=form,
            drafts=Edition.objects.filter(based_on=source, status=Edition.Status.DRAFT),
        )
