"""The entry form: the same fields for a focal point's proposal and the RSO's curation.

Text follows the project's rules (assessments/form_fields.py): no browser maxlength, a limit
the server explains, no control characters, one line for the title and the link. The rules
that a script obeys too (safe link, no future year, known codes) come from
`services.check_entry` and are reported on their fields.
"""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.form_fields import LimitedTextField
from assessments.models import MemberState
from assessments.practices.browse import LinkedIndicator, indicators_by_code
from assessments.practices.models import SUMMARY_MAX_LENGTH, EntryKind, EntryStatus, PracticeEntry
from assessments.practices.services import REASON_REQUIRED, EntryData, check_entry
from roadmap.models import Category, Edition, Pillar

TITLE_MAX_LENGTH = PracticeEntry._meta.get_field("title").max_length
URL_MAX_LENGTH = PracticeEntry._meta.get_field("source_url").max_length
CODES_MAX_LENGTH = 500  # some dozens of codes; more is a list, not an entry's illustration
CODE_SEPARATORS = re.compile(r"[\s,;]+")


def parse_codes(text: str) -> tuple[str, ...]:
    """Indicator codes as typed ("pol.pros.1.2, POL.T.1"), each once, sorted, upper case."""
    return tuple(sorted({code.upper() for code in CODE_SEPARATORS.split(text) if code}))


def _choices(choices) -> list[tuple[str, str]]:
    return [("", _("Choose…")), *choices]


class EntryForm(forms.Form):
    """An entry of `member_state` (a focal point's own state: never a field of theirs)."""

    kind = forms.ChoiceField(label=_("Type"), choices=_choices(EntryKind.choices))
    title = LimitedTextField(
        label=_("Title"),
        limit=TITLE_MAX_LENGTH,
        multiline=False,
        help_text=_("Its official name, e.g. “Anti-Trafficking in Persons Act”."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        help_text=_("The year it was adopted, set up or started."),
    )
    summary = LimitedTextField(
        label=_("Summary"),
        limit=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few sentences in your own words: what it is and what it does."),
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=_choices(Pillar.choices))
    category = forms.ChoiceField(label=_("Category"), choices=_choices(Category.Code.choices))
    source_url = LimitedTextField(
        label=_("Source link"),
        limit=URL_MAX_LENGTH,
        multiline=False,
        required=False,
        help_text=_("A public web page about it, starting with https://."),
    )
    indicator_codes = LimitedTextField(
        label=_("Framework indicators it illustrates"),
        limit=CODES_MAX_LENGTH,
        multiline=False,
        required=False,
        help_text=_("Their codes, separated by commas or spaces, e.g. POL.PROS.1.2, PRA.1.1."),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, member_state: MemberState | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.own_state = member_state
        self.fields["year"].widget.attrs["max"] = timezone.localdate().year
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["source_url"].widget.input_type = "url"

    @classmethod
    def initial_for(cls, entry: PracticeEntry) -> dict:
        codes = entry.indicators.values_list("indicator_code", flat=True)
        return {
            "member_state": entry.member_state_id,
            "kind": entry.kind,
            "title": entry.title,
            "year": entry.year,
            "summary": entry.summary,
            "pillar": entry.pillar,
            "category": entry.category,
            "source_url": entry.source_url,
            "indicator_codes": ", ".join(codes),
            "version": entry.version,
        }

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_source_url(self) -> str:
        return self.cleaned_data["source_url"].strip()

    def clean_indicator_codes(self) -> tuple[str, ...]:
        return parse_codes(self.cleaned_data["indicator_codes"])

    def clean(self) -> dict:
        data = super().clean()
        # check_entry's rules (year, link, codes) on what is valid so far, so that one round
        # reports every problem: a missing type must not hide an unsafe link until the next.
        partial = EntryData(
            member_state=self.chosen_member_state(),
            kind=data.get("kind", ""),
            title=data.get("title", ""),
            year=data.get("year") or 0,
            summary=data.get("summary", ""),
            pillar=data.get("pillar", ""),
            category=data.get("category", ""),
            source_url=data.get("source_url", ""),
            indicator_codes=data.get("indicator_codes", ()),
        )
        for field, messages in check_entry(partial).items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data

    def chosen_member_state(self) -> MemberState | None:
        return self.own_state

    def entry_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            member_state=self.chosen_member_state(),
            kind=data["kind"],
            title=data["title"],
            year=data["year"],
            summary=data["summary"].strip(),
            pillar=data["pillar"],
            category=data["category"],
            source_url=data["source_url"],
            indicator_codes=data["indicator_codes"],
        )

    def linked_indicators(self) -> list[LinkedIndicator]:
        """The chosen codes with their questions, shown beside the field ("" if unknown)."""
        value = self["indicator_codes"].value() or ""
        codes = value if isinstance(value, tuple) else parse_codes(str(value))
        if not codes:
            return []
        indicators = indicators_by_code(Edition.objects.current(), codes)
        return [LinkedIndicator.of(code, indicators.get(code)) for code in codes]


class CurationForm(EntryForm):
    """RSO staff: any member state (the demo states' names say "fictional")."""

    member_state = forms.ModelChoiceField(
        label=_("Member state"), queryset=MemberState.objects.none(), empty_label=_("Choose…")
    )
    field_order = ["member_state"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_state"]
        field.queryset = MemberState.objects.order_by("name")
        field.label_from_instance = lambda ms: f"{ms.name} ({_('demo')})" if ms.is_demo else ms.name

    def chosen_member_state(self) -> MemberState | None:
        return self.cleaned_data.get("member_state")


class ReasonForm(forms.Form):
    """Why an entry is not published: the proposer reads it."""

    reason = LimitedTextField(
        label=_("Why it is not published"),
        limit=PracticeEntry._meta.get_field("rejection_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member state's team reads this, e.g. “Please add a link to the law”."),
        error_messages={"required": _(REASON_REQUIRED)},
    )


class ReviewFilterForm(forms.Form):
    """The review page's filters; an unknown value is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *EntryStatus.choices]
    )
    member_state = forms.ModelChoiceField(
        label=_("Member state"),
        required=False,
        queryset=MemberState.objects.none(),
        empty_label=_("All"),
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = (
            MemberState.objects.filter(practice_entries__isnull=False).distinct().order_by("name")
        )

    def filter(self, entries):
        self.is_valid()  # each valid filter applies; an invalid one is left out
        if status := self.cleaned_data.get("status"):
            entries = entries.filter(status=status)
        if member_state := self.cleaned_data.get("member_state"):
            entries = entries.filter(member_state=member_state)
        return entries
