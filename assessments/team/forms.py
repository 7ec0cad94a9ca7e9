"""Forms of the focal point's team page. Every text field has a limit, every choice is checked."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.form_fields import LimitedTextField
from assessments.models import MEMBER_STATE_ROLES, Role, User

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
FULL_NAME_MAX_LENGTH = User._meta.get_field("full_name").max_length
TEAM_ROLE_CHOICES = [(role.value, role.label) for role in MEMBER_STATE_ROLES]
ROLE_HELP = _(
    "Focal point: manages the team, starts and submits assessments. Contributor: answers "
    "questions. Viewer: reads only."
)


class TeamMemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Their work address, e.g. “officer@ministry.gov.example”."),
    )
    # One line, no control characters: the name goes verbatim into the invitation email.
    full_name = LimitedTextField(
        label=_("Full name"),
        limit=FULL_NAME_MAX_LENGTH,
        multiline=False,
        help_text=_("E.g. “Ana Santos”."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=TEAM_ROLE_CHOICES, initial=Role.CONTRIBUTOR, help_text=ROLE_HELP
    )


class TeamRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=TEAM_ROLE_CHOICES, help_text=ROLE_HELP)
