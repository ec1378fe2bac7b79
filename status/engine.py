"""The status rule (docs/domain.md §3) as one pure function: facts and rules in, a StatusResult out.

This module is the specification in code and the oracle of the tests. No database here:
selectors.py loads a person's facts, the rule cache holds the rules, recompute.py computes the
same thing set-based in SQL for the snapshots, and a test proves the two agree.

Interpretations the text leaves open (the SQL job makes the same choices):
- A category membership counts for a month when it covers any day of that month.
- Months before the earliest StatusRule's valid_from are *not owed*: neither covered (even
  when paid) nor debt (bullet 1). So are cancelled months, except that a month in a state-paid
  category is covered whatever a cancellation says: a cancellation never takes away what the
  state pays.
- The continuous run for the extended grace (bullet 4) is the block of consecutive covered months
  ending at the last covered month before M. A month counts in it when someone other than the
  state paid for it (also in a state-paid category); a month covered only by the state (its
  category or a payment of payer type `state`) belongs to the block but is not counted.
- While in grace, `lapses_on` looks ahead `LOOKAHEAD_WINDOWS` windows at most, with nothing
  more paid. A lapse later than that gives None: it happens when the months ahead stay free of
  new debt for long, because they are paid far in advance, or covered by a future or open
  cancellation or state-paid membership (tests/status/test_engine.py shows one).
"""

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from contributions.models import PayerCode
from msqory.errors import DomainError
from msqory.months import first_of_month, month_index, month_start

from .models import Care, Reason, Residency, Status

LOOKAHEAD_WINDOWS = 3
# Who receives the MSHI package besides GVFMC (docs/domain.md §4, recipients of care).
MSHI_RESIDENCIES = frozenset(
    {
        Residency.CITIZEN,
        Residency.KANDAS,
        Residency.RESIDENCE_PERMIT,
        Residency.EAEU_LABOUR_MIGRANT,
    }
)


class NoStatusRule(DomainError, LookupError):
    """The Fund has not published the status rule of a month: no status can be given."""

    http_status = 503  # a rule still to come, not a wrong question

    def __init__(self, month: datetime.date):
        self.month = month
        super().__init__("no_rule")

    @property
    def message(self) -> str:  # in the language active when it is read
        return gettext("There is no status rule for %(month)s.") % {"month": f"{self.month:%Y-%m}"}


@dataclass(frozen=True)
class Rule:
    valid_from: datetime.date
    valid_to: datetime.date | None
    window: int
    grace: int
    extended_grace: int | None = None
    extended_after: int | None = None


@dataclass(frozen=True)
class Facts:
    """Everything about one person the rule reads."""

    # Non-refunded payments: period (first of month) -> payer type codes paid for it.
    payments: Mapping[datetime.date, Collection[str]] = field(default_factory=dict)
    # (start, end or None) date intervals.
    state_paid: Sequence[tuple[datetime.date, datetime.date | None]] = ()
    exempt: Sequence[tuple[datetime.date, datetime.date | None]] = ()
    cancelled: Sequence[tuple[datetime.date, datetime.date]] = ()
    residency: str = Residency.CITIZEN


@dataclass(frozen=True)
class MonthCell:
    period: datetime.date
    covered: bool
    state: bool
    debt: bool
    payer_types: tuple[str, ...]


@dataclass(frozen=True)
class Debt:
    """A debt month and its self-payer amount; None while the Fund has not published that
    year's amount (the month is owed all the same)."""

    period: datetime.date
    amount: Decimal | None


def debts_of(
    periods: Iterable[datetime.date], amounts: Mapping[datetime.date, Decimal | None]
) -> list[Debt]:
    return [Debt(period=p, amount=amounts.get(p)) for p in periods]


@dataclass
class StatusResult:
    as_of: datetime.date
    month: datetime.date
    status: str
    reason: str
    care: str
    months: list[MonthCell]
    debts: list[Debt]
    lapses_on: datetime.date | None

    @property
    def debt_months(self) -> list[datetime.date]:
        return [debt.period for debt in self.debts]

    @property
    def debt_amount(self) -> Decimal:
        """The part of the debt whose amounts are published (all of it when complete)."""
        known = (debt.amount for debt in self.debts if debt.amount is not None)
        return sum(known, Decimal("0.00")).quantize(Decimal("0.01"))

    @property
    def debt_periods_without_amount(self) -> list[datetime.date]:
        return [debt.period for debt in self.debts if debt.amount is None]

    @property
    def debt_amount_complete(self) -> bool:
        return all(debt.amount is not None for debt in self.debts)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def reason_label(self) -> str:
        return Reason(self.reason).label

    @property
    def care_label(self) -> str:
        return Care(self.care).label

    @property
    def insured(self) -> bool:
        return self.status != Status.NOT_INSURED


def _months_of(intervals: Iterable[tuple[datetime.date, datetime.date | None]], upto: int):
    """Month indexes any day of which lies in one of the intervals (open ends stop at `upto`)."""
    months: set[int] = set()
    for start, end in intervals:
        last = upto if end is None else min(month_index(end), upto)
        months.update(range(month_index(start), last + 1))
    return months


def rule_for(rules: Sequence[Rule], month: int) -> Rule | None:
    for rule in rules:
        if month_index(rule.valid_from) <= month and (
            rule.valid_to is None or month <= month_index(rule.valid_to)
        ):
            return rule
    return None


class _Months:
    """Bullet 1 for one person: which months are owed, covered, counted in the run, debt."""

    def __init__(self, *, facts: Facts, first: int, upto: int):
        self.first = first
        self.cancelled = _months_of(facts.cancelled, upto)
        self.state = _months_of(facts.state_paid, upto)
        self.exempt = _months_of(facts.exempt, upto)
        self.paid = {month_index(p): set(t) for p, t in facts.payments.items() if t}

    def owed(self, i: int) -> bool:
        return i >= self.first and i not in self.cancelled

    def covered(self, i: int) -> bool:  # a cancellation never uncovers a state-paid month
        return i >= self.first and (i in self.state or (self.owed(i) and i in self.paid))

    def counted(self, i: int) -> bool:  # paid by someone other than the state (bullet 4's run)
        return self.owed(i) and bool(self.paid.get(i, set()) - {PayerCode.STATE})

    def debt(self, i: int) -> bool:
        return self.owed(i) and not self.covered(i)


def never_debt(
    *, facts: Facts, rules: Sequence[Rule], today: datetime.date, periods: Iterable[datetime.date]
) -> list[datetime.date]:
    """Of `periods`, the months that were never a debt (docs/domain.md §6): not yet past, before
    the status rules, or covered. A month already cancelled is not among them."""
    if not rules:
        raise NoStatusRule(first_of_month(today))
    first = min(month_index(r.valid_from) for r in rules)
    m = month_index(today)
    indexes = [month_index(p) for p in periods]
    months = _Months(facts=facts, first=first, upto=max([m, *indexes]))
    return [
        month_start(i)
        for i in indexes
        if i >= m or i < first or (i not in months.cancelled and months.covered(i))
    ]


def window_periods(*, rules: Sequence[Rule], today: datetime.date) -> list[datetime.date]:
    """The months M−W … M−1 shown for today's month M (a debt among them needs its amount)."""
    m = month_index(today)
    rule = rule_for(rules, m)
    if rule is None:
        raise NoStatusRule(month_start(m))
    return [month_start(i) for i in range(m - rule.window, m)]


def compute_status(
    *,
    facts: Facts,
    rules: Sequence[Rule],
    today: datetime.date,
    self_payer_amounts: Mapping[datetime.date, Decimal | None],
) -> StatusResult:
    """The person's status in today's month, by docs/domain.md §3 bullets 1–7.

    `self_payer_amounts` gives the amount of each debt month (bullet 2); a month it does not
    give, or gives as None, is a debt of unknown amount. Months that are not debt need none.
    """
    rules = sorted(rules, key=lambda r: r.valid_from)
    m = month_index(today)
    rule_m = rule_for(rules, m)
    if rule_m is None:
        raise NoStatusRule(month_start(m))
    first = month_index(rules[0].valid_from)
    horizon = m + LOOKAHEAD_WINDOWS * rule_m.window + max(r.window for r in rules)

    months = _Months(facts=facts, first=first, upto=horizon)
    covered, counted, debt = months.covered, months.counted, months.debt
    state, exempt, paid = months.state, months.exempt, months.paid

    def gain(i: int, window: int) -> str | None:
        if all(covered(j) for j in range(i - window, i)):
            return Reason.PAID_12_PAST_MONTHS
        if all(covered(j) for j in range(i, i + window)):
            return Reason.PREPAID_12_MONTHS
        return None

    def debts_since(start: int, i: int, window: int) -> list[int]:
        return [j for j in range(max(start, i - window), i) if debt(j)]

    # Walk month by month from the first owed month (bullets 3–5).
    insured, since, gain_kind = False, None, None
    block_run = last_run = 0

    def step(i: int) -> bool:
        """Advance to month i; True when Lapse holds at i (counted from the latest Gain)."""
        nonlocal insured, since, gain_kind, block_run, last_run
        if covered(i - 1):
            block_run += 1 if counted(i - 1) else 0
            last_run = block_run
        else:
            block_run = 0
        rule = rule_for(rules, i)
        if rule is None:
            raise NoStatusRule(month_start(i))
        kind = gain(i, rule.window)
        if kind:
            insured, since, gain_kind = True, i, kind
            return False
        if insured:
            grace = rule.grace
            if rule.extended_grace and rule.extended_after and last_run >= rule.extended_after:
                grace = rule.extended_grace
            if len(debts_since(since, i, rule.window)) >= grace:
                insured = False
                return True
        return False

    for i in range(first, m + 1):
        step(i)

    window = rule_m.window
    is_exempt = m in exempt
    cells = [
        MonthCell(
            period=month_start(j),
            covered=covered(j),
            state=j >= first and j in state,
            debt=debt(j) and not is_exempt,  # exempt people never owe (bullet 5)
            payer_types=tuple(sorted(paid.get(j, ()))),
        )
        for j in range(m - window, m)
    ]
    debt_months = [c.period for c in cells if c.debt]
    lapses_on = None
    care_ok = facts.residency in MSHI_RESIDENCIES

    if is_exempt:
        status, reason, debt_months = Status.EXEMPT, Reason.EXEMPT_CATEGORY, []
    elif m in state:
        status, reason = Status.INSURED, Reason.STATE_PAID_CATEGORY
    elif insured:
        status = Status.INSURED
        if debts_since(since, m, window):
            reason = Reason.GRACE_PERIOD
            for i in range(m + 1, horizon - max(r.window for r in rules) + 1):
                if step(i):
                    lapses_on = month_start(i)
                    break
        else:
            reason = gain_kind
    else:
        status = Status.NOT_INSURED
        any_covered = any(covered(i) for i in set(paid) | state if i <= horizon)
        reason = Reason.DEBT if any_covered else Reason.NO_PAYMENTS

    return StatusResult(
        as_of=today,
        month=month_start(m),
        status=str(status),
        reason=str(reason),
        care=Care.MSHI if status != Status.NOT_INSURED and care_ok else Care.GVFMC,
        months=cells,
        debts=debts_of(debt_months, self_payer_amounts),
        lapses_on=lapses_on,
    )
