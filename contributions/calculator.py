"""The contribution calculator: pure arithmetic on rule data (docs/domain.md §2.3–2.5).

Nothing here reads the database. `selectors.rule_book()` loads the rules and minimum wages into
a `RuleBook`; every function takes it as an argument, so tests can hand in any rules they like.
Money is Decimal tenge, rounded half-up to tiyn at the end of each line.
"""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from .errors import NoRule

TIYN = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")

INCOME = "income"
MW_MULTIPLE = "mw_multiple"
FIXED_AMOUNT = "fixed_amount"


def money(value: Decimal) -> Decimal:
    """Round half-up to tiyn."""
    return Decimal(value).quantize(TIYN, rounding=ROUND_HALF_UP)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(period: datetime.date) -> datetime.date:
    return (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of every month from start's month to end's month, inclusive."""
    # Counted by month numbers: stepping date by date would overflow after December 9999.
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(first, last + 1)]


def number(value: Decimal, *, places: int | None = None) -> str:
    """1 200 000 · 1,4 · 25 500,00: spaces between thousands, a decimal comma (kk/ru style)."""
    value = Decimal(value)
    if places is not None:
        text = f"{value.quantize(Decimal(1).scaleb(-places)):,.{places}f}"
    elif value == value.to_integral_value():
        text = f"{value:,.0f}"
    else:
        text = f"{value.normalize():,f}"
    return text.replace(",", " ").replace(".", ",")


def percent(rate: Decimal) -> str:
    return f"{number(rate)} %"


@dataclass(frozen=True)
class Rule:
    """One row of ContributionRule, detached from the database."""

    payer_type: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    rate: Decimal
    base_kind: str
    base_mw_multiple: Decimal | None = None
    base_amount: Decimal | None = None
    cap_mw_multiple: Decimal | None = None
    employer_share: Decimal | None = None
    employee_share: Decimal | None = None
    legal_reference: object = ""  # str, or a text that prints in the active language
    source: str = ""

    def covers(self, period: datetime.date) -> bool:
        return self.valid_from <= period and (self.valid_to is None or period <= self.valid_to)


@dataclass(frozen=True)
class RuleBook:
    """The rules and minimum wages a calculation may use, with the payer types' names."""

    rules: tuple[Rule, ...]
    minimum_wages: dict[int, Decimal]
    payer_type_names: dict[str, str] = field(default_factory=dict)

    def rule(self, payer_type: str, period: datetime.date) -> Rule:
        for rule in self.rules:
            if rule.payer_type == payer_type and rule.covers(period):
                return rule
        raise self.no_rule(payer_type, period)

    def minimum_wage(self, payer_type: str, period: datetime.date) -> Decimal:
        try:
            return self.minimum_wages[period.year]
        except KeyError:
            raise self.no_rule(payer_type, period) from None

    def no_rule(self, payer_type: str, period: datetime.date) -> NoRule:
        # The payer type's name is looked up when the message is read, in that language.
        return NoRule(payer_type, period)


@dataclass(frozen=True)
class Line:
    """One obligation for one month: what is paid, on what base, and how it was worked out."""

    payer_type: str
    period: datetime.date
    income: Decimal | None
    base: Decimal
    rate: Decimal
    mw: Decimal
    cap: Decimal | None
    cap_applied: bool
    amount: Decimal
    explanation: str
    exemption: str | None = None
    unified_payment: Decimal | None = None
    employer_share: Decimal | None = None
    employee_share: Decimal | None = None
    legal_reference: object = ""
    payer_type_name: str = ""


class IncomeRequired(ValueError):
    code = "income_required"


class NegativeIncome(ValueError):
    code = "negative_income"


def needs_income(rule: Rule) -> bool:
    return rule.base_kind == INCOME


def calculate(
    *,
    payer_type: str,
    period: datetime.date,
    income: Decimal | None,
    rules: RuleBook,
    exemption: str | None = None,
) -> Line:
    """The amount one payer type owes for one month.

    `exemption` is the name of an exemption that applies to this payer type (the caller checks
    that it does): the line is then 0 with that reason.
    """
    period = first_of_month(period)
    rule = rules.rule(payer_type, period)
    mw = rules.minimum_wage(payer_type, period)
    if income is not None and income < 0:
        raise NegativeIncome(payer_type)
    if needs_income(rule) and income is None:
        raise IncomeRequired(payer_type)

    cap = money(rule.cap_mw_multiple * mw) if rule.cap_mw_multiple is not None else None
    if rule.base_kind == INCOME:
        base = Decimal(income)
        base_text = number(base)
        if cap is not None:
            base_text = f"min({number(base)}; {number(rule.cap_mw_multiple)} × {number(mw)})"
    elif rule.base_kind == MW_MULTIPLE:
        base = rule.base_mw_multiple * mw
        base_text = (
            number(mw)
            if rule.base_mw_multiple == 1
            else f"{number(rule.base_mw_multiple)} × {number(mw)}"
        )
    else:
        base = rule.base_amount
        base_text = number(base)
    cap_applied = cap is not None and base > cap
    if cap_applied:
        base = cap
    base = money(base)

    line = dict(
        payer_type=payer_type,
        period=period,
        income=income,
        base=base,
        rate=rule.rate,
        mw=mw,
        cap=cap,
        cap_applied=cap_applied,
        legal_reference=rule.legal_reference,
        payer_type_name=rules.payer_type_names.get(payer_type, payer_type),
    )
    if exemption:
        return Line(
            **line,
            amount=ZERO,
            explanation=gettext("0,00: not charged (%(exemption)s)") % {"exemption": exemption},
            exemption=exemption,
        )

    amount = money(base * rule.rate / HUNDRED)
    explanation = f"{percent(rule.rate)} × {base_text} = {number(amount, places=2)}"
    line.update(amount=amount, explanation=explanation)
    if (
        rule.employer_share is not None
        or rule.employee_share is not None
        or (payer_type == "unified_payment")
    ):
        # The unified payment is `amount`; MSHI gets two shares of it. No shares, no answer.
        if rule.employer_share is None or rule.employee_share is None:
            raise rules.no_rule(payer_type, period)
        employer_share = money(amount * rule.employer_share / HUNDRED)
        employee_share = money(amount * rule.employee_share / HUNDRED)
        paid = number(amount, places=2)
        line.update(
            unified_payment=amount,
            employer_share=employer_share,
            employee_share=employee_share,
            amount=employer_share + employee_share,
            explanation="; ".join(
                [
                    explanation,
                    f"{percent(rule.employer_share)} × {paid} = {number(employer_share, places=2)}",
                    f"{percent(rule.employee_share)} × {paid} = {number(employee_share, places=2)}",
                ]
            ),
        )
    return Line(**line)


@dataclass(frozen=True)
class Source:
    payer_type: str
    income: Decimal | None = None


@dataclass(frozen=True)
class Calculation:
    period: datetime.date
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def calculate_all(
    *,
    period: datetime.date,
    sources: Iterable[Source],
    rules: RuleBook,
    exemptions: dict[str, str] | None = None,
) -> Calculation:
    """Every obligation of one person for one month, e.g. as an employee and as an IE at once.

    `exemptions` maps a payer type to the name of the exemption that frees it.
    """
    exemptions = exemptions or {}
    lines = tuple(
        calculate(
            payer_type=source.payer_type,
            period=period,
            income=source.income,
            rules=rules,
            exemption=exemptions.get(source.payer_type),
        )
        for source in sources
    )
    return Calculation(period=first_of_month(period), lines=lines)


# --- vacation pay (docs/domain.md §2.5) -----------------------------------------------------------


@dataclass(frozen=True)
class VacationMonth:
    period: datetime.date
    days: int
    income: Decimal
    lines: tuple[Line, ...]

    def amount(self, payer_type: str) -> Decimal:
        return sum((line.amount for line in self.lines if line.payer_type == payer_type), ZERO)


@dataclass(frozen=True)
class VacationSplit:
    start: datetime.date
    end: datetime.date
    amount: Decimal
    months: tuple[VacationMonth, ...]

    @property
    def days(self) -> int:
        return sum(month.days for month in self.months)

    def total(self, payer_type: str) -> Decimal:
        return sum((month.amount(payer_type) for month in self.months), ZERO)

    @property
    def employer_total(self) -> Decimal:
        return self.total("employer")

    @property
    def employee_total(self) -> Decimal:
        return self.total("employee")


def split_by_days(
    *, start: datetime.date, end: datetime.date, amount: Decimal
) -> list[tuple[datetime.date, int, Decimal]]:
    """(month, days, part) for each calendar month of the vacation; parts sum to `amount`.

    Each part but the last is amount × days / all days, rounded half-up to tiyn; the last
    month gets the remainder.
    """
    if end < start:
        raise ValueError("end before start")
    amount = money(amount)
    total_days = (end - start).days + 1
    parts, assigned = [], ZERO
    months = months_between(start, end)
    for index, period in enumerate(months):
        last_day = period.replace(day=calendar.monthrange(period.year, period.month)[1])
        days = (min(end, last_day) - max(start, period)).days + 1
        last = index == len(months) - 1
        part = amount - assigned if last else money(amount * days / total_days)
        assigned += part
        parts.append((period, days, part))
    return parts


VACATION_PAYER_TYPES = ("employer", "employee")


def split_vacation(
    *,
    start: datetime.date,
    end: datetime.date,
    amount: Decimal,
    rules: RuleBook,
    payer_types: Sequence[str] = VACATION_PAYER_TYPES,
    exemptions: dict[str, str] | None = None,
) -> VacationSplit:
    """Vacation pay spread over calendar months by days, each part at its own month's rules."""
    if amount < 0:
        raise NegativeIncome("vacation")
    exemptions = exemptions or {}
    months = tuple(
        VacationMonth(
            period=period,
            days=days,
            income=part,
            lines=tuple(
                calculate(
                    payer_type=payer_type,
                    period=period,
                    income=part,
                    rules=rules,
                    exemption=exemptions.get(payer_type),
                )
                for payer_type in payer_types
            ),
        )
        for period, days, part in split_by_days(start=start, end=end, amount=amount)
    )
    return VacationSplit(start=start, end=end, amount=money(amount), months=months)


# --- late-payment penalty (docs/domain.md §2.4) ----------------------------------------------


@dataclass(frozen=True)
class PenaltyTerms:
    due_day: int
    base_rate_multiple: Decimal
    days_in_year: int


@dataclass(frozen=True)
class PenaltyStretch:
    start: datetime.date
    end: datetime.date
    days: int
    base_rate: Decimal
    amount: Decimal
    explanation: str


@dataclass(frozen=True)
class PenaltyEstimate:
    period: datetime.date
    arrears: Decimal
    due_date: datetime.date
    paid_on: datetime.date
    days: int
    stretches: tuple[PenaltyStretch, ...]
    amount: Decimal


class NoBaseRate(LookupError):
    code = "no_base_rate"


def estimate_penalty(
    *,
    period: datetime.date,
    arrears: Decimal,
    paid_on: datetime.date,
    terms: PenaltyTerms,
    base_rates: Sequence[tuple[datetime.date, Decimal]],
) -> PenaltyEstimate:
    """Penalty on arrears for month `period` paid on `paid_on`.

    Charged per calendar day from the day after the due date up to and including the payment
    day, at arrears × multiple × base rate (of that day) / days in a year; consecutive days at
    one base rate form one stretch, rounded half-up to tiyn.
    """
    if arrears < 0:
        raise NegativeIncome("arrears")
    period = first_of_month(period)
    due_date = next_month(period).replace(day=terms.due_day)
    first_late_day = due_date + datetime.timedelta(days=1)
    rates = sorted(base_rates)
    stretches = []
    day = first_late_day
    while day <= paid_on:
        in_force = [(start, rate) for start, rate in rates if start <= day]
        if not in_force:
            raise NoBaseRate(day)
        _start, rate = in_force[-1]
        later = [start for start, _rate in rates if start > day]
        stretch_end = min(paid_on, later[0] - datetime.timedelta(days=1)) if later else paid_on
        days = (stretch_end - day).days + 1
        amount = money(
            arrears * terms.base_rate_multiple * rate / HUNDRED * days / terms.days_in_year
        )
        explanation = (
            f"{number(arrears, places=2)} × {number(terms.base_rate_multiple)} × "
            f"{percent(rate)} × {days} / {terms.days_in_year} = {number(amount, places=2)}"
        )
        stretches.append(PenaltyStretch(day, stretch_end, days, rate, amount, explanation))
        day = stretch_end + datetime.timedelta(days=1)
    return PenaltyEstimate(
        period=period,
        arrears=money(arrears),
        due_date=due_date,
        paid_on=paid_on,
        days=sum(s.days for s in stretches),
        stretches=tuple(stretches),
        amount=sum((s.amount for s in stretches), ZERO),
    )
