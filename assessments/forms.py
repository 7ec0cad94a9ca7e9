"""Forms of the assessment journey. Every text field has a limit, every choice is checked."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.answering import MINE, THEIRS, Submission
from assessments.models import TEXT_MAX_LENGTH, User, fingerprint
from roadmap.models import Indicator

MAX_LINKS = 20
NA_NEEDS_JUSTIFICATION = _("Say why this indicator does not apply to your country.")
PROFILE_REQUIRED = _("Tick at least one: origin, transit or destination.")


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


def long_text(label, help_text="", rows=3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class AssessmentCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("E.g. “National self-assessment 2026”."),
    )
    reporting_year = forms.IntegerField(label=_("Reporting year"), min_value=2000)
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        coerce=int,
        initial=3,
        choices=[
            (1, _("1 Initial")),
            (2, _("2 Developing")),
            (3, _("3 Established")),
            (4, _("4 Advanced")),
        ],
        help_text=_("Gaps are measured against this level. 3 (Established) is usual."),
    )
    profile_origin = forms.BooleanField(label=_("Country of origin"), required=False, initial=True)
    profile_transit = forms.BooleanField(label=_("Country of transit"), required=False)
    profile_destination = forms.BooleanField(label=_("Country of destination"), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    carry_forward = forms.BooleanField(
        label=_("Start from our last submitted assessment"),
        required=False,
        help_text=_("Answers are copied and marked as carried forward until someone changes them."),
    )

    def __init__(self, *args, can_carry_forward: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.now().year
        self.fields["reporting_year"].validators.append(MaxValueValidator(year + 1))
        self.fields["reporting_year"].widget.attrs["max"] = year + 1
        self.fields["reporting_year"].initial = year
        if not can_carry_forward:
            del self.fields["carry_forward"]

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(f"profile_{p}") for p in ("origin", "transit", "destination")):
            raise ValidationError(PROFILE_REQUIRED)
        return data


class LinksField(forms.CharField):
    """Web addresses, one per line; each must be http or https."""

    def clean(self, value: str) -> str:
        value = super().clean(value)
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("At most %(n)d links."), params={"n": MAX_LINKS})
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a web address (it should start with https://)."),
                    params={"link": line[:80]},
                ) from error
        return "\n".join(lines)


class AnswerForm(forms.Form):
    """The answer to one indicator. The prefix (ind-<pk>) keeps a section's forms apart."""

    level = forms.TypedChoiceField(
        label=_("Level"), required=False, coerce=int, empty_value=None, widget=forms.RadioSelect
    )
    not_applicable = forms.BooleanField(label=_("Not applicable to our country"), required=False)
    na_justification = long_text(_("Why it does not apply"), rows=2)
    evidence = long_text(_("Evidence"), _("Documents, data or practice that support the answer."))
    evidence_links = LinksField(
        label=_("Links to evidence"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("One web address per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = long_text(_("Comment"), rows=2)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    loaded = forms.CharField(max_length=16, required=False, widget=forms.HiddenInput)
    resolution = forms.ChoiceField(
        required=False,
        choices=[("", ""), (MINE, _("Keep my answer")), (THEIRS, _("Keep the saved answer"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, indicator: Indicator, conflict: bool = False, **kwargs) -> None:
        kwargs.setdefault("prefix", f"ind-{indicator.pk}")
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.conflict = conflict
        self.fields["level"].choices = [("", _("No answer yet"))] + [
            (value, f"{value} {label}") for value, label, _d in indicator.level_descriptors()
        ]
        if conflict:
            self.fields["resolution"].required = True
            self.fields["resolution"].choices = self.fields["resolution"].choices[1:]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("not_applicable"):
            if not (data.get("na_justification") or "").strip():
                self.add_error("na_justification", NA_NEEDS_JUSTIFICATION)
            data["level"] = None  # not applicable wins over a level chosen before
        return data

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "level": data.get("level"),
            "not_applicable": bool(data.get("not_applicable")),
            "na_justification": (data.get("na_justification") or "").strip()
            if data.get("not_applicable")
            else "",
            "evidence": (data.get("evidence") or "").strip(),
            "evidence_links": data.get("evidence_links") or "",
            "comment": (data.get("comment") or "").strip(),
        }

    def submission(self) -> Submission:
        return Submission(
            indicator=self.indicator,
            values=self.values(),
            version=self.cleaned_data["version"],
            loaded=self.cleaned_data.get("loaded") or "",
            resolution=self.cleaned_data.get("resolution") or "",
        )

    @classmethod
    def initial_for(cls, answer) -> dict[str, object]:
        """Initial data for an indicator from its saved answer (or none)."""
        from assessments.models import EMPTY_VALUES

        values = answer.values() if answer else dict(EMPTY_VALUES)
        return {**values, "version": answer.version if answer else 0, "loaded": fingerprint(values)}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen it?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with your name, e.g. “Correct the data on prosecutions”."),
    )


class ChallengesForm(forms.Form):
    challenges = forms.ModelMultipleChoiceField(
        label=_("Challenges that apply to your country"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from roadmap.models import Challenge

        self.fields["challenges"].queryset = Challenge.objects.filter(edition=edition)
        self.fields["challenges"].label_from_instance = lambda c: c.text


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, also for team members who never set a password.

    People added by their focal point have no usable password until they follow the emailed
    link; when that link has expired they must still be able to ask for a new one themselves.
    """

    def get_users(self, email: str):
        users = User.objects.filter(email__iexact=email, is_active=True)
        return (u for u in users if u.has_usable_password() or u.member_state_id is not None)
