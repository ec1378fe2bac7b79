"""The public calculator's forms. They check what was typed and run the calculation in clean(),
so every problem (including "no rule for this month") is shown next to its field."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from . import calculator, selectors
from .errors import NoRule
from .parsing import MoneyError, parse_money, parse_month

MONEY_ERRORS = {
    "invalid": _("Enter an amount in tenge using digits only, for example 470 000"),
    "negative": _("The amount cannot be negative"),
    "too_large": _("The amount is too large"),
}


class MonthField(forms.CharField):
    """A month typed as 2025-07 (what browsers send for type=month), 07.2025 or 072025."""

    widget = forms.TextInput(attrs={"type": "month", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Enter a month as a year and month number, for example 2025-07"),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value.year:04d}-{value.month:02d}"
        return value


class MoneyField(forms.CharField):
    """Tenge as people type them: spaces between thousands and a decimal comma are fine."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_money(value)
        except MoneyError as error:
            raise forms.ValidationError(MONEY_ERRORS[error.code], code=error.code) from None

    def prepare_value(self, value):
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def payer_type_choices(*, blank=None):
    choices = [(pt.code, pt.name) for pt in selectors.payer_types()]
    return [("", blank), *choices] if blank else choices


class CalculatorForm(forms.Form):
    payer_type = forms.ChoiceField(label=_("Who pays"))
    period = MonthField(
        label=_("Month"),
        required=False,
        help_text=_(
            "The month the money is for, for example 2025-07. Each year has its own rates."
        ),
    )
    income = MoneyField(
        label=_("Income for the month, tenge"),
        required=False,
        help_text=_(
            "Gross accrued income, before anything is withheld. Not needed for entrepreneurs and "
            "self-payers: they pay a fixed amount."
        ),
    )
    other_payer_type = forms.ChoiceField(
        label=_("Another income source in the same month (optional)"),
        required=False,
        help_text=_("For example, an employee who is also an individual entrepreneur."),
    )
    other_income = MoneyField(
        label=_("Income from the other source, tenge (optional)"), required=False
    )
    exemption = forms.ChoiceField(
        label=_("The person is (optional)"),
        required=False,
        help_text=_("Some people pay nothing or their employer pays nothing for them."),
    )
    vacation_start = forms.DateField(
        label=_("Vacation: first day (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Only for vacation pay. The income above is then the vacation pay, spread over the "
            "months of the vacation by days."
        ),
    )
    vacation_end = forms.DateField(
        label=_("Vacation: last day (optional)"), required=False, widget=DateInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer_type"].choices = payer_type_choices(blank=_("Choose who pays"))
        self.fields["other_payer_type"].choices = payer_type_choices(blank=_("None"))
        self.fields["exemption"].choices = [
            ("", _("None of these")),
            *((e.code, e.name) for e in selectors.exemptions()),
        ]
        self.result = None
        self.vacation = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("vacation_start"), data.get("vacation_end")
        if start or end:
            self._clean_vacation(data, start, end)
        else:
            self._clean_month(data)
        return data

    def _clean_vacation(self, data, start, end):
        if not start:
            self.add_error("vacation_start", _("Enter the first day of the vacation"))
            return
        if not end:
            self.add_error("vacation_end", _("Enter the last day of the vacation"))
            return
        try:
            calculator.check_vacation_dates(start=start, end=end)
        except calculator.VacationDatesInvalid as error:
            self.add_error("vacation_end", error.message)
            return
        if data["payer_type"] not in calculator.VACATION_PAYER_TYPES:
            self.add_error(
                "payer_type",
                _("Vacation pay is split only for employer deductions and employee contributions"),
            )
            return
        if data.get("income") is None:
            self.add_error("income", _("Enter the vacation pay"))
            return
        try:
            self.vacation = selectors.vacation_split(
                start=start, end=end, amount=data["income"], exemption=data.get("exemption")
            )
        except NoRule as error:
            self.add_error("vacation_start", str(error))

    def _clean_month(self, data):
        if data.get("period") is None:
            self.add_error("period", _("Enter the month"))
            return
        sources = [calculator.Source(data["payer_type"], data.get("income"))]
        if data.get("other_payer_type"):
            if data["other_payer_type"] == data["payer_type"]:
                self.add_error(
                    "other_payer_type", _("Choose a different source or add the incomes up")
                )
                return
            sources.append(calculator.Source(data["other_payer_type"], data.get("other_income")))
        try:
            self.result = selectors.calculate_obligations(
                period=data["period"], sources=sources, exemption=data.get("exemption")
            )
        except NoRule as error:
            self.add_error("period", str(error))
        except calculator.IncomeRequired as error:
            field = "income" if str(error) == data["payer_type"] else "other_income"
            self.add_error(field, _("Enter the income: this payer type pays a share of it"))


class RulesYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in reversed(years)]


class PenaltyForm(forms.Form):
    period = MonthField(
        label=_("Month the deductions were for"), help_text=_("For example, 2025-03")
    )
    arrears = MoneyField(label=_("Unpaid amount, tenge"))
    paid_on = forms.DateField(
        label=_("Date of payment"),
        widget=DateInput(),
        help_text=_("The day the arrears are, or will be, paid."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimate = None

    # Day-by-day arithmetic on dates near 9999-12-31 would overflow; no one pays that late.
    LAST_YEAR = 2100

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for field in ("period", "paid_on"):
            if data[field].year > self.LAST_YEAR:
                self.add_error(
                    field, _("Enter a date before %(year)d.") % {"year": self.LAST_YEAR + 1}
                )
        if self.errors:
            return data
        try:
            self.estimate = selectors.penalty_estimate(
                period=data["period"], arrears=data["arrears"], paid_on=data["paid_on"]
            )
        except NoRule as error:
            self.add_error("period", str(error))
        except calculator.NoBaseRate:
            self.add_error(
                "period",
                _("The National Bank base rate for these dates is not in the portal's data"),
            )
        return data
