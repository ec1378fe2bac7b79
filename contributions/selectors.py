"""Reads of the contribution rules: what other apps, views and the API call."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from . import calculator, rulecache
from .calculator import PenaltyTerms, RuleBook
from .errors import NoRule
from .models import (
    BaseRate,
    ContributionRule,
    Exemption,
    MinimumWage,
    PayerCode,
    PayerType,
    PenaltyRule,
)


def rule_book(
    *,
    start: datetime.date,
    end: datetime.date,
    payer_types: Iterable[str] | None = None,
) -> RuleBook:
    """Rules overlapping start..end (of the given payer types) and the MW of those years.

    Read from the in-memory rule table (rulecache): no query unless the rules changed.
    """
    snapshot = rulecache.current()
    start = calculator.first_of_month(start)
    wanted = None if payer_types is None else set(payer_types)
    return RuleBook(
        rules=tuple(
            rule
            for rule in snapshot.rules
            if (wanted is None or rule.payer_type in wanted)
            and rule.valid_from <= end
            and (rule.valid_to is None or rule.valid_to >= start)
        ),
        minimum_wages={
            year: amount
            for year, amount in snapshot.minimum_wages.items()
            if start.year <= year <= end.year
        },
        payer_type_names={code: str(pt.name) for code, pt in snapshot.payer_types.items()},
    )


def payer_type_exists(*, code: str) -> bool:
    return code in rulecache.current().payer_types


def exemption_exists(*, code: str) -> bool:
    return code in rulecache.current().exemptions


def self_payer_amounts(*, periods: Iterable[datetime.date]) -> dict[datetime.date, Decimal | None]:
    """The self-payer amount (rate × 1 MW, rounded to tiyn) for each first-of-month date.

    None for a month whose year the Fund has not published yet (no self-payer rule or no
    minimum wage): a debt month of that year is still a debt, only its amount is unknown.
    Read from the in-memory rule table (rulecache): no query.
    """
    periods = sorted({calculator.first_of_month(p) for p in periods})
    if not periods:
        return {}
    book = rule_book(start=periods[0], end=periods[-1], payer_types=[PayerCode.SELF_PAYER])
    amounts: dict[datetime.date, Decimal | None] = {}
    for period in periods:
        try:
            amounts[period] = calculator.calculate(
                payer_type=PayerCode.SELF_PAYER, period=period, income=None, rules=book
            ).amount
        except NoRule:
            amounts[period] = None
    return amounts


def payer_types() -> list[PayerType]:
    return list(PayerType.objects.all())


def exemptions() -> list[Exemption]:
    return list(Exemption.objects.prefetch_related("payer_types"))


def exemption_names(*, code: str | None) -> dict[str, str]:
    """payer type → name of the exemption `code` for each payer type it frees; {} for none."""
    if not code:
        return {}
    found = rulecache.current().exemptions.get(code)
    if found is None:
        return {}
    exemption, payer_types = found
    return dict.fromkeys(payer_types, str(exemption.name))


def rules_in_force(*, year: int) -> list[ContributionRule]:
    """Every rule that applies to at least one month of `year`, in payer type order."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    return list(
        ContributionRule.objects.select_related("payer_type")
        .filter(valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("payer_type__position", "valid_from")
    )


def minimum_wage(*, year: int) -> MinimumWage | None:
    return MinimumWage.objects.filter(year=year).first()


def rule_years() -> list[int]:
    """Years that have a minimum wage or a rule: the choices of the rules page."""
    years = set(MinimumWage.objects.values_list("year", flat=True))
    for start, end in ContributionRule.objects.values_list("valid_from", "valid_to"):
        years.update(range(start.year, (end or start).year + 1))
    return sorted(years)


def penalty_terms(*, payer_type: str, on: datetime.date) -> PenaltyTerms:
    """The penalty rule in force on `on` that charges `payer_type`; NoRule if none."""
    rule = (
        PenaltyRule.objects.filter(valid_from__lte=on, payer_types=payer_type)
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise NoRule(payer_type, calculator.first_of_month(on))
    return PenaltyTerms(
        due_day=rule.due_day,
        base_rate_multiple=rule.base_rate_multiple,
        days_in_year=rule.days_in_year,
    )


def base_rates(*, until: datetime.date) -> list[tuple[datetime.date, Decimal]]:
    return list(
        BaseRate.objects.filter(valid_from__lte=until)
        .order_by("valid_from")
        .values_list("valid_from", "rate")
    )


# --- calculations on the stored rules (the page and the API call these) ---------------------


def calculate(
    *,
    payer_type: str,
    period: datetime.date,
    income: Decimal | None,
    exemption: str | None = None,
) -> calculator.Line:
    """One payer type, one month. Raises NoRule, IncomeRequired, NegativeIncome."""
    period = calculator.first_of_month(period)
    book = rule_book(start=period, end=period, payer_types=[payer_type])
    return calculator.calculate(
        payer_type=payer_type,
        period=period,
        income=income,
        rules=book,
        exemption=exemption_names(code=exemption).get(payer_type),
    )


def calculate_obligations(
    *,
    period: datetime.date,
    sources: Iterable[calculator.Source],
    exemption: str | None = None,
) -> calculator.Calculation:
    """Every obligation of one person in one month (several income sources at once)."""
    sources = list(sources)
    period = calculator.first_of_month(period)
    book = rule_book(start=period, end=period, payer_types=[s.payer_type for s in sources])
    return calculator.calculate_all(
        period=period, sources=sources, rules=book, exemptions=exemption_names(code=exemption)
    )


def vacation_split(
    *,
    start: datetime.date,
    end: datetime.date,
    amount: Decimal,
    exemption: str | None = None,
) -> calculator.VacationSplit:
    book = rule_book(start=start, end=end, payer_types=calculator.VACATION_PAYER_TYPES)
    return calculator.split_vacation(
        start=start, end=end, amount=amount, rules=book, exemptions=exemption_names(code=exemption)
    )


def penalty_estimate(
    *,
    period: datetime.date,
    arrears: Decimal,
    paid_on: datetime.date,
    payer_type: str = "employer",
) -> calculator.PenaltyEstimate:
    """Raises NoRule (no penalty rule) or calculator.NoBaseRate (no base rate for a day)."""
    return calculator.estimate_penalty(
        period=period,
        arrears=arrears,
        paid_on=paid_on,
        terms=penalty_terms(payer_type=payer_type, on=calculator.first_of_month(period)),
        base_rates=base_rates(until=paid_on),
    )
