"""The form with which a new or returning person accepts an invitation: name and password."""

from __future__ import annotations

from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from assessments.team.forms import TeamMemberAddForm


class InvitationAcceptForm(SetPasswordForm):
    """Django's set-password form (its validators see the name and address) with the name.

    The name field is the team form's, with the same limits and checks.
    """

    full_name = TeamMemberAddForm.base_fields["full_name"]
    field_order = ["full_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.order_fields(self.field_order)
        self.fields["full_name"].help_text = _("As your colleagues should see it.")
        self.fields["new_password1"].label = _("Choose a password")
        self.fields["new_password2"].label = _("The same password again")

    def clean(self):
        # The password validators compare with the name the person typed, not the suggestion.
        if "full_name" in self.cleaned_data:
            self.user.full_name = self.cleaned_data["full_name"]
        return super().clean()
