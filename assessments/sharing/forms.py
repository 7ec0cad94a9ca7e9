"""The focal point's choice of what to share with the RSO."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.sharing.models import ShareLevel
from assessments.sharing.services import EVIDENCE_NEEDS_ANSWERS, UNKNOWN_LEVEL


class ShareForm(forms.Form):
    """Level (required, no default when never shared) and "also share the evidence".

    The service checks the same rules; checking them here too puts the message next to the
    field and keeps what the focal point chose on the page.
    """

    level = forms.ChoiceField(
        label=_("What to share"),
        choices=ShareLevel.choices,
        widget=forms.RadioSelect,
        # A missing or tampered value gets the service's plain sentence, never "Select a valid
        # choice. x is not one of the available choices."
        error_messages={"required": _(UNKNOWN_LEVEL), "invalid_choice": _(UNKNOWN_LEVEL)},
    )
    include_evidence = forms.BooleanField(
        label=_("Also share the evidence"),
        required=False,
        help_text=_(
            "Only with scores and answers: the evidence text and links entered for each indicator."
        ),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("include_evidence") and cleaned.get("level") != ShareLevel.ANSWERS:
            self.add_error("include_evidence", gettext(EVIDENCE_NEEDS_ANSWERS))
        return cleaned
