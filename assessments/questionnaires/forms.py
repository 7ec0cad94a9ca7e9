"""The questionnaire page's forms: which part to download, and the upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessments.questionnaires.workbook import ALL, CATEGORY, SECTION


def scope_choices(indicators) -> list[tuple[str, object]]:
    """The whole questionnaire, each category and each section that has indicators to answer."""
    choices: list[tuple[str, object]] = [(ALL, _("The whole questionnaire"))]
    categories, sections = {}, {}
    for indicator in indicators:
        section = indicator.section
        categories.setdefault(section.category.code, section.category)
        sections.setdefault(section.code, section)
    for code, category in categories.items():
        choices.append((f"{CATEGORY}{code}", _("Category: %(name)s") % {"name": category.name}))
        for section in sections.values():
            if section.category.code == code:
                choices.append((f"{SECTION}{section.code}", f"— {section.code} {section.title}"))
    return choices


class DownloadForm(forms.Form):
    scope = forms.ChoiceField(label=_("Part of the questionnaire"))
    language = forms.ChoiceField(label=_("Language of the workbook"), choices=settings.LANGUAGES)

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices(indicators)
        self.fields["language"].initial = get_language()


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        help_text=_("You will see what would change before anything is saved."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
