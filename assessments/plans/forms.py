"""The action form and the agency form. Every text has a limit, every choice is checked."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.form_fields import LimitedTextField
from assessments.models import TEXT_MAX_LENGTH, MemberState
from assessments.plans.gaps import GapChoice, aim_errors
from assessments.plans.models import Action, Agency
from assessments.plans.services import ActionData
from assessments.scoring import MATURITY_MAX

DUE_BEFORE_START = gettext_lazy("The due date (%(due)s) is before the start date (%(start)s).")
OBJECTIVE_REQUIRED = gettext_lazy("Write the action's objective: what it will achieve.")
BUDGET_NOT_A_NUMBER = gettext_lazy(
    "The budget amount must be a number, e.g. 25000 or 25000.50 (no currency sign or spaces). "
    "Write anything else in the budget note."
)
BUDGET_NEEDS_CURRENCY = gettext_lazy("Give the currency of the amount, e.g. USD.")
CURRENCY_WITHOUT_AMOUNT = gettext_lazy("A currency needs an amount; or leave both empty.")
CURRENCY_FORMAT = gettext_lazy("A currency is three letters (ISO 4217), e.g. USD, IDR, THB.")
UNKNOWN_STATUS = gettext_lazy("“%(value)s” is not a status. Choose one of the list.")
AIM_NOT_A_LEVEL = gettext_lazy("Choose the level this action aims for on %(code)s.")

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _aim_field(name: str) -> str:
    return f"aim-{name}"


class ActionForm(forms.Form):
    """An action: objective -> activities -> actors -> indicator of success, and its aims.

    `gaps`: the gaps the action addresses (code -> GapChoice); a code the assessment does not
    list as a gap is refused (`aim_errors`). `saved_aims`: on an edit, the aims as saved, so an
    aim the user did not touch is not checked again. The status field exists for the focal
    point only: a contributor's action is proposed. `level_name(gap, level)` names the levels
    offered ("3 Established").
    """

    objective = LimitedTextField(
        label=gettext_lazy("Objective"),
        limit=TEXT_MAX_LENGTH,
        error_messages={"required": OBJECTIVE_REQUIRED},
        help_text=gettext_lazy("Offered: the indicator's recommendation. Say it your way."),
    )
    activities = LimitedTextField(
        label=gettext_lazy("Activities"),
        limit=TEXT_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy("The steps, one per line."),
    )
    lead_agency = forms.ModelChoiceField(
        label=gettext_lazy("Lead agency"), queryset=Agency.objects.none(), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Partner agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=gettext_lazy("Start"), required=False, widget=DATE_WIDGET)
    due_date = forms.DateField(label=gettext_lazy("Due"), required=False, widget=DATE_WIDGET)
    budget_amount = forms.DecimalField(
        label=gettext_lazy("Budget amount"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        # A text box: a number box would drop what the user typed if it is not a number.
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": BUDGET_NOT_A_NUMBER},
    )
    # No max_length: "dollars" gets the message that says what a currency code is.
    budget_currency = forms.CharField(label=gettext_lazy("Currency"), required=False)
    budget_note = LimitedTextField(
        label=gettext_lazy("Budget note"),
        limit=300,
        multiline=False,
        required=False,
        help_text=gettext_lazy("Where there is no amount, e.g. “regular ministry budget”."),
    )
    success_indicator = LimitedTextField(
        label=gettext_lazy("Indicator of success"),
        limit=TEXT_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy("How you will know it worked."),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=Action.Status.choices,
        error_messages={"invalid_choice": UNKNOWN_STATUS},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        member_state: MemberState,
        gaps: dict[str, GapChoice],
        codes: list[str],
        saved_aims: dict[str, int] | None = None,
        with_status: bool = True,
        level_name=None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(member_state=member_state)
        self.fields["lead_agency"].queryset = agencies
        self.fields["partners"].queryset = agencies
        self.gaps = gaps
        self.codes = codes
        self.saved_aims = saved_aims or {}
        self.level_name = level_name
        if not with_status:
            del self.fields["status"]
        for code in codes:
            gap = gaps.get(code)
            levels = set(gap.levels if gap else range(MATURITY_MAX + 1))
            levels |= {self.saved_aims[code]} if code in self.saved_aims else set()
            self.fields[_aim_field(code)] = forms.IntegerField(
                label=_("Level aimed for on %(code)s") % {"code": code},
                widget=forms.Select(
                    choices=[(n, level_name(gap, n) if level_name else n) for n in sorted(levels)]
                ),
                error_messages={
                    "required": AIM_NOT_A_LEVEL % {"code": code},
                    "invalid": AIM_NOT_A_LEVEL % {"code": code},
                },
            )

    def aim_fields(self) -> list[tuple[str, GapChoice | None, forms.BoundField, tuple[str, ...]]]:
        """Per linked indicator: its code, its gap (if it is one here), the level field, and
        the answer, target and top of the scale by name ("0 Not in place"), as on the section
        page and the results page."""
        rows = []
        for code in self.codes:
            gap = self.gaps.get(code)
            levels = (gap.current, gap.target, gap.top) if gap else ()
            named = tuple(self.level_name(gap, n) if self.level_name else str(n) for n in levels)
            rows.append((code, gap, self[_aim_field(code)], named))
        return rows

    def clean_budget_currency(self) -> str:
        currency = self.cleaned_data["budget_currency"].upper()
        if currency and not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
            raise ValidationError(CURRENCY_FORMAT)
        return currency

    def clean(self) -> dict:
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", DUE_BEFORE_START % {"due": due, "start": start})
        amount, currency = data.get("budget_amount"), data.get("budget_currency")
        if amount is not None and not currency and "budget_currency" not in self.errors:
            self.add_error("budget_currency", BUDGET_NEEDS_CURRENCY)
        if currency and amount is None and "budget_amount" not in self.errors:
            self.add_error("budget_currency", CURRENCY_WITHOUT_AMOUNT)
        aims = self.aims()
        unchanged = [c for c, level in aims.items() if self.saved_aims.get(c) == level]
        for error in aim_errors(aims, self.gaps, unchanged=unchanged):
            self.add_error(None, error)
        return data

    def aims(self) -> dict[str, int]:
        """The aimed level per linked indicator (those that passed as numbers)."""
        levels = {c: self.cleaned_data.get(_aim_field(c)) for c in self.codes}
        return {c: level for c, level in levels.items() if level is not None}

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            objective=data["objective"],
            activities=data["activities"],
            lead_agency=data["lead_agency"],
            partners=list(data["partners"]),
            start_date=data["start_date"],
            due_date=data["due_date"],
            budget_amount=data["budget_amount"],
            budget_currency=data["budget_currency"],
            budget_note=data["budget_note"],
            success_indicator=data["success_indicator"],
            status=data.get("status", Action.Status.PROPOSED),
            aims=self.aims(),
        )


class AgencyForm(forms.Form):
    name = LimitedTextField(label=gettext_lazy("Name"), limit=200, multiline=False)
    short_name = LimitedTextField(
        label=gettext_lazy("Short name"),
        limit=30,
        multiline=False,
        required=False,
        help_text=gettext_lazy("Optional, e.g. “MoLE”: used in the timeline and tables."),
    )
