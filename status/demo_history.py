"""Demo payment histories: 36 months per demo person, so that every status reason appears.

Each person gets a story chosen from their age and residency (children and pensioners are paid
for by the state; foreigners without a permit have no payments) or, for adults, at random
among steady employees, people with gaps, individual entrepreneurs, people in grace, people who
lapsed, people who prepaid 12 future months, the registered unemployed, the exempt (military…)
and people with no payments at all. The first adults get one story each of those that decide a
reason, so even a small demo shows every reason code.

References are deterministic ("demo:<IIN>:<YYYY-MM>:<payer type>"), so seeding again adds
nothing. Amounts come from the contribution rules (contributions.calculator), never from
numbers written here.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from contributions import calculator
from contributions.errors import NoRule
from contributions.selectors import rule_book
from msqory.months import add_months

from .models import CategoryMembership, Payment, Person, Reason, Residency
from .selectors import today
from .snapshots import current_status

HISTORY_MONTHS = 36
PREPAID_MONTHS = 12

STEADY = "steady"
GAPS = "gaps"
ENTREPRENEUR = "entrepreneur"
GRACE = "grace"
LAPSED = "lapsed"
PREPAID = "prepaid"
NEW_EMPLOYEE = "new_employee"
BACK_FROM_ABROAD = "back_from_abroad"
LATE_EMPLOYER = "late_employer"
UNEMPLOYED = "registered_unemployed"
EXEMPT = "exempt"
NOTHING = "no_payments"
CHILD = "child"
PENSIONER = "pensioner"

# The stories that decide each reason, given first to the first adults (in this order).
GUARANTEED = [STEADY, GRACE, LAPSED, PREPAID, UNEMPLOYED, EXEMPT, NOTHING]
ADULT_WEIGHTS = {
    STEADY: 34,
    GAPS: 8,
    ENTREPRENEUR: 8,
    GRACE: 7,
    LAPSED: 8,
    PREPAID: 4,
    NEW_EMPLOYEE: 5,
    BACK_FROM_ABROAD: 4,
    LATE_EMPLOYER: 5,
    UNEMPLOYED: 5,
    EXEMPT: 4,
    NOTHING: 8,
}
NO_PERMIT = {Residency.CIS_NO_PERMIT, Residency.FOREIGNER_NO_PERMIT}
# Demo ages only (not rules): who is shown as a child or a pensioner.
ADULT_AGE = 18
PENSION_AGE = {"M": 63, "F": 61}
EXEMPT_CATEGORIES = ["military", "special_state_body", "law_enforcement"]


@dataclass
class History:
    person: Person
    story: str
    bin: str = ""
    payments: list[dict] = field(default_factory=list)  # Payment field name → value
    memberships: list[CategoryMembership] = field(default_factory=list)


def _age(birth_date: datetime.date, on: datetime.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _birthday(birth_date: datetime.date, age: int) -> datetime.date:
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # 29 February
        return birth_date.replace(year=birth_date.year + age, day=28)


class _Amounts:
    """Amounts from the contribution rules, one rule book for the whole demo window."""

    def __init__(self, start: datetime.date, end: datetime.date):
        self.book = rule_book(start=start, end=end)
        self.cache: dict[tuple[str, datetime.date, Decimal | None], Decimal | None] = {}

    def __call__(self, payer_type: str, period: datetime.date, income: Decimal | None):
        key = (payer_type, period, income)
        if key not in self.cache:
            self.cache[key] = self._calculate(payer_type, period, income)
        return self.cache[key]

    def _calculate(self, payer_type, period, income):
        try:
            amount = calculator.calculate(
                payer_type=payer_type, period=period, income=income, rules=self.book
            ).amount
        except (NoRule, ValueError):
            # A future month without a rule yet (prepayment): the latest known amount.
            earlier = add_months(period, -1)
            if earlier < add_months(today(), -HISTORY_MONTHS):
                return None
            return self(payer_type, earlier, income)
        return amount if amount > 0 else None


class _Builder:
    def __init__(self, *, month: datetime.date, on: datetime.date, amounts: _Amounts):
        self.month = month  # today's month M
        self.on = on
        self.amounts = amounts

    def paid_on(self, rng: random.Random, period: datetime.date, late: int = 0) -> datetime.date:
        """Paid in the following month (by the 25th) or `late` months later; never after today."""
        day = add_months(period, 1 + late).replace(day=rng.randint(5, 25))
        return min(day, self.on)

    def pay(
        self,
        history: History,
        rng: random.Random,
        payer_type: str,
        periods,
        *,
        income: Decimal | None = None,
        late: int = 0,
        paid_on: datetime.date | None = None,
    ) -> None:
        for period in periods:
            amount = self.amounts(payer_type, period, income)
            if amount is None:
                continue
            history.payments.append(
                {
                    "person": history.person.pk,
                    "period": period.isoformat(),
                    "payer_type": payer_type,
                    "amount": str(amount),
                    "paid_on": (paid_on or self.paid_on(rng, period, late)).isoformat(),
                    "payer_bin": "" if payer_type in ("self_payer", "state") else history.bin,
                    "reference": f"demo:{history.person.iin}:{period:%Y-%m}:{payer_type}",
                }
            )

    def months(self, first: int, last: int) -> list[datetime.date]:
        """Months M+first … M+last (first, last ≤ 0 for the past)."""
        return [add_months(self.month, k) for k in range(first, last + 1)]

    def employed(self, history: History, rng, periods, income, late: int = 0) -> None:
        self.pay(history, rng, "employer", periods, income=income, late=late)
        self.pay(history, rng, "employee", periods, income=income, late=late)

    def member(self, history: History, category: str, start: datetime.date, end=None) -> None:
        history.memberships.append(
            CategoryMembership(person=history.person, category_id=category, start=start, end=end)
        )

    def state_paid(self, history: History, rng, start: datetime.date, end=None) -> None:
        """State payments for the months of a state-paid membership within the history."""
        first = max(add_months(self.month, -HISTORY_MONTHS), start.replace(day=1))
        last = add_months(self.month, -1) if end is None else min(add_months(self.month, -1), end)
        periods = []
        period = first
        while period <= last:
            periods.append(period)
            period = add_months(period, 1)
        self.pay(history, rng, "state", periods)

    def build(self, history: History, rng: random.Random) -> None:
        person, story = history.person, history.story
        history.bin = _synthetic_bin(rng)
        income = Decimal(rng.randrange(150, 900) * 1000)
        past = self.months(-HISTORY_MONTHS, -1)
        if story == CHILD:
            end = _birthday(person.birth_date, ADULT_AGE) - datetime.timedelta(days=1)
            self.member(history, "child", person.birth_date, end)
            self.state_paid(history, rng, person.birth_date, end)
        elif story == PENSIONER:
            start = _birthday(person.birth_date, PENSION_AGE[person.sex])
            self.member(history, "pensioner", start)
            worked = [p for p in past if p < start.replace(day=1)]
            self.employed(history, rng, worked, income)
            self.state_paid(history, rng, start)
        elif story in (STEADY, LATE_EMPLOYER):
            self.employed(history, rng, past, income, late=1 if story == LATE_EMPLOYER else 0)
        elif story == GAPS:
            # A few unpaid months long enough ago that the past 12 are paid again.
            gap, length = rng.randint(-30, -18), rng.randint(2, 5)
            worked = [p for k, p in enumerate(past) if not gap <= k - HISTORY_MONTHS < gap + length]
            self.employed(history, rng, worked, income)
        elif story == ENTREPRENEUR:
            self.pay(history, rng, "individual_entrepreneur", past)
        elif story == GRACE:
            # Paid up to M-3: two months of debt, still insured, lost on the 1st of M+1.
            self.employed(history, rng, self.months(-HISTORY_MONTHS, -3), income)
        elif story == LAPSED:
            self.employed(history, rng, self.months(-HISTORY_MONTHS, -rng.randint(5, 14)), income)
        elif story == PREPAID:
            # Lost the job long ago, then paid 12 months ahead as a self-payer (docs/domain.md §3).
            self.employed(history, rng, self.months(-HISTORY_MONTHS, -20), income)
            self.pay(
                history,
                rng,
                "self_payer",
                self.months(0, PREPAID_MONTHS - 1),
                paid_on=self.on,
            )
        elif story == NEW_EMPLOYEE:
            self.employed(history, rng, self.months(-rng.randint(3, 9), -1), income)
        elif story == BACK_FROM_ABROAD:
            # Away for a year, then paid the missed months as a self-payer on coming back.
            away = self.months(-24, -13)
            self.employed(history, rng, self.months(-HISTORY_MONTHS, -25), income)
            self.pay(history, rng, "self_payer", away, paid_on=self.on)
            self.employed(history, rng, self.months(-12, -1), income)
        elif story == UNEMPLOYED:
            lost_job = add_months(self.month, -rng.randint(4, 10))
            self.employed(history, rng, [p for p in past if p < lost_job], income)
            self.member(history, "registered_unemployed", lost_job)
            self.state_paid(history, rng, lost_job)
        elif story == EXEMPT:
            start = add_months(self.month, -rng.randint(40, 120))
            self.member(history, rng.choice(EXEMPT_CATEGORIES), start)


def _synthetic_bin(rng: random.Random) -> str:
    return f"{rng.randint(0, 99):02d}0{rng.randint(1, 9)}4{rng.randint(0, 9_999_999):07d}"


def _story(rng: random.Random, person: Person, on: datetime.date, guaranteed: list[str]) -> str:
    age = _age(person.birth_date, on)
    if age < ADULT_AGE:
        return CHILD
    if age >= PENSION_AGE[person.sex] + 2:
        return PENSIONER
    if person.residency in NO_PERMIT:
        return NOTHING
    if guaranteed:
        return guaranteed.pop(0)
    return rng.choices(list(ADULT_WEIGHTS), weights=ADULT_WEIGHTS.values())[0]


def seed_histories(*, rng: random.Random, iins: list[str], stdout) -> list[History]:
    """Give the demo persons their payment histories and categories (idempotent)."""
    on = today()
    month = on.replace(day=1)
    amounts = _Amounts(add_months(month, -HISTORY_MONTHS), add_months(month, PREPAID_MONTHS))
    builder = _Builder(month=month, on=on, amounts=amounts)
    by_iin = {p.iin: p for p in Person.objects.filter(iin__in=iins)}
    guaranteed = list(GUARANTEED)
    histories = []
    for iin in dict.fromkeys(iins):
        person = by_iin[iin]
        history = History(person=person, story=_story(rng, person, on, guaranteed))
        # Each person's own random stream: one story's change does not shift the others.
        builder.build(history, random.Random(f"{rng.random()}:{iin}"))
        histories.append(history)
    _insert_payments([p for h in histories for p in h.payments])
    existing = set(
        CategoryMembership.objects.filter(person__in=by_iin.values()).values_list(
            "person_id", "category_id", "start"
        )
    )
    memberships = [
        m
        for h in histories
        for m in h.memberships
        if (m.person_id, m.category_id, m.start) not in existing
    ]
    bulk_create_with_history(memberships, CategoryMembership, batch_size=1000)
    stdout.write(
        f"Payments in the ledger: {Payment.objects.count()}; "
        f"category memberships: {CategoryMembership.objects.count()}"
    )
    return histories


def _insert_payments(rows: list[dict]) -> None:
    """The rows whose reference the ledger lacks, INSERTed many at a time.

    Ten times faster than bulk_create for the demo's tens of thousands of rows; fields the rows
    do not name get their default. The known references are left out beforehand, not by ON
    CONFLICT: the partitioned ledger has no unique index of its own to name.
    """
    meta = Payment._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.name: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns})"  # noqa: S608
        f" VALUES ({placeholders})"
    )
    names = [f.name for f in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        known = set()
        for start in range(0, len(rows), 5000):
            batch = [row["reference"] for row in rows[start : start + 5000]]
            known.update(
                Payment.objects.filter(reference__in=batch).values_list("reference", flat=True)
            )
        rows = [row for row in rows if row["reference"] not in known]
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                sql,
                [
                    tuple(row[n] if n in row else defaults[n] for n in names)
                    for row in rows[start : start + 5000]
                ],
            )


def print_demo_iins(*, histories: list[History], stdout) -> None:
    """One demo IIN per reason code, as the status engine computes it today."""
    found: dict[str, str] = {}
    # The guaranteed stories first: they usually give every reason in a few look-ups.
    ordered = sorted(histories, key=lambda h: h.story not in GUARANTEED)
    for history in ordered:
        if len(found) == len(Reason.values):
            break
        person = Person.objects.get(pk=history.person.pk)
        reason = current_status(person=person).reason
        found.setdefault(reason, person.iin)
    stdout.write("Demo IINs to try on the status page, one per reason:")
    for reason in Reason:
        stdout.write(f"  {reason.value:<20} {found.get(reason.value, '— (none in this demo)')}")
