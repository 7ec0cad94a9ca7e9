"""One small form per treaty: status, year, note. The prefix (treaty-<pk>) keeps them apart."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.form_fields import LimitedTextField
from assessments.legal_status.models import (
    EMPTY_STATUS,
    NOTE_MAX_LENGTH,
    LegalStatus,
    status_fingerprint,
)
from assessments.legal_status.services import StatusSubmission
from roadmap.models import Instrument

YEAR_WITHOUT_TREATY = _(
    "%(treaty)s: give a year only for a treaty your State is party to or has signed."
)
YEAR_BEFORE_ADOPTION = _(
    "%(treaty)s was adopted in %(adopted)s: a year of signature or ratification cannot be earlier."
)
NOTE_WITHOUT_STATUS = _(
    "%(treaty)s: choose a status to keep the note (a note alone is not recorded)."
)


class LegalStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Not recorded")), *LegalStatus.Status.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900)
    note = LimitedTextField(
        label=_("Note"),
        required=False,
        limit=NOTE_MAX_LENGTH,
        multiline=False,
        help_text=_("E.g. a reservation, or the law that gives effect to it."),
    )
    loaded = forms.CharField(max_length=16, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, instrument: Instrument, **kwargs) -> None:
        kwargs.setdefault("prefix", f"treaty-{instrument.pk}")
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        treaty = instrument.short_name or instrument.name
        self.fields["note"].subject = _("The note on %(treaty)s") % {"treaty": treaty}
        # Not a future year; the limit moves with the calendar, so it is set per form.
        self.fields["year"].validators.append(MaxValueValidator(timezone.now().year))

    @property
    def treaty(self) -> str:
        return self.instrument.short_name or self.instrument.name

    def clean(self) -> dict:
        data = super().clean()
        status, year = data.get("status"), data.get("year")
        params = {"treaty": self.treaty, "adopted": self.instrument.year}
        if year is not None and status not in (LegalStatus.Status.PARTY, LegalStatus.Status.SIGNED):
            self.add_error("year", ValidationError(YEAR_WITHOUT_TREATY, params=params))
        elif year is not None and self.instrument.year and year < self.instrument.year:
            self.add_error("year", ValidationError(YEAR_BEFORE_ADOPTION, params=params))
        if (data.get("note") or "").strip() and not status:
            self.add_error("note", ValidationError(NOTE_WITHOUT_STATUS, params=params))
        return data

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "year": data.get("year"),
            "note": (data.get("note") or "").strip(),
        }

    def submission(self) -> StatusSubmission:
        return StatusSubmission(
            instrument=self.instrument,
            values=self.values(),
            loaded=self.cleaned_data.get("loaded") or "",
        )

    @staticmethod
    def initial_for(row: LegalStatus | None) -> dict[str, object]:
        values = row.values() if row else dict(EMPTY_STATUS)
        return {**values, "loaded": status_fingerprint(values)}
