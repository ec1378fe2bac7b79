"""The status rule of docs/domain.md §3, bullet by bullet, and the seeds' stories (pure rule)."""

import datetime
from decimal import Decimal

import pytest

from status.engine import Facts, NoStatusRule, Rule, compute_status

D = datetime.date
RULES = [
    Rule(valid_from=D(2020, 1, 1), valid_to=D(2025, 12, 31), window=12, grace=3),
    Rule(
        valid_from=D(2026, 1, 1),
        valid_to=None,
        window=12,
        grace=3,
        extended_grace=6,
        extended_after=60,
    ),
]
# Self-payer amount of each year (docs/domain.md §2.3), as contributions.selectors would give them.
AMOUNT_BY_YEAR = {
    2020: "2125",
    2021: "2125",
    2022: "3000",
    2023: "3500",
    2024: "4250",
    2025: "4250",
    2026: "4250",
    2027: "4250",
}
AMOUNTS = {D(y, m, 1): Decimal(a) for y, a in AMOUNT_BY_YEAR.items() for m in range(1, 13)}


def month(text: str) -> D:
    year, mon = text.split("-")
    return D(int(year), int(mon), 1)


def months(first: str, last: str) -> list[D]:
    start, end = month(first), month(last)
    out = []
    while start <= end:
        out.append(start)
        start = D(start.year + start.month // 12, start.month % 12 + 1, 1)
    return out


def paid(*ranges: tuple[str, str], payer: str = "employer") -> dict:
    return {m: {payer} for first, last in ranges for m in months(first, last)}


def status(facts: Facts, today: str) -> object:
    return compute_status(
        facts=facts, rules=RULES, today=D.fromisoformat(today), self_payer_amounts=AMOUNTS
    )


def ym(dates) -> list[str]:
    return [f"{d:%Y-%m}" for d in dates]


# (story, facts, today, status, reason, debt months, debt amount, lapses_on)
CASES = [
    # §3.7 worked check, first half: paid up to 2026-08, nothing since.
    (
        "worked check: two months missing is grace",
        Facts(payments=paid(("2024-01", "2026-08"))),
        "2026-11-10",
        "insured",
        "grace_period",
        ["2026-09", "2026-10"],
        "8500.00",
        D(2026, 12, 1),
    ),
    # §3.7 second half: paid up to 2026-07 only: three debt months, status lost.
    (
        "worked check: three months missing is debt",
        Facts(payments=paid(("2024-01", "2026-07"))),
        "2026-11-10",
        "not_insured",
        "debt",
        ["2026-08", "2026-09", "2026-10"],
        "12750.00",
        None,
    ),
    # ... and paying those three months restores it (the 12 past months are all covered).
    (
        "worked check: paying the three debt months restores the status",
        Facts(payments=paid(("2024-01", "2026-10"))),
        "2026-11-10",
        "insured",
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    # §3 fact: paid up to June, nothing for July–September, status lost in October.
    (
        "paid up to June: still insured in September",
        Facts(payments=paid(("2023-01", "2024-06"))),
        "2024-09-30",
        "insured",
        "grace_period",
        ["2024-07", "2024-08"],
        "8500.00",
        D(2024, 10, 1),
    ),
    (
        "paid up to June: lost in October",
        Facts(payments=paid(("2023-01", "2024-06"))),
        "2024-10-01",
        "not_insured",
        "debt",
        ["2024-07", "2024-08", "2024-09"],
        "12750.00",
        None,
    ),
    # Bullet 2: each debt month at its own year's self-payer amount.
    (
        "debt across a year boundary uses each year's amount",
        Facts(payments=paid(("2021-01", "2022-10"))),
        "2023-02-01",
        "not_insured",
        "debt",
        ["2022-11", "2022-12", "2023-01"],
        "9500.00",  # 3000 + 3000 + 3500
        None,
    ),
    # Seed story: the new employee becomes insured a year after starting work.
    (
        "new employee after 11 months is not yet insured",
        Facts(payments=paid(("2025-06", "2026-04"))),
        "2026-05-15",
        "not_insured",
        "debt",
        ["2025-05"],
        "4250.00",
        None,
    ),
    (
        "new employee after 12 months is insured",
        Facts(payments=paid(("2025-05", "2026-04"))),
        "2026-05-15",
        "insured",
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    # ... or sooner by paying the missing past months themselves.
    (
        "new employee who paid the missing past months is insured at once",
        Facts(
            payments=paid(("2025-09", "2026-04")) | paid(("2025-05", "2025-08"), payer="self_payer")
        ),
        "2026-05-15",
        "insured",
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    # Seed story: back from abroad, pays the debt, status returns once 12 past months are paid.
    (
        "back from abroad with debt is not insured",
        Facts(payments=paid(("2022-01", "2024-12"), ("2026-09", "2026-10"))),
        "2026-11-02",
        "not_insured",
        "debt",
        ["2025-11", "2025-12", *ym(months("2026-01", "2026-08"))],
        "42500.00",
        None,
    ),
    (
        "back from abroad, debt paid: insured again",
        Facts(
            payments=paid(("2022-01", "2024-12"), ("2026-09", "2026-10"))
            | paid(("2025-01", "2026-08"), payer="self_payer")
        ),
        "2026-11-02",
        "insured",
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    # Bullet 3 / §3 fact: 12 future months give the status without paying the debt first.
    (
        "prepayment of 12 future months gives status, the old debt stays listed",
        Facts(payments=paid(("2026-11", "2027-10"), payer="self_payer")),
        "2026-11-02",
        "insured",
        "prepaid_12_months",
        ym(months("2025-11", "2026-10")),
        "51000.00",
        None,
    ),
    (
        "prepayment of only 11 future months gives nothing",
        Facts(payments=paid(("2026-11", "2027-09"), payer="self_payer")),
        "2026-11-02",
        "not_insured",
        "debt",
        ym(months("2025-11", "2026-10")),
        "51000.00",
        None,
    ),
    (
        "prepaid status carries on through the prepaid months",
        Facts(payments=paid(("2026-05", "2027-04"), payer="self_payer")),
        "2026-11-02",
        "insured",
        "prepaid_12_months",
        ym(months("2025-11", "2026-04")),
        "25500.00",
        None,
    ),
    # Seed story: the employer paid late; the employee self-paid meanwhile: no gap.
    (
        "employer paid late after the employee self-paid: both cover, no debt",
        Facts(
            payments=paid(("2025-01", "2026-10"))
            | {m: {"employer", "self_payer"} for m in months("2026-07", "2026-09")}
        ),
        "2026-11-02",
        "insured",
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    (
        "employer late and nobody paid yet: grace, not lost",
        Facts(payments=paid(("2025-01", "2026-08"))),
        "2026-10-26",
        "insured",
        "grace_period",
        ["2026-09"],
        "4250.00",
        D(2026, 12, 1),
    ),
    # Bullet 1: months before 2020-01 are not owed; cancelled months are not owed.
    (
        "months before 2020 are neither debt nor covered",
        Facts(payments=paid(("2018-01", "2019-12"))),
        "2020-03-01",
        "not_insured",
        "no_payments",  # nothing that counts
        ["2020-01", "2020-02"],
        "4250.00",
        None,
    ),
    (
        "cancelled months are not debt",
        Facts(
            payments=paid(("2024-01", "2026-04")),
            cancelled=[(D(2026, 5, 1), D(2026, 10, 1))],
        ),
        "2026-11-02",
        "insured",  # no debt since the last Gain: nothing lapses
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    # Bullet 1: a refunded payment is simply not in the facts: its month is debt.
    # Bullet 4: 60 continuous months from 2026 give 6 months of grace.
    (
        "60 continuous months: 5 missing months are still grace in 2026",
        Facts(payments=paid(("2020-01", "2026-05"))),
        "2026-11-02",
        "insured",
        "grace_period",
        ym(months("2026-06", "2026-10")),
        "21250.00",
        D(2026, 12, 1),
    ),
    (
        "60 continuous months: 6 missing months lose the status",
        Facts(payments=paid(("2020-01", "2026-04"))),
        "2026-11-02",
        "not_insured",
        "debt",
        ym(months("2026-05", "2026-10")),
        "25500.00",
        None,
    ),
    (
        "59 continuous months: the grace stays 3",
        Facts(payments=paid(("2021-07", "2026-05"))),
        "2026-11-02",
        "not_insured",
        "debt",
        ym(months("2026-06", "2026-10")),
        "21250.00",
        None,
    ),
    (
        "before 2026 the grace is 3 even after 60 months",
        Facts(payments=paid(("2020-01", "2025-06"))),
        "2025-10-02",
        "not_insured",
        "debt",
        ["2025-07", "2025-08", "2025-09"],
        "12750.00",
        None,
    ),
    (
        "state-paid months do not count towards the 60",
        Facts(
            payments=paid(("2021-07", "2026-05")),  # 59 paid after 18 state-paid months
            state_paid=[(D(2020, 1, 1), D(2021, 6, 30))],
        ),
        "2026-11-02",
        "not_insured",
        "debt",
        ym(months("2026-06", "2026-10")),
        "21250.00",
        None,
    ),
    # Bullet 5: state-paid category in M is insured; exempt is entitled, never owing.
    (
        "pensioner is insured by the state",
        Facts(state_paid=[(D(2024, 3, 1), None)]),
        "2026-11-02",
        "insured",
        "state_paid_category",
        [],
        "0.00",
        None,
    ),
    (
        "child membership ended: debt from the month after",
        Facts(state_paid=[(D(2008, 5, 3), D(2026, 5, 2))]),
        "2026-11-02",
        "not_insured",
        "debt",
        ym(months("2026-06", "2026-10")),
        "21250.00",
        None,
    ),
    (
        "state-paid months count as covered for gain",
        Facts(
            state_paid=[(D(2025, 11, 1), D(2026, 6, 30))],
            payments=paid(("2026-07", "2026-10")),
        ),
        "2026-11-02",
        "insured",
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    (
        "military serviceman is exempt and owes nothing",
        Facts(exempt=[(D(2019, 9, 1), None)]),
        "2026-11-02",
        "exempt",
        "exempt_category",
        [],
        "0.00",
        None,
    ),
    # Bullet 5: a cancellation never takes away what the state pays.
    (
        "a cancelled month in a state-paid category stays state-paid",
        Facts(
            state_paid=[(D(2026, 11, 15), None)],  # mother of many children
            cancelled=[(D(2026, 12, 1), D(2026, 12, 1))],
        ),
        "2026-12-07",
        "insured",
        "state_paid_category",
        ym(months("2025-12", "2026-10")),
        "46750.00",
        None,
    ),
    (
        "a pensioner's cancelled month is still paid by the state",
        Facts(state_paid=[(D(2015, 3, 1), None)], cancelled=[(D(2026, 12, 1), D(2026, 12, 1))]),
        "2026-12-07",
        "insured",
        "state_paid_category",
        [],
        "0.00",
        None,
    ),
    # Bullet 4: a month the person paid counts in the run, even in a state-paid category.
    (
        "an entrepreneur who paid through childcare leave keeps the 60-month run",
        Facts(
            payments=paid(("2021-01", "2026-02"), payer="individual_entrepreneur"),
            state_paid=[(D(2023, 1, 1), D(2023, 6, 30))],
        ),
        "2026-06-10",
        "insured",
        "grace_period",
        ["2026-03", "2026-04", "2026-05"],
        "12750.00",
        D(2026, 9, 1),
    ),
    # Bullet 6: the loss is looked for three windows ahead; one further away is not given.
    (
        "in grace with the loss beyond the look-ahead: no date",
        Facts(
            payments=paid(("2024-01", "2026-09")),
            cancelled=[(D(2026, 11, 1), D(2030, 6, 1))],
        ),
        "2026-11-10",
        "insured",
        "grace_period",
        ["2026-10"],
        "4250.00",
        None,
    ),
    # Bullet 6: no records at all.
    (
        "no records at all",
        Facts(),
        "2026-11-02",
        "not_insured",
        "no_payments",
        ym(months("2025-11", "2026-10")),
        "51000.00",
        None,
    ),
    # Bullet 5: a new Gain starts the count afresh; bullet 4: old debt before a prepaid gain.
    (
        "lapsed then 12 months paid again: insured afresh",
        Facts(payments=paid(("2022-01", "2023-12"), ("2025-11", "2026-10"))),
        "2026-11-02",
        "insured",
        "paid_12_past_months",
        [],
        "0.00",
        None,
    ),
    (
        "one missed month a year never reaches the grace",
        Facts(
            payments={
                m: {"employer"}
                for m in months("2023-01", "2026-10")
                if m.month != 3 or m.year == 2023
            }
        ),
        "2026-11-02",
        "insured",
        "grace_period",
        ["2026-03"],
        "4250.00",
        D(2027, 1, 1),  # with nothing more paid, Nov and Dec join March in the window
    ),
]


@pytest.mark.parametrize(
    ("story", "facts", "today", "expected_status", "reason", "debt", "amount", "lapses_on"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_status_rule(story, facts, today, expected_status, reason, debt, amount, lapses_on):
    result = status(facts, today)
    assert (result.status, result.reason) == (expected_status, reason)
    assert ym(result.debt_months) == debt
    assert result.debt_amount == Decimal(amount)
    assert result.lapses_on == lapses_on


def test_grid_is_the_12_past_months_with_who_paid():
    facts = Facts(
        payments=paid(("2025-11", "2026-08")) | {D(2026, 8, 1): {"employer", "employee"}},
        state_paid=[(D(2026, 10, 1), D(2026, 10, 5))],
    )
    result = status(facts, "2026-11-02")
    grid = result.months
    assert ym(c.period for c in grid) == ym(months("2025-11", "2026-10"))
    assert grid[0].payer_types == ("employer",)
    assert grid[9].payer_types == ("employee", "employer")
    assert grid[10].debt and not grid[10].covered
    assert grid[11].state and grid[11].covered and not grid[11].debt


def test_care_follows_status_and_residency():
    steady = paid(("2025-01", "2026-10"))
    assert status(Facts(payments=steady), "2026-11-02").care == "mshi"
    assert status(Facts(), "2026-11-02").care == "gvfmc"
    refugee = Facts(payments=steady, residency="refugee")
    assert status(refugee, "2026-11-02").care == "gvfmc"
    assert status(Facts(payments=steady), "2026-11-02").care_label


def test_a_debt_month_of_a_year_without_a_published_amount_is_listed_without_it():
    """On 1 February 2027 the Fund has not published 2027's amount yet: the debt of 2027-01 is
    a debt all the same, and the part of the amount that is known is given."""
    facts = Facts(payments=paid(("2025-01", "2026-11")))
    amounts = {p: a for p, a in AMOUNTS.items() if p.year < 2027}
    result = compute_status(
        facts=facts, rules=RULES, today=D(2027, 2, 1), self_payer_amounts=amounts
    )
    assert (result.status, result.reason) == ("insured", "grace_period")
    assert [(f"{d.period:%Y-%m}", d.amount) for d in result.debts] == [
        ("2026-12", Decimal("4250")),
        ("2027-01", None),
    ]
    assert result.debt_amount == Decimal("4250.00")
    assert not result.debt_amount_complete
    assert result.debt_periods_without_amount == [D(2027, 1, 1)]


def test_nobody_owing_needs_no_amount():
    """Months that are not debt need no self-payer amount: none given, none missed."""
    result = compute_status(
        facts=Facts(payments=paid(("2025-01", "2027-01"))),
        rules=RULES,
        today=D(2027, 2, 1),
        self_payer_amounts={},
    )
    assert result.reason == "paid_12_past_months" and result.debt_amount_complete


def test_a_month_without_a_rule_is_said_so():
    with pytest.raises(NoStatusRule):
        status(Facts(), "2019-06-01")
