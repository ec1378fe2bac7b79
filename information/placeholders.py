"""Figures inside content texts, filled in from the contribution rules at display time.

A text says "{{ self_payer_amount }} tenge" instead of "4 250 tenge": when next year's rule
rows are entered, every page follows. `PLACEHOLDERS` lists the names staff may use (the admin
shows them and refuses unknown ones); a name that is unknown, or whose rule is missing for the
month, is shown as "—" and never breaks a page.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from contributions import selectors as contribution_selectors
from contributions.calculator import calculate, largest_amount, money
from contributions.errors import NoRule
from contributions.models import PayerCode
from msqory.months import first_of_month
from status import selectors as status_selectors

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
MISSING = "—"

# name: description shown to staff in the admin.
PLACEHOLDERS = {
    "year": _("the current year"),
    "minimum_wage": _("the minimum monthly wage (MW) of the current year, tenge"),
    "self_payer_amount": _("the self-payer's monthly amount this month, tenge"),
    "self_payer_rate": _("the self-payer's rate, %"),
    "self_payer_base_mw": _("the self-payer's base, multiple of the MW"),
    "ie_amount": _("the individual entrepreneur's monthly amount this month, tenge"),
    "ie_rate": _("the individual entrepreneur's rate, %"),
    "ie_base_mw": _("the individual entrepreneur's base, multiple of the MW"),
    "employer_rate": _("employer deductions, %"),
    "employer_cap_mw": _("the cap on the employer deductions' base, multiple of the MW"),
    "employer_max": _("the largest employer deduction a month, tenge"),
    "employee_rate": _("employee contributions, %"),
    "employee_cap_mw": _("the cap on the employee contributions' base, multiple of the MW"),
    "employee_max": _("the largest employee contribution a month, tenge"),
    "civil_contract_rate": _("contributions on civil-law contract income, %"),
    "platform_worker_rate": _("contributions on platform income, %"),
    "unified_payment_rate": _("the unified payment's rate on payroll, %"),
    "unified_employer_share": _("employer deductions' share of the unified payment, %"),
    "unified_employee_share": _("employee contributions' share of the unified payment, %"),
    "state_rate": _("the state's contribution rate, %"),
    "payment_due_day": _("the day of the next month by which a month is paid (penalty rule)"),
    "status_window_months": _("months of payments that give the insured status"),
    "status_grace_months": _("months the status lasts after the last paid month"),
    "status_extended_grace_months": _("the longer grace, months (long continuous payers)"),
    "status_extended_after_months": _("continuous paid months needed for the longer grace"),
}


def names_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def unknown_names(text: str) -> list[str]:
    return [name for name in names_in(text) if name not in PLACEHOLDERS]


def amount_text(value: Decimal) -> str:
    """5 950 or 5 950,50 (5,950 in English): tiyn only when there are some."""
    value = money(value)
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, places, use_l10n=True, force_grouping=True)


def figure_text(value: Decimal) -> str:
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, places, use_l10n=True, force_grouping=True)


class Figures:
    """The placeholder values for one month, read from the rules on first use (three queries),
    formatted in the language active when a value is read."""

    def __init__(self, *, on: datetime.date):
        self.period = first_of_month(on)

    @cached_property
    def book(self):
        return contribution_selectors.rule_book(start=self.period, end=self.period)

    def _rule(self, payer_type):
        return self.book.rule(payer_type, self.period)

    def _mw(self):
        try:
            return self.book.minimum_wages[self.period.year]
        except KeyError:
            raise NoRule("minimum_wage", self.period) from None

    def _amount(self, payer_type):
        line = calculate(payer_type=payer_type, period=self.period, income=None, rules=self.book)
        return amount_text(line.amount)

    def _max(self, payer_type):
        maximum = largest_amount(self._rule(payer_type), self._mw())
        if maximum is None:
            raise NoRule(payer_type, self.period)
        return amount_text(maximum)

    @cached_property
    def status_rule(self):
        return status_selectors.status_rule_on(day=self.period)

    def _status(self, name):
        value = getattr(self.status_rule, name, None)
        if value is None:
            raise NoRule("", self.period)
        return str(value)

    def _optional(self, value):
        if value is None:
            raise NoRule("", self.period)
        return figure_text(value)

    def resolvers(self) -> dict[str, Callable[[], str]]:
        rule = self._rule
        return {
            "year": lambda: str(self.period.year),
            "minimum_wage": lambda: amount_text(self._mw()),
            "self_payer_amount": lambda: self._amount(PayerCode.SELF_PAYER),
            "self_payer_rate": lambda: figure_text(rule(PayerCode.SELF_PAYER).rate),
            "self_payer_base_mw": lambda: self._optional(
                rule(PayerCode.SELF_PAYER).base_mw_multiple
            ),
            "ie_amount": lambda: self._amount(PayerCode.INDIVIDUAL_ENTREPRENEUR),
            "ie_rate": lambda: figure_text(rule(PayerCode.INDIVIDUAL_ENTREPRENEUR).rate),
            "ie_base_mw": lambda: self._optional(
                rule(PayerCode.INDIVIDUAL_ENTREPRENEUR).base_mw_multiple
            ),
            "employer_rate": lambda: figure_text(rule(PayerCode.EMPLOYER).rate),
            "employer_cap_mw": lambda: self._optional(rule(PayerCode.EMPLOYER).cap_mw_multiple),
            "employer_max": lambda: self._max(PayerCode.EMPLOYER),
            "employee_rate": lambda: figure_text(rule(PayerCode.EMPLOYEE).rate),
            "employee_cap_mw": lambda: self._optional(rule(PayerCode.EMPLOYEE).cap_mw_multiple),
            "employee_max": lambda: self._max(PayerCode.EMPLOYEE),
            "civil_contract_rate": lambda: figure_text(rule(PayerCode.CIVIL_CONTRACT).rate),
            "platform_worker_rate": lambda: figure_text(rule(PayerCode.PLATFORM_WORKER).rate),
            "unified_payment_rate": lambda: figure_text(rule(PayerCode.UNIFIED_PAYMENT).rate),
            "unified_employer_share": lambda: self._optional(
                rule(PayerCode.UNIFIED_PAYMENT).employer_share
            ),
            "unified_employee_share": lambda: self._optional(
                rule(PayerCode.UNIFIED_PAYMENT).employee_share
            ),
            "state_rate": lambda: figure_text(rule(PayerCode.STATE).rate),
            "payment_due_day": lambda: str(contribution_selectors.payment_due_day(on=self.period)),
            "status_window_months": lambda: self._status("window"),
            "status_grace_months": lambda: self._status("grace"),
            "status_extended_grace_months": lambda: self._status("extended_grace"),
            "status_extended_after_months": lambda: self._status("extended_after"),
        }

    def value(self, name: str) -> str:
        resolver = self.resolvers().get(name)
        if resolver is None:
            return MISSING
        try:
            return resolver()
        except NoRule:
            return MISSING

    def fill(self, text: str) -> str:
        """The text with every placeholder replaced by its value (plain text, not escaped)."""
        return PLACEHOLDER.sub(lambda match: self.value(match.group(1)), text or "")
