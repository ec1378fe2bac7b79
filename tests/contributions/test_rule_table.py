"""docs/domain.md §2.2–2.3 and the brochures' worked examples, as the portal's rule data gives them.

Each row is what a citizen or accountant would type (payer type, month, income) and the amount
they must be told; a "no rule" row must say so instead of guessing.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from contributions import calculator, selectors
from contributions.errors import NoRule

pytestmark = pytest.mark.django_db

LOW, HIGH = Decimal(100_000), Decimal(10_000_000)  # below and above every cap

# (payer type, year, amount on 100 000, amount on 10 000 000); None = no rule that year.
INCOME_BASED = [
    ("employer", 2017, "1000.00", "100000.00"),  # 1 %, no cap found (from July)
    ("employer", 2018, "1500.00", "150000.00"),  # 1.5 %, no cap
    ("employer", 2019, "1500.00", "150000.00"),
    ("employer", 2020, "2000.00", "8500.00"),  # 2 %, cap 10 × 42 500
    ("employer", 2021, "2000.00", "8500.00"),
    ("employer", 2022, "3000.00", "18000.00"),  # 3 %, max 18 000
    ("employer", 2023, "3000.00", "21000.00"),
    ("employer", 2024, "3000.00", "25500.00"),
    ("employer", 2025, "3000.00", "25500.00"),
    ("employer", 2026, "3000.00", "102000.00"),  # cap 40 MW
    ("employee", 2017, None, None),
    ("employee", 2018, None, None),
    ("employee", 2019, None, None),
    ("employee", 2020, "1000.00", "4250.00"),  # 1 %, cap 10 MW
    ("employee", 2021, "2000.00", "8500.00"),
    ("employee", 2022, "2000.00", "12000.00"),
    ("employee", 2023, "2000.00", "14000.00"),
    ("employee", 2024, "2000.00", "17000.00"),
    ("employee", 2025, "2000.00", "17000.00"),
    ("employee", 2026, "2000.00", "34000.00"),  # cap 20 MW
    ("civil_contract", 2019, None, None),
    ("civil_contract", 2020, "1000.00", "4250.00"),
    ("civil_contract", 2021, "2000.00", "8500.00"),
    ("civil_contract", 2022, "2000.00", "12000.00"),
    ("civil_contract", 2023, "2000.00", "14000.00"),
    ("civil_contract", 2024, "2000.00", "17000.00"),
    ("civil_contract", 2025, "2000.00", "17000.00"),
    ("civil_contract", 2026, "2000.00", "34000.00"),
    ("platform_worker", 2023, None, None),
    ("platform_worker", 2024, "1000.00", "100000.00"),  # 1 %, no cap
    ("platform_worker", 2025, "1000.00", "100000.00"),
    ("platform_worker", 2026, "1000.00", "100000.00"),
]

# (payer type, year, fixed monthly amount); None = no rule that year.
FIXED = [
    ("individual_entrepreneur", 2017, "2445.90"),  # 5 % × 2 MW, July–December
    ("individual_entrepreneur", 2018, None),
    ("individual_entrepreneur", 2019, None),
    ("individual_entrepreneur", 2020, "2975.00"),
    ("individual_entrepreneur", 2021, "2975.00"),
    ("individual_entrepreneur", 2022, "4200.00"),
    ("individual_entrepreneur", 2023, "4900.00"),
    ("individual_entrepreneur", 2024, "5950.00"),
    ("individual_entrepreneur", 2025, "5950.00"),
    ("individual_entrepreneur", 2026, "5950.00"),
    ("self_payer", 2019, None),
    ("self_payer", 2020, "2125.00"),
    ("self_payer", 2021, "2125.00"),
    ("self_payer", 2022, "3000.00"),
    ("self_payer", 2023, "3500.00"),
    ("self_payer", 2024, "4250.00"),
    ("self_payer", 2025, "4250.00"),
    ("self_payer", 2026, "4250.00"),
    ("state", 2021, None),
    ("state", 2022, "3614.20"),
    ("state", 2023, "4505.60"),
    ("state", 2024, "5852.00"),
    ("state", 2025, None),  # 2.0 %, but the average wage of 2023 is not in the sources
]

MINIMUM_WAGES = {
    2017: 24459,
    2018: 28284,
    2019: 42500,
    2020: 42500,
    2021: 42500,
    2022: 60000,
    2023: 70000,
    2024: 85000,
    2025: 85000,
    2026: 85000,
}


def month_of(year):
    return datetime.date(year, 7 if year == 2017 else 3, 1)


@pytest.mark.parametrize(("year", "amount"), MINIMUM_WAGES.items())
def test_minimum_wage_of_each_year(year, amount):
    assert selectors.minimum_wage(year=year).amount == Decimal(amount)


@pytest.mark.parametrize(("payer_type", "year", "low", "high"), INCOME_BASED)
def test_income_based_rates_and_caps(book, payer_type, year, low, high):
    period = month_of(year)
    for income, expected in ((LOW, low), (HIGH, high)):
        if expected is None:
            with pytest.raises(NoRule):
                calculator.calculate(
                    payer_type=payer_type, period=period, income=income, rules=book
                )
        else:
            line = calculator.calculate(
                payer_type=payer_type, period=period, income=income, rules=book
            )
            assert line.amount == Decimal(expected), (payer_type, year, income)


@pytest.mark.parametrize(("payer_type", "year", "expected"), FIXED)
def test_fixed_amounts(book, payer_type, year, expected):
    period = month_of(year)
    if expected is None:
        with pytest.raises(NoRule):
            calculator.calculate(payer_type=payer_type, period=period, income=None, rules=book)
        return
    for income in (None, LOW, HIGH):  # what the person earns does not change a fixed amount
        line = calculator.calculate(payer_type=payer_type, period=period, income=income, rules=book)
        assert line.amount == Decimal(expected)


def test_2017_starts_in_july(book):
    with pytest.raises(NoRule):
        calculator.calculate(
            payer_type="employer", period=datetime.date(2017, 6, 1), income=LOW, rules=book
        )
    assert calculator.calculate(
        payer_type="employer", period=datetime.date(2017, 7, 1), income=LOW, rules=book
    ).amount == Decimal("1000.00")


@pytest.mark.parametrize(
    ("year", "payment", "employer_share", "employee_share"),
    [
        (2023, "20000.00", "3000.00", "2000.00"),  # 20 %, shares 15 % and 10 %
        (2024, "21500.00", "2999.25", "1999.50"),  # 21.5 %, shares 13.95 % and 9.3 %
    ],
)
def test_unified_payment_and_its_mshi_shares(book, year, payment, employer_share, employee_share):
    line = calculator.calculate(
        payer_type="unified_payment", period=month_of(year), income=LOW, rules=book
    )
    assert line.unified_payment == Decimal(payment)
    assert line.employer_share == Decimal(employer_share)
    assert line.employee_share == Decimal(employee_share)
    assert line.amount == line.employer_share + line.employee_share


def test_unified_payment_base_is_capped_at_10_mw(book):
    line = calculator.calculate(
        payer_type="unified_payment", period=datetime.date(2024, 5, 1), income=HIGH, rules=book
    )
    assert line.cap_applied and line.base == Decimal("850000.00")
    assert line.unified_payment == Decimal("182750.00")


@pytest.mark.parametrize("year", [2022, 2025, 2027])
def test_unified_payment_without_published_shares_is_no_rule(book, year):
    with pytest.raises(NoRule) as error:
        calculator.calculate(
            payer_type="unified_payment", period=month_of(year), income=LOW, rules=book
        )
    with translation.override("en"):
        assert str(error.value) == f"There is no rule for Unified payment in 03.{year}."


# --- the brochures' worked examples -------------------------------------------------------
WORKED_EXAMPLES = [
    # [000][002] 2025: employer 3 %, at most 25 500 (3 % of 10 MW)
    ("employer", "2025-07", "1200000", "25500.00", "3 % × min(1 200 000; 10 × 85 000) = 25 500,00"),
    # [000] 2025: employee 2 %, at most 17 000
    ("employee", "2025-07", "1200000", "17000.00", "2 % × min(1 200 000; 10 × 85 000) = 17 000,00"),
    # [003] 2024: employee 2 %, max 17 000 "because the base must not exceed 10 MW"
    ("employee", "2024-02", "900000", "17000.00", "2 % × min(900 000; 10 × 85 000) = 17 000,00"),
    # [000][002] 2025: IE (85 000 × 1,4) × 5 % = 5 950
    ("individual_entrepreneur", "2025-01", None, "5950.00", "5 % × 1,4 × 85 000 = 5 950,00"),
    # [002] 2024: self-payer 4 250 (5 % of 1 MW)
    ("self_payer", "2024-06", None, "4250.00", "5 % × 85 000 = 4 250,00"),
    # [001] 2021: peasant farm pays as an IE, 2 975
    ("individual_entrepreneur", "2021-04", None, "2975.00", "5 % × 1,4 × 42 500 = 2 975,00"),
    # [002] 2025: civil-law contract 2 %
    (
        "civil_contract",
        "2025-03",
        "300000",
        "6000.00",
        "2 % × min(300 000; 10 × 85 000) = 6 000,00",
    ),
    # [002] platform income 1 %
    ("platform_worker", "2025-03", "250000", "2500.00", "1 % × 250 000 = 2 500,00"),
]


@pytest.mark.parametrize(
    ("payer_type", "month", "income", "amount", "explanation"), WORKED_EXAMPLES
)
def test_worked_examples(book, payer_type, month, income, amount, explanation):
    line = calculator.calculate(
        payer_type=payer_type,
        period=datetime.date.fromisoformat(month + "-01"),
        income=None if income is None else Decimal(income),
        rules=book,
    )
    assert line.amount == Decimal(amount)
    assert line.explanation == explanation


def test_cap_is_reported(book):
    line = calculator.calculate(
        payer_type="employer", period=datetime.date(2025, 7, 1), income=HIGH, rules=book
    )
    assert line.cap == Decimal("850000.00") and line.cap_applied
    assert line.base == Decimal("850000.00")
    below = calculator.calculate(
        payer_type="employer", period=datetime.date(2025, 7, 1), income=LOW, rules=book
    )
    assert not below.cap_applied and below.base == LOW


def test_every_line_is_rounded_half_up_to_tiyn(book):
    # 2 % of 1 000.25 = 20.005 → 20.01 (half-up, not banker's 20.00)
    line = calculator.calculate(
        payer_type="employee",
        period=datetime.date(2025, 1, 1),
        income=Decimal("1000.25"),
        rules=book,
    )
    assert line.amount == Decimal("20.01")


def test_income_is_required_where_the_base_is_income(book):
    with pytest.raises(calculator.IncomeRequired):
        calculator.calculate(
            payer_type="employee", period=datetime.date(2025, 1, 1), income=None, rules=book
        )


def test_negative_income_is_refused(book):
    with pytest.raises(calculator.NegativeIncome):
        calculator.calculate(
            payer_type="employee",
            period=datetime.date(2025, 1, 1),
            income=Decimal(-1),
            rules=book,
        )


def test_a_calculation_uses_the_rules_it_is_given():
    """The calculator is a pure function: rules are an argument, not a database read."""
    book = calculator.RuleBook(
        rules=(
            calculator.Rule(
                payer_type="employee",
                valid_from=datetime.date(2030, 1, 1),
                valid_to=None,
                rate=Decimal("2.5"),
                base_kind="income",
                cap_mw_multiple=Decimal(20),
            ),
        ),
        minimum_wages={2030: Decimal(100_000)},
    )
    line = calculator.calculate(
        payer_type="employee", period=datetime.date(2030, 5, 1), income=HIGH, rules=book
    )
    assert line.amount == Decimal("50000.00")
    assert line.explanation == "2,5 % × min(10 000 000; 20 × 100 000) = 50 000,00"
    with pytest.raises(NoRule):  # the rule is open-ended, but 2031 has no minimum wage
        calculator.calculate(
            payer_type="employee", period=datetime.date(2031, 5, 1), income=LOW, rules=book
        )
