"""Vacation pay, several income sources, exemptions, penalties; and properties that must hold
for any income (hypothesis)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contributions import calculator, selectors
from contributions.calculator import Source
from contributions.errors import NoRule

pytestmark = pytest.mark.django_db

D = Decimal


def test_brochure_vacation_example_splits_exactly():
    """[002]: 56 days, 1 July – 25 August 2025, 850 000 tenge (docs/domain.md §2.5 Decision)."""
    split = selectors.vacation_split(
        start=datetime.date(2025, 7, 1), end=datetime.date(2025, 8, 25), amount=D(850000)
    )
    july, august = split.months
    assert (july.period, july.days, july.income) == (datetime.date(2025, 7, 1), 31, D("470535.71"))
    assert (august.period, august.days, august.income) == (
        datetime.date(2025, 8, 1),
        25,
        D("379464.29"),
    )
    assert (july.amount("employer"), july.amount("employee")) == (D("14116.07"), D("9410.71"))
    assert (august.amount("employer"), august.amount("employee")) == (D("11383.93"), D("7589.29"))
    assert split.days == 56
    assert split.employer_total == D("25500.00") and split.employee_total == D("17000.00")


def test_vacation_across_new_year_uses_each_years_rules():
    # 2025 December: employee cap 10 MW; 2026 January: cap 20 MW.
    split = selectors.vacation_split(
        start=datetime.date(2025, 12, 22), end=datetime.date(2026, 1, 10), amount=D(4_000_000)
    )
    december, january = split.months
    assert (december.days, january.days) == (10, 10)
    assert december.income == january.income == D("2000000.00")
    assert december.amount("employee") == D("17000.00")  # 2 % × 850 000
    assert january.amount("employee") == D("34000.00")  # 2 % × 1 700 000
    assert january.amount("employer") == D("60000.00")  # 3 % × 2 000 000 (cap 3 400 000)


def test_vacation_within_one_month():
    split = selectors.vacation_split(
        start=datetime.date(2025, 3, 3), end=datetime.date(2025, 3, 16), amount=D("123456.78")
    )
    (month,) = split.months
    assert month.days == 14 and month.income == D("123456.78")


def test_vacation_in_a_month_without_rules_says_so():
    with pytest.raises(NoRule):
        selectors.vacation_split(
            start=datetime.date(2026, 12, 20), end=datetime.date(2027, 1, 5), amount=D(500000)
        )


def test_employee_who_is_also_an_entrepreneur_gets_every_obligation():
    result = selectors.calculate_obligations(
        period=datetime.date(2025, 7, 1),
        sources=[
            Source("employee", D(470000)),
            Source("employer", D(470000)),
            Source("individual_entrepreneur"),
        ],
    )
    assert [(line.payer_type, line.amount) for line in result.lines] == [
        ("employee", D("9400.00")),
        ("employer", D("14100.00")),
        ("individual_entrepreneur", D("5950.00")),
    ]
    assert result.total == D("29450.00")


@pytest.mark.parametrize(
    "exemption", ["pensioner", "child", "disability", "fulltime_student", "mother_many_children"]
)
def test_employer_pays_nothing_for_exempt_employees(exemption):
    result = selectors.calculate_obligations(
        period=datetime.date(2025, 7, 1),
        sources=[Source("employer", D(470000))],
        exemption=exemption,
    )
    (line,) = result.lines
    assert line.amount == D("0.00")
    assert line.exemption, "the reason is named"
    assert line.exemption in line.explanation


def test_a_pensioner_pays_no_contributions_but_a_child_does_not_free_them():
    pensioner = selectors.calculate(
        payer_type="employee",
        period=datetime.date(2025, 7, 1),
        income=D(100000),
        exemption="pensioner",
    )
    assert pensioner.amount == 0
    # "child" frees only the employer's deductions (docs/domain.md §2.3).
    child = selectors.calculate(
        payer_type="employee",
        period=datetime.date(2025, 7, 1),
        income=D(100000),
        exemption="child",
    )
    assert child.amount == D("2000.00") and child.exemption is None


def test_penalty_estimate_per_day_and_base_rate():
    # March 2025 due by 25 April; paid 1 June: 26 April – 1 June = 37 days at 16.5 %.
    estimate = selectors.penalty_estimate(
        period=datetime.date(2025, 3, 1), arrears=D(100000), paid_on=datetime.date(2025, 6, 1)
    )
    assert estimate.due_date == datetime.date(2025, 4, 25)
    assert estimate.days == 37
    # 100 000 × 1.25 × 16.5 % × 37 / 365 = 2 090.753… → 2 090.75
    assert estimate.amount == D("2090.75")


def test_penalty_follows_base_rate_changes():
    # The base rate went from 16.5 % to 18 % on 10 October 2025. August 2025 was due by
    # 25 September; paid 20 October: 26 Sep – 9 Oct at 16.5 % (14 days), 10–20 Oct at 18 %
    # (11 days), each stretch at its own rate.
    estimate = selectors.penalty_estimate(
        period=datetime.date(2025, 8, 1), arrears=D(365000), paid_on=datetime.date(2025, 10, 20)
    )
    assert [(s.days, s.base_rate) for s in estimate.stretches] == [(14, D("16.5")), (11, D(18))]
    # 365 000 × 1.25 × 16.5 % × 14 / 365 = 2 887.50; × 18 % × 11 / 365 = 2 475.00
    assert [s.amount for s in estimate.stretches] == [D("2887.50"), D("2475.00")]
    assert estimate.amount == D("5362.50")


def test_no_penalty_when_paid_on_time():
    estimate = selectors.penalty_estimate(
        period=datetime.date(2025, 3, 1), arrears=D(100000), paid_on=datetime.date(2025, 4, 25)
    )
    assert estimate.days == 0 and estimate.amount == 0


def test_penalty_before_the_first_known_base_rate_is_refused():
    with pytest.raises(calculator.NoBaseRate):
        selectors.penalty_estimate(
            period=datetime.date(2018, 3, 1), arrears=D(1000), paid_on=datetime.date(2018, 6, 1)
        )


# --- properties ----------------------------------------------------------------------------

PAYER_YEARS = [
    (payer_type, datetime.date(year, month, 1))
    for payer_type, years in {
        "employer": range(2018, 2027),
        "employee": range(2020, 2027),
        "civil_contract": range(2020, 2027),
        "individual_entrepreneur": range(2020, 2027),
        "self_payer": range(2020, 2027),
        "platform_worker": range(2024, 2027),
        "unified_payment": range(2023, 2025),
        "state": range(2022, 2025),
    }.items()
    for year in years
    for month in (1, 7)
]
incomes = st.decimals(min_value=0, max_value=100_000_000, places=2, allow_nan=False)
no_fixture_check = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@no_fixture_check
@given(case=st.sampled_from(PAYER_YEARS), income=incomes)
def test_income_never_gives_a_negative_amount(book, case, income):
    payer_type, period = case
    line = calculator.calculate(payer_type=payer_type, period=period, income=income, rules=book)
    assert line.amount >= 0
    assert line.amount == line.amount.quantize(D("0.01"))
    assert line.explanation.endswith(
        calculator.number(
            line.amount if line.unified_payment is None else line.employee_share, places=2
        )
    )


@no_fixture_check
@given(case=st.sampled_from(PAYER_YEARS), a=incomes, b=incomes)
def test_amount_is_monotone_in_income_up_to_the_cap(book, case, a, b):
    payer_type, period = case
    low, high = sorted((a, b))
    at_low = calculator.calculate(payer_type=payer_type, period=period, income=low, rules=book)
    at_high = calculator.calculate(payer_type=payer_type, period=period, income=high, rules=book)
    assert at_low.amount <= at_high.amount
    if at_low.cap_applied:  # above the cap nothing grows any more
        assert at_low.amount == at_high.amount


@no_fixture_check
@given(
    start=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2026, 12, 31)),
    length=st.integers(min_value=0, max_value=120),
    amount=incomes,
)
def test_vacation_parts_always_sum_to_the_whole(book, start, length, amount):
    end = min(start + datetime.timedelta(days=length), datetime.date(2026, 12, 31))
    split = calculator.split_vacation(start=start, end=end, amount=amount, rules=book)
    assert sum(month.income for month in split.months) == calculator.money(amount)
    assert sum(month.days for month in split.months) == (end - start).days + 1
    assert all(month.income >= 0 for month in split.months)
    for month in split.months:
        for line in month.lines:
            assert line.amount >= 0
