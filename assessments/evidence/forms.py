"""Forms of the evidence files page: one file at a time, and the purge's reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models.assessments import TEXT_MAX_LENGTH


class UploadForm(forms.Form):
    # The type is checked from the content (assessments/evidence/checks.py), never the name.
    file = forms.FileField(label=_("File"), allow_empty_file=False)


class PurgeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must this file be purged?"),
        help_text=_(
            "Recorded in the answer's history for your team, e.g. “It names a victim”. Do not "
            "repeat what the file says."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
