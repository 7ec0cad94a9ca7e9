"""Forms of the assessment journey. Every text field has a limit, every choice is checked."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assessments.answering import MINE, THEIRS, Submission
from assessments.form_fields import LimitedTextField, LinksField
from assessments.languages import recipient_language
from assessments.lockout import client_ip
from assessments.models import TEXT_MAX_LENGTH, Assessment, User, fingerprint
from assessments.throttle import email_allowed
from assessments.validators import check_text
from roadmap.models import Indicator

NA_NEEDS_JUSTIFICATION = _("Say why this indicator does not apply to your country.")
NA_AND_LEVEL = _(
    "Indicator %(code)s has both a level and “Not applicable”; nothing was saved for it. "
    "Choose one: to mark it not applicable, choose “No answer yet” as the level; to keep the "
    "level, untick “Not applicable”."
)
# Shown next to every critical indicator's answer, and as the refusal when one is marked N/A.
CRITICAL_APPLIES = _(
    "This is a critical indicator: it applies to every member state and cannot be marked not "
    "applicable."
)
PROFILE_REQUIRED = _("Tick at least one: origin, transit or destination.")
SAME_YEAR = _(
    "Your member state already has an assessment for %(year)s (listed above). Continue it, or "
    "tick this box to start another one for the same year."
)
TITLE_MAX_LENGTH = Assessment._meta.get_field("title").max_length
FULL_NAME_MAX_LENGTH = User._meta.get_field("full_name").max_length

# What each answer field is called in messages, followed by "for indicator <code>".
ANSWER_SUBJECTS = {
    "evidence": _("Evidence"),
    "evidence_links": _("The list of evidence links"),
    "comment": _("Comment"),
    "na_justification": _("The reason why it does not apply"),
}


class FullNameCheck:
    """Admin user forms: a person's name is one line without control characters."""

    def clean_full_name(self) -> str:
        label = self.fields["full_name"].label
        return check_text(
            self.cleaned_data["full_name"],
            str(label).capitalize(),
            limit=FULL_NAME_MAX_LENGTH,
            multiline=False,
        )


class UserCreationForm(FullNameCheck, auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(FullNameCheck, auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


def long_text(label, help_text="", rows=3) -> LimitedTextField:
    return LimitedTextField(
        label=label,
        required=False,
        limit=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# The levels a target can be (the new-assessment form, the targets page).
TARGET_LEVELS = [
    (1, _("1 Initial")),
    (2, _("2 Developing")),
    (3, _("3 Established")),
    (4, _("4 Advanced")),
]


class AssessmentCreateForm(forms.Form):
    title = LimitedTextField(
        label=_("Title"),
        limit=TITLE_MAX_LENGTH,
        multiline=False,
        help_text=_("E.g. “National self-assessment 2026”."),
    )
    reporting_year = forms.IntegerField(label=_("Reporting year"), min_value=2000)
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        coerce=int,
        initial=3,
        choices=TARGET_LEVELS,
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
    same_year_confirmed = forms.BooleanField(
        label=_("Yes, start another assessment for this year"), required=False
    )

    def __init__(self, *args, member_state=None, can_carry_forward: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member_state = member_state
        self.same_year: list[Assessment] = []  # shown with links when the year is taken
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
        self._check_same_year(data)
        return data

    def _check_same_year(self, data: dict) -> None:
        """Warn when the year already has an assessment: a confirmation tick lets it through.

        Several assessments may be in progress (design), but a second one for the same year is
        more often a colleague's work not found; the one this very form created (sent twice)
        does not count.
        """
        year = data.get("reporting_year")
        if self.member_state is None or year is None:
            return
        same_year = Assessment.objects.for_member_state(self.member_state).filter(
            reporting_year=year
        )
        if data.get("token") is not None:
            same_year = same_year.exclude(request_token=data["token"])
        self.same_year = list(same_year.order_by("created_at"))
        if self.same_year and not data.get("same_year_confirmed"):
            self.add_error("same_year_confirmed", ValidationError(SAME_YEAR, params={"year": year}))

    def assessment_values(self) -> dict:
        """The cleaned values that `assessment_create` takes."""
        return {k: v for k, v in self.cleaned_data.items() if k != "same_year_confirmed"}


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
        limit=TEXT_MAX_LENGTH,
        help_text=_(
            "One per line: web addresses, or references to documents on your file share "
            "(\\\\server\\share\\… or file://…; shown as text, never opened by the toolkit)."
        ),
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
        for name, subject in ANSWER_SUBJECTS.items():
            self.fields[name].subject = _("%(subject)s for indicator %(code)s") % {
                "subject": subject,
                "code": indicator.code,
            }
        self.fields["evidence_links"].code = indicator.code
        self.fields["level"].choices = [("", _("No answer yet"))] + [
            (level.value, f"{level.value} {level.label}") for level in indicator.level_descriptors()
        ]
        if conflict:
            self.fields["resolution"].required = True
            self.fields["resolution"].choices = self.fields["resolution"].choices[1:]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("not_applicable") and self.indicator.critical:
            # The page offers no box for it; a request that sends one anyway is refused.
            self.add_error("not_applicable", CRITICAL_APPLIES)
        elif data.get("not_applicable"):
            if not (data.get("na_justification") or "").strip():
                self.add_error("na_justification", NA_NEEDS_JUSTIFICATION)
            if data.get("level") is not None:
                # Refused rather than guessed: either way one of the two would be dropped.
                self.add_error(
                    "not_applicable",
                    ValidationError(NA_AND_LEVEL, params={"code": self.indicator.code}),
                )
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
    reason = LimitedTextField(
        label=_("Why reopen it?"),
        subject=_("The reason for reopening"),
        limit=TEXT_MAX_LENGTH,
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

    def send_mail(self, *args, **kwargs) -> None:
        """Django renders and sends each reset email here: in the recipient's language."""
        context = args[2] if len(args) > 2 else kwargs["context"]
        with translation.override(recipient_language(context.get("user"))):
            super().send_mail(*args, **kwargs)

    def save(self, *args, request=None, **kwargs) -> None:
        """Send the link unless the rate limit is reached; the page says the same either way."""
        client = client_ip(request) if request is not None else "unknown"
        if email_allowed("password-reset", recipient=self.cleaned_data["email"], client=client):
            super().save(*args, request=request, **kwargs)
